import { useEffect, useState } from 'react';
import { Combobox, Option } from '@fluentui/react-combobox';
import { Field } from '@fluentui/react-field';
import { Tab, TabList } from '@fluentui/react-tabs';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/react-theme';
import { useWords } from './i18n.js';
import { useApp } from './app-context.js';
import type { Route, Section } from './routes.js';
import { useDebounced } from './screens/search.js';

const useStyles = makeStyles({
  header: {
    maxWidth: '720px',
    margin: '0 auto',
    padding: `0 ${tokens.spacingHorizontalM}`,
    display: 'grid',
    gap: tokens.spacingVerticalS,
  },
  nav: { overflowX: 'auto' },
  devBar: { paddingTop: tokens.spacingVerticalS },
});

const SECTIONS: Section[] = ['home', 'search', 'people', 'groups', 'profile'];

/**
 * Outside Teams only: Teams' own top row (the app's static tabs) is the navigation there; a plain
 * browser (development) gets this one, and in development mode a way to act as someone else.
 */
export default function BrowserHeader(props: {
  section: Section;
  development: boolean;
  devUser: string | undefined;
  setDevUser(email: string | undefined): void;
}) {
  const styles = useStyles();
  const { t } = useWords();
  const { navigate } = useApp();
  return (
    <header className={styles.header}>
      {props.development && <DevPersonSwitch current={props.devUser} onChange={props.setDevUser} />}
      <nav aria-label={t('tab.nav')} className={styles.nav}>
        <TabList selectedValue={props.section} onTabSelect={(_, d) => navigate({ view: d.value as Section } as Route)}>
          {SECTIONS.map((s) => (
            <Tab key={s} value={s}>
              {t(`tab.view.${s}`)}
            </Tab>
          ))}
        </TabList>
      </nav>
    </header>
  );
}

/** Development mode only: act as another demo colleague (the API's x-ids-dev-user header). */
function DevPersonSwitch({
  current,
  onChange,
}: {
  current: string | undefined;
  onChange(email: string | undefined): void;
}) {
  const styles = useStyles();
  const { t } = useWords();
  const { api } = useApp();
  const [query, setQuery] = useState(current ?? '');
  const debounced = useDebounced(query.trim());
  const [options, setOptions] = useState<Array<{ email: string; label: string }>>([]);
  useEffect(() => {
    if (!debounced || debounced === current) return;
    let live = true;
    api.searchPeople(debounced, undefined, 8).then(
      (r) =>
        live &&
        setOptions(
          r.people
            .filter((p) => p.person.email)
            .map((p) => ({
              email: p.person.email!,
              label: [p.person.displayName, p.person.jobTitle].filter(Boolean).join(' – '),
            })),
        ),
      () => live && setOptions([]),
    );
    return () => {
      live = false;
    };
  }, [debounced, api, current]);
  return (
    <div className={styles.devBar}>
      <Field label={t('tab.dev.actAs')} hint={t('tab.dev.actAsHint')}>
        <Combobox
          freeform
          value={query}
          placeholder={t('tab.dev.me')}
          onChange={(e) => setQuery(e.target.value)}
          onOptionSelect={(_, d) => {
            if (d.optionValue === '') onChange(undefined);
            else if (d.optionValue) onChange(d.optionValue);
          }}
        >
          <Option value="">{t('tab.dev.me')}</Option>
          {options.map((o) => (
            <Option key={o.email} value={o.email} text={o.email}>
              {o.label}
            </Option>
          ))}
        </Combobox>
      </Field>
    </div>
  );
}
