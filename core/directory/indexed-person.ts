import { ROLES, type MobileVisibility, type Role } from '../../models/person.js';
import type { DirectoryPersonInput, IndexedPerson } from './types.js';
import { effectiveMobileVisibility } from '../policies/person.js';

function str(v: unknown): string | undefined {
  if (v == null) return undefined;
  const s = String(v).trim();
  return s === '' ? undefined : s;
}

function phone(v: DirectoryPersonInput['businessPhone']): IndexedPerson['businessPhone'] {
  if (!v) return undefined;
  const display = str(v.display);
  const e164 = str(v.e164);
  if (!display && !e164) return undefined;
  return Object.freeze({ display, e164 });
}

/**
 * The directory's own copy of a person: only what search and presenting need (no bio, Teams
 * id or settings; the manager's id, for "who is Jelte's manager"). Every field is present, undefined when unknown, so all
 * people share one object shape: a directory holds many of them.
 */
export function toIndexedPerson(doc: DirectoryPersonInput, mobileDefault: MobileVisibility = 'private'): IndexedPerson {
  return Object.freeze({
    id: doc._id.toString(),
    displayName: doc.displayName.trim(),
    givenName: str(doc.givenName),
    surname: str(doc.surname),
    email: doc.email.trim().toLowerCase(),
    jobTitle: str(doc.jobTitle),
    department: str(doc.department),
    departmentId: str(doc.departmentId),
    officeLocation: str(doc.officeLocation),
    businessPhone: phone(doc.businessPhone),
    mobilePhone: phone(doc.mobilePhone),
    // The owner's choice, else the organisation's default (MOBILE_VISIBILITY): what every door shows
    // and what reverse lookup may use are decided from this one value.
    mobileVisibility: effectiveMobileVisibility(doc.mobileVisibility, mobileDefault),
    managerId: str(doc.managerId),
    skills: Object.freeze((doc.skills ?? []).map((s) => s.trim()).filter(Boolean)),
    photoId: str(doc.photoId),
    aadObjectId: str(doc.aadObjectId),
    roles: Object.freeze((doc.roles ?? []).filter((r): r is Role => (ROLES as readonly string[]).includes(r))),
    updatedAt: doc.updatedAt ?? undefined,
  });
}
