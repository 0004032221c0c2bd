import type { Types } from 'mongoose';
import type { CampaignView } from './campaigns.js';
import { Department } from '../../models/department.js';
import { Person } from '../../models/person.js';
import { COMPLETENESS_PROJECTION, scoreProfile, type CompletenessRules } from './completeness.js';

/** Aggregates over fewer people than this are folded together (one could tell who is incomplete). */
export const MIN_GROUP = 5;

export interface DepartmentStanding {
  /** Absent on the row of smaller departments folded together. */
  readonly departmentId?: string;
  /** Absent on the folded row (the door names it in the reader's language). */
  readonly name?: string;
  readonly folded: boolean;
  readonly people: number;
  /** Mean score, 0–100, rounded. */
  readonly averageScore: number;
  readonly complete: number;
  /** Share of complete profiles, 0–100, rounded down (100 only when every profile is complete). */
  readonly completeShare: number;
  /** 1 = best; equal figures share a rank. Folded rows are not ranked. */
  readonly rank: number | null;
}

export interface Leaderboard {
  readonly departments: readonly DepartmentStanding[];
  readonly organisation: {
    readonly people: number;
    readonly averageScore: number;
    readonly complete: number;
    readonly completeShare: number;
  };
  readonly computedAt: string;
}

/** GET /api/departments/completeness: the leaderboard as the asker reads it. */
export interface LeaderboardView extends Omit<Leaderboard, 'departments'> {
  readonly departments: ReadonlyArray<DepartmentStanding & { readonly name: string; readonly yours: boolean }>;
  readonly campaign: CampaignView | null;
  readonly can: { readonly manageCampaign: boolean };
}

/** Active people's completeness in one department: how many, their scores added up, how many complete. */
export interface CompletenessTally {
  people: number;
  scoreSum: number;
  complete: number;
}
type Tally = CompletenessTally;

const share = (t: Tally) => (t.people ? Math.floor((100 * t.complete) / t.people) : 0);
const average = (t: Tally) => (t.people ? Math.round(t.scoreSum / t.people) : 0);

/**
 * Every active person's score, grouped by department; people without one count for the
 * organisation and `withoutDepartment`. The leaderboard, the campaigns and the engagement
 * report's completeness over time all read it, so they show one and the same figure.
 */
export async function tallyByDepartment(
  rules: CompletenessRules = {},
): Promise<{ byDepartment: Map<string, Tally>; withoutDepartment: Tally; organisation: Tally }> {
  const people = await Person.find({ active: true }, COMPLETENESS_PROJECTION).lean();
  const byDepartment = new Map<string, Tally>();
  const organisation: Tally = { people: 0, scoreSum: 0, complete: 0 };
  const withoutDepartment: Tally = { people: 0, scoreSum: 0, complete: 0 };
  for (const p of people) {
    const c = scoreProfile(p, rules);
    const add = (t: Tally) => {
      t.people += 1;
      t.scoreSum += c.score;
      if (c.complete) t.complete += 1;
    };
    add(organisation);
    if (!p.departmentId) {
      add(withoutDepartment);
      continue;
    }
    const key = p.departmentId.toString();
    let t = byDepartment.get(key);
    if (!t) {
      t = { people: 0, scoreSum: 0, complete: 0 };
      byDepartment.set(key, t);
    }
    add(t);
  }
  return { byDepartment, withoutDepartment, organisation };
}

/**
 * The leaderboard (GET /api/departments/completeness): per department the share of complete
 * profiles and the mean score, best first; departments of fewer than MIN_GROUP active people are
 * folded into one row (shown only when that row has MIN_GROUP people itself).
 */
export async function departmentLeaderboard(rules: CompletenessRules = {}, now = new Date()): Promise<Leaderboard> {
  const [{ byDepartment, organisation }, departments] = await Promise.all([
    tallyByDepartment(rules),
    Department.find({}, { name: 1 }).lean(),
  ]);
  const names = new Map(departments.map((d) => [d._id.toString(), d.name]));
  const rows: DepartmentStanding[] = [];
  const folded: Tally = { people: 0, scoreSum: 0, complete: 0 };
  for (const [id, t] of byDepartment) {
    if (t.people < MIN_GROUP || !names.has(id)) {
      folded.people += t.people;
      folded.scoreSum += t.scoreSum;
      folded.complete += t.complete;
      continue;
    }
    rows.push({
      departmentId: id,
      name: names.get(id)!,
      folded: false,
      people: t.people,
      averageScore: average(t),
      complete: t.complete,
      completeShare: share(t),
      rank: null,
    });
  }
  rows.sort(
    (a, b) =>
      b.completeShare - a.completeShare ||
      b.averageScore - a.averageScore ||
      (a.name ?? '').localeCompare(b.name ?? '', 'nl'),
  );
  const ranked: DepartmentStanding[] = rows.map((r, i) => {
    const prev = rows[i - 1];
    const tie = prev && prev.completeShare === r.completeShare && prev.averageScore === r.averageScore;
    return { ...r, rank: tie ? -1 : i + 1 };
  });
  for (let i = 0; i < ranked.length; i++)
    if (ranked[i]!.rank === -1) ranked[i] = { ...ranked[i]!, rank: ranked[i - 1]!.rank };
  if (folded.people >= MIN_GROUP) {
    ranked.push({
      folded: true,
      people: folded.people,
      averageScore: average(folded),
      complete: folded.complete,
      completeShare: share(folded),
      rank: null,
    });
  }
  return {
    departments: ranked,
    organisation: {
      people: organisation.people,
      averageScore: average(organisation),
      complete: organisation.complete,
      completeShare: share(organisation),
    },
    computedAt: now.toISOString(),
  };
}

/** Where a department stands (for the nudge card), or undefined when it is folded or unknown. */
export function standingOf(board: Leaderboard, departmentId: Types.ObjectId | string | null | undefined) {
  if (!departmentId) return undefined;
  const id = departmentId.toString();
  const row = board.departments.find((d) => d.departmentId === id);
  if (!row || row.rank === null) return undefined;
  return { ...row, total: board.departments.filter((d) => !d.folded).length };
}
