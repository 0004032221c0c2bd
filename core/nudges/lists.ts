import { Types } from 'mongoose';
import type { NudgeConfig } from '../../config/index.js';
import { Person } from '../../models/person.js';
import type { Actor } from '../actor.js';
import { notFound } from '../errors.js';
import { enforce } from '../policies/decision.js';
import { viewIncompleteList, viewProfileGaps } from '../policies/completeness.js';
import {
  COMPLETENESS_PROJECTION,
  COMPLETENESS_WEIGHTS,
  scoreProfile,
  type CompletenessField,
  type CompletenessRules,
} from './completeness.js';

/** One's own completeness, as GET /api/me and the tab's meter show it. */
export interface OwnCompleteness {
  readonly score: number;
  readonly complete: boolean;
  /** Every missing field, most valuable first, with what it adds and whether the person can add it. */
  readonly missing: ReadonlyArray<{
    readonly field: CompletenessField;
    readonly weight: number;
    readonly askable: boolean;
  }>;
  /** The next step: the most valuable field the person can add (null: nothing left for them). */
  readonly next: CompletenessField | null;
  /** Below this score the nudge job sends reminders. */
  readonly threshold: number;
  /** False when the person switched reminders off. */
  readonly nudges: boolean;
}

export async function ownCompleteness(
  actor: Actor,
  deps: { readonly rules: CompletenessRules; readonly settings: Pick<NudgeConfig, 'threshold'> },
): Promise<OwnCompleteness> {
  const p = await Person.findOne(
    { _id: actor.personId, active: true },
    { ...COMPLETENESS_PROJECTION, nudgesOptOut: 1 },
  ).lean();
  if (!p) throw notFound('You are not in the directory.');
  const c = scoreProfile(p, deps.rules);
  const askable = new Set(c.askable);
  return {
    score: c.score,
    complete: c.complete,
    missing: c.missing.map((field) => ({ field, weight: COMPLETENESS_WEIGHTS[field], askable: askable.has(field) })),
    next: c.next,
    threshold: deps.settings.threshold,
    nudges: !p.nudgesOptOut,
  };
}

export interface IncompleteColleague {
  readonly id: string;
  readonly displayName: string;
  readonly missing: readonly CompletenessField[];
}

/**
 * An ambassador's own department: who has an incomplete profile and what is missing (names and
 * fields, nothing else), when the organisation switched AMBASSADOR_LISTS on. Nobody else sees it.
 */
export async function incompleteInDepartment(
  actor: Actor,
  departmentId: string,
  deps: { readonly rules: CompletenessRules; readonly settings: Pick<NudgeConfig, 'ambassadorLists'> },
): Promise<IncompleteColleague[]> {
  enforce(viewIncompleteList(actor, departmentId, deps.settings), () => notFound());
  const people = await Person.find(
    { active: true, departmentId: new Types.ObjectId(departmentId) },
    { ...COMPLETENESS_PROJECTION, displayName: 1 },
  )
    .sort({ displayName: 1 })
    .lean();
  return people
    .map((p) => ({ p, c: scoreProfile(p, deps.rules) }))
    .filter(({ c }) => !c.complete)
    .map(({ p, c }) => ({ id: p._id.toString(), displayName: p.displayName, missing: c.missing }));
}

export interface ProfileGap {
  readonly id: string;
  readonly displayName: string;
  readonly department: string | null;
  /** What only the organisation (or Entra ID) can fill in. */
  readonly gaps: readonly CompletenessField[];
}

/** "Who is missing a manager": for admins, the gaps people cannot fill themselves (optionally one field). */
export async function organisationGaps(
  actor: Actor,
  deps: { readonly rules: CompletenessRules },
  field?: CompletenessField,
): Promise<ProfileGap[]> {
  enforce(viewProfileGaps(actor), () => notFound());
  const people = await Person.find({ active: true }, { ...COMPLETENESS_PROJECTION, displayName: 1, department: 1 })
    .sort({ displayName: 1 })
    .lean();
  const out: ProfileGap[] = [];
  for (const p of people) {
    const gaps = scoreProfile(p, deps.rules).organisationGaps;
    if (gaps.length && (!field || gaps.includes(field))) {
      out.push({ id: p._id.toString(), displayName: p.displayName, department: p.department ?? null, gaps });
    }
  }
  return out;
}
