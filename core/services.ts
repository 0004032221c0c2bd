import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { DirectoryIndex, loadDirectory, startDirectorySync, type DirectorySync } from './directory/index.js';
import { sweepStoredMedia, sweepTempFiles } from './media/sweep.js';
import { Uploads } from './media/uploads.js';
import { recountStaleCounts } from './posts/counts.js';
import { startEntraSchedule, type EntraSchedule } from './people/entra-schedule.js';
import { dropRetiredPostIndexes } from '../models/post.js';
import { createDelivery, type DeliveryService } from './delivery/index.js';
import type { Messenger } from './delivery/messenger.js';
import { createNudges, type NudgeService } from './nudges/index.js';
import { BufferedRecorder, installRecorder } from './analytics/events.js';
import { rollUp, sweepEngagement } from './analytics/rollup.js';
import { startJobs, type JobScheduler } from './jobs.js';
import { metrics, onScrape } from './metrics.js';

const MEDIA_SWEEP_INTERVAL_MS = 15 * 60_000;
/** How often posts whose like or comment counts were left unsettled by a crash are counted again. */
const RECOUNT_INTERVAL_MS = 60_000;

export interface ServiceDeps {
  config: Config;
  log: Logger;
  /** How the delivery worker reaches Teams (bot/messenger.ts); without it no worker runs. */
  messenger?: Messenger;
  /** Names this instance where work is claimed in the store (scheduled jobs). */
  instanceId?: string;
}

/**
 * Long-lived parts of core that the doors share: the in-memory directory index and the
 * background jobs. start() runs after the store is connected and seeded.
 */
export interface Services {
  readonly config: Config;
  readonly log: Logger;
  /** The people directory; empty until start() has loaded it from the store. */
  readonly directory: DirectoryIndex;
  /** The way in for every upload (tab, profile photo, photos sent to the bot): bounded and quota-checked. */
  readonly uploads: Uploads;
  /** The Entra ID sync's schedule; undefined when the sync is off. */
  readonly entraSync: EntraSchedule | undefined;
  /** The outbox's worker and the shared Teams rate budget. */
  readonly delivery: DeliveryService;
  /** Profile completeness: the nudge job and the renderers of its cards. */
  readonly nudges: NudgeService;
  /** Engagement events (bounded, batched, never in the way) and the rollup and retention job. */
  readonly engagement: BufferedRecorder;
  runAnalyticsJob(now?: Date): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createServices(deps: ServiceDeps): Services {
  const { log } = deps;
  let directory = new DirectoryIndex();
  let sync: DirectorySync | undefined;
  let tempSweep: NodeJS.Timeout | undefined;
  let jobs: JobScheduler | undefined;
  let stopCollecting: (() => void) | undefined;
  let recount: NodeJS.Timeout | undefined;
  const recountPosts = () =>
    recountStaleCounts().then(
      (n) => n > 0 && log.info({ posts: n }, 'like and comment counts recounted after an interrupted change'),
      (err: unknown) => log.warn({ err: (err as Error).message }, 'recounting posts failed; retrying later'),
    );
  let entraSync: EntraSchedule | undefined;
  const nudges = createNudges({ config: deps.config, log });
  const delivery = createDelivery({
    config: deps.config,
    log,
    extraRenderers: nudges.renderers,
    ...(deps.messenger ? { messenger: deps.messenger } : {}),
  });
  const { media, analytics } = deps.config;
  const engagement = new BufferedRecorder({
    timeZone: deps.config.orgTimezone,
    onError: (err, lost) => log.warn({ err: (err as Error).message, lost }, 'engagement events not written'),
  });
  let analyticsTimer: NodeJS.Timeout | undefined;
  let analyticsRun: Promise<void> | undefined;
  // Rollups first, then the sweep, which never deletes a day that is not rolled up.
  const runAnalyticsJob = (now = new Date()) => {
    analyticsRun ??= (async () => {
      const options = { timeZone: deps.config.orgTimezone, retentionDays: analytics.retentionDays, now };
      await engagement.flush();
      const rolled = await rollUp(options);
      const swept = await sweepEngagement(options);
      if (rolled.days || swept.deleted) log.info({ ...rolled, swept: swept.deleted }, 'engagement rolled up');
    })()
      .catch((err: unknown) => log.warn({ err: (err as Error).message }, 'engagement rollup failed; retrying later'))
      .finally(() => {
        analyticsRun = undefined;
      });
    return analyticsRun;
  };
  const uploads = new Uploads({
    perPerson: media.uploadsPerPerson,
    atOnce: media.uploadsAtOnce,
    quotaBytes: media.quotaBytes,
  });
  // Uploads never attached to a post (a photo sent to the bot but not posted) are kept UNATTACHED_MEDIA_HOURS.
  // The store's part runs once per period across every instance (core/jobs.ts)...
  const sweepStore = async () => {
    const r = await sweepStoredMedia({ unattachedBefore: new Date(Date.now() - media.unattachedHours * 3600_000) });
    if (r.unattached || r.orphaned) log.info(r, 'media cleaned up');
  };
  // ...the temporary files on each machine, by each instance.
  const sweepTemp = () =>
    sweepTempFiles().then(
      (tempFiles) => tempFiles > 0 && log.info({ tempFiles }, 'temporary upload files removed'),
      (err: unknown) => log.warn({ err: (err as Error).message }, 'removing temporary upload files failed'),
    );
  return {
    config: deps.config,
    log,
    uploads,
    get directory() {
      return directory;
    },
    get entraSync() {
      return entraSync;
    },
    delivery,
    nudges,
    engagement,
    runAnalyticsJob,
    async start() {
      const started = Date.now();
      const retired = await dropRetiredPostIndexes();
      if (retired.length) log.info({ indexes: retired }, 'retired post indexes dropped');
      directory = await loadDirectory({ mobileVisibility: deps.config.mobileVisibility });
      sync = startDirectorySync(directory, {
        onRefreshed: ({ changed, dropped }) => {
          metrics.syncRuns.inc({ source: 'store', result: 'ok' });
          if (changed) metrics.syncChanges.inc({ source: 'store', change: 'changed' }, changed);
          if (dropped) metrics.syncChanges.inc({ source: 'store', change: 'dropped' }, dropped);
        },
        onError: (err) => {
          metrics.syncRuns.inc({ source: 'store', result: 'failed' });
          log.warn({ err: (err as Error).message }, 'directory refresh failed; retrying');
        },
      });
      log.info({ people: directory.size, ms: Date.now() - started }, 'directory index built');
      stopCollecting = onScrape(() => metrics.directoryPeople.set(directory.size));
      jobs = startJobs({
        jobs: [{ name: 'media clean-up', everyMs: MEDIA_SWEEP_INTERVAL_MS, run: sweepStore }],
        instance: deps.instanceId ?? `pid-${process.pid}`,
        log,
      });
      tempSweep = setInterval(sweepTemp, MEDIA_SWEEP_INTERVAL_MS);
      tempSweep.unref();
      void recountPosts();
      recount = setInterval(recountPosts, RECOUNT_INTERVAL_MS);
      recount.unref();
      entraSync = startEntraSchedule(deps.config, log, () => directory.refreshChanged(), { uploads });
      await delivery.start();
      nudges.start();
      installRecorder(engagement);
      engagement.start();
      analyticsTimer = setInterval(() => void runAnalyticsJob(), analytics.jobMs);
      analyticsTimer.unref();
      void runAnalyticsJob();
    },
    async stop() {
      await entraSync?.stop();
      stopCollecting?.();
      clearInterval(tempSweep);
      clearInterval(recount);
      await nudges.stop();
      clearInterval(analyticsTimer);
      await analyticsRun;
      const before = installRecorder(undefined);
      if (before !== engagement) installRecorder(before);
      await engagement.stop();
      await delivery.stop();
      await jobs?.stop();
      await sync?.stop();
      await uploads.close();
    },
  };
}
