import { randomUUID } from 'node:crypto';
import { Types, type AnyBulkWriteOperation } from 'mongoose';
import type { Logger } from 'pino';
import { Department, departmentKey } from '../../models/department.js';
import { Person } from '../../models/person.js';
import { SyncState } from '../../models/sync-state.js';
import { GraphError, pages, type GraphClient } from '../graph/client.js';
import { normalizePhone, type PhoneValue } from '../phones.js';
import { ENTRA_MAY_SET_PHOTO, removeEntraPhoto, setEntraPhoto } from './photo.js';
import type { Uploads } from '../media/uploads.js';

/**
 * The directory synced from Entra ID through Microsoft Graph, with the app's own credentials.
 *
 * - Users come from a delta query (`/users/delta` with `$select`, the manager selected so it
 *   arrives as `manager@delta` in the same feed): the first run reads everyone, every later run
 *   continues from the delta link the last complete round ended with, so only changes travel. A
 *   delta link Graph no longer knows (400/410 syncStateNotFound; user links last about 7 days)
 *   starts a full read, after which everyone that read did not see is made inactive: nothing is
 *   missed while the link was dead.
 * - Which accounts are staff is decided here: the members of one group (its own members delta),
 *   or one attribute's value, or every enabled member account. Guests and disabled accounts are
 *   never imported; leavers (removed, disabled, no longer staff) become inactive, nothing is
 *   deleted, and their posts stay under their name.
 * - Entra owns names, email, job title, department, location, phone numbers and manager. What a
 *   person sets in Ids (skills, "about", who sees their mobile, an uploaded photo) is never written.
 * - Photos: the delta does not report them, so each person's photo metadata is checked every
 *   `photoCheckMs` (in $batch requests of 20) and the photo downloaded only when its
 *   `@odata.mediaEtag` changed; it is stored like an upload, unless the person has their own.
 * - One run at a time across instances and the command line: a lease on the sync state.
 */

export interface EntraSyncSettings {
  readonly staffGroupId?: string | undefined;
  readonly staffAttribute?: { readonly name: string; readonly value: string } | undefined;
  /** 0: photos are not synced. */
  readonly photoCheckMs: number;
}

export interface EntraSyncOptions {
  readonly graph: GraphClient;
  readonly settings: EntraSyncSettings;
  readonly log: Logger;
  /** The way photos are stored: like an upload (checked, re-encoded, thumbnail, the quota). */
  readonly uploads: Uploads;
  readonly onProgress?: (progress: SyncProgress) => void;
  readonly now?: () => Date;
  /** How long a run may hold the sync before another may take over (renewed per page). Default 15 min. */
  readonly leaseMs?: number;
}

export interface SyncProgress {
  readonly phase: 'staff' | 'users' | 'managers' | 'photos';
  /** Users (or photos) handled so far in this phase, and Graph pages read. */
  readonly done: number;
  readonly pages?: number;
  readonly total?: number;
}

export interface EntraSyncSummary {
  /** 'locked': another run holds the sync; nothing was done. */
  readonly outcome: 'done' | 'locked';
  readonly mode: 'full' | 'delta';
  /** The delta link had expired and a full read ran instead. */
  readonly restarted: boolean;
  added: number;
  updated: number;
  unchanged: number;
  deactivated: number;
  reactivated: number;
  /** Accounts Graph listed that are not colleagues: never imported. */
  readonly ignored: { guests: number; disabled: number; notStaff: number };
  readonly failed: Array<{ readonly entraId: string; readonly reason: string }>;
  readonly photos: { checked: number; updated: number; removed: number; failed: number };
  /** HTTP requests to Graph (a $batch counts once) and how many were throttled. */
  requests: number;
  throttled: number;
  /** Person documents written (created, changed, made inactive); the sync state itself not counted. */
  writes: number;
  ms: number;
}

/** Graph's codes for a delta link it no longer knows. */
const EXPIRED_CODES = new Set(['syncStateNotFound', 'resyncRequired', 'syncStateInvalid']);

/** The properties read for every user. */
const BASE_SELECT = [
  'displayName',
  'givenName',
  'surname',
  'jobTitle',
  'department',
  'officeLocation',
  'businessPhones',
  'mobilePhone',
  'mail',
  'userPrincipalName',
  'accountEnabled',
  'userType',
  'manager',
];

interface GraphUser {
  id: string;
  '@removed'?: { reason?: string };
  displayName?: string | null;
  givenName?: string | null;
  surname?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  officeLocation?: string | null;
  businessPhones?: string[] | null;
  mobilePhone?: string | null;
  mail?: string | null;
  userPrincipalName?: string | null;
  accountEnabled?: boolean | null;
  userType?: string | null;
  'manager@delta'?: Array<{ id: string; '@removed'?: unknown }>;
  manager?: { id?: string } | null;
  [attribute: string]: unknown;
}

interface StoredPerson {
  _id: Types.ObjectId;
  email: string;
  active?: boolean | null;
  displayName?: string | null;
  givenName?: string | null;
  surname?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  departmentId?: Types.ObjectId | null;
  officeLocation?: string | null;
  businessPhone?: PhoneValue | null;
  mobilePhone?: PhoneValue | null;
  aadObjectId?: string | null;
  managerId?: Types.ObjectId | null;
  entra?: { id: string; managerId?: string | null; inactiveReason?: string | null } | null;
}

const STORED_FIELDS =
  'email active displayName givenName surname jobTitle department departmentId officeLocation businessPhone mobilePhone aadObjectId managerId entra';

type InactiveReason = 'removed' | 'disabled' | 'not_staff';

/**
 * Lists of ids go to the store in slices this long: an $in on an indexed field is a lookup on the
 * embedded store only up to 1,000 values (longer ones scan), each candidate is then matched
 * against the whole list, and MongoDB commands stay small. 250 measured best (bench/README.md).
 */
const IN_SLICE = 250;
function slices<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IN_SLICE) out.push(items.slice(i, i + IN_SLICE));
  return out;
}
type EntraRef = Array<{ _id: Types.ObjectId; entra?: { id: string } }>;

export async function syncFromEntra(options: EntraSyncOptions): Promise<EntraSyncSummary> {
  const started = Date.now();
  const { graph, settings, log } = options;
  const now = options.now ?? (() => new Date());
  const leaseMs = options.leaseMs ?? 15 * 60_000;
  const requestsBefore = graph.stats.requests;
  const throttledBefore = graph.stats.throttled;
  const select = [...BASE_SELECT, ...(settings.staffAttribute ? [settings.staffAttribute.name] : [])];
  const fingerprint = JSON.stringify({
    select,
    group: settings.staffGroupId ?? null,
    attribute: settings.staffAttribute ?? null,
  });
  const summary: EntraSyncSummary = {
    outcome: 'done',
    mode: 'delta',
    restarted: false,
    added: 0,
    updated: 0,
    unchanged: 0,
    deactivated: 0,
    reactivated: 0,
    ignored: { guests: 0, disabled: 0, notStaff: 0 },
    failed: [],
    photos: { checked: 0, updated: 0, removed: 0, failed: 0 },
    requests: 0,
    throttled: 0,
    writes: 0,
    ms: 0,
  };
  const finish = () => {
    summary.requests = graph.stats.requests - requestsBefore;
    summary.throttled = graph.stats.throttled - throttledBefore;
    summary.ms = Date.now() - started;
    return summary;
  };

  // One run at a time: claim the lease with a conditional update.
  const owner = randomUUID();
  const claimed = await claimLease(owner, now(), leaseMs);
  if (!claimed) return finish() && { ...summary, outcome: 'locked' };
  const renew = () =>
    SyncState.updateOne(
      { _id: 'entra', 'lease.owner': owner },
      { $set: { 'lease.until': new Date(Date.now() + leaseMs) } },
    );

  try {
    let full = !claimed.deltaLink || claimed.fingerprint !== fingerprint;
    const mode = () => (full ? 'full' : 'delta');

    // 1. Staff, when they are a group's members.
    let staff: Set<string> | undefined;
    let groupDeltaLink: string | undefined;
    const becameStaff: string[] = [];
    const leftStaff: string[] = [];
    if (settings.staffGroupId) {
      const fullGroup = full || !claimed.groupDeltaLink;
      const members = new Set(fullGroup ? [] : (claimed.staff ?? []));
      const before = new Set(claimed.staff ?? []);
      const first = `/groups/delta?$filter=${encodeURIComponent(`id eq '${settings.staffGroupId}'`)}&$select=members`;
      const readGroup = async (url: string) => {
        let pageCount = 0;
        for await (const page of pages<{ id: string; 'members@delta'?: Array<{ id: string; '@removed'?: unknown }> }>(
          graph,
          url,
        )) {
          pageCount++;
          for (const group of page.value)
            for (const m of group['members@delta'] ?? []) {
              if (m['@removed']) members.delete(m.id);
              else members.add(m.id);
            }
          groupDeltaLink = page.deltaLink ?? groupDeltaLink;
          options.onProgress?.({ phase: 'staff', done: members.size, pages: pageCount });
        }
      };
      try {
        await readGroup(fullGroup ? first : claimed.groupDeltaLink!);
      } catch (err) {
        if (!isExpired(err)) throw err;
        log.warn('the staff group delta link expired; reading the whole group again');
        members.clear();
        await readGroup(first);
      }
      staff = members;
      for (const id of members) if (!before.has(id)) becameStaff.push(id);
      for (const id of before) if (!members.has(id)) leftStaff.push(id);
    }

    // 2. Users.
    const context: Context = {
      settings,
      staff,
      summary,
      departments: await loadDepartments(),
      seen: new Set(),
      touched: new Set(),
      created: new Set(),
    };
    let deltaLink: string | undefined;
    const firstUsers = `/users/delta?$select=${select.join(',')}`;
    const readUsers = async (url: string) => {
      let pageCount = 0;
      let done = 0;
      for await (const page of pages<GraphUser>(graph, url)) {
        pageCount++;
        await applyUsers(page.value, context, full);
        done += page.value.length;
        deltaLink = page.deltaLink ?? deltaLink;
        options.onProgress?.({ phase: 'users', done, pages: pageCount });
        await renew();
      }
    };
    try {
      await readUsers(full ? firstUsers : claimed.deltaLink!);
    } catch (err) {
      if (!isExpired(err)) throw err;
      log.warn({ code: (err as GraphError).code }, 'the users delta link expired; reading every user again');
      (summary as { restarted: boolean }).restarted = true;
      full = true;
      context.seen.clear();
      await readUsers(firstUsers);
    }
    (summary as { mode: string }).mode = mode();

    // 3. Leavers a full read reveals: bound to Entra, active, and not seen (removed while no link was kept).
    if (full) {
      const missing = await Person.find(
        { 'entra.id': { $exists: true }, active: true },
        { 'entra.id': 1 },
      ).lean<EntraRef>();
      const gone = missing.filter((p) => p.entra && !context.seen.has(p.entra.id)).map((p) => p._id);
      await deactivate(gone, 'removed', summary);
    }

    // 4. Staff that changed without the user changing: new members are read one by one (in batches),
    // members who left the group become inactive.
    if (staff) {
      for (const ids of slices(leftStaff)) {
        const left = await Person.find({ 'entra.id': { $in: ids }, active: true }, { _id: 1 }).lean();
        await deactivate(
          left.map((p) => p._id),
          'not_staff',
          summary,
        );
      }
      const unseen = becameStaff.filter((id) => !context.seen.has(id) && !context.touched.has(id));
      const known = new Set<string>();
      for (const ids of slices(unseen))
        for (const p of await Person.find(
          { 'entra.id': { $in: ids }, active: true },
          { 'entra.id': 1 },
        ).lean<EntraRef>())
          known.add(p.entra!.id);
      const fetch = unseen.filter((id) => !known.has(id));
      if (fetch.length) {
        const answers = await graph.batchGet(
          fetch.map((id) => ({
            id,
            url: `/users/${id}?$select=${select.filter((s) => s !== 'manager').join(',')}&$expand=manager($select=id)`,
          })),
        );
        const users: GraphUser[] = [];
        for (const id of fetch) {
          const a = answers.get(id);
          if (a?.status === 200 && a.body) users.push(a.body as GraphUser);
          else if (a?.status !== 404)
            summary.failed.push({ entraId: id, reason: `Graph answered ${a?.status ?? '?'}` });
        }
        await applyUsers(users, context, false);
      }
    }

    // 5. Managers, now that everyone of this round is in.
    options.onProgress?.({ phase: 'managers', done: 0 });
    await resolveManagers(context);

    // 6. Photos that are due for a check.
    if (settings.photoCheckMs > 0)
      await syncPhotos(graph, options.uploads, settings.photoCheckMs, now(), summary, options.onProgress);

    await SyncState.updateOne(
      { _id: 'entra', 'lease.owner': owner },
      {
        $set: {
          deltaLink,
          fingerprint,
          ...(settings.staffGroupId ? { groupDeltaLink, staff: [...(staff ?? [])] } : {}),
          ...(full ? { lastFullAt: now() } : {}),
          lastRun: { ...finish(), failed: summary.failed.length, at: now() },
        },
        $unset: { lease: 1, ...(settings.staffGroupId ? {} : { groupDeltaLink: 1, staff: 1 }) },
      },
    );
    return finish();
  } catch (err) {
    await SyncState.updateOne({ _id: 'entra', 'lease.owner': owner }, { $unset: { lease: 1 } }).catch(() => undefined);
    throw err;
  }
}

function isExpired(err: unknown): boolean {
  return err instanceof GraphError && (err.status === 410 || err.status === 400) && EXPIRED_CODES.has(err.code ?? '');
}

async function claimLease(
  owner: string,
  at: Date,
  leaseMs: number,
): Promise<{
  deltaLink?: string | null;
  groupDeltaLink?: string | null;
  staff?: string[] | null;
  fingerprint?: string | null;
} | null> {
  // The document exists from the first run on; creating it races harmlessly on the unique _id.
  await SyncState.updateOne({ _id: 'entra' }, { $setOnInsert: { _id: 'entra' } }, { upsert: true }).catch(
    (err: { code?: number }) => {
      if (err.code !== 11000) throw err;
    },
  );
  return SyncState.findOneAndUpdate(
    { _id: 'entra', $or: [{ 'lease.until': { $exists: false } }, { 'lease.until': { $lt: at } }] },
    { $set: { lease: { owner, until: new Date(at.getTime() + leaseMs) } } },
    { returnDocument: 'after', projection: { deltaLink: 1, groupDeltaLink: 1, staff: 1, fingerprint: 1 } },
  ).lean();
}

interface Context {
  readonly settings: EntraSyncSettings;
  readonly staff: Set<string> | undefined;
  readonly summary: EntraSyncSummary;
  readonly departments: Map<string, { _id: Types.ObjectId; name: string }>;
  /** Entra ids a full read listed. */
  readonly seen: Set<string>;
  /** Entra ids written this run (their managers are resolved afterwards). */
  readonly touched: Set<string>;
  readonly created: Set<string>;
}

async function loadDepartments(): Promise<Map<string, { _id: Types.ObjectId; name: string }>> {
  const map = new Map<string, { _id: Types.ObjectId; name: string }>();
  for (const d of await Department.find().select('name key').lean()) map.set(d.key, { _id: d._id, name: d.name });
  return map;
}

async function departmentFor(context: Context, name: string): Promise<{ _id: Types.ObjectId; name: string }> {
  const key = departmentKey(name);
  const known = context.departments.get(key);
  if (known) return known;
  // Upsert on the unique key: an import or another instance creating it at the same time makes one.
  await Department.updateOne(
    { key },
    { $setOnInsert: { _id: new Types.ObjectId(), name, key } },
    { upsert: true },
  ).catch((err: { code?: number }) => {
    if (err.code !== 11000) throw err;
  });
  const d = (await Department.findOne({ key }).select('name key').lean())!;
  context.departments.set(key, { _id: d._id, name: d.name });
  return context.departments.get(key)!;
}

const oneLine = (s: string | null | undefined) => (typeof s === 'string' ? s.replace(/\s+/g, ' ').trim() : '');

/** Why an account is not a colleague, or undefined when it is one. */
function notAColleague(
  u: GraphUser,
  existing: StoredPerson | undefined,
  context: Context,
): 'guest' | 'disabled' | 'notStaff' | undefined {
  const upn = u.userPrincipalName ?? '';
  if (u.userType === 'Guest' || upn.includes('#EXT#')) return 'guest';
  // A property the delta left out did not change: an active person stays as they were.
  if (u.accountEnabled === false || (u.accountEnabled === undefined && existing && existing.active === false))
    return 'disabled';
  if (context.staff) return context.staff.has(u.id) ? undefined : 'notStaff';
  const attribute = context.settings.staffAttribute;
  if (attribute) {
    const value = u[attribute.name];
    if (value === undefined) return existing?.active ? undefined : 'notStaff';
    return typeof value === 'string' && value.trim().toLowerCase() === attribute.value.toLowerCase()
      ? undefined
      : 'notStaff';
  }
  return undefined;
}

const REASON: Record<'guest' | 'disabled' | 'notStaff', InactiveReason> = {
  guest: 'not_staff',
  disabled: 'disabled',
  notStaff: 'not_staff',
};

async function applyUsers(users: readonly GraphUser[], context: Context, full: boolean): Promise<void> {
  if (users.length === 0) return;
  const { summary } = context;
  const ids = users.map((u) => u.id.toLowerCase());
  const emails = users.flatMap((u) => {
    const e = (u.mail ?? u.userPrincipalName ?? '').trim().toLowerCase();
    return e ? [e] : [];
  });
  // Three lookups on indexed fields rather than one $or, which a store may answer by scanning.
  const found = new Map<string, StoredPerson>();
  for (const filter of [{ 'entra.id': { $in: ids } }, { aadObjectId: { $in: ids } }, { email: { $in: emails } }])
    for (const p of await Person.find(filter).select(STORED_FIELDS).lean<StoredPerson[]>()) found.set(String(p._id), p);
  const byEntra = new Map<string, StoredPerson>();
  const byEmail = new Map<string, StoredPerson>();
  for (const p of found.values()) {
    const key = p.entra?.id ?? p.aadObjectId;
    if (key) byEntra.set(key, p);
    byEmail.set(p.email, p);
  }

  const ops: Array<{ entraId: string; kind: 'added' | 'updated' | 'reactivated'; op: AnyBulkWriteOperation }> = [];
  const leaving = new Map<InactiveReason, Types.ObjectId[]>();
  for (const u of users) {
    const id = u.id.toLowerCase();
    if (full) context.seen.add(id);
    const email = (u.mail ?? u.userPrincipalName ?? '').trim().toLowerCase();
    const existing = byEntra.get(id) ?? (email ? unbound(byEmail.get(email), id) : undefined);

    if (u['@removed']) {
      if (existing?.active !== false && existing) push(leaving, 'removed', existing._id);
      continue;
    }
    const why = notAColleague(u, existing, context);
    if (why) {
      if (existing && existing.active !== false) push(leaving, REASON[why], existing._id);
      else if (!existing) summary.ignored[why === 'guest' ? 'guests' : why]++;
      continue;
    }

    const changes = fieldsFrom(u, existing);
    const department = u.department !== undefined ? oneLine(u.department) : undefined;
    if (department !== undefined) {
      if (department) {
        const d = await departmentFor(context, department);
        if (String(existing?.departmentId ?? '') !== String(d._id)) changes.$set.departmentId = d._id;
        if (existing?.department !== d.name) changes.$set.department = d.name;
      } else if (existing?.department || existing?.departmentId) {
        changes.$unset.department = 1;
        changes.$unset.departmentId = 1;
      }
    }
    const managerId = managerOf(u);
    if (managerId !== undefined && (existing?.entra?.managerId ?? null) !== managerId) {
      if (managerId === null) {
        changes.$unset['entra.managerId'] = 1;
        changes.$unset.managerId = 1;
      } else changes.$set['entra.managerId'] = managerId;
    }
    context.touched.add(id);

    if (!existing) {
      if (!email) {
        summary.failed.push({ entraId: id, reason: 'no mail or userPrincipalName' });
        continue;
      }
      const displayName =
        (changes.$set.displayName as string | undefined) ??
        ([u.givenName, u.surname].map(oneLine).filter(Boolean).join(' ') || email);
      const doc = {
        _id: new Types.ObjectId(),
        ...changes.$set,
        email,
        displayName,
        aadObjectId: id,
        entra: { id, ...(managerId ? { managerId } : {}) },
        active: true,
      };
      delete (doc as Record<string, unknown>)['entra.managerId'];
      context.created.add(id);
      ops.push({ entraId: id, kind: 'added', op: { insertOne: { document: doc } } });
      continue;
    }
    if (!existing.entra) {
      changes.$set['entra.id'] = id;
      if (managerId) changes.$set['entra.managerId'] = managerId;
    }
    if (existing.aadObjectId !== id) changes.$set.aadObjectId = id;
    let kind: 'updated' | 'reactivated' = 'updated';
    if (existing.active === false) {
      changes.$set.active = true;
      changes.$unset['entra.inactiveReason'] = 1;
      kind = 'reactivated';
    }
    if (Object.keys(changes.$set).length === 0 && Object.keys(changes.$unset).length === 0) {
      summary.unchanged++;
      continue;
    }
    const update: Record<string, unknown> = {};
    if (Object.keys(changes.$set).length) update.$set = changes.$set;
    if (Object.keys(changes.$unset).length) update.$unset = changes.$unset;
    ops.push({ entraId: id, kind, op: { updateOne: { filter: { _id: existing._id }, update } } });
  }

  if (ops.length) {
    const failed = await bulkWriteReporting(ops.map((o) => o.op));
    ops.forEach((o, i) => {
      const reason = failed.get(i);
      if (reason) {
        summary.failed.push({ entraId: o.entraId, reason });
        context.created.delete(o.entraId);
        return;
      }
      summary.writes++;
      if (o.kind === 'added') summary.added++;
      else if (o.kind === 'reactivated') summary.reactivated++;
      else summary.updated++;
    });
  }
  for (const [reason, people] of leaving) await deactivate(people, reason, summary);
}

/** A person matched by email only when no other Entra account (or object id) is theirs already. */
function unbound(p: StoredPerson | undefined, id: string): StoredPerson | undefined {
  return p && !p.entra && (!p.aadObjectId || p.aadObjectId === id) ? p : undefined;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The manager's Entra id from `manager@delta` (or an expanded `manager`); null: none; undefined: not said. */
function managerOf(u: GraphUser): string | null | undefined {
  const delta = u['manager@delta'];
  if (Array.isArray(delta)) {
    const current = delta.find((m) => !m['@removed']);
    return current ? current.id.toLowerCase() : null;
  }
  if (u.manager !== undefined) return u.manager?.id ? u.manager.id.toLowerCase() : null;
  return undefined;
}

/** The Entra-owned fields that differ from what is stored; a property the delta left out is left alone. */
function fieldsFrom(
  u: GraphUser,
  existing: StoredPerson | undefined,
): { $set: Record<string, unknown>; $unset: Record<string, 1> } {
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, 1> = {};
  const text = (field: 'displayName' | 'givenName' | 'surname' | 'jobTitle' | 'officeLocation', max: number) => {
    const value = u[field];
    if (value === undefined) return;
    const v = oneLine(value as string | null).slice(0, max);
    if (v) {
      if (existing?.[field] !== v) $set[field] = v;
    } else if (existing?.[field] && field !== 'displayName') $unset[field] = 1;
  };
  text('displayName', 200);
  text('givenName', 100);
  text('surname', 150);
  text('jobTitle', 200);
  text('officeLocation', 200);
  const phone = (field: 'businessPhone' | 'mobilePhone', raw: string | null | undefined) => {
    if (raw === undefined) return;
    const written = oneLine(raw).slice(0, 40);
    // A number that is not one (a note in the phone field) is kept as written, without tel: link.
    const value: PhoneValue | undefined = written
      ? (normalizePhone(written, { allowExtension: field === 'businessPhone' }) ?? { display: written })
      : undefined;
    const stored = existing?.[field];
    if (!value) {
      if (stored) $unset[field] = 1;
    } else if (stored?.display !== value.display || (stored?.e164 ?? undefined) !== value.e164) $set[field] = value;
  };
  if (u.businessPhones !== undefined) phone('businessPhone', u.businessPhones?.[0] ?? null);
  phone('mobilePhone', u.mobilePhone);
  const email = (u.mail ?? u.userPrincipalName ?? undefined)?.trim().toLowerCase();
  if (email && existing && existing.email !== email) $set.email = email;
  return { $set, $unset };
}

async function deactivate(people: Types.ObjectId[], reason: InactiveReason, summary: EntraSyncSummary): Promise<void> {
  for (const ids of slices(people)) {
    const r = await Person.updateMany(
      { _id: { $in: ids }, active: { $ne: false } },
      { $set: { active: false, 'entra.inactiveReason': reason } },
    );
    summary.deactivated += r.modifiedCount;
    summary.writes += r.modifiedCount;
  }
}

async function bulkWriteReporting(ops: AnyBulkWriteOperation[]): Promise<Map<number, string>> {
  const failed = new Map<number, string>();
  try {
    await Person.bulkWrite(ops as Parameters<typeof Person.bulkWrite>[0], { ordered: false });
  } catch (err) {
    const e = err as { writeErrors?: Array<{ index: number; code?: number; errmsg?: string; keyValue?: object }> };
    if (!Array.isArray(e.writeErrors)) throw err;
    for (const w of e.writeErrors)
      failed.set(
        w.index,
        w.code === 11000
          ? `another person already has this ${Object.keys(w.keyValue ?? {})[0] ?? 'email or object id'}`
          : `the store refused it: ${w.errmsg ?? 'unknown error'}`,
      );
  }
  return failed;
}

/**
 * managerId follows entra.managerId: for people written this run, and for people whose manager
 * arrived only now (listed before their manager, or their manager was not staff until now).
 */
async function resolveManagers(context: Context): Promise<void> {
  if (context.touched.size === 0) return;
  type Row = { _id: Types.ObjectId; managerId?: Types.ObjectId | null; entra?: { managerId?: string | null } };
  const rows = new Map<string, Row>();
  const projection = { managerId: 1, 'entra.managerId': 1 };
  const filters = [
    ...slices([...context.touched]).map((ids) => ({ 'entra.id': { $in: ids } })),
    ...slices([...context.created]).map((ids) => ({ 'entra.managerId': { $in: ids } })),
  ];
  for (const filter of filters)
    for (const r of await Person.find(filter, projection).lean<Row[]>()) rows.set(String(r._id), r);
  const people = [...rows.values()];
  const wanted = [...new Set(people.flatMap((p) => (p.entra?.managerId ? [p.entra.managerId] : [])))];
  const managers = new Map<string, Types.ObjectId>();
  for (const ids of slices(wanted))
    for (const m of await Person.find({ 'entra.id': { $in: ids } }, { 'entra.id': 1 }).lean<EntraRef>())
      managers.set(m.entra!.id, m._id);
  const ops: AnyBulkWriteOperation[] = [];
  for (const p of people) {
    const target = p.entra?.managerId ? managers.get(p.entra.managerId) : undefined;
    if (String(target ?? '') === String(p.managerId ?? '')) continue;
    ops.push({
      updateOne: {
        filter: { _id: p._id },
        update: target ? { $set: { managerId: target } } : { $unset: { managerId: 1 } },
      },
    });
  }
  if (ops.length) {
    await Person.bulkWrite(ops as Parameters<typeof Person.bulkWrite>[0], { ordered: false });
    context.summary.writes += ops.length;
  }
}

/** Graph's mediaEtag is a (weak) quoted string; only its value is compared. */
function etagOf(body: unknown): string | undefined {
  const raw = (body as { '@odata.mediaEtag'?: string } | undefined)?.['@odata.mediaEtag'];
  return typeof raw === 'string' ? raw.replace(/^W\//, '').replace(/^"|"$/g, '') : undefined;
}

async function syncPhotos(
  graph: GraphClient,
  uploads: Uploads,
  checkEveryMs: number,
  at: Date,
  summary: EntraSyncSummary,
  onProgress: EntraSyncOptions['onProgress'],
): Promise<void> {
  const due = await Person.find(
    {
      active: true,
      'entra.id': { $exists: true },
      ...ENTRA_MAY_SET_PHOTO,
      $and: [
        {
          $or: [
            { 'entra.photoCheckedAt': { $exists: false } },
            { 'entra.photoCheckedAt': { $lt: new Date(at.getTime() - checkEveryMs) } },
          ],
        },
      ],
    },
    { email: 1, 'entra.id': 1, 'entra.photoEtag': 1, photoId: 1 },
  ).lean<
    Array<{ _id: Types.ObjectId; email: string; photoId?: Types.ObjectId; entra: { id: string; photoEtag?: string } }>
  >();
  if (due.length === 0) return;
  const answers = await graph.batchGet(due.map((p) => ({ id: p._id.toString(), url: `/users/${p.entra.id}/photo` })));
  const unchanged: Types.ObjectId[] = [];
  let done = 0;
  for (const p of due) {
    const answer = answers.get(p._id.toString());
    done++;
    if (!answer || (answer.status !== 200 && answer.status !== 404)) {
      summary.photos.failed++;
      continue;
    }
    summary.photos.checked++;
    const etag = answer.status === 200 ? (etagOf(answer.body) ?? '') : '';
    if (etag === (p.entra.photoEtag ?? '') && (etag !== '' || !p.photoId)) {
      unchanged.push(p._id);
      continue;
    }
    if (etag === '') {
      if (await removeEntraPhoto(p._id)) {
        summary.photos.removed++;
        summary.writes++;
      }
      unchanged.push(p._id);
      continue;
    }
    try {
      const photo = await graph.getBinary(`/users/${p.entra.id}/photo/$value`);
      if (!photo) {
        unchanged.push(p._id);
        continue;
      }
      if (await setEntraPhoto(p, photo.data, etag, uploads)) {
        summary.photos.updated++;
        summary.writes++;
      }
      unchanged.push(p._id);
    } catch {
      // Not an image we can read, or Graph failed for this one: tried again at the next check.
      summary.photos.failed++;
    }
    if (done % 50 === 0) onProgress?.({ phase: 'photos', done, total: due.length });
  }
  onProgress?.({ phase: 'photos', done, total: due.length });
  // One write for all the people whose photo was looked at.
  for (const ids of slices(unchanged))
    await Person.updateMany({ _id: { $in: ids } }, { $set: { 'entra.photoCheckedAt': at } }, { timestamps: false });
}
