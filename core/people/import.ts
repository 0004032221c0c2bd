import { Types, type AnyBulkWriteOperation } from 'mongoose';
import { Department, departmentKey } from '../../models/department.js';
import { Person } from '../../models/person.js';
import type { PhoneValue } from '../phones.js';
import type { FileWarning, PeopleFileRow } from './import-file.js';
import { parsePeopleRow, type PeopleRow } from './import-row.js';

/**
 * Upserts people by email from parsed file rows. A blank cell leaves the stored value;
 * people not in the file are left alone; a bad row is rejected with its line and reason
 * while the others are imported; managers are resolved after every row is in, so a
 * manager further down the same file works. Running it twice changes nothing the second time.
 */

export interface ImportProgress {
  done: number;
  total: number;
}

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** Check everything against the store but write nothing. */
  dryRun?: boolean;
  /** Rows per bulkWrite (default 250). */
  batchSize?: number;
  /**
   * The Entra ID sync is on: for people it brought in, the fields Entra owns (names, email, job
   * title, department, office, phones, manager) are left as Entra has them; the rest is imported.
   */
  entraSyncOn?: boolean;
}

export interface RejectedRow {
  line: number;
  email?: string;
  reason: string;
}

export interface ImportSummary {
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: RejectedRow[];
  warnings: FileWarning[];
  departmentsCreated: string[];
  dryRun: boolean;
}

/** The stored fields an import can change. */
interface StoredPerson {
  _id: Types.ObjectId;
  email: string;
  displayName?: string | null;
  givenName?: string | null;
  surname?: string | null;
  jobTitle?: string | null;
  departmentId?: Types.ObjectId | null;
  department?: string | null;
  officeLocation?: string | null;
  businessPhone?: PhoneValue | null;
  mobilePhone?: PhoneValue | null;
  mobileVisibility?: string | null;
  skills?: string[] | null;
  roles?: string[] | null;
  managerId?: Types.ObjectId | null;
  aadObjectId?: string | null;
  entra?: { id?: string } | null;
}

interface Accepted {
  line: number;
  row: PeopleRow;
  existing?: StoredPerson;
  id: Types.ObjectId;
  status: 'created' | 'updated' | 'unchanged';
}

const IMPORTED_FIELDS =
  'entra.id email displayName givenName surname jobTitle departmentId department officeLocation businessPhone mobilePhone mobileVisibility skills roles managerId aadObjectId';

const samePhone = (a: PhoneValue | null | undefined, b: PhoneValue) =>
  a?.display === b.display && (a?.e164 ?? undefined) === b.e164;
const sameList = (a: readonly string[] | null | undefined, b: readonly string[]) =>
  (a ?? []).length === b.length && b.every((x, i) => (a ?? [])[i] === x);
const sameId = (a: Types.ObjectId | null | undefined, b: Types.ObjectId | undefined) =>
  String(a ?? '') === String(b ?? '');

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function importPeople(
  rows: readonly PeopleFileRow[],
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const dryRun = options.dryRun ?? false;
  const batchSize = options.batchSize ?? 250;
  const total = rows.length;
  const rejected: RejectedRow[] = [];
  const warnings: FileWarning[] = [];
  const reject = (line: number, reason: string, email?: string) =>
    rejected.push({ line, reason, ...(email ? { email } : {}) });
  let done = 0;
  let reported = -1;
  const progress = (n: number) => {
    done += n;
    if (done !== reported) options.onProgress?.({ done, total });
    reported = done;
  };

  // 1. Validate each row on its own, and against the rows above it.
  const lineOfEmail = new Map<string, number>();
  const lineOfAad = new Map<string, number>();
  const valid: Array<{ line: number; row: PeopleRow }> = [];
  for (const fileRow of rows) {
    const rawEmail = fileRow.cells.email?.trim().toLowerCase();
    const earlier = rawEmail ? lineOfEmail.get(rawEmail) : undefined;
    if (rawEmail && earlier !== undefined) {
      reject(fileRow.line, `email ${rawEmail} is already on line ${earlier}`, rawEmail);
      continue;
    }
    if (rawEmail) lineOfEmail.set(rawEmail, fileRow.line);
    if (fileRow.problem) {
      reject(fileRow.line, fileRow.problem, rawEmail);
      continue;
    }
    const result = parsePeopleRow(fileRow.cells);
    if (!result.ok) {
      reject(fileRow.line, result.reason, rawEmail);
      continue;
    }
    const aad = result.row.aadObjectId;
    const aadLine = aad ? lineOfAad.get(aad) : undefined;
    if (aad && aadLine !== undefined) {
      reject(fileRow.line, `aadObjectId ${aad} is already on line ${aadLine}`, result.row.email);
      continue;
    }
    if (aad) lineOfAad.set(aad, fileRow.line);
    valid.push({ line: fileRow.line, row: result.row });
  }
  progress(rejected.length);

  // 2. What the store holds for these people.
  const existingByEmail = new Map<string, StoredPerson>();
  for (const batch of chunks(valid, 5000)) {
    const found = await Person.find({ email: { $in: batch.map((v) => v.row.email) } })
      .select(IMPORTED_FIELDS)
      .lean<StoredPerson[]>();
    for (const p of found) existingByEmail.set(p.email, p);
  }
  const aads = valid.flatMap((v) => (v.row.aadObjectId ? [v.row.aadObjectId] : []));
  const ownerOfAad = new Map<string, string>();
  for (const batch of chunks(aads, 5000)) {
    const found = await Person.find({ aadObjectId: { $in: batch } })
      .select('email aadObjectId')
      .lean<StoredPerson[]>();
    for (const p of found) if (p.aadObjectId) ownerOfAad.set(p.aadObjectId, p.email);
  }

  // 3. Departments, created when new.
  const departments = new Map<string, { _id: Types.ObjectId; name: string }>();
  for (const d of await Department.find().select('name key').lean())
    departments.set(d.key, { _id: d._id, name: d.name });
  const departmentsCreated: string[] = [];
  const accepted: Accepted[] = [];
  for (const v of valid) {
    const owner = v.row.aadObjectId ? ownerOfAad.get(v.row.aadObjectId) : undefined;
    if (owner && owner !== v.row.email) {
      reject(v.line, `aadObjectId ${v.row.aadObjectId} already belongs to ${owner}`, v.row.email);
      progress(1);
      continue;
    }
    const existing = existingByEmail.get(v.row.email);
    if (!existing && !v.row.displayName && !(v.row.givenName || v.row.surname)) {
      reject(v.line, 'a new person needs a displayName (or givenName and surname)', v.row.email);
      progress(1);
      continue;
    }
    if (v.row.department && !departments.has(departmentKey(v.row.department))) {
      departments.set(departmentKey(v.row.department), { _id: new Types.ObjectId(), name: v.row.department });
      departmentsCreated.push(v.row.department);
    }
    accepted.push({
      line: v.line,
      row: v.row,
      id: existing?._id ?? new Types.ObjectId(),
      status: existing ? 'unchanged' : 'created',
      ...(existing ? { existing } : {}),
    });
  }
  if (!dryRun && departmentsCreated.length > 0) {
    // Upsert on the unique key: another import running at the same time creates it once.
    await Department.bulkWrite(
      departmentsCreated.map((name) => ({
        updateOne: {
          filter: { key: departmentKey(name) },
          update: { $setOnInsert: { _id: departments.get(departmentKey(name))!._id, name, key: departmentKey(name) } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
    for (const d of await Department.find({ key: { $in: departmentsCreated.map(departmentKey) } })
      .select('name key')
      .lean()) {
      departments.set(d.key, { _id: d._id, name: d.name });
    }
  }

  // 4. Inserts and updates, in batches.
  const personOps: Array<{ entry: Accepted; op: AnyBulkWriteOperation }> = [];
  for (const entry of accepted) {
    const changes = changedFields(entry, departments);
    if (options.entraSyncOn && entry.existing?.entra?.id) {
      const kept = ENTRA_OWNED_COLUMNS.filter((f) => f in changes);
      for (const f of kept) delete changes[f];
      if (kept.length)
        warnings.push({
          line: entry.line,
          message: `${entry.row.email} comes from Entra ID: ${kept.join(', ')} left as Entra has them`,
        });
    }
    if (entry.status === 'created') {
      personOps.push({ entry, op: { insertOne: { document: { _id: entry.id, email: entry.row.email, ...changes } } } });
    } else if (Object.keys(changes).length > 0) {
      entry.status = 'updated';
      personOps.push({ entry, op: { updateOne: { filter: { _id: entry.id }, update: { $set: changes } } } });
    }
  }
  progress(accepted.length - personOps.length);
  for (const batch of chunks(personOps, batchSize)) {
    if (!dryRun) {
      const failed = await bulkWriteReportingRows(batch.map((b) => b.op));
      for (const [index, reason] of failed) {
        const { entry } = batch[index]!;
        reject(entry.line, reason, entry.row.email);
        accepted.splice(accepted.indexOf(entry), 1);
      }
    }
    progress(batch.length);
  }

  // 5. Managers, now that everyone in the file is in the store.
  await resolveManagers(accepted, warnings, dryRun, options.entraSyncOn ?? false);

  rejected.sort((a, b) => a.line - b.line);
  const count = (status: Accepted['status']) => accepted.filter((a) => a.status === status).length;
  return {
    total,
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    rejected,
    warnings,
    departmentsCreated,
    dryRun,
  };
}

/** Stored fields the Entra ID sync owns for the people it brought in. */
const ENTRA_OWNED_COLUMNS = [
  'displayName',
  'givenName',
  'surname',
  'jobTitle',
  'departmentId',
  'department',
  'officeLocation',
  'businessPhone',
  'mobilePhone',
];

/** The fields whose value in the row differs from the stored person (all given fields for a new person). */
function changedFields(
  entry: Accepted,
  departments: Map<string, { _id: Types.ObjectId; name: string }>,
): Record<string, unknown> {
  const { row, existing } = entry;
  const changes: Record<string, unknown> = {};
  const text = (
    field: 'displayName' | 'givenName' | 'surname' | 'jobTitle' | 'officeLocation',
    value: string | undefined,
  ) => {
    if (value !== undefined && existing?.[field] !== value) changes[field] = value;
  };
  const composed = [row.givenName, row.surname].filter(Boolean).join(' ');
  text('displayName', row.displayName ?? (existing ? undefined : composed));
  text('givenName', row.givenName);
  text('surname', row.surname);
  text('jobTitle', row.jobTitle);
  text('officeLocation', row.officeLocation);
  if (row.department !== undefined) {
    const d = departments.get(departmentKey(row.department))!;
    if (!sameId(existing?.departmentId, d._id)) changes.departmentId = d._id;
    if (existing?.department !== d.name) changes.department = d.name;
  }
  if (row.businessPhone && !samePhone(existing?.businessPhone, row.businessPhone))
    changes.businessPhone = row.businessPhone;
  if (row.mobilePhone && !samePhone(existing?.mobilePhone, row.mobilePhone)) changes.mobilePhone = row.mobilePhone;
  if (row.mobileVisibility && existing?.mobileVisibility !== row.mobileVisibility)
    changes.mobileVisibility = row.mobileVisibility;
  if (row.skills && !sameList(existing?.skills, row.skills)) changes.skills = row.skills;
  if (row.roles && !sameList(existing?.roles, row.roles)) changes.roles = row.roles;
  if (row.aadObjectId && existing?.aadObjectId !== row.aadObjectId) changes.aadObjectId = row.aadObjectId;
  return changes;
}

/** Runs one unordered bulkWrite; returns the failed operations by index with a reason an operator understands. */
async function bulkWriteReportingRows(ops: AnyBulkWriteOperation[]): Promise<Map<number, string>> {
  const failed = new Map<number, string>();
  try {
    await Person.bulkWrite(ops as Parameters<typeof Person.bulkWrite>[0], {
      ordered: false,
      throwOnValidationError: true,
    });
  } catch (err) {
    const e = err as {
      name?: string;
      results?: unknown[];
      writeErrors?: Array<{ index: number; code?: number; errmsg?: string }>;
    };
    if (e.name === 'MongooseBulkWriteError' && Array.isArray(e.results)) {
      e.results.forEach((r, i) => {
        if (r) failed.set(i, describeWriteError(r));
      });
    } else if (Array.isArray(e.writeErrors)) {
      for (const w of e.writeErrors) failed.set(w.index, describeWriteError(w));
    } else {
      throw err;
    }
  }
  return failed;
}

function describeWriteError(err: unknown): string {
  const e = err as {
    code?: number;
    errmsg?: string;
    message?: string;
    keyValue?: Record<string, unknown>;
    err?: { keyValue?: Record<string, unknown> };
  };
  if (e.code === 11000) {
    const key = Object.keys(e.keyValue ?? e.err?.keyValue ?? {})[0];
    return key ? `another person already has this ${key}` : 'another person already has this email or aadObjectId';
  }
  return `the store refused the row: ${e.errmsg ?? e.message ?? 'unknown error'}`;
}

async function resolveManagers(
  accepted: Accepted[],
  warnings: FileWarning[],
  dryRun: boolean,
  entraSyncOn = false,
): Promise<void> {
  const wanted = accepted.filter((a) => a.row.managerEmail !== undefined);
  if (wanted.length === 0) return;
  const managerEmails = [...new Set(wanted.map((a) => a.row.managerEmail!))];
  const managerIds = new Map<string, Types.ObjectId>();
  for (const batch of chunks(managerEmails, 5000)) {
    for (const p of await Person.find({ email: { $in: batch } })
      .select('_id email')
      .lean())
      managerIds.set(p.email, p._id);
  }
  if (dryRun) for (const a of accepted) if (!managerIds.has(a.row.email)) managerIds.set(a.row.email, a.id);

  const ops: AnyBulkWriteOperation[] = [];
  for (const a of wanted) {
    const email = a.row.managerEmail!;
    if (email === a.row.email) {
      warnings.push({ line: a.line, message: `${a.row.email} names themselves as manager; manager left as it was` });
      continue;
    }
    const managerId = managerIds.get(email);
    if (!managerId) {
      warnings.push({
        line: a.line,
        message: `manager ${email} is not in the store or the file; manager left as it was`,
      });
      continue;
    }
    if (sameId(a.existing?.managerId, managerId)) continue;
    if (entraSyncOn && a.existing?.entra?.id) continue;
    ops.push({ updateOne: { filter: { _id: a.id }, update: { $set: { managerId } } } });
    if (a.status === 'unchanged') a.status = 'updated';
  }
  if (!dryRun) {
    for (const batch of chunks(ops, 500))
      await Person.bulkWrite(batch as Parameters<typeof Person.bulkWrite>[0], { ordered: false });
  }
}
