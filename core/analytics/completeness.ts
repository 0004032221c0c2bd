/**
 * How complete a profile is, for the report's "profile completeness per department over time".
 * The profile nudges (issue 12) score people for their own nudges; until their per-department
 * figures are on main, the report scores the same self-editable fields here: a photo, job
 * title, office location, work phone, mobile number, at least one skill and a short "about".
 */
export const COMPLETENESS_FIELDS = [
  'photoId',
  'jobTitle',
  'officeLocation',
  'businessPhone',
  'mobilePhone',
  'skills',
  'bio',
] as const;

export interface ProfileLike {
  photoId?: unknown;
  jobTitle?: string | null;
  officeLocation?: string | null;
  businessPhone?: { e164?: string | null; display?: string | null } | null;
  mobilePhone?: { e164?: string | null; display?: string | null } | null;
  skills?: readonly string[] | null;
  bio?: string | null;
}

/** The projection that reads what completeness needs. */
export const COMPLETENESS_PROJECTION = Object.fromEntries(COMPLETENESS_FIELDS.map((f) => [f, 1])) as Record<
  (typeof COMPLETENESS_FIELDS)[number],
  1
>;

/** 0–100: the share of the fields that are filled in. */
export function profileCompleteness(p: ProfileLike): number {
  const filled = [
    !!p.photoId,
    !!p.jobTitle?.trim(),
    !!p.officeLocation?.trim(),
    !!(p.businessPhone?.e164 || p.businessPhone?.display),
    !!(p.mobilePhone?.e164 || p.mobilePhone?.display),
    (p.skills?.length ?? 0) > 0,
    !!p.bio?.trim(),
  ].filter(Boolean).length;
  return Math.round((filled / COMPLETENESS_FIELDS.length) * 100);
}
