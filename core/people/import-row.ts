import { z } from 'zod';
import { ROLES, type MobileVisibility, type Role } from '../../models/person.js';
import { normalizePhone } from '../phones.js';
import type { PeopleColumn } from './import-file.js';

/**
 * One row of a people file, validated. A blank cell is absent here (undefined), which the
 * import reads as "leave the stored value as it is"; `skills` and `roles` are lists
 * separated by ";" inside their cell.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

const text = (column: PeopleColumn, max: number) =>
  z
    .string()
    .transform(oneLine)
    .refine((s) => s.length <= max, `${column} is longer than ${max} characters`)
    .optional();

const email = (column: PeopleColumn) =>
  z
    .string()
    .transform((s) => s.trim().toLowerCase())
    .pipe(z.email({ error: (issue) => `${column} "${String(issue.input)}" is not a valid email address` }));

const phone = (column: PeopleColumn, allowExtension: boolean) =>
  z
    .string()
    .transform((s, ctx) => {
      const value = normalizePhone(s, { allowExtension });
      if (!value) {
        ctx.addIssue({ code: 'custom', message: `${column} "${oneLine(s)}" is not a valid phone number` });
        return z.NEVER;
      }
      return value;
    })
    .optional();

const list = (s: string) => {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of s.split(';')) {
    const item = oneLine(part);
    if (item === '' || seen.has(item.toLowerCase())) continue;
    seen.add(item.toLowerCase());
    out.push(item);
  }
  return out;
};

const roleSet = new Set<string>(ROLES);

/** The words an HR export may use for who sees the mobile number, in Dutch or English. */
const VISIBILITY_WORDS: Record<string, MobileVisibility> = {
  private: 'private',
  prive: 'private',
  privé: 'private',
  organisation: 'organisation',
  organization: 'organisation',
  organisatie: 'organisation',
};

export const peopleRowSchema = z.object({
  email: email('email'),
  displayName: text('displayName', 200),
  givenName: text('givenName', 100),
  surname: text('surname', 150),
  jobTitle: text('jobTitle', 200),
  department: text('department', 200),
  officeLocation: text('officeLocation', 200),
  businessPhone: phone('businessPhone', true),
  mobilePhone: phone('mobilePhone', false),
  mobileVisibility: z
    .string()
    .transform((s, ctx) => {
      const value = VISIBILITY_WORDS[s.trim().toLowerCase()];
      if (!value) {
        ctx.addIssue({
          code: 'custom',
          message: `mobileVisibility "${oneLine(s)}" is not private or organisation`,
        });
        return z.NEVER;
      }
      return value;
    })
    .optional(),
  skills: z
    .string()
    .transform(list)
    .refine((skills) => skills.length <= 50, 'skills lists more than 50 skills')
    .refine((skills) => skills.every((s) => s.length <= 100), 'a skill is longer than 100 characters')
    .optional(),
  managerEmail: email('managerEmail').optional(),
  aadObjectId: z
    .string()
    .transform((s) =>
      s
        .trim()
        .toLowerCase()
        .replace(/^\{(.*)\}$/, '$1'),
    )
    .refine((s) => GUID.test(s), { error: (issue) => `aadObjectId "${String(issue.input)}" is not a GUID` })
    .optional(),
  roles: z
    .string()
    .transform((s, ctx) => {
      const names = list(s).map((r) => r.toLowerCase());
      const unknown = names.filter((r) => !roleSet.has(r));
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown role${unknown.length > 1 ? 's' : ''} ${unknown.map((r) => `"${r}"`).join(', ')} (known: ${ROLES.join(', ')})`,
        });
        return z.NEVER;
      }
      // Stored in a fixed order so a re-import with the roles listed differently changes nothing.
      return ROLES.filter((r) => names.includes(r)) as Role[];
    })
    .optional(),
});

export type PeopleRow = z.infer<typeof peopleRowSchema>;

export type RowResult = { ok: true; row: PeopleRow } | { ok: false; reason: string };

/** Validates the cells of one row; blank cells count as absent. */
export function parsePeopleRow(cells: Partial<Record<PeopleColumn, string>>): RowResult {
  const present: Partial<Record<PeopleColumn, string>> = {};
  for (const [column, value] of Object.entries(cells) as Array<[PeopleColumn, string | undefined]>) {
    if (value !== undefined && value.trim() !== '') present[column] = value;
  }
  if (present.email === undefined) return { ok: false, reason: 'email is empty' };
  const parsed = peopleRowSchema.safeParse(present);
  if (parsed.success) return { ok: true, row: parsed.data };
  return { ok: false, reason: parsed.error.issues.map((i) => i.message).join('; ') };
}
