// The lists behind the department challenge: an ambassador's own department (who still misses
// something, to help them) and the admins' gaps that only the organisation can fill (department,
// manager). Both are shown only to those the API lets see them (GET /api/me's `can`); the API's
// 403 stays the guard, and a refusal reads as the server's sentence, never a blank page.
import { useState } from 'react';
import { Tab, TabList } from '@fluentui/react-tabs';
import { Text } from '@fluentui/react-text';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/react-theme';
import { useWords, type Words } from '../i18n.js';
import { useApp } from '../app-context.js';
import type { CompletenessField } from '../types.js';
import { PersonList } from '../components/people.js';
import { Empty, ErrorNotice, Loading, useLoad } from '../components/states.js';
import { Screen } from './layout.js';

const useStyles = makeStyles({
  section: { display: 'grid', gap: tokens.spacingVerticalS, minWidth: 0 },
  h2: { margin: 0, fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500 },
  // Every field's count on a phone: the tabs wrap rather than run off the screen.
  tabs: { flexWrap: 'wrap' },
});

/** "werknummer, foto" in the person's language. */
function fieldList(w: Words, fields: readonly CompletenessField[]): string {
  return fields.map((f) => w.t(`profileField.${f}`)).join(', ');
}

const capital = (text: string, locale: string) => text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);

/** An ambassador's own department: who has an incomplete profile and what they miss. */
export function DepartmentIncomplete({ id }: { id: string }) {
  const styles = useStyles();
  const w = useWords();
  const { t } = w;
  const { api, back, me } = useApp();
  const list = useLoad(() => api.incompleteInDepartment(id).then((r) => r.people), id);
  const own = me.departmentId === id ? me.person?.department : undefined;
  return (
    <Screen title={t('tab.incomplete.title')} onBack={() => back({ view: 'department', id })}>
      {own && <Text weight="semibold">{t('tab.incomplete.department', { department: own })}</Text>}
      {list.state === 'loading' && <Loading />}
      {list.state === 'error' && <ErrorNotice error={list.error} retry={list.reload} />}
      {list.state === 'ok' && (
        <>
          <Text>{t('tab.incomplete.intro')}</Text>
          {list.data.length === 0 ? (
            <Empty>{t('tab.incomplete.empty')}</Empty>
          ) : (
            <section className={styles.section} aria-labelledby="incomplete-count">
              <h2 id="incomplete-count" className={styles.h2}>
                {t('tab.incomplete.count', { count: list.data.length })}
              </h2>
              <PersonList
                label={t('tab.incomplete.list')}
                people={list.data}
                reasons={
                  new Map(
                    list.data.map((p) => [p.id, t('tab.incomplete.missing', { fields: fieldList(w, p.missing) })]),
                  )
                }
              />
            </section>
          )}
        </>
      )}
    </Screen>
  );
}

/** Admins: which fields only the organisation fills in are missing most, and for whom. */
export function ProfileGaps() {
  const styles = useStyles();
  const w = useWords();
  const { t, locale } = w;
  const { api, back } = useApp();
  const [field, setField] = useState<CompletenessField | 'all'>('all');
  const list = useLoad(() => api.profileGaps().then((r) => r.people), 'profile-gaps');
  const people = list.data ?? [];
  // How many miss each field, most first (a field nobody misses is left out).
  const counts = new Map<CompletenessField, number>();
  for (const p of people) for (const f of p.gaps) counts.set(f, (counts.get(f) ?? 0) + 1);
  const fields = [...counts].sort((a, b) => b[1] - a[1]);
  const shown = field === 'all' ? people : people.filter((p) => p.gaps.includes(field));
  return (
    <Screen title={t('tab.gaps.title')} onBack={() => back({ view: 'profile' })}>
      {list.state === 'loading' && <Loading />}
      {list.state === 'error' && <ErrorNotice error={list.error} retry={list.reload} />}
      {list.state === 'ok' && <Text>{t('tab.gaps.intro')}</Text>}
      {list.state === 'ok' && people.length === 0 && <Empty>{t('tab.gaps.empty')}</Empty>}
      {list.state === 'ok' && people.length > 0 && (
        <section className={styles.section} aria-labelledby="gaps-summary">
          <h2 id="gaps-summary" className={styles.h2}>
            {t('tab.gaps.summary')}
          </h2>
          <TabList
            className={styles.tabs}
            aria-label={t('tab.gaps.filter')}
            selectedValue={field}
            onTabSelect={(_, d) => setField(d.value as CompletenessField | 'all')}
          >
            <Tab value="all">{t('tab.gaps.all', { count: people.length })}</Tab>
            {fields.map(([f, count]) => (
              <Tab key={f} value={f}>
                {t('tab.gaps.field', { field: capital(t(`profileField.${f}`), locale), count })}
              </Tab>
            ))}
          </TabList>
          <PersonList
            label={t('tab.gaps.list')}
            people={shown.map((p) => ({ id: p.id, displayName: p.displayName }))}
            reasons={
              new Map(
                shown.map((p) => [
                  p.id,
                  `${p.department ?? t('tab.gaps.noDepartment')} · ${t('tab.incomplete.missing', { fields: fieldList(w, p.gaps) })}`,
                ]),
              )
            }
          />
        </section>
      )}
    </Screen>
  );
}

// The first load's modules, so that they share one chunk with it (src/first-load.ts).
export * as firstLoad from '../first-load.js';
// The people screens too, so that a deep-linked person's page is one chunk (see people-group.ts).
export * as peopleGroup from './people-group.js';
