import { createHash } from 'node:crypto';
import { normalizePhone } from '../../core/phones.js';
import type { DemoPerson } from '../../core/demo/index.js';
import type { DirectoryPersonInput } from '../../core/directory/index.js';

/** A stable 24-hex id for a demo person (the demo data has no ids; the seed assigns them). */
export function demoId(email: string): string {
  return createHash('sha1').update(email).digest('hex').slice(0, 24);
}

/**
 * A demo person as the store would hold them: phones parsed as the people import does
 * (display as written, E.164 for reverse lookup), active, an id derived from the email.
 */
export function demoToDirectoryInput(p: DemoPerson, updatedAt = new Date('2025-01-01T00:00:00Z')): DirectoryPersonInput {
  return {
    _id: demoId(p.email),
    email: p.email,
    displayName: p.displayName,
    givenName: p.givenName,
    surname: p.surname,
    jobTitle: p.jobTitle,
    department: p.department,
    officeLocation: p.officeLocation,
    businessPhone: normalizePhone(p.businessPhone),
    mobilePhone: normalizePhone(p.mobilePhone),
    mobileVisibility: p.mobileVisibility,
    skills: p.skills,
    aadObjectId: p.aadObjectId,
    roles: p.roles,
    active: true,
    updatedAt,
  };
}
