import { normalizePhone } from '../core/phones.js';
import type { DirectoryPersonInput } from '../core/directory/types.js';
import type { DemoPerson } from './types.js';

/**
 * A generated person as the store would hold them, for building a directory without a store
 * (benches, tests): phones parsed as the people import does (display as written, E.164 for
 * reverse lookup), active.
 */
export function demoDirectoryInput(
  p: DemoPerson,
  id: string,
  updatedAt: Date,
  /** The id the manager (p.managerEmail) has, when known. */
  managerId?: string,
): DirectoryPersonInput {
  return {
    ...(managerId ? { managerId } : {}),
    _id: id,
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
