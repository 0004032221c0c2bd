import type { Types } from 'mongoose';

/**
 * How complete a profile is: weighted fields that make a colleague findable and reachable. The
 * score is derived from the person as stored whenever it is asked for (the API, the nudge job,
 * the leaderboard), so it follows every change, from whichever door (the tab, the nudge card, the
 * people import, the Entra ID sync), without a copy that could go stale.
 *
 * Fields a person cannot set themselves (department and manager always; the fields the Entra ID
 * sync owns while it is on) count in the score but are never asked of the person: their gaps are
 * for admins (core/nudges/gaps.ts).
 */

/** Highest value first: the order in which missing fields are named. The weights add up to 100. */
export const COMPLETENESS_WEIGHTS = {
  /** "Now people mostly use it to look up a phone number." */
  businessPhone: 20,
  photo: 15,
  jobTitle: 15,
  skills: 10,
  officeLocation: 10,
  bio: 10,
  department: 10,
  manager: 10,
} as const;

export type CompletenessField = keyof typeof COMPLETENESS_WEIGHTS;
export const COMPLETENESS_FIELDS = Object.keys(COMPLETENESS_WEIGHTS) as CompletenessField[];

/** Never asked of a person: the organisation sets them. */
export const ORGANISATION_FIELDS: readonly CompletenessField[] = ['department', 'manager'];

/** The person fields the score reads (a projection for queries). */
export const COMPLETENESS_PROJECTION = {
  businessPhone: 1,
  photoId: 1,
  jobTitle: 1,
  skills: 1,
  officeLocation: 1,
  bio: 1,
  departmentId: 1,
  managerId: 1,
} as const;

/** A person as the score reads them (a lean document with at least COMPLETENESS_PROJECTION). */
export interface ScoredPerson {
  readonly businessPhone?: { readonly e164?: string | null; readonly display?: string | null } | null;
  readonly photoId?: Types.ObjectId | null;
  readonly jobTitle?: string | null;
  readonly skills?: readonly string[] | null;
  readonly officeLocation?: string | null;
  readonly bio?: string | null;
  readonly departmentId?: Types.ObjectId | null;
  readonly managerId?: Types.ObjectId | null;
}

const filled = (s: string | null | undefined) => typeof s === 'string' && s.trim().length > 0;

function has(person: ScoredPerson, field: CompletenessField): boolean {
  switch (field) {
    case 'businessPhone':
      return filled(person.businessPhone?.e164) || filled(person.businessPhone?.display);
    case 'photo':
      return Boolean(person.photoId);
    case 'jobTitle':
      return filled(person.jobTitle);
    case 'skills':
      return (person.skills ?? []).some(filled);
    case 'officeLocation':
      return filled(person.officeLocation);
    case 'bio':
      return filled(person.bio);
    case 'department':
      return Boolean(person.departmentId);
    case 'manager':
      return Boolean(person.managerId);
  }
}

export interface CompletenessRules {
  /** Fields another system owns now (the Entra ID sync, when on): counted, never asked. */
  readonly ownedElsewhere?: readonly string[];
}

export interface Completeness {
  /** 0–100. */
  readonly score: number;
  readonly complete: boolean;
  /** Every missing field, most valuable first. */
  readonly missing: readonly CompletenessField[];
  /** The missing fields the person may fill in themselves, most valuable first. */
  readonly askable: readonly CompletenessField[];
  /** The most valuable field the person can add, or null when nothing is left for them to do. */
  readonly next: CompletenessField | null;
  /** Missing fields only the organisation (or Entra ID) can fill: for admins. */
  readonly organisationGaps: readonly CompletenessField[];
}

/** Which fields the person may set themselves under these rules. */
export function askableFields(rules: CompletenessRules = {}): ReadonlySet<CompletenessField> {
  const owned = new Set<string>([...ORGANISATION_FIELDS, ...(rules.ownedElsewhere ?? [])]);
  return new Set(COMPLETENESS_FIELDS.filter((f) => !owned.has(f)));
}

export function scoreProfile(person: ScoredPerson, rules: CompletenessRules = {}): Completeness {
  const askable = askableFields(rules);
  let score = 0;
  const missing: CompletenessField[] = [];
  for (const field of COMPLETENESS_FIELDS) {
    if (has(person, field)) score += COMPLETENESS_WEIGHTS[field];
    else missing.push(field);
  }
  const canAsk = missing.filter((f) => askable.has(f));
  return {
    score,
    complete: missing.length === 0,
    missing,
    askable: canAsk,
    next: canAsk[0] ?? null,
    organisationGaps: missing.filter((f) => !askable.has(f)),
  };
}
