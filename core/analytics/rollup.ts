import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { AnalyticsState, EngagementRollup, NewsReach } from '../../models/analytics.js';
import { Delivery, PostReceipt } from '../../models/delivery.js';
import { EngagementEvent } from '../../models/engagement.js';
import { Person } from '../../models/person.js';
import { Post } from '../../models/post.js';
import { NEWS_KINDS } from '../policies/post.js';
import { audienceOf } from '../delivery/fanout.js';
import { dayOf, mondayOf, nextDay, startOfDay, weekOfDay } from './calendar.js';
import { tallyByDepartment } from '../nudges/leaderboard.js';

/**
 * The rollup job: raw engagement events become daily and weekly aggregates per department
 * (and per news post), so reports read small tables and raw events can go after the retention
 * period. Idempotent: a day or week is recomputed whole from the raw events and replaces what
 * was there, so a rerun, a crash half-way or a second instance changes nothing; a lease keeps
 * two instances from doing the same work at once. The current day and week are recomputed on
 * every run; `lastDay` remembers the last whole day done.
 */

const STATE_ID = 'rollup';
const LEASE_MS = 10 * 60_000;
/** A news post's reach is refreshed this long after publishing (receipts and reads settle by then). */
export const NEWS_REACH_DAYS = 30;

export interface RollupOptions {
  timeZone: string;
  now?: Date;
  /** Raw events older than this are gone: days before it are not recomputed. */
  retentionDays: number;
}

export interface RollupResult {
  days: number;
  weeks: number;
  events: number;
  newsPosts: number;
  /** Another instance holds the lease. */
  skipped?: boolean;
}

type Id = Types.ObjectId;
type Key = string;
const idKey = (id: Id | null | undefined) => (id ? id.toString() : '');

interface Tally {
  departmentId: Id | null;
  kind: string;
  postId: Id | null;
  events: number;
  people: Set<string>;
}

async function takeLease(now: Date, owner: string): Promise<boolean> {
  try {
    const got = await AnalyticsState.findOneAndUpdate(
      { _id: STATE_ID, $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] },
      { $set: { leaseUntil: new Date(now.getTime() + LEASE_MS), leaseOwner: owner } },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    return got?.leaseOwner === owner;
  } catch (err) {
    if ((err as { code?: number }).code === 11000) return false;
    throw err;
  }
}

/** Counts events and distinct people per (department, kind[, post]) over whole days. */
async function tally(days: string[], perPost: boolean): Promise<{ tallies: Map<Key, Tally>; events: number }> {
  const tallies = new Map<Key, Tally>();
  let events = 0;
  const add = (departmentId: Id | null, kind: string, postId: Id | null, personId: string) => {
    const key = `${idKey(departmentId)}|${kind}|${idKey(postId)}`;
    let t = tallies.get(key);
    if (!t) tallies.set(key, (t = { departmentId, kind, postId, events: 0, people: new Set() }));
    t.events += 1;
    t.people.add(personId);
  };
  const cursor = EngagementEvent.find(
    { day: days.length === 1 ? days[0] : { $in: days } },
    { _id: 0, personId: 1, departmentId: 1, kind: 1, postId: 1, news: 1 },
  )
    .lean()
    .cursor({ batchSize: 5000 });
  for await (const e of cursor) {
    events += 1;
    const person = e.personId.toString();
    const dept = (e.departmentId as Id | undefined) ?? null;
    add(dept, e.kind, null, person);
    add(dept, 'any', null, person);
    if (perPost && e.news && e.postId) add(dept, e.kind, e.postId as Id, person);
  }
  return { tallies, events };
}

function rows(period: 'day' | 'week', key: string, start: Date, tallies: Map<Key, Tally>) {
  return [...tallies.values()].map((t) => ({
    period,
    key,
    start,
    departmentId: t.departmentId,
    kind: t.kind,
    postId: t.postId,
    events: t.events,
    people: t.people.size,
  }));
}

/**
 * Active staff and profile completeness per department, as they are now: the score people see
 * on their profile and the leaderboard shows (core/nudges/completeness.ts), not one of its own.
 */
async function staffNow() {
  const { byDepartment, withoutDepartment } = await tallyByDepartment();
  const rows = [...byDepartment].map(([id, t]) => ({ departmentId: new Types.ObjectId(id) as Id | null, ...t }));
  if (withoutDepartment.people > 0) rows.push({ departmentId: null, ...withoutDepartment });
  return rows.map((r) => ({ departmentId: r.departmentId, staff: r.people, complete: r.complete, score: r.scoreSum }));
}

async function replace(period: 'day' | 'week', key: string, docs: object[], keepKinds: string[]) {
  await EngagementRollup.deleteMany({ key, period, kind: { $nin: keepKinds } });
  if (docs.length) await EngagementRollup.insertMany(docs, { ordered: false, lean: true });
}

/** Runs the job once: whole days since the last run, today so far, their weeks, recent news reach. */
export async function rollUp(options: RollupOptions): Promise<RollupResult> {
  const now = options.now ?? new Date();
  const tz = options.timeZone;
  const owner = randomUUID();
  if (!(await takeLease(now, owner))) return { days: 0, weeks: 0, events: 0, newsPosts: 0, skipped: true };
  try {
    const state = await AnalyticsState.findById(STATE_ID).lean();
    const today = dayOf(now, tz);
    const oldestKept = dayOf(new Date(now.getTime() - options.retentionDays * 86_400_000), tz);
    let first: string;
    if (state?.lastDay) first = nextDay(state.lastDay);
    else {
      const earliest = await EngagementEvent.findOne({}, { at: 1 }).sort({ at: 1 }).lean();
      first = earliest ? dayOf(earliest.at!, tz) : today;
    }
    if (first < oldestKept) first = oldestKept;
    if (first > today) first = today;

    const result: RollupResult = { days: 0, weeks: 0, events: 0, newsPosts: 0 };
    const weeks = new Set<string>();
    for (let day = first; day <= today; day = nextDay(day)) {
      const start = startOfDay(day, tz);
      const { tallies, events } = await tally([day], true);
      await replace('day', day, rows('day', day, start, tallies), []);
      weeks.add(mondayOf(day));
      result.days += 1;
      result.events += events;
      if (day < today) await AnalyticsState.updateOne({ _id: STATE_ID, leaseOwner: owner }, { $set: { lastDay: day } });
    }

    const currentMonday = mondayOf(today);
    for (const monday of [...weeks].sort()) {
      const start = startOfDay(monday, tz);
      const { tallies } = await tally(
        Array.from({ length: 7 }, (_, i) => nextDay(monday, i)),
        false,
      );
      const key = weekOfDay(monday);
      const docs: object[] = rows('week', key, start, tallies);
      // Staff and profile completeness have no history of their own: they are counted while the
      // week is current (the last count of a week stays), or once for a week rolled up later.
      const countStaff =
        monday === currentMonday || !(await EngagementRollup.exists({ key, period: 'week', kind: 'staff' }));
      if (countStaff)
        for (const d of await staffNow()) {
          const dept = { period: 'week', key, start, departmentId: d.departmentId, postId: null, events: 0 };
          docs.push({ ...dept, kind: 'staff', people: d.staff });
          docs.push({ ...dept, kind: 'profile', people: d.complete, staff: d.staff, score: d.score });
        }
      await replace('week', key, docs, countStaff ? [] : ['staff', 'profile']);
      result.weeks += 1;
    }

    result.newsPosts = await refreshNewsReach(now);
    await AnalyticsState.updateOne({ _id: STATE_ID, leaseOwner: owner }, { $set: { runAt: now } });
    return result;
  } finally {
    await AnalyticsState.updateOne({ _id: STATE_ID, leaseOwner: owner }, { $set: { leaseUntil: null } });
  }
}

interface Reach {
  departmentId: Id | null;
  audience: number;
  delivered: number;
  seen: number;
  read: number;
  acknowledged: number;
}

/** News published in the last NEWS_REACH_DAYS: delivered, seen, read and acknowledged per department. */
export async function refreshNewsReach(now: Date): Promise<number> {
  const posts = await Post.find(
    {
      kind: { $in: [...NEWS_KINDS] },
      status: 'published',
      deletedAt: null,
      publishedAt: { $gte: new Date(now.getTime() - NEWS_REACH_DAYS * 86_400_000), $lte: now },
    },
    { _id: 1, audience: 1, notify: 1, publishedAt: 1 },
  ).lean();
  if (!posts.length) return 0;
  let departmentOf: Map<string, Id | null> | undefined;
  const people = async () => {
    departmentOf ??= new Map(
      (await Person.find({ active: true }, { departmentId: 1 }).lean()).map((p) => [
        p._id.toString(),
        p.departmentId ?? null,
      ]),
    );
    return departmentOf;
  };
  for (const post of posts) {
    const reach = new Map<Key, Reach>();
    const recipients = new Map<string, Id | null>();
    const at = (dept: Id | null) => {
      const key = idKey(dept);
      let r = reach.get(key);
      if (!r)
        reach.set(key, (r = { departmentId: dept, audience: 0, delivered: 0, seen: 0, read: 0, acknowledged: 0 }));
      return r;
    };
    const deliveries = await Delivery.find(
      { postId: post._id, kind: 'news', personId: { $ne: null } },
      { personId: 1, departmentId: 1, status: 1, seenAt: 1 },
    ).lean();
    for (const d of deliveries) {
      const dept = d.departmentId ?? null;
      recipients.set(d.personId!.toString(), dept);
      const r = at(dept);
      r.audience += 1;
      if (d.status === 'sent') r.delivered += 1;
      if (d.seenAt) r.seen += 1;
    }
    if (!deliveries.length) {
      // Not sent as cards: its audience as it is now, as the delivery report counts it.
      for (const p of await audienceOf(post)) {
        recipients.set(p._id.toString(), p.departmentId ?? null);
        at(p.departmentId ?? null).audience += 1;
      }
    }
    const receipts = await PostReceipt.find({ postId: post._id }, { personId: 1, readAt: 1, acknowledgedAt: 1 }).lean();
    const known = await people();
    for (const rc of receipts) {
      const pid = rc.personId.toString();
      if (!recipients.has(pid) && !known.has(pid)) continue;
      const r = at(recipients.has(pid) ? recipients.get(pid)! : (known.get(pid) ?? null));
      if (!recipients.has(pid)) r.audience += 1; // read without being in the audience (a forwarded link)
      if (rc.readAt) r.read += 1;
      if (rc.acknowledgedAt) r.acknowledged += 1;
    }
    await NewsReach.deleteMany({ postId: post._id });
    await NewsReach.insertMany(
      [...reach.values()].map((r) => ({ postId: post._id, publishedAt: post.publishedAt, computedAt: now, ...r })),
      { ordered: false, lean: true },
    );
  }
  return posts.length;
}

export interface SweepResult {
  deleted: number;
  before: Date;
}

/**
 * Deletes raw events older than the retention period, but never one whose day is not rolled up
 * yet (a job that could not run for a while loses nothing to the sweep).
 */
export async function sweepEngagement(options: RollupOptions): Promise<SweepResult> {
  const now = options.now ?? new Date();
  let before = new Date(now.getTime() - options.retentionDays * 86_400_000);
  const state = await AnalyticsState.findById(STATE_ID, { lastDay: 1 }).lean();
  const rolledUntil = state?.lastDay ? startOfDay(nextDay(state.lastDay), options.timeZone) : new Date(0);
  if (rolledUntil < before) before = rolledUntil;
  const r = await EngagementEvent.deleteMany({ at: { $lt: before } });
  return { deleted: r.deletedCount, before };
}
