import type { Types } from 'mongoose';
import { ActivityWeek, EngagementRollup, NewsReach } from '../../models/analytics.js';
import { Department } from '../../models/department.js';
import { EngagementEvent } from '../../models/engagement.js';
import { Person } from '../../models/person.js';
import { Post } from '../../models/post.js';
import type { Actor } from '../actor.js';
import { AppError } from '../errors.js';
import { enforce } from '../policies/decision.js';
import { viewAnalytics } from '../policies/analytics.js';
import { notFound } from '../errors.js';
import { daysBetween, dayOf, mondayOf, nextDay, startOfDay, weekOfDay } from './calendar.js';
import { MIN_GROUP, protect, tooFew, type Cell } from './fold.js';
import { CONTRIBUTION_KINDS } from './rollup.js';

/**
 * GET /api/analytics: engagement in aggregates, for communicators and admins. Figures come from
 * the rollups (core/analytics/rollup.ts) and the news reach table; the four user types are
 * computed from raw events when asked, and never stored. Rows are "reporting groups": each
 * department of at least 5 active people, and "other" for the smaller ones and people without a
 * department together. Every figure about fewer than 5 people is null ("< 5"), with enough
 * others hidden that totals cannot give it away (core/analytics/fold.ts). A department filter
 * picks whole reporting groups (naming a small department picks "other" whole) and leaves out
 * the organisation's totals, so comparing two filtered reports never isolates a small group.
 */

export const SECTIONS = ['active', 'activity', 'news', 'questions', 'profile', 'types'] as const;
export type Section = (typeof SECTIONS)[number];
export const ACTIVITY_KINDS = ['post', 'like', 'comment', 'question'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
const NEWS_MEASURES = ['delivered', 'seen', 'read', 'acknowledged'] as const;
type NewsMeasure = (typeof NEWS_MEASURES)[number];
export const USER_TYPES = ['enthusiast', 'positive', 'negative', 'laggard'] as const;
export type UserType = (typeof USER_TYPES)[number];
const MAX_DAYS = 731;

export interface AnalyticsQuery {
  /** First day, "YYYY-MM-DD" (organisation's calendar). Default: the Monday `weeks` weeks back. */
  from?: string;
  /** Last day, inclusive. Default: today. */
  to?: string;
  /** Without `from`: how many weeks up to `to` (default 12). */
  weeks?: number;
  departmentIds?: string[];
  sections?: readonly Section[];
  enthusiastPct?: number;
  regularPct?: number;
}

export interface AnalyticsSettings {
  timeZone: string;
  retentionDays: number;
  enthusiastPct: number;
  regularPct: number;
  now?: Date;
}

export interface GroupView {
  /** A department's id; null for "other". */
  id: string | null;
  name: string | null;
  staff: number;
}

type N = number | null;

export interface AnalyticsReport {
  period: { from: string; to: string; weeks: string[] };
  filtered: boolean;
  minGroup: number;
  groups: GroupView[];
  generatedAt: string;
  active?: {
    rows: Array<{ group: GroupView; weeks: Array<{ week: string; active: N; staff: number; share: N }> }>;
    total: Array<{ week: string; active: N; staff: number; share: N }> | null;
  };
  activity?: {
    rows: Array<{ group: GroupView; weeks: Array<{ week: string } & Record<ActivityKind, N>> }>;
    total: Array<{ week: string } & Record<ActivityKind, N>> | null;
  };
  news?: Array<{
    postId: string;
    title: string | null;
    publishedAt: string;
    total: ({ audience: number } & Record<NewsMeasure, N> & { shares: Record<NewsMeasure, N> }) | null;
    departments: Array<{ group: GroupView; audience: N } & Record<NewsMeasure, N> & { shares: Record<NewsMeasure, N> }>;
  }>;
  questions?: {
    scope: 'organisation';
    weeks: Array<QuestionFigures & { week: string }>;
    total: QuestionFigures;
  };
  profile?: {
    rows: Array<{
      group: GroupView;
      weeks: Array<{ week: string; staff: N; complete: N; averageScore: N } | { week: string; noData: true }>;
    }>;
    total: Array<{ week: string; staff: N; complete: N; averageScore: N } | { week: string; noData: true }> | null;
  };
  types?: {
    definitions: { enthusiastPct: number; regularPct: number };
    basis: { from: string; to: string; weeks: number; retentionDays: number };
    rows: Array<{ group: GroupView } & Record<UserType, N>>;
    total: ({ staff: number } & Record<UserType, N>) | null;
  };
}

export interface QuestionFigures {
  /** null: fewer than 5 people asked. */
  asked: N;
  answered: N;
  medianMinutes: N;
  p90Minutes: N;
  withinHourShare: N;
}

export function analyticsPeriod(q: AnalyticsQuery, timeZone: string, now: Date) {
  const to = q.to ?? dayOf(now, timeZone);
  const from = q.from ?? nextDay(mondayOf(to), -7 * ((q.weeks ?? 12) - 1));
  const span = daysBetween(from, to);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to) || span < 0 || span > MAX_DAYS)
    throw new AppError('validation_failed', { key: 'error.analytics.period' }, 400);
  const weeks: string[] = [];
  for (let m = mondayOf(from); m <= to; m = nextDay(m, 7)) weeks.push(weekOfDay(m));
  return { from, to, weeks, start: startOfDay(from, timeZone), end: startOfDay(nextDay(to), timeZone) };
}

interface Grouping {
  groups: GroupView[];
  /** Rows shown, as indexes into `groups`. */
  rows: number[];
  groupOf(departmentId: Types.ObjectId | string | null | undefined): number;
  filtered: boolean;
}

async function reportingGroups(departmentIds: readonly string[] | undefined): Promise<Grouping> {
  const counts = await Person.aggregate<{ _id: Types.ObjectId | null; n: number }>([
    { $match: { active: true } },
    { $group: { _id: '$departmentId', n: { $sum: 1 } } },
  ]);
  const big = counts.filter((c) => c._id && c.n >= MIN_GROUP);
  const names = new Map(
    (await Department.find({ _id: { $in: big.map((c) => c._id) } }, { name: 1 }).lean()).map((d) => [
      d._id.toString(),
      d.name,
    ]),
  );
  const groups: GroupView[] = big
    .filter((c) => names.has(c._id!.toString()))
    .map((c) => ({ id: c._id!.toString(), name: names.get(c._id!.toString())!, staff: c.n }))
    .sort((a, b) => a.name!.localeCompare(b.name!, 'nl'));
  const index = new Map(groups.map((g, i) => [g.id!, i]));
  const other: GroupView = {
    id: null,
    name: null,
    staff: counts.filter((c) => !c._id || !index.has(c._id.toString())).reduce((s, c) => s + c.n, 0),
  };
  groups.push(other);
  const otherIndex = groups.length - 1;
  const groupOf = (d: Types.ObjectId | string | null | undefined) =>
    d ? (index.get(d.toString()) ?? otherIndex) : otherIndex;
  let rows = groups.map((_, i) => i);
  if (departmentIds?.length) {
    const picked = new Set(departmentIds.map((d) => groupOf(d)));
    rows = rows.filter((i) => picked.has(i));
  } else if (other.staff === 0) {
    rows = rows.filter((i) => i !== otherIndex);
  }
  return { groups, rows, groupOf, filtered: !!departmentIds?.length };
}

const share = (value: N, of: number): N => (value === null || of <= 0 ? null : Math.round((value / of) * 1000) / 1000);

/**
 * The weekly per-department rollups of some kinds: a walk of the { period, kind, key } index that
 * meets only the documents wanted (the unique index, week first, would cross every kind of every
 * department of those weeks: 400 departments × 14 kinds a week at 10,000 people).
 */
export function weekRollups(weeks: readonly string[], kinds: readonly string[]) {
  return { period: 'week' as const, kind: { $in: [...kinds] }, key: { $in: [...weeks] }, postId: null };
}

/** Sums rollup figures into [group][week] cells. */
function weekCells(
  docs: ReadonlyArray<{
    key: string;
    departmentId?: Types.ObjectId | null;
    events?: number | null;
    people?: number | null;
  }>,
  g: Grouping,
  weeks: readonly string[],
  use: 'events' | 'people',
): { cells: Cell[][]; total: Cell[] } {
  const w = new Map(weeks.map((k, i) => [k, i]));
  const cells = g.groups.map(() => weeks.map(() => ({ value: 0, people: 0 })));
  const total = weeks.map(() => ({ value: 0, people: 0 }));
  for (const d of docs) {
    const col = w.get(d.key);
    if (col === undefined) continue;
    const cell = cells[g.groupOf(d.departmentId)]![col]!;
    const people = d.people ?? 0;
    cell.value += use === 'people' ? people : (d.events ?? 0);
    cell.people += people;
    total[col]!.value += use === 'people' ? people : (d.events ?? 0);
    total[col]!.people += people;
  }
  return { cells, total };
}

/** Protects the shown rows (and the organisation's total, when unfiltered); returns figures or null. */
function foldTable(
  cells: Cell[][],
  total: Cell[] | null,
  g: Grouping,
  rowTotals: boolean,
  small: (i: number) => boolean,
) {
  const shown = g.rows.map((i) => cells[i]!);
  const smallRows = new Set(g.rows.map((i, r) => (small(i) ? r : -1)).filter((r) => r >= 0));
  const totalShown = total ? total.map((c) => !tooFew(c.people)) : [];
  const hidden = protect(shown, { rowTotals, columnTotals: totalShown, smallRows });
  return {
    rows: shown.map((row, r) => row.map((c, col) => (hidden[r]![col] ? null : c.value))),
    total: total ? total.map((c, col) => (totalShown[col] ? c.value : null)) : null,
  };
}

async function activeSection(g: Grouping, weeks: string[]): Promise<NonNullable<AnalyticsReport['active']>> {
  const docs = await EngagementRollup.find(weekRollups(weeks, ['any', 'staff']), {
    key: 1,
    departmentId: 1,
    kind: 1,
    people: 1,
  }).lean();
  const active = weekCells(
    docs.filter((d) => d.kind === 'any'),
    g,
    weeks,
    'people',
  );
  const staff = weekCells(
    docs.filter((d) => d.kind === 'staff'),
    g,
    weeks,
    'people',
  );
  const staffOf = (i: number, col: number) => staff.cells[i]![col]!.value || g.groups[i]!.staff;
  const totalStaff = (col: number) => staff.total[col]!.value || g.groups.reduce((s, x) => s + x.staff, 0);
  const folded = foldTable(
    active.cells,
    g.filtered ? null : active.total,
    g,
    false,
    (i) => g.groups[i]!.staff < MIN_GROUP,
  );
  return {
    rows: g.rows.map((i, r) => ({
      group: g.groups[i]!,
      weeks: weeks.map((week, col) => {
        const value = g.groups[i]!.staff < MIN_GROUP ? null : folded.rows[r]![col]!;
        return { week, active: value, staff: staffOf(i, col), share: share(value, staffOf(i, col)) };
      }),
    })),
    total: folded.total
      ? weeks.map((week, col) => ({
          week,
          active: folded.total![col]!,
          staff: totalStaff(col),
          share: share(folded.total![col]!, totalStaff(col)),
        }))
      : null,
  };
}

async function activitySection(g: Grouping, weeks: string[]): Promise<NonNullable<AnalyticsReport['activity']>> {
  const docs = await EngagementRollup.find(weekRollups(weeks, ACTIVITY_KINDS), {
    key: 1,
    departmentId: 1,
    kind: 1,
    people: 1,
    events: 1,
  }).lean();
  const byKind = Object.fromEntries(
    ACTIVITY_KINDS.map((kind) => {
      const t = weekCells(
        docs.filter((d) => d.kind === kind),
        g,
        weeks,
        'events',
      );
      return [kind, foldTable(t.cells, g.filtered ? null : t.total, g, false, (i) => g.groups[i]!.staff < MIN_GROUP)];
    }),
  ) as Record<ActivityKind, ReturnType<typeof foldTable>>;
  const figures = (pick: (k: ActivityKind) => N, week: string) =>
    ({ week, ...Object.fromEntries(ACTIVITY_KINDS.map((k) => [k, pick(k)])) }) as { week: string } & Record<
      ActivityKind,
      N
    >;
  return {
    rows: g.rows.map((i, r) => ({
      group: g.groups[i]!,
      weeks: weeks.map((week, col) => figures((k) => byKind[k].rows[r]![col]!, week)),
    })),
    total: g.filtered ? null : weeks.map((week, col) => figures((k) => byKind[k].total![col]!, week)),
  };
}

async function newsSection(g: Grouping, start: Date, end: Date): Promise<NonNullable<AnalyticsReport['news']>> {
  const reach = await NewsReach.find({ publishedAt: { $gte: start, $lt: end } }).lean();
  const postIds = [...new Set(reach.map((r) => r.postId.toString()))];
  const posts = await Post.find({ _id: { $in: postIds }, deletedAt: null }, { title: 1, publishedAt: 1 })
    .sort({ publishedAt: -1 })
    .lean();
  // The audience is a column of its own: a small group's audience must not follow from the total either.
  const columns = ['audience', ...NEWS_MEASURES] as const;
  const out: NonNullable<AnalyticsReport['news']> = [];
  for (const post of posts) {
    const mine = reach.filter((r) => r.postId.equals(post._id));
    const cells = g.groups.map(() => columns.map(() => ({ value: 0, people: 0 })));
    for (const r of mine) {
      const row = cells[g.groupOf(r.departmentId)]!;
      columns.forEach((m, c) => {
        row[c]!.value += r[m] ?? 0;
        row[c]!.people += r[m] ?? 0;
      });
    }
    const total = columns.map((_, c) => ({
      value: cells.reduce((s, row) => s + row[c]!.value, 0),
      people: cells.reduce((s, row) => s + row[c]!.people, 0),
    }));
    // Only groups the post reached: a row of zeros for everyone else says nothing.
    const reached: Grouping = { ...g, rows: g.rows.filter((i) => cells[i]![0]!.value > 0) };
    const folded = foldTable(cells, g.filtered ? null : total, reached, false, (i) => cells[i]![0]!.value < MIN_GROUP);
    const figures = (values: N[]) => {
      const audience = values[0]!;
      const of = audience ?? 0;
      return {
        audience,
        ...(Object.fromEntries(NEWS_MEASURES.map((m, c) => [m, values[c + 1]!])) as Record<NewsMeasure, N>),
        shares: Object.fromEntries(NEWS_MEASURES.map((m, c) => [m, share(values[c + 1]!, of)])) as Record<
          NewsMeasure,
          N
        >,
      };
    };
    const totals = folded.total ? figures(folded.total) : null;
    out.push({
      postId: post._id.toString(),
      title: post.title ?? null,
      publishedAt: post.publishedAt!.toISOString(),
      total: totals && totals.audience !== null ? { ...totals, audience: totals.audience } : null,
      departments: reached.rows.map((i, r) => ({ group: g.groups[i]!, ...figures(folded.rows[r]!) })),
    });
  }
  return out;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

function questionFigures(items: ReadonlyArray<{ asker: string; minutes: number | null }>): QuestionFigures {
  const askers = new Set(items.map((i) => i.asker)).size;
  if (items.length === 0)
    return { asked: 0, answered: 0, medianMinutes: null, p90Minutes: null, withinHourShare: null };
  if (askers < MIN_GROUP)
    return { asked: null, answered: null, medianMinutes: null, p90Minutes: null, withinHourShare: null };
  const times = items
    .map((i) => i.minutes)
    .filter((m): m is number => m !== null)
    .sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    asked: items.length,
    answered: times.length,
    medianMinutes: times.length ? round(percentile(times, 0.5)) : null,
    p90Minutes: times.length ? round(percentile(times, 0.9)) : null,
    withinHourShare: share(times.filter((m) => m <= 60).length, items.length),
  };
}

async function questionsSection(
  weeks: string[],
  start: Date,
  end: Date,
  timeZone: string,
): Promise<NonNullable<AnalyticsReport['questions']>> {
  const questions = await Post.find(
    { kind: 'question', status: 'published', deletedAt: null, publishedAt: { $gte: start, $lt: end } },
    { authorId: 1, publishedAt: 1, firstAnswerAt: 1 },
  ).lean();
  const items = questions.map((q) => ({
    week: weekOfDay(dayOf(q.publishedAt!, timeZone)),
    asker: q.authorId.toString(),
    minutes: q.firstAnswerAt ? Math.max(0, (q.firstAnswerAt.getTime() - q.publishedAt!.getTime()) / 60_000) : null,
  }));
  return {
    scope: 'organisation',
    weeks: weeks.map((week) => ({ week, ...questionFigures(items.filter((i) => i.week === week)) })),
    total: questionFigures(items),
  };
}

async function profileSection(g: Grouping, weeks: string[]): Promise<NonNullable<AnalyticsReport['profile']>> {
  // One count per department per week: the week's last (core/analytics/rollup.ts).
  const docs = await EngagementRollup.find(weekRollups(weeks, ['profile']), {
    key: 1,
    departmentId: 1,
    people: 1,
    staff: 1,
    score: 1,
  }).lean();
  const measured = new Set(docs.map((d) => d.key));
  const col = new Map(weeks.map((w, i) => [w, i]));
  const complete = g.groups.map(() => weeks.map(() => ({ value: 0, people: 0 })));
  const staff = g.groups.map(() => weeks.map(() => 0));
  const score = g.groups.map(() => weeks.map(() => 0));
  for (const d of docs) {
    const c = col.get(d.key);
    if (c === undefined) continue;
    const i = g.groupOf(d.departmentId);
    complete[i]![c]!.value += d.people ?? 0;
    complete[i]![c]!.people += d.people ?? 0;
    staff[i]![c]! += d.staff ?? 0;
    score[i]![c]! += d.score ?? 0;
  }
  const total = weeks.map((_, c) => ({
    value: complete.reduce((s, row) => s + row[c]!.value, 0),
    people: complete.reduce((s, row) => s + row[c]!.people, 0),
  }));
  const totalStaff = weeks.map((_, c) => staff.reduce((s, row) => s + row[c]!, 0));
  const totalScore = weeks.map((_, c) => score.reduce((s, row) => s + row[c]!, 0));
  const folded = foldTable(complete, g.filtered ? null : total, g, false, (i) => g.groups[i]!.staff < MIN_GROUP);
  const figure = (week: string, n: number, completeValue: N, scoreSum: number) =>
    !measured.has(week)
      ? { week, noData: true as const }
      : n < MIN_GROUP
        ? { week, staff: null, complete: null, averageScore: null }
        : { week, staff: n, complete: completeValue, averageScore: Math.round(scoreSum / n) };
  return {
    rows: g.rows.map((i, r) => ({
      group: g.groups[i]!,
      weeks: weeks.map((week, c) => figure(week, staff[i]![c]!, folded.rows[r]![c]!, score[i]![c]!)),
    })),
    total: folded.total
      ? weeks.map((week, c) => figure(week, totalStaff[c]!, folded.total![c]!, totalScore[c]!))
      : null,
  };
}

/** The four user types, computed now from raw events of the period (clipped to what is kept). */
async function typesSection(
  g: Grouping,
  period: { from: string; to: string },
  s: AnalyticsSettings & { now: Date },
  pct: { enthusiastPct: number; regularPct: number },
): Promise<NonNullable<AnalyticsReport['types']>> {
  const oldestKept = dayOf(new Date(s.now.getTime() - s.retentionDays * 86_400_000), s.timeZone);
  const from = period.from < oldestKept ? nextDay(oldestKept) : period.from;
  const to = period.to;
  const today = dayOf(s.now, s.timeZone);
  const mondays: string[] = [];
  for (let m = mondayOf(from); m <= to; m = nextDay(m, 7)) mondays.push(m);
  // Per person: in how many weeks they were active at all, and in how many they contributed,
  // counted here and forgotten. A week wholly inside the period is read from the job's record of
  // who was active in it (one document; for the current week, as of the job's last run); a week
  // the period cuts, or one without a record, from its raw events (distinct people per day range).
  const active = new Map<string, number>();
  const contributed = new Map<string, number>();
  const bump = (map: Map<string, number>, ids: readonly unknown[]) => {
    for (const id of ids) {
      const key = String(id);
      map.set(key, (map.get(key) ?? 0) + 1);
    }
  };
  const whole = mondays.filter((m) => m >= from && (nextDay(m, 6) <= to || to >= today));
  const recorded = new Map(
    (
      await ActivityWeek.find(
        { key: { $in: whole.map(weekOfDay) } },
        { _id: 0, key: 1, active: 1, contributed: 1 },
      ).lean()
    ).map((w) => [w.key, w]),
  );
  await Promise.all(
    mondays.map(async (monday) => {
      const record = recorded.get(weekOfDay(monday));
      if (record) {
        bump(active, record.active);
        bump(contributed, record.contributed);
        return;
      }
      const days = Array.from({ length: 7 }, (_, i) => nextDay(monday, i)).filter((d) => d >= from && d <= to);
      const inWeek: Record<string, unknown> = { day: { $in: days } };
      const [any, c] = await Promise.all([
        EngagementEvent.distinct('personId', inWeek),
        EngagementEvent.distinct('personId', { ...inWeek, kind: { $in: CONTRIBUTION_KINDS } } as Record<
          string,
          unknown
        >),
      ]);
      bump(active, any);
      bump(contributed, c);
    }),
  );
  const weeks = Math.max(1, mondays.length);
  const people = await Person.find({ active: true }, { departmentId: 1 }).lean();
  const cells = g.groups.map(() => USER_TYPES.map(() => ({ value: 0, people: 0 })));
  for (const p of people) {
    const id = p._id.toString();
    const cw = contributed.get(id) ?? 0;
    const aw = active.get(id) ?? 0;
    const type: UserType =
      aw === 0
        ? 'laggard'
        : cw / weeks >= pct.enthusiastPct / 100
          ? 'enthusiast'
          : aw / weeks >= pct.regularPct / 100
            ? 'positive'
            : 'negative';
    const cell = cells[g.groupOf(p.departmentId)]![USER_TYPES.indexOf(type)]!;
    cell.value += 1;
    cell.people += 1;
  }
  const total = USER_TYPES.map((_, c) => ({
    value: cells.reduce((sum, row) => sum + row[c]!.value, 0),
    people: cells.reduce((sum, row) => sum + row[c]!.people, 0),
  }));
  const folded = foldTable(cells, g.filtered ? null : total, g, true, (i) => g.groups[i]!.staff < MIN_GROUP);
  const typed = (values: N[]) => Object.fromEntries(USER_TYPES.map((t, c) => [t, values[c]!])) as Record<UserType, N>;
  return {
    definitions: pct,
    basis: { from, to, weeks: mondays.length, retentionDays: s.retentionDays },
    rows: g.rows.map((i, r) => ({ group: g.groups[i]!, ...typed(folded.rows[r]!) })),
    total: folded.total ? { staff: people.length, ...typed(folded.total) } : null,
  };
}

/** The report, for communicators and admins (403 for anyone else). */
export async function analyticsReport(
  actor: Actor,
  q: AnalyticsQuery,
  settings: AnalyticsSettings,
): Promise<AnalyticsReport> {
  enforce(viewAnalytics(actor), () => notFound('No such report.'));
  const now = settings.now ?? new Date();
  const p = analyticsPeriod(q, settings.timeZone, now);
  const g = await reportingGroups(q.departmentIds);
  const want = new Set(q.sections?.length ? q.sections : SECTIONS);
  const report: AnalyticsReport = {
    period: { from: p.from, to: p.to, weeks: p.weeks },
    filtered: g.filtered,
    minGroup: MIN_GROUP,
    groups: g.rows.map((i) => g.groups[i]!),
    generatedAt: now.toISOString(),
  };
  const [active, activity, news, questions, profile, types] = await Promise.all([
    want.has('active') ? activeSection(g, p.weeks) : undefined,
    want.has('activity') ? activitySection(g, p.weeks) : undefined,
    want.has('news') ? newsSection(g, p.start, p.end) : undefined,
    want.has('questions') ? questionsSection(p.weeks, p.start, p.end, settings.timeZone) : undefined,
    want.has('profile') ? profileSection(g, p.weeks) : undefined,
    want.has('types')
      ? typesSection(
          g,
          p,
          { ...settings, now },
          {
            enthusiastPct: q.enthusiastPct ?? settings.enthusiastPct,
            regularPct: q.regularPct ?? settings.regularPct,
          },
        )
      : undefined,
  ]);
  if (active) report.active = active;
  if (activity) report.activity = activity;
  if (news) report.news = news;
  if (questions) report.questions = questions;
  if (profile) report.profile = profile;
  if (types) report.types = types;
  return report;
}
