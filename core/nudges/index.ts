import type { Logger } from 'pino';
import type { Config } from '../../config/index.js';
import type { Renderer } from '../delivery/render.js';
import { entraOwnedFields } from '../people/entra-fields.js';
import { reportCompleteDepartments } from './campaigns.js';
import type { CompletenessRules } from './completeness.js';
import { runNudgeRound, type NudgeRound } from './job.js';
import { challengeRenderer, nudgeRenderer } from './render.js';

export interface NudgeService {
  /** How nudges and the communication team's cards are written when the delivery worker sends them. */
  readonly renderers: ReadonlyMap<string, Renderer>;
  /** What the score counts but never asks (department, manager, and Entra's fields while its sync is on). */
  readonly rules: CompletenessRules;
  /** One round now (the schedule calls it; tests and the simulation call it with their own clock). */
  runRound(now?: Date): Promise<NudgeRound & { readonly reportedDepartments: number }>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * The completeness rules of this organisation: while the Entra ID sync is on, the fields it owns
 * (job title, workplace, work number, department, manager) count but are never asked.
 */
export function completenessRules(config: Config): CompletenessRules {
  return { ownedElsewhere: entraOwnedFields(config) };
}

/**
 * Nudges as `npm start` runs them: a round every NUDGE_INTERVAL_MINUTES (when NUDGES is on) that
 * puts nudges into the outbox and reports complete departments to the communication team; the
 * delivery worker sends them. Rounds never overlap within an instance; across instances the
 * claims in the store keep them apart (core/nudges/job.ts).
 */
export function createNudges(deps: { config: Config; log: Logger }): NudgeService {
  const { config } = deps;
  const log = deps.log.child({ component: 'nudges' });
  const rules = completenessRules(config);
  let timer: NodeJS.Timeout | undefined;
  let first: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  async function runRound(now = new Date()) {
    const round = await runNudgeRound({ settings: config.nudges, timeZone: config.orgTimezone, rules, log }, now);
    const { reported } = await reportCompleteDepartments({ rules, log }, now);
    return { ...round, reportedDepartments: reported.length };
  }

  const tick = () => {
    if (running) return;
    running = runRound()
      .catch((err: unknown) => log.warn({ err: (err as Error).message }, 'nudge round failed; retrying next time'))
      .finally(() => {
        running = undefined;
      });
  };

  return {
    renderers: new Map<string, Renderer>([
      ['nudge', nudgeRenderer(config, rules)],
      ['challenge', challengeRenderer(config)],
    ]),
    rules,
    runRound,
    start() {
      if (!config.nudges.enabled || timer) return;
      // The first round soon after start-up (not at once: start-up has enough to do), then on the interval.
      first = setTimeout(tick, Math.min(config.nudges.intervalMs, 60_000));
      first.unref();
      timer = setInterval(tick, config.nudges.intervalMs);
      timer.unref();
    },
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
