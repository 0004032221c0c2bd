import type { Logger } from 'pino';
import type { Config } from '../../config/index.js';
import { graphClientFor } from '../graph/index.js';
import { syncFromEntra, type EntraSyncSummary } from './entra-sync.js';
import type { Uploads } from '../media/uploads.js';
import { metrics } from '../metrics.js';

export interface EntraSchedule {
  /** Runs one sync now (the same as a scheduled one); resolves with its summary. */
  runNow(): Promise<EntraSyncSummary>;
  stop(): Promise<void>;
}

/**
 * The Entra ID sync inside `npm start`: once shortly after start-up, then every
 * ENTRA_SYNC_INTERVAL_MINUTES. Runs never overlap here, and the lease in the store keeps other
 * instances (and `npm run sync:entra`) from running at the same time. After each run the
 * directory takes the changes at once.
 */
export function startEntraSchedule(
  config: Config,
  log: Logger,
  afterRun: () => Promise<unknown>,
  options: { uploads: Uploads; firstRunAfterMs?: number },
): EntraSchedule | undefined {
  const settings = config.entraSync;
  if (!settings) return undefined;
  const graph = graphClientFor(config, {
    onWait: ({ ms, status }) => log.info({ ms, status }, 'Graph asked the Entra ID sync to wait'),
  });
  let running: Promise<EntraSyncSummary> | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const run = (): Promise<EntraSyncSummary> => {
    running ??= (async () => {
      try {
        const summary = await syncFromEntra({ graph, settings, log, uploads: options.uploads }).catch((err) => {
          metrics.syncRuns.inc({ source: 'entra', result: 'failed' });
          throw err;
        });
        countRun(summary);
        const { failed, ...counts } = summary;
        log.info({ ...counts, failed: failed.length }, 'Entra ID sync done');
        if (failed.length) log.warn({ failed: failed.slice(0, 20) }, 'Entra ID sync: some users were not taken');
        await afterRun();
        return summary;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const schedule = (ms: number) => {
    if (stopped || settings.intervalMs === 0) return;
    timer = setTimeout(() => {
      run()
        .catch((err: unknown) => log.error({ err: (err as Error).message }, 'Entra ID sync failed; trying again later'))
        .finally(() => schedule(settings.intervalMs));
    }, ms);
    timer.unref();
  };
  schedule(options.firstRunAfterMs ?? 1_000);
  return {
    runNow: run,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}

/** ids_directory_sync_runs_total and _changes_total for one run (source entra). */
function countRun(summary: EntraSyncSummary): void {
  const source = 'entra';
  if (summary.outcome === 'locked') {
    metrics.syncRuns.inc({ source, result: 'locked' });
    return;
  }
  metrics.syncRuns.inc({ source, result: 'ok' });
  const changes = {
    added: summary.added,
    updated: summary.updated,
    deactivated: summary.deactivated,
    reactivated: summary.reactivated,
    failed: summary.failed.length,
  };
  for (const [change, n] of Object.entries(changes)) if (n > 0) metrics.syncChanges.inc({ source, change }, n);
}
