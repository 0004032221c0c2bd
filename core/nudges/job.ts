import type { Types } from 'mongoose';
import type { Logger } from 'pino';
import type { NudgeConfig } from '../../config/index.js';
import { NudgeState } from '../../models/nudge.js';
import { Person } from '../../models/person.js';
import { enqueueMany, type EnqueueRequest } from '../delivery/outbox.js';
import { closedReason, periodKey, type Closed, type NudgeCalendar } from './calendar.js';
import { COMPLETENESS_PROJECTION, scoreProfile, type CompletenessRules } from './completeness.js';

const DAY_MS = 86_400_000;
/** How far ahead the job looks for the end of the sending window. */
const WINDOW_STEP_MS = 5 * 60_000;

/** What a nudge delivery carries; the card itself is written when it is sent (core/nudges/render.ts). */
export interface NudgePayload {
  /** 1 for the first nudge this person gets, 2 for the second… */
  readonly sequence: number;
  /** The score at the previous nudge (later nudges show progress). */
  readonly previousScore?: number;
  /** When it was made (real time, ms) and how long it may wait before the window closes. */
  readonly enqueuedAt: number;
  readonly windowMs: number;
}

export interface NudgeRound {
  /** Why nothing was done: the moment falls on a weekend, a holiday or in quiet hours. */
  readonly closed?: Closed;
  readonly period?: string;
  /** Active people below the threshold who could add something themselves. */
  readonly candidates: number;
  /** Nudges put into the outbox by this round. */
  readonly nudged: number;
  /** Candidates left alone: nudged within the period, or opted out. */
  readonly capped: number;
}

export interface NudgeJobDeps {
  readonly settings: NudgeConfig;
  readonly timeZone: string;
  readonly rules?: CompletenessRules;
  readonly log?: Logger;
}

/** How long from `now` the sending window stays open (until quiet hours, a weekend or a holiday). */
export function windowFrom(now: Date, calendar: NudgeCalendar): number {
  let ms = 0;
  while (ms < DAY_MS && !closedReason(new Date(now.getTime() + ms + WINDOW_STEP_MS), calendar)) ms += WINDOW_STEP_MS;
  return ms + WINDOW_STEP_MS;
}

/**
 * One round of the nudge job: people below the threshold who can add something themselves, who
 * did not opt out and were not nudged within the period, each get one nudge in the outbox
 * (key nudge|profile|person:<id>|<period>). Nothing happens at the weekend, on Dutch public
 * holidays or in quiet hours (ORG_TIMEZONE).
 *
 * Safe to run again, after a restart or on a second instance at the same time: each nudge is
 * claimed in the person's NudgeState with a conditional update (one claim per period, and none
 * within a period of the last), and the delivery's key makes a second enqueue a no-op. A claim
 * whose enqueue was lost (a crash in between) is made good by the next round in the same period.
 */
export async function runNudgeRound(deps: NudgeJobDeps, now: Date): Promise<NudgeRound> {
  const { settings } = deps;
  const calendar: NudgeCalendar = { timeZone: deps.timeZone, quietHours: settings.quietHours };
  const closed = closedReason(now, calendar);
  if (closed) return { closed, candidates: 0, nudged: 0, capped: 0 };
  const period = periodKey(now, settings.periodDays, deps.timeZone);
  const windowMs = windowFrom(now, calendar);
  const cutoff = new Date(now.getTime() - settings.periodDays * DAY_MS);

  const people = await Person.find(
    { active: true, nudgesOptOut: { $ne: true } },
    { ...COMPLETENESS_PROJECTION, _id: 1 },
  ).lean();
  const candidates = people
    .map((p) => ({ p, c: scoreProfile(p, deps.rules) }))
    .filter(({ c }) => c.score < settings.threshold && c.next !== null);
  const states = new Map(
    (await NudgeState.find({ _id: { $in: candidates.map(({ p }) => p._id) } }).lean()).map((s) => [String(s._id), s]),
  );

  const requests: EnqueueRequest[] = [];
  let capped = 0;
  for (const { p, c } of candidates) {
    const state = states.get(p._id.toString());
    if (state?.lastPeriod === period) {
      // Claimed in this period already (by this or another instance): enqueue again, a no-op unless it was lost.
      requests.push(nudgeRequest(p._id, p.departmentId, period, state.count ?? 1, state.previousScore, windowMs));
      continue;
    }
    if (state?.lastAt && state.lastAt > cutoff) {
      capped++;
      continue;
    }
    const claimed = await claim(p._id, state, period, now, c.score);
    if (!claimed) {
      capped++;
      continue;
    }
    requests.push(nudgeRequest(p._id, p.departmentId, period, claimed.count ?? 1, claimed.previousScore, windowMs));
  }
  const nudged = await enqueueMany(requests);
  deps.log?.info({ period, candidates: candidates.length, nudged, capped }, 'nudge round');
  return { period, candidates: candidates.length, nudged, capped };
}

/**
 * Takes the person's nudge for this period, unless someone else did since we read the state: the
 * update matches only the state as we read it (its last period), and an insert races on _id.
 */
async function claim(
  personId: Types.ObjectId,
  state: { lastPeriod?: string | null; lastScore?: number | null } | undefined,
  period: string,
  now: Date,
  score: number,
) {
  try {
    return await NudgeState.findOneAndUpdate(
      { _id: personId, lastPeriod: state?.lastPeriod ?? null },
      {
        $set: { lastPeriod: period, lastAt: now, lastScore: score, previousScore: state?.lastScore ?? null },
        $inc: { count: 1 },
      },
      { upsert: true, returnDocument: 'after', lean: true },
    );
  } catch (err) {
    if ((err as { code?: number }).code === 11000) return null;
    throw err;
  }
}

function nudgeRequest(
  personId: Types.ObjectId,
  departmentId: Types.ObjectId | null | undefined,
  period: string,
  sequence: number,
  previousScore: number | null | undefined,
  windowMs: number,
): EnqueueRequest {
  const payload: NudgePayload = {
    sequence,
    ...(typeof previousScore === 'number' ? { previousScore } : {}),
    enqueuedAt: Date.now(),
    windowMs,
  };
  return {
    kind: 'nudge',
    subject: 'profile',
    period,
    recipient: { personId },
    departmentId: departmentId ?? null,
    payload: { ...payload },
  };
}
