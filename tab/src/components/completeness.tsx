import { useState } from 'react';
import { Badge } from '@fluentui/react-badge';
import { Button } from '@fluentui/react-button';
import { Field } from '@fluentui/react-field';
import { Input } from '@fluentui/react-input';
import { ProgressBar } from '@fluentui/react-progress';
import { Switch } from '@fluentui/react-switch';
import { Text } from '@fluentui/react-text';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/react-theme';
import { useWords } from '../i18n.js';
import { useApp } from '../app-context.js';
import { Empty, ErrorNotice, Loading, useLoad } from './states.js';
import type { CompletenessField, LeaderboardView, OwnCompleteness } from '../types.js';

const useStyles = makeStyles({
  meter: {
    display: 'grid',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalM,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
  },
  board: { display: 'grid', gap: tokens.spacingVerticalM },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: tokens.spacingVerticalM },
  row: { display: 'grid', gap: tokens.spacingVerticalXXS },
  rowHead: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'baseline', flexWrap: 'wrap' },
  rank: { minWidth: '2ch', fontVariantNumeric: 'tabular-nums' },
  grow: { flex: 1 },
  campaign: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
});

/**
 * My profile's completeness: the meter, the next step named (the most valuable field I can add),
 * and whether I get reminders. Fields only the organisation fills in are named apart.
 */
export function CompletenessMeter({
  completeness,
  onNudges,
}: {
  completeness: OwnCompleteness;
  onNudges(wanted: boolean): Promise<void>;
}) {
  const styles = useStyles();
  const { t } = useWords();
  const [busy, setBusy] = useState(false);
  const field = (f: CompletenessField) => t(`completeness.field.${f}`);
  const organisation = completeness.missing.filter((m) => !m.askable);
  const next = completeness.missing.find((m) => m.field === completeness.next);
  return (
    <section className={styles.meter} aria-labelledby="completeness-title" data-testid="completeness-meter">
      <Text as="h2" id="completeness-title" weight="semibold" size={400}>
        {t('tab.completeness.title', { score: completeness.score })}
      </Text>
      <ProgressBar
        value={completeness.score / 100}
        thickness="large"
        color={completeness.complete ? 'success' : 'brand'}
        aria-label={t('tab.completeness.title', { score: completeness.score })}
      />
      {completeness.complete ? (
        <Text>{t('tab.completeness.complete')}</Text>
      ) : next ? (
        <Text>{t('tab.completeness.next', { field: field(next.field), points: next.weight })}</Text>
      ) : (
        <Text>{t('tab.completeness.nothingForYou')}</Text>
      )}
      {organisation.length > 0 && (
        <Text size={200}>
          {t('tab.completeness.organisation', { fields: organisation.map((m) => field(m.field)).join(', ') })}
        </Text>
      )}
      {!completeness.complete && (
        <Switch
          checked={completeness.nudges}
          disabled={busy}
          label={t('tab.completeness.reminders')}
          onChange={async (_, d) => {
            setBusy(true);
            try {
              await onNudges(d.checked);
            } finally {
              setBusy(false);
            }
          }}
        />
      )}
    </section>
  );
}

/** The department challenge: departments by their share of complete profiles; communicators start and end it. */
export function Leaderboard() {
  const styles = useStyles();
  const { t } = useWords();
  const { api, notify } = useApp();
  const board = useLoad<LeaderboardView>(() => api.leaderboard(), 'leaderboard');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function campaign(start: boolean) {
    setBusy(true);
    setError(undefined);
    try {
      if (start) await api.startCampaign(name.trim() || undefined);
      else await api.endCampaign();
      notify(t(start ? 'tab.leaderboard.started' : 'tab.leaderboard.ended'));
      setName('');
      board.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className={styles.board} aria-labelledby="leaderboard-title" data-testid="leaderboard">
      <Text as="h2" id="leaderboard-title" weight="semibold" size={500}>
        {t('tab.leaderboard.title')}
      </Text>
      {board.state === 'loading' && <Loading rows={3} />}
      {board.state === 'error' && <ErrorNotice error={board.error} retry={board.reload} />}
      {board.state === 'ok' && (
        <>
          <Text>
            {board.data.campaign
              ? t('tab.leaderboard.running', { name: board.data.campaign.name ?? t('challenge.defaultName') })
              : t('tab.leaderboard.intro')}
          </Text>
          {board.data.departments.length === 0 ? (
            <Empty>{t('tab.leaderboard.empty')}</Empty>
          ) : (
            <ol className={styles.list}>
              {board.data.departments.map((d) => (
                <li key={d.departmentId ?? 'folded'} className={styles.row}>
                  <div className={styles.rowHead}>
                    <Text className={styles.rank} weight="semibold">
                      {d.rank ?? '–'}
                    </Text>
                    <Text className={styles.grow} weight={d.yours ? 'semibold' : 'regular'}>
                      {d.name}
                    </Text>
                    {d.yours && (
                      <Badge appearance="tint" color="brand">
                        {t('tab.leaderboard.yours')}
                      </Badge>
                    )}
                    <Text>{t('tab.leaderboard.share', { share: d.completeShare, people: d.people })}</Text>
                  </div>
                  <ProgressBar
                    value={d.completeShare / 100}
                    color={d.completeShare === 100 ? 'success' : 'brand'}
                    aria-label={t('tab.leaderboard.rowLabel', { name: d.name, share: d.completeShare })}
                  />
                </li>
              ))}
            </ol>
          )}
          <Text size={200}>
            {t('tab.leaderboard.organisation', {
              share: board.data.organisation.completeShare,
              people: board.data.organisation.people,
            })}
          </Text>
          {board.data.can.manageCampaign && (
            <div className={styles.campaign}>
              {board.data.campaign ? (
                <Button size="large" disabled={busy} onClick={() => void campaign(false)}>
                  {t('tab.leaderboard.end')}
                </Button>
              ) : (
                <>
                  <Field label={t('tab.leaderboard.name')} className={styles.grow}>
                    <Input value={name} maxLength={120} onChange={(_, d) => setName(d.value)} />
                  </Field>
                  <Button appearance="primary" size="large" disabled={busy} onClick={() => void campaign(true)}>
                    {t('tab.leaderboard.start')}
                  </Button>
                </>
              )}
            </div>
          )}
          {error !== undefined && <ErrorNotice error={error} />}
        </>
      )}
    </section>
  );
}
