import mongoose from 'mongoose';
import type { Logger } from 'pino';
import { withLogContext } from './log-context.js';
import { metrics } from './metrics.js';

/**
 * Scheduled work that must run once per period however many instances run it: each instance
 * ticks, and a tick runs the job only if it wins the conditional update that moves the job's
 * `nextRunAt` forward in the store's `jobs` collection. A second instance, or a restart within
 * the period, finds the job claimed and does nothing. The job itself must still be idempotent
 * (an instance may die half-way; the next period runs it again).
 */
export const JOBS_COLLECTION = 'jobs';

export interface JobRecord {
  _id: string;
  nextRunAt: Date;
  lastRunAt?: Date;
  lastRunBy?: string;
  lastResult?: 'ok' | 'failed';
  runs?: number;
}

export interface ScheduledJob {
  readonly name: string;
  readonly everyMs: number;
  run(): Promise<void>;
}

export interface JobScheduler {
  /** Runs every job that is due and not claimed by another instance (also what each tick does). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

function jobs() {
  const db = mongoose.connection.db;
  if (!db) throw new Error('The store is not connected.');
  return db.collection<JobRecord>(JOBS_COLLECTION);
}

/** Claims the job's current period for `instance`; true when this instance should run it. */
export async function claimJob(name: string, everyMs: number, instance: string, now = new Date()): Promise<boolean> {
  // Created due, once; a duplicate key means another instance created it first.
  await jobs()
    .updateOne({ _id: name }, { $setOnInsert: { nextRunAt: now, runs: 0 } }, { upsert: true })
    .catch((err: { code?: number }) => {
      if (err.code !== 11000) throw err;
    });
  const claimed = await jobs().findOneAndUpdate(
    { _id: name, nextRunAt: { $lte: now } },
    { $set: { nextRunAt: new Date(now.getTime() + everyMs), lastRunAt: now, lastRunBy: instance }, $inc: { runs: 1 } },
  );
  return claimed !== null;
}

export function startJobs(opts: {
  jobs: readonly ScheduledJob[];
  instance: string;
  log: Logger;
  /** How often each instance looks for due jobs (default 30 s). */
  tickMs?: number;
}): JobScheduler {
  const { log, instance } = opts;
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = async () => {
    for (const job of opts.jobs) {
      if (stopped) return;
      let mine = false;
      try {
        mine = await claimJob(job.name, job.everyMs, instance);
      } catch (err) {
        log.warn({ job: job.name, err: (err as Error).message }, 'could not claim a scheduled job; trying again later');
        continue;
      }
      if (!mine) continue;
      await withLogContext({ job: job.name }, async () => {
        try {
          await job.run();
          metrics.jobRuns.inc({ job: job.name, result: 'ok' });
          await jobs().updateOne({ _id: job.name }, { $set: { lastResult: 'ok' } });
        } catch (err) {
          metrics.jobRuns.inc({ job: job.name, result: 'failed' });
          log.warn({ job: job.name, err: (err as Error).message }, 'scheduled job failed; it runs again next period');
          await jobs()
            .updateOne({ _id: job.name }, { $set: { lastResult: 'failed' } })
            .catch(() => undefined);
        }
      });
    }
  };
  const runTick = () => {
    if (stopped || running) return running;
    running = tick().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => void runTick(), opts.tickMs ?? 30_000);
  timer.unref();
  void runTick();
  return {
    async tick() {
      await running;
      await runTick();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
