import { PEOPLE_COLUMNS, type PeopleColumn } from '../core/people/import-file.js';
import type { DemoPerson } from './types.js';

/**
 * Demo or synthetic people written as a people-import file, the way an HR export looks:
 * for a sample file, the import tests and the benches.
 */
export function demoPeopleCsv(people: readonly DemoPerson[], options: { delimiter?: ',' | ';' } = {}): string {
  const delimiter = options.delimiter ?? ',';
  const quote = (value: string) =>
    /[",;\n\r]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
  const cell: Record<PeopleColumn, (p: DemoPerson) => string | undefined> = {
    email: (p) => p.email,
    displayName: (p) => p.displayName,
    givenName: (p) => p.givenName,
    surname: (p) => p.surname,
    jobTitle: (p) => p.jobTitle,
    department: (p) => p.department,
    officeLocation: (p) => p.officeLocation,
    businessPhone: (p) => p.businessPhone,
    mobilePhone: (p) => p.mobilePhone,
    mobileVisibility: (p) => p.mobileVisibility,
    skills: (p) => p.skills.join(';'),
    managerEmail: (p) => p.managerEmail,
    aadObjectId: (p) => p.aadObjectId,
    roles: (p) => p.roles.join(';'),
  };
  const lines = [PEOPLE_COLUMNS.join(delimiter)];
  for (const p of people) lines.push(PEOPLE_COLUMNS.map((c) => quote(cell[c](p) ?? '')).join(delimiter));
  return `${lines.join('\r\n')}\r\n`;
}
