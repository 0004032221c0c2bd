import { useCallback, useEffect, useId, useState } from 'react';
import { Button } from '@fluentui/react-button';
import { Card } from '@fluentui/react-card';
import { Text } from '@fluentui/react-text';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/react-theme';
import { ArrowClockwiseRegular, ArrowDownloadRegular, SendRegular } from '@fluentui/react-icons';
import { useWords } from '../i18n.js';
import { useApp } from '../app-context.js';
import type { DeliveryReport as Report, Post } from '../types.js';
import { saveFile } from './download.js';
import { ErrorNotice, Loading } from './states.js';

type Failure = keyof Report['totals']['failedByReason'];
type Counts = Omit<Report['departments'][number], 'id' | 'name'>;
const reasonKey = (reason: Failure) => `report.reason.${reason}` as const;

const useStyles = makeStyles({
  card: { width: '100%', boxSizing: 'border-box' },
  h2: { margin: 0, fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500 },
  h3: { margin: 0, fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400 },
  caption: {
    textAlign: 'start',
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase400,
    paddingBottom: tokens.spacingVerticalXS,
  },
  figures: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))',
    gap: tokens.spacingHorizontalM,
    margin: 0,
  },
  figure: { display: 'flex', flexDirection: 'column-reverse', margin: 0 },
  value: { margin: 0, fontSize: tokens.fontSizeHero700, lineHeight: tokens.lineHeightHero700 },
  label: { color: tokens.colorNeutralForeground2 },
  note: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  table: {
    borderCollapse: 'collapse',
    width: '100%',
    fontVariantNumeric: 'tabular-nums',
    '& th, & td': {
      padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
      textAlign: 'end',
    },
    '& th:first-child, & td:first-child': { textAlign: 'start' },
  },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

/** Names shown on the page; the download holds all of them. */
const NAMES_SHOWN = 50;
/** While cards are on their way, the figures are fetched again this often. */
const REFRESH_MS = 10_000;

/**
 * How a news post was delivered and read, for its author and the communication team (the post's
 * `can.viewDelivery`; the server refuses everyone else): the totals, why cards did not arrive,
 * per department (under 5 recipients folded into "other"), who has not confirmed yet, CSV exports
 * and a retry of what failed. "Seen" is named a lower bound: read receipts can be switched off.
 */
export default function DeliveryReport({ post }: { post: Post }) {
  const styles = useStyles();
  const w = useWords();
  const { t } = w;
  const { api, notify } = useApp();
  const headingId = useId();
  // Kept while it is fetched again (no flicker back to a skeleton every refresh).
  const [report, setReport] = useState<Report>();
  const [loadError, setLoadError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const reload = useCallback(async () => {
    try {
      setReport(await api.deliveryReport(post.id));
      setLoadError(undefined);
    } catch (err) {
      setLoadError(err);
    }
  }, [api, post.id]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const pending = report?.totals.pending ?? 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new report (generatedAt) schedules the next look
  useEffect(() => {
    if (pending === 0) return;
    const timer = window.setTimeout(() => void reload(), REFRESH_MS);
    return () => window.clearTimeout(timer);
  }, [pending, reload, report?.generatedAt]);

  async function act(what: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await what();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const retry = () =>
    act(async () => {
      const { retried } = await api.retryDeliveries(post.id);
      notify(t('report.retried', { count: retried }));
      await reload();
    });
  const download = (part: 'departments' | 'not-acknowledged') =>
    act(async () => {
      const { blob, fileName } = await api.deliveryCsv(post.id, part);
      saveFile(blob, fileName);
    });

  return (
    <Card className={styles.card} appearance="filled" role="region" aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.h2}>
        {t('report.title')}
      </h2>
      {!report && loadError === undefined && <Loading rows={1} />}
      {loadError !== undefined && <ErrorNotice error={loadError} retry={() => void reload()} />}
      {report && (
        <Figures
          report={report}
          busy={busy}
          onRetry={retry}
          onRefresh={() => act(reload)}
          onDownload={download}
          updated={w.relative(report.generatedAt)}
        />
      )}
      {error !== undefined && <ErrorNotice error={error} />}
    </Card>
  );
}

function Figures({
  report,
  busy,
  onRetry,
  onRefresh,
  onDownload,
  updated,
}: {
  report: Report;
  busy: boolean;
  onRetry: () => void;
  onRefresh: () => void;
  onDownload: (part: 'departments' | 'not-acknowledged') => void;
  updated: string;
}) {
  const styles = useStyles();
  const w = useWords();
  const { t } = w;
  const { totals } = report;
  if (report.status === 'draft') return <Text>{t('report.draft')}</Text>;
  if (report.status === 'scheduled' && report.publishAt)
    return <Text>{t('report.scheduled', { date: w.dateTime(report.publishAt) })}</Text>;

  const figures: Array<[string, number]> = [[t('status.audience'), totals.audience]];
  if (report.notify)
    figures.push(
      [t('status.sent'), totals.sent],
      [t('status.pending'), totals.pending],
      [t('status.failed'), totals.failed],
      [t('status.notInstalled'), totals.notInstalled],
      [t('status.seen'), totals.seen],
    );
  figures.push([t('status.read'), totals.read]);
  if (report.requiresAck) figures.push([t('status.acknowledged'), totals.acknowledged]);
  const reasons = Object.entries(totals.failedByReason).filter(([, n]) => (n ?? 0) > 0);
  const missing = report.notAcknowledged ?? [];
  const columns: Array<[string, (f: Counts) => number]> = [[t('status.audience'), (f) => f.audience]];
  if (report.notify) columns.push([t('status.sent'), (f) => f.sent], [t('status.seen'), (f) => f.seen]);
  columns.push([t('status.read'), (f) => f.read]);
  if (report.requiresAck) columns.push([t('status.acknowledged'), (f) => f.acknowledged]);

  return (
    <>
      {!report.notify && <Text>{t('report.noCards')}</Text>}
      <dl className={styles.figures}>
        {figures.map(([label, value]) => (
          <div key={label} className={styles.figure}>
            <dt className={styles.label}>{label}</dt>
            <dd className={styles.value}>{value}</dd>
          </div>
        ))}
      </dl>
      {report.notify && <Text className={styles.note}>{t('report.seenNote')}</Text>}
      {reasons.length > 0 && (
        <ul className={styles.list}>
          {reasons.map(([reason, n]) => (
            <li key={reason}>
              {t(reasonKey(reason as Failure))}: {n}
            </li>
          ))}
        </ul>
      )}
      {totals.possibleDuplicates > 0 && (
        <Text className={styles.note}>{t('report.duplicates', { count: totals.possibleDuplicates })}</Text>
      )}
      {report.channels.total > 0 && (
        <Text>{t('report.channels', { sent: report.channels.sent, total: report.channels.total })}</Text>
      )}
      {report.departments.length > 0 && (
        // Focusable, so a keyboard can scroll the table when it is wider than the screen.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box must take focus to scroll by keyboard
        <section className={styles.scroll} aria-label={t('report.byDepartment')} tabIndex={0}>
          <table className={styles.table}>
            <caption className={styles.caption}>{t('report.byDepartment')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('report.department')}</th>
                {columns.map(([label]) => (
                  <th key={label} scope="col">
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.departments.map((d) => (
                <tr key={d.id ?? 'other'}>
                  <th scope="row">{d.name ?? t('report.other')}</th>
                  {columns.map(([label, value]) => (
                    <td key={label}>{value(d)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {report.requiresAck && (
        <section aria-label={t('report.notAcknowledged', { count: missing.length })}>
          <h3 className={styles.h3}>{t('report.notAcknowledged', { count: missing.length })}</h3>
          {missing.length === 0 ? (
            <Text>{t('report.allAcknowledged')}</Text>
          ) : (
            <ul className={styles.list}>
              {missing.slice(0, NAMES_SHOWN).map((p) => (
                <li key={p.id}>
                  {p.displayName}
                  {p.department ? ` (${p.department})` : ''}
                </li>
              ))}
              {missing.length > NAMES_SHOWN && (
                <li>{t('report.notAcknowledgedMore', { count: missing.length - NAMES_SHOWN })}</li>
              )}
            </ul>
          )}
        </section>
      )}
      <div className={styles.actions}>
        {totals.failed + totals.notInstalled > 0 && (
          <Button icon={<SendRegular />} disabled={busy} onClick={onRetry}>
            {t('report.retry')}
          </Button>
        )}
        <Button icon={<ArrowClockwiseRegular />} disabled={busy} onClick={onRefresh}>
          {t('report.refresh')}
        </Button>
        <Button icon={<ArrowDownloadRegular />} disabled={busy} onClick={() => onDownload('departments')}>
          {t('report.download')}
        </Button>
        {report.requiresAck && missing.length > 0 && (
          <Button icon={<ArrowDownloadRegular />} disabled={busy} onClick={() => onDownload('not-acknowledged')}>
            {t('report.downloadNames')}
          </Button>
        )}
      </div>
      <Text className={styles.note}>{t('report.updated', { time: updated })}</Text>
    </>
  );
}
