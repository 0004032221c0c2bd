import { useEffect, useState } from 'react';
import { Accordion, AccordionHeader, AccordionItem, AccordionPanel } from '@fluentui/react-accordion';
import { Dropdown, Option } from '@fluentui/react-combobox';
import { Field } from '@fluentui/react-field';
import { SearchBox } from '@fluentui/react-search';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/react-theme';
import { useWords } from '../i18n.js';
import { useApp } from '../app-context.js';
import { PersonList } from '../components/people.js';
import { Empty, ErrorNotice, Loading, useLoad } from '../components/states.js';
import type { PeopleFound } from '../types.js';
import { Screen } from './layout.js';
import { matchReasons, useDebounced } from './search.js';

const useStyles = makeStyles({
  filters: {
    display: 'grid',
    gap: tokens.spacingVerticalS,
    gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))',
  },
  h2: { margin: 0, fontSize: tokens.fontSizeBase500 },
});

/** People: search as you type, narrowed to a department; without a query, browse by department. */
export function People() {
  const styles = useStyles();
  const w = useWords();
  const { t } = w;
  const { api } = useApp();
  const departments = useLoad(() => api.departments().then((r) => r.departments), 'departments');
  const [query, setQuery] = useState('');
  const [department, setDepartment] = useState('');
  const debounced = useDebounced(query.trim());
  const [found, setFound] = useState<{
    state: 'idle' | 'loading' | 'ok' | 'error';
    data?: PeopleFound;
    error?: unknown;
  }>({
    state: 'idle',
  });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry button
  useEffect(() => {
    if (!debounced && !department) {
      setFound({ state: 'idle' });
      return;
    }
    let live = true;
    setFound((f) => ({ state: 'loading', data: f.data }));
    api.searchPeople(debounced, department || undefined, 50).then(
      (data) => live && setFound({ state: 'ok', data }),
      (error: unknown) => live && setFound({ state: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [debounced, department, api, attempt]);

  const departmentName = departments.data?.find((d) => d.name === department)?.name;
  // Without a query, a chosen department lists its people straight from the browse data.
  const browsing = !debounced && department && departments.data?.find((d) => d.name === department);
  return (
    <Screen title={t('people.title')}>
      <div className={styles.filters}>
        <SearchBox
          aria-label={t('people.searchLabel')}
          placeholder={t('people.searchPlaceholder')}
          value={query}
          onChange={(_, d) => setQuery(d.value)}
          size="large"
          autoComplete="off"
        />
        <Field label={t('people.department')}>
          <Dropdown
            value={departmentName ?? t('people.allDepartments')}
            selectedOptions={[department]}
            onOptionSelect={(_, d) => setDepartment(d.optionValue ?? '')}
            disabled={departments.state !== 'ok'}
          >
            <Option value="">{t('people.allDepartments')}</Option>
            {(departments.data ?? []).map((d) => (
              <Option key={d.id} value={d.name}>
                {d.name}
              </Option>
            ))}
          </Dropdown>
        </Field>
      </div>
      {browsing ? (
        browsing.people.length ? (
          <PersonList people={browsing.people} />
        ) : (
          <Empty>{t('people.emptyDepartment')}</Empty>
        )
      ) : found.state !== 'idle' ? (
        <>
          {found.state === 'loading' && !found.data && <Loading />}
          {found.state === 'error' && <ErrorNotice error={found.error} retry={() => setAttempt((a) => a + 1)} />}
          {found.data && found.data.people.length === 0 && <Empty>{t('people.none', { query: debounced })}</Empty>}
          {found.data && found.data.people.length > 0 && (
            <PersonList people={found.data.people.map((p) => p.person)} reasons={matchReasons(found.data, w)} />
          )}
        </>
      ) : (
        <section aria-labelledby="people-browse">
          <h2 id="people-browse" className={styles.h2}>
            {t('people.browse')}
          </h2>
          {departments.state === 'loading' && <Loading />}
          {departments.state === 'error' && <ErrorNotice error={departments.error} retry={departments.reload} />}
          {departments.state === 'ok' && departments.data.length === 0 && <Empty>{t('people.noDepartments')}</Empty>}
          {departments.state === 'ok' && departments.data.length > 0 && (
            <Accordion collapsible multiple>
              {departments.data.map((d) => (
                <AccordionItem key={d.id} value={d.id}>
                  <AccordionHeader size="large">
                    {d.name} ({t('people.count', { count: d.personCount })})
                  </AccordionHeader>
                  <AccordionPanel>
                    <PersonList people={d.people} />
                  </AccordionPanel>
                </AccordionItem>
              ))}
            </Accordion>
          )}
        </section>
      )}
    </Screen>
  );
}
