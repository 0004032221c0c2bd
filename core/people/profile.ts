import type { Types } from 'mongoose';
import { MOBILE_VISIBILITY, Person, type MobileVisibility } from '../../models/person.js';
import type { Actor } from '../actor.js';
import { AppError, notFound } from '../errors.js';
import { t } from '../i18n.js';
import { normalizePhone, type PhoneValue } from '../phones.js';
import { DIRECTORY_FIELDS } from '../directory/store.js';
import { mobileVisibilityOf } from './mobile-visibility.js';
import type { DirectoryIndex } from '../directory/index.js';
import type { DirectoryPersonInput } from '../directory/types.js';

/**
 * A person editing their own profile: the tab's "My profile" (PATCH /api/me) and, later, the
 * nudge card that asks for one missing field. Both doors hand the raw input to
 * updateOwnProfile(), which checks it the way the people import checks a CSV row (phones
 * parsed against the Dutch numbering plan, lengths as the model allows) and either stores all
 * of it or nothing, refusing with one localized message per field.
 */

/** What a person may set on their own profile. Department and manager are the organisation's to set. */
export const SELF_EDITABLE_FIELDS = [
  'jobTitle',
  'officeLocation',
  'businessPhone',
  'mobilePhone',
  'mobileVisibility',
  'skills',
  'bio',
] as const;
export type SelfEditableField = (typeof SELF_EDITABLE_FIELDS)[number];

const FIELD_LABEL = {
  jobTitle: 'profile.field.jobTitle',
  officeLocation: 'profile.field.officeLocation',
  businessPhone: 'profile.field.businessPhone',
  mobilePhone: 'profile.field.mobilePhone',
  mobileVisibility: 'profile.field.mobileVisibility',
  skills: 'profile.field.skills',
  bio: 'profile.field.bio',
} as const satisfies Record<SelfEditableField, string>;

export const PROFILE_LIMITS = {
  jobTitle: 200,
  officeLocation: 200,
  bio: 2000,
  skills: 50,
  skill: 100,
} as const;

/** A change to one's own profile; null or '' clears a field. */
export interface ProfilePatch {
  jobTitle?: string | null;
  officeLocation?: string | null;
  businessPhone?: string | null;
  mobilePhone?: string | null;
  /** null takes the choice back: the organisation's default applies again. */
  mobileVisibility?: MobileVisibility | null;
  skills?: string[];
  bio?: string | null;
}

export interface ProfileProblem {
  readonly field: string;
  /** Stable, for clients that want their own wording. */
  readonly code: 'invalid_phone' | 'too_long' | 'too_many' | 'locked' | 'unknown_field' | 'invalid_value';
  /** In the actor's language. */
  readonly message: string;
}

export interface ProfileUpdateOptions {
  /** Every field Entra owns while the Entra ID sync is on (core/people/entra-fields.ts), shown read-only. */
  readonly entraOwned?: readonly string[];
  /** MOBILE_VISIBILITY: what applies to a mobile number whose owner chose nothing. Default private. */
  readonly mobileVisibilityDefault?: MobileVisibility;
  /** Fields another system owns (the Entra ID sync, when on): shown, never set here. */
  readonly lockedFields?: readonly SelfEditableField[];
}

export interface ProfileUpdate {
  /** The fields whose stored value changed. */
  readonly changed: readonly SelfEditableField[];
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The skills list as the import keeps it: trimmed, blanks and case-insensitive repeats dropped. */
function skillList(items: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of items) {
    const item = oneLine(raw);
    const key = item.toLocaleLowerCase('nl');
    if (!item || seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

/**
 * Checks `input` (an untrusted object from a request body or a card submission) and stores it
 * on the actor's own profile, all fields or none. Throws AppError validation_failed (400) with
 * `details: ProfileProblem[]`, each message in the actor's language.
 */
export async function updateOwnProfile(
  actor: Actor,
  input: unknown,
  options: ProfileUpdateOptions = {},
): Promise<ProfileUpdate> {
  const locale = actor.locale;
  const label = (field: SelfEditableField) => t(locale, FIELD_LABEL[field]);
  const problems: ProfileProblem[] = [];
  const problem = (field: string, code: ProfileProblem['code'], message: string) =>
    problems.push({ field, code, message });

  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new AppError('validation_failed', { key: 'profile.invalid' }, 400, []);
  }
  const raw = input as Record<string, unknown>;
  const locked = new Set(options.lockedFields ?? []);
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, 1> = {};

  for (const [field, value] of Object.entries(raw)) {
    if (!(SELF_EDITABLE_FIELDS as readonly string[]).includes(field)) {
      problem(field, 'unknown_field', t(locale, 'profile.invalid.unknown', { field }));
      continue;
    }
    const f = field as SelfEditableField;
    if (locked.has(f)) {
      problem(f, 'locked', t(locale, 'profile.invalid.locked', { field: label(f) }));
      continue;
    }
    const invalid = () => problem(f, 'invalid_value', t(locale, 'profile.invalid.type', { field: label(f) }));
    switch (f) {
      case 'jobTitle':
      case 'officeLocation':
      case 'bio': {
        if (value !== null && typeof value !== 'string') {
          invalid();
          break;
        }
        const text = value === null ? '' : f === 'bio' ? value.trim() : oneLine(value);
        if (text.length > PROFILE_LIMITS[f]) {
          problem(f, 'too_long', t(locale, 'profile.invalid.tooLong', { field: label(f), max: PROFILE_LIMITS[f] }));
        } else if (text) $set[f] = text;
        else $unset[f] = 1;
        break;
      }
      case 'businessPhone':
      case 'mobilePhone': {
        if (value !== null && typeof value !== 'string') {
          invalid();
          break;
        }
        const text = value === null ? '' : oneLine(value);
        if (!text) {
          $unset[f] = 1;
          break;
        }
        // As the import does: an internal extension is a work number, never a mobile one.
        const phone: PhoneValue | undefined = normalizePhone(text, { allowExtension: f === 'businessPhone' });
        if (!phone) {
          const key = f === 'mobilePhone' ? 'profile.invalid.mobile' : 'profile.invalid.phone';
          problem(f, 'invalid_phone', t(locale, key, { value: text.slice(0, 40) }));
        } else $set[f] = phone;
        break;
      }
      case 'mobileVisibility':
        // Only a real choice is stored; null takes it back.
        if (value === null) $unset[f] = 1;
        else if (typeof value !== 'string' || !(MOBILE_VISIBILITY as readonly string[]).includes(value)) invalid();
        else $set[f] = value;
        break;
      case 'skills': {
        if (!Array.isArray(value) || value.some((s) => typeof s !== 'string')) {
          invalid();
          break;
        }
        const skills = skillList(value as string[]);
        if (skills.length > PROFILE_LIMITS.skills) {
          problem(f, 'too_many', t(locale, 'profile.invalid.skillsCount', { max: PROFILE_LIMITS.skills }));
        } else if (skills.some((s) => s.length > PROFILE_LIMITS.skill)) {
          problem(f, 'too_long', t(locale, 'profile.invalid.skillTooLong', { max: PROFILE_LIMITS.skill }));
        } else $set[f] = skills;
        break;
      }
    }
  }
  if (problems.length) throw new AppError('validation_failed', { key: 'profile.invalid' }, 400, problems);

  const fields = [...Object.keys($set), ...Object.keys($unset)] as SelfEditableField[];
  if (!fields.length) return { changed: [] };
  const before = await Person.findOne(
    { _id: actor.personId, active: true },
    Object.fromEntries(fields.map((f) => [f, 1])),
  )
    .lean<Record<string, unknown>>()
    .exec();
  if (!before) throw notFound('You are not in the directory.');
  const changed = fields.filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify($set[f] ?? null));
  if (!changed.length) return { changed: [] };
  const update: Record<string, unknown> = {};
  const setChanged = Object.fromEntries(changed.filter((f) => f in $set).map((f) => [f, $set[f]]));
  const unsetChanged = Object.fromEntries(changed.filter((f) => f in $unset).map((f) => [f, 1]));
  if (Object.keys(setChanged).length) update.$set = setChanged;
  if (Object.keys(unsetChanged).length) update.$unset = unsetChanged;
  await Person.updateOne({ _id: actor.personId, active: true }, update, { runValidators: true });
  return { changed };
}

/** The editable fields of one's own profile, as stored: what the profile form starts from. */
export interface OwnProfile {
  jobTitle: string | null;
  officeLocation: string | null;
  businessPhone: string | null;
  mobilePhone: string | null;
  /** What applies now: the person's choice, else the organisation's default. */
  mobileVisibility: MobileVisibility;
  /** The person's own choice; null when they made none. */
  mobileVisibilityChoice: MobileVisibility | null;
  /** The organisation's default (MOBILE_VISIBILITY): what applies when the choice is taken back. */
  mobileVisibilityDefault: MobileVisibility;
  skills: string[];
  bio: string | null;
  department: string | null;
  /** Fields shown read-only, with who owns them. */
  locked: Array<{ field: string; owner: 'organisation' | 'entra' }>;
}

export async function ownProfile(actor: Actor, options: ProfileUpdateOptions = {}): Promise<OwnProfile> {
  const p = await Person.findOne(
    { _id: actor.personId, active: true },
    {
      jobTitle: 1,
      officeLocation: 1,
      businessPhone: 1,
      mobilePhone: 1,
      mobileVisibility: 1,
      skills: 1,
      bio: 1,
      department: 1,
    },
  ).lean();
  if (!p) throw notFound('You are not in the directory.');
  return {
    jobTitle: p.jobTitle ?? null,
    officeLocation: p.officeLocation ?? null,
    businessPhone: p.businessPhone?.display ?? null,
    mobilePhone: p.mobilePhone?.display ?? null,
    ...mobileVisibilityFields(p.mobileVisibility, options.mobileVisibilityDefault ?? 'private'),
    skills: [...(p.skills ?? [])],
    bio: p.bio ?? null,
    department: p.department ?? null,
    locked: [
      ...(['department', 'manager'] as const)
        .filter((field) => !options.entraOwned?.includes(field))
        .map((field) => ({ field, owner: 'organisation' as const })),
      ...[...new Set([...(options.entraOwned ?? []), ...(options.lockedFields ?? [])])].map((field) => ({
        field,
        owner: 'entra' as const,
      })),
    ],
  };
}

function mobileVisibilityFields(
  stored: string | null | undefined,
  organisationDefault: MobileVisibility,
): Pick<OwnProfile, 'mobileVisibility' | 'mobileVisibilityChoice' | 'mobileVisibilityDefault'> {
  const { choice, effective } = mobileVisibilityOf(stored, organisationDefault);
  return { mobileVisibility: effective, mobileVisibilityChoice: choice, mobileVisibilityDefault: organisationDefault };
}

/** After a write: the directory index takes the person's new version at once (search, pages, /api/me). */
export async function reindexPerson(directory: DirectoryIndex, personId: Types.ObjectId): Promise<void> {
  const doc = await Person.findById(personId, DIRECTORY_FIELDS).lean<DirectoryPersonInput>();
  if (doc) directory.upsertPerson(doc);
}
