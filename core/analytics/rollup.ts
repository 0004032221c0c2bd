import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { ActivityWeek, AnalyticsState, EngagementRollup, NewsReach } from '../../models/analytics.js';
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

/** What contributing means for the user types: writing something (core/analytics/report.ts). */
export const CONTRIBUTION_KINDS: readonly string[] = ['post', 'comment', 'question'];

function newTallies() {
  const tallies = new Map<Key, Tally>();
  const add = (departmentId: Id | null, kind: string, postId: Id | null, personId: string) => {
    const key = `${idKey(departmentId)}|${kind}|${idKey(postId)}`;
    let t = tallies.get(key);
    if (!t) tallies.set(key, (t = { departmentId, kind, postId, events: 0, people: new Set() }));
    t.events += 1;
    t.people.add(personId);
  };
  return { tallies, add };
}

interface WeekTally {
  /** Per day asked for: events and distinct people per (department, kind[, news post]). */
  days: Map<string, Map<Key, Tally>>;
  /** The whole week: per (department, kind), people counted over the week. */
  week: Map<Key, Tally>;
  /** Who was active, and who contributed, in the week. */
  active: Map<string, Id>;
  contributed: Map<string, Id>;
  /** Events of the days asked for. */
  events: number;
}

/**
 * One read of a week's raw events (its days by the `day` index) gives everything the job makes
 * of it: the rollups of the days in `rollDays`, the week's rollups and who was active in it.
 */
async function tallyWeek(days: string[], rollDays: ReadonlySet<string>): Promise<WeekTally> {
  const perDay = new Map([...rollDays].map((d) => [d, newTallies()]));
  const week = newTallies();
  const active = new Map<string, Id>();
  const contributed = new Map<string, Id>();
  let events = 0;
  const cursor = EngagementEvent.find(
    { day: { $in: days } },
    { _id: 0, personId: 1, departmentId: 1, kind: 1, postId: 1, news: 1, day: 1 },
  )
    .lean()
    .cursor({ batchSize: 5000 });
  for await (const e of cursor) {
    const person = e.personId.toString();
    const dept = (e.departmentId as Id | undefined) ?? null;
    week.add(dept, e.kind, null, person);
    week.add(dept, 'any', null, person);
    if (!active.has(person)) active.set(person, e.personId as Id);
    if (CONTRIBUTION_KINDS.includes(e.kind) && !contributed.has(person)) contributed.set(person, e.personId as Id);
    const day = perDay.get(e.day);
    if (!day) continue;
    events += 1;
    day.add(dept, e.kind, null, person);
    day.add(dept, 'any', null, person);
    if (e.news && e.postId) day.add(dept, e.kind, e.postId as Id, person);
  }
  return {
    days: new Map([...perDay].map(([d, t]) => [d, t.tallies])),
    week: week.tallies,
    active,
    contributed,
    events,
  };
}

/** Replaces a week's record of who was active (none: no record). */
async function writeActivityWeek(key: string, start: Date, t: Pick<WeekTally, 'active' | 'contributed'>, now: Date) {
  if (t.active.size === 0) {
    await ActivityWeek.deleteOne({ key });
    return;
  }
  await ActivityWeek.replaceOne(
    { key },
    { key, start, active: [...t.active.values()], contributed: [...t.contributed.values()], computedAt: now },
    { upsert: true },
  );
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
    const currentMonday = mondayOf(today);
    const mondays: string[] = [];
    for (let m = mondayOf(first); m <= today; m = nextDay(m, 7)) mondays.push(m);
    for (const monday of mondays) {
      const weekDays = Array.from({ length: 7 }, (_, i) => nextDay(monday, i));
      const rollDays = weekDays.filter((d) => d >= first && d <= today);
      const t = await tallyWeek(weekDays, new Set(rollDays));
      for (const day of rollDays) {
        await replace('day', day, rows('day', day, startOfDay(day, tz), t.days.get(day)!), []);
        result.days += 1;
        if (day < today)
          await AnalyticsState.updateOne({ _id: STATE_ID, leaseOwner: owner }, { $set: { lastDay: day } });
      }
      result.events += t.events;

      const start = startOfDay(monday, tz);
      const key = weekOfDay(monday);
      const docs: object[] = rows('week', key, start, t.week);
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
      await writeActivityWeek(key, start, t, now);
      result.weeks += 1;
    }
    await backfillActivityWeeks(nextDay(oldestKept), mondayOf(first), tz, now);

    result.newsPosts = await refreshNewsReach(now);
    await AnalyticsState.updateOne({ _id: STATE_ID, leaseOwner: owner }, { $set: { runAt: now } });
    return result;
  } finally {
    await AnalyticsState.updateOne({ _id: STATE_ID, leaseOwner: owner }, { $set: { leaseUntil: null } });
  }
}

/**
 * Weeks wholly within the raw events' retention that have no record of who was active (rolled up
 * before these records existed): made from their raw events, the rollups left as they are.
 */
async function backfillActivityWeeks(firstKept: string, before: string, tz: string, now: Date) {
  const wanted: string[] = [];
  for (let m = mondayOf(firstKept); m < before; m = nextDay(m, 7)) if (m >= firstKept) wanted.push(m);
  if (!wanted.length) return;
  const have = new Set(await ActivityWeek.distinct('key', { key: { $in: wanted.map(weekOfDay) } }));
  for (const monday of wanted) {
    const key = weekOfDay(monday);
    if (have.has(key)) continue;
    const t = await tallyWeek(
      Array.from({ length: 7 }, (_, i) => nextDay(monday, i)),
      new Set(),
    );
    await writeActivityWeek(key, startOfDay(monday, tz), t, now);
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
  /** Records of who was active in a week (models/analytics.ts) deleted with their week's first raw events. */
  activityWeeks: number;
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
  const weeks = await ActivityWeek.deleteMany({ start: { $lt: before } });
  return { deleted: r.deletedCount, activityWeeks: weeks.deletedCount, before };
}
