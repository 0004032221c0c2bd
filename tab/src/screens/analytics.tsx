import { useState, type ReactNode } from 'react';
import { Button } from '@fluentui/react-button';
import { Field } from '@fluentui/react-field';
import { Select } from '@fluentui/react-select';
import { Tab, TabList } from '@fluentui/react-tabs';
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-table';
import { Text } from '@fluentui/react-text';
import { MessageBar, MessageBarBody } from '@fluentui/react-message-bar';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/react-theme';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import type { AnalyticsReport, GroupView } from '../../../core/analytics/report.js';
import { useWords } from '../i18n.js';
import { useApp } from '../app-context.js';
import { Empty, ErrorNotice, Loading, useLoad } from '../components/states.js';
import { saveFile } from '../components/download.js';
import { Screen } from './layout.js';

const useStyles = makeStyles({
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'flex-end' },
  section: {
    display: 'grid',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow4,
    minWidth: 0,
  },
  h2: { margin: 0, fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500 },
  // Wide tables scroll sideways inside their card on a phone; the page itself never does.
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  // Fluent's table divides its width equally (fixed layout): thirteen weeks on a phone would
  // overlap. Columns as wide as their figures instead, the table scrolling in its box.
  table: { tableLayout: 'auto', minWidth: '100%', width: 'auto' },
  name: { minWidth: '9em' },
  // Four measures do not fit a phone on one row: the tabs wrap rather than run off the card.
  tabs: { flexWrap: 'wrap' },
  number: { textAlign: 'end', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  definitions: {
    margin: 0,
    paddingInlineStart: tokens.spacingHorizontalL,
    display: 'grid',
    gap: tokens.spacingVerticalXS,
  },
});

const PERIODS = [4, 12, 26, 52] as const;
const KINDS = ['post', 'like', 'comment', 'question'] as const;
const TYPES = ['enthusiast', 'positive', 'negative', 'laggard'] as const;
const ROLLUP_SECTIONS = 'active,activity,news,questions,profile';
/** The newest news posts shown on screen (the CSV has every one). */
const NEWS_SHOWN = 10;

type Figure = number | null;

/** The engagement report for communicators and admins: per department, folded below 5. */
export default function Analytics() {
  const styles = useStyles();
  const w = useWords();
  const { t } = w;
  const { api, back, notify } = useApp();
  const [weeks, setWeeks] = useState<number>(12);
  const [department, setDepartment] = useState('');
  const [kind, setKind] = useState<(typeof KINDS)[number]>('post');
  const [departments, setDepartments] = useState<GroupView[]>([]);
  const [download, setDownload] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  const params = { weeks, departments: department || undefined };
  const key = `${weeks}:${department}`;
  const main = useLoad(async () => {
    const r = await api.analytics({ ...params, sections: ROLLUP_SECTIONS });
    if (!department) setDepartments(r.groups.filter((g) => g.id !== null));
    return r;
  }, key);
  // The user types are computed from raw events when asked: they come a little later, on their own.
  const types = useLoad(() => api.analytics({ ...params, sections: 'types' }), key);

  const shown = (v: Figure, format: (n: number) => string = String) => (v === null ? t('analytics.hidden') : format(v));
  const percent = (v: Figure) => shown(v, (n) => t('tab.analytics.share', { share: Math.round(n * 100) }));
  const groupName = (g: GroupView | null) => (g === null ? t('analytics.total') : (g.name ?? t('analytics.other')));

  async function downloadCsv() {
    setDownload({ busy: true });
    try {
      const q = new URLSearchParams({ weeks: String(weeks), format: 'csv' });
      if (department) q.set('departments', department);
      const { blob, fileName } = await api.download(`/analytics?${q}`);
      saveFile(blob, fileName);
      setDownload({ busy: false });
      notify(t('tab.analytics.downloaded'));
    } catch (error) {
      setDownload({ busy: false, error });
    }
  }

  return (
    <Screen
      title={t('tab.analytics.title')}
      onBack={() => back({ view: 'profile' })}
      actions={
        <Button icon={<ArrowDownloadRegular />} onClick={downloadCsv} disabled={download.busy || main.state !== 'ok'}>
          {t('tab.analytics.csv')}
        </Button>
      }
    >
      <Text>{t('tab.analytics.intro')}</Text>
      {download.error !== undefined && <ErrorNotice error={download.error} />}
      <div className={styles.filters}>
        <Field label={t('tab.analytics.period')}>
          <Select value={String(weeks)} onChange={(_, d) => setWeeks(Number(d.value))}>
            {PERIODS.map((n) => (
              <option key={n} value={n}>
                {t('tab.analytics.weeks', { weeks: n })}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('tab.analytics.department')}>
          <Select value={department} onChange={(_, d) => setDepartment(d.value)}>
            <option value="">{t('tab.analytics.allDepartments')}</option>
            {departments.map((g) => (
              <option key={g.id} value={g.id!}>
                {g.name}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {main.state === 'loading' && <Loading rows={4} />}
      {main.state === 'error' && <ErrorNotice error={main.error} retry={main.reload} />}
      {main.state === 'ok' && (
        <Report
          report={main.data}
          kind={kind}
          setKind={setKind}
          shown={shown}
          percent={percent}
          groupName={groupName}
        />
      )}
      {main.state === 'ok' && (
        <Section title={t('analytics.section.types')}>
          {types.state === 'loading' && <Loading rows={2} />}
          {types.state === 'error' && <ErrorNotice error={types.error} retry={types.reload} />}
          {types.state === 'ok' && types.data.types && (
            <>
              <Figures
                label={t('analytics.section.types')}
                columns={[t('analytics.measure.staff'), ...TYPES.map((k) => t(`analytics.type.${k}`))]}
                rows={[
                  ...types.data.types.rows.map((r) => ({
                    name: groupName(r.group),
                    cells: [
                      r.group.staff < 5 ? t('analytics.folded') : String(r.group.staff),
                      ...TYPES.map((k) => shown(r[k])),
                    ],
                  })),
                  ...(types.data.types.total
                    ? [
                        {
                          name: t('analytics.total'),
                          cells: [
                            String(types.data.types.total.staff),
                            ...TYPES.map((k) => shown(types.data.types!.total![k])),
                          ],
                          total: true,
                        },
                      ]
                    : []),
                ]}
              />
              <Text size={200}>
                {t('tab.analytics.types.basis', {
                  weeks: types.data.types.basis.weeks,
                  from: types.data.types.basis.from,
                  to: types.data.types.basis.to,
                })}
              </Text>
              <details>
                <summary>{t('tab.analytics.definitions')}</summary>
                <ul className={styles.definitions}>
                  {TYPES.map((k) => (
                    <li key={k}>
                      <Text weight="semibold">{t(`analytics.type.${k}`)}</Text>:{' '}
                      {k === 'enthusiast'
                        ? t('analytics.type.enthusiast.definition', {
                            pct: types.data.types!.definitions.enthusiastPct,
                          })
                        : k === 'laggard'
                          ? t('analytics.type.laggard.definition')
                          : t(`analytics.type.${k}.definition`, { pct: types.data.types!.definitions.regularPct })}
                    </li>
                  ))}
                </ul>
              </details>
            </>
          )}
        </Section>
      )}
    </Screen>
  );
}

function Report({
  report,
  kind,
  setKind,
  shown,
  percent,
  groupName,
}: {
  report: AnalyticsReport;
  kind: (typeof KINDS)[number];
  setKind(k: (typeof KINDS)[number]): void;
  shown(v: Figure): string;
  percent(v: Figure): string;
  groupName(g: GroupView | null): string;
}) {
  const styles = useStyles();
  const { t } = useWords();
  const weeks = report.period.weeks;
  const label = (week: string) => week.replace(/^\d{4}-W/, 'w');
  const nothing =
    !report.active?.rows.some((r) => r.weeks.some((x) => x.active !== 0)) &&
    !report.news?.length &&
    !report.questions?.total.asked;
  return (
    <>
      {report.filtered && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>{t('tab.analytics.noTotals')}</MessageBarBody>
        </MessageBar>
      )}
      {nothing && <Empty>{t('tab.analytics.empty')}</Empty>}
      <Section title={t('analytics.section.active')}>
        <Figures
          label={t('analytics.section.active')}
          columns={weeks.map(label)}
          rows={[
            ...report.active!.rows.map((r) => ({
              name: groupName(r.group),
              cells: r.weeks.map((x) => percent(x.share)),
            })),
            ...(report.active!.total
              ? [{ name: t('analytics.total'), cells: report.active!.total.map((x) => percent(x.share)), total: true }]
              : []),
          ]}
        />
      </Section>
      <Section title={t('analytics.section.activity')}>
        <TabList
          className={styles.tabs}
          selectedValue={kind}
          onTabSelect={(_, d) => setKind(d.value as (typeof KINDS)[number])}
        >
          {KINDS.map((k) => (
            <Tab key={k} value={k}>
              {t(`analytics.measure.${k}`)}
            </Tab>
          ))}
        </TabList>
        <Figures
          label={t(`analytics.measure.${kind}`)}
          columns={weeks.map(label)}
          rows={[
            ...report.activity!.rows.map((r) => ({
              name: groupName(r.group),
              cells: r.weeks.map((x) => shown(x[kind])),
            })),
            ...(report.activity!.total
              ? [{ name: t('analytics.total'), cells: report.activity!.total.map((x) => shown(x[kind])), total: true }]
              : []),
          ]}
        />
      </Section>
      <Section title={t('analytics.section.news')}>
        {report.news!.length === 0 && <Text>{t('tab.analytics.news.none')}</Text>}
        {report.news!.slice(0, NEWS_SHOWN).map((post) => (
          <Figures
            key={post.postId}
            label={post.title ?? ''}
            caption={`${post.title ?? ''}${post.total ? ` · ${t('tab.analytics.news.audience', { count: post.total.audience })}` : ''}`}
            columns={(['delivered', 'seen', 'read', 'acknowledged'] as const).map((m) => t(`analytics.measure.${m}`))}
            rows={[
              ...post.departments.map((d) => ({
                name: groupName(d.group),
                cells: (['delivered', 'seen', 'read', 'acknowledged'] as const).map((m) => percent(d.shares[m])),
              })),
              ...(post.total
                ? [
                    {
                      name: t('analytics.total'),
                      cells: (['delivered', 'seen', 'read', 'acknowledged'] as const).map((m) =>
                        percent(post.total!.shares[m]),
                      ),
                      total: true,
                    },
                  ]
                : []),
            ]}
          />
        ))}
        {report.news!.length > NEWS_SHOWN && (
          <Text size={200}>{t('tab.analytics.news.more', { count: report.news!.length - NEWS_SHOWN })}</Text>
        )}
      </Section>
      <Section title={t('analytics.section.questions')}>
        <Text size={200}>{t('tab.analytics.questions.scope')}</Text>
        {!report.questions!.total.asked && report.questions!.total.asked !== null ? (
          <Text>{t('tab.analytics.questions.none')}</Text>
        ) : (
          <Figures
            label={t('analytics.section.questions')}
            columns={[
              t('analytics.measure.asked'),
              t('analytics.measure.median'),
              t('analytics.measure.p90'),
              t('analytics.measure.withinHour'),
            ]}
            rows={[
              ...report.questions!.weeks.map((x) => ({
                name: label(x.week),
                cells: [shown(x.asked), shown(x.medianMinutes), shown(x.p90Minutes), percent(x.withinHourShare)],
              })),
              {
                name: t('analytics.total'),
                cells: [
                  shown(report.questions!.total.asked),
                  shown(report.questions!.total.medianMinutes),
                  shown(report.questions!.total.p90Minutes),
                  percent(report.questions!.total.withinHourShare),
                ],
                total: true,
              },
            ]}
          />
        )}
      </Section>
      <Section title={t('analytics.section.profile')}>
        <Figures
          label={t('analytics.section.profile')}
          columns={weeks.map(label)}
          rows={[
            ...report.profile!.rows.map((r) => ({
              name: groupName(r.group),
              cells: r.weeks.map((x) =>
                'noData' in x
                  ? t('tab.analytics.noData')
                  : percent(x.averageScore === null ? null : x.averageScore / 100),
              ),
            })),
            ...(report.profile!.total
              ? [
                  {
                    name: t('analytics.total'),
                    cells: report.profile!.total.map((x) =>
                      'noData' in x
                        ? t('tab.analytics.noData')
                        : percent(x.averageScore === null ? null : x.averageScore / 100),
                    ),
                    total: true,
                  },
                ]
              : []),
          ]}
        />
      </Section>
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const styles = useStyles();
  const id = `section-${title.replace(/\W+/g, '-')}`;
  return (
    <section className={styles.section} aria-labelledby={id}>
      <h2 id={id} className={styles.h2}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/** A table of figures: a row per department (and the total), a column per week or measure. */
function Figures({
  label,
  caption,
  columns,
  rows,
}: {
  label: string;
  caption?: string;
  columns: string[];
  rows: Array<{ name: string; cells: string[]; total?: boolean }>;
}) {
  const styles = useStyles();
  const { t } = useWords();
  return (
    // Focusable, so a keyboard can scroll a table wider than the screen (WCAG 2.1.1).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box must take focus to scroll by keyboard
    <section className={styles.scroll} aria-label={label} tabIndex={0}>
      {caption && <Text weight="semibold">{caption}</Text>}
      <Table size="small" aria-label={label} className={styles.table}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell className={styles.name}>{t('tab.analytics.group')}</TableHeaderCell>
            {columns.map((c) => (
              <TableHeaderCell key={c} className={styles.number}>
                {c}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.name}>
              <TableCell>{r.total ? <strong>{r.name}</strong> : r.name}</TableCell>
              {r.cells.map((c, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                <TableCell key={i} className={styles.number}>
                  {c}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}

// The first load's modules, so that they share one chunk with it (src/first-load.ts).
export * as firstLoad from '../first-load.js';
// The people screens too, so that a deep-linked person's page is one chunk (see people-group.ts).
export * as peopleGroup from './people-group.js';
