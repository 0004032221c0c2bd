import type { Config } from '../../config/index.js';

/**
 * The profile fields Entra ID owns while the sync is on: the sync writes them, so Ids shows them
 * read-only (an edit here would be overwritten by the next sync). What a person sets in Ids
 * themselves (skills, "about", who sees their mobile number, an uploaded photo) is never among them.
 */
export const ENTRA_OWNED_FIELDS = [
  'displayName',
  'givenName',
  'surname',
  'email',
  'jobTitle',
  'department',
  'officeLocation',
  'businessPhone',
  'mobilePhone',
  'manager',
] as const;
export type EntraOwnedField = (typeof ENTRA_OWNED_FIELDS)[number];

/** A field shown read-only, and who owns it (the shape of `profile.locked` in GET /api/me). */
export interface LockedField {
  readonly field: string;
  readonly owner: 'organisation' | 'entra';
}

/** The fields Entra owns now: all of them while the sync is on, none otherwise. */
export function entraOwnedFields(config: Pick<Config, 'entraSync'>): readonly EntraOwnedField[] {
  return config.entraSync ? ENTRA_OWNED_FIELDS : [];
}

/**
 * What the profile screen and PATCH /api/me go by (core/people/profile.ts): the fields Entra owns
 * are shown read-only and refused in an edit while the sync is on, and a mobile number's
 * visibility without a choice is the organisation's MOBILE_VISIBILITY.
 */
export function profileRules(config: Pick<Config, 'entraSync' | 'mobileVisibility'>): {
  readonly lockedFields: readonly ('jobTitle' | 'officeLocation' | 'businessPhone' | 'mobilePhone')[];
  readonly entraOwned: readonly EntraOwnedField[];
  readonly mobileVisibilityDefault: 'private' | 'organisation';
} {
  const owned = entraOwnedFields(config);
  return {
    lockedFields: (['jobTitle', 'officeLocation', 'businessPhone', 'mobilePhone'] as const).filter((f) =>
      owned.includes(f),
    ),
    entraOwned: owned,
    mobileVisibilityDefault: config.mobileVisibility,
  };
}

/** Whether a person's field comes from Entra: the sync is on and brought this person in. */
export function isEntraOwned(
  config: Pick<Config, 'entraSync'>,
  person: { readonly entra?: unknown },
  field: EntraOwnedField,
): boolean {
  return Boolean(config.entraSync && person.entra) && ENTRA_OWNED_FIELDS.includes(field);
}
