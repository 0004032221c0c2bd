import { createHash, randomUUID } from 'node:crypto';
import type { GraphReply, GraphRequest, GraphRoutes } from './graph.js';

/**
 * Entra ID's directory as Graph serves it, for the Graph stand-in (graph.ts): users, their
 * managers and photos, groups, and delta queries over users and one group's members, with the
 * protocol's details: `$select` kept in every nextLink and deltaLink, pages of `pageSize`, the
 * manager as `manager@delta`, removed users as `@removed`, photos with `@odata.mediaEtag` (the
 * delta does not report photo changes), and delta tokens that expire (410 syncStateNotFound).
 */
export interface EntraUser {
  id: string;
  displayName: string;
  givenName?: string | null;
  surname?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  officeLocation?: string | null;
  businessPhones: string[];
  mobilePhone?: string | null;
  mail?: string | null;
  userPrincipalName: string;
  accountEnabled: boolean;
  userType: 'Member' | 'Guest';
  employeeType?: string | null;
  managerId?: string;
}

interface Stored {
  user: EntraUser;
  /** The version at which it last changed. */
  changed: number;
  /** Set when the manager was taken away, so the delta can say so. */
  removedManager?: string;
  photo?: { data: Buffer; contentType: string; etag: string };
}

const SELECTABLE = new Set([
  'id',
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
  'employeeType',
  'manager',
]);

interface Cursor {
  /** Changes after this version (undefined: a full read). */
  since?: number;
  /** The version the round started at: the next deltaLink's. */
  at: number;
  offset: number;
  select: string;
  generation: number;
  kind: 'users' | 'group';
  group?: string;
}

const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
const decode = (s: string): Cursor | undefined => {
  try {
    return JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor;
  } catch {
    return undefined;
  }
};

export class EntraDirectory {
  private readonly users = new Map<string, Stored>();
  private readonly removed: Array<{ id: string; version: number }> = [];
  private readonly groups = new Map<string, Map<string, { member: boolean; version: number }>>();
  private version = 0;
  private generation = 0;
  pageSize: number;
  readonly domain: string;

  constructor(opts: { pageSize?: number; domain?: string } = {}) {
    this.pageSize = opts.pageSize ?? 100;
    this.domain = opts.domain ?? 'gemeente-ids.nl';
  }

  /** A new member account; a UPN and mail are made from the name unless given. */
  addUser(fields: Partial<EntraUser> & { displayName: string }): EntraUser {
    const id = fields.id ?? randomUUID();
    const local = fields.displayName
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '.')
      .replace(/^\.|\.$/g, '');
    const upn = fields.userPrincipalName ?? `${local}.${id.slice(0, 4)}@${this.domain}`;
    const user: EntraUser = {
      businessPhones: [],
      accountEnabled: true,
      userType: 'Member',
      mail: fields.userType === 'Guest' ? (fields.mail ?? null) : upn,
      ...fields,
      id,
      userPrincipalName: upn,
    };
    this.users.set(id, { user, changed: ++this.version });
    return user;
  }

  get(id: string): EntraUser | undefined {
    return this.users.get(id)?.user;
  }

  all(): EntraUser[] {
    return [...this.users.values()].map((s) => s.user);
  }

  updateUser(id: string, patch: Partial<Omit<EntraUser, 'id'>>): EntraUser {
    const s = this.users.get(id);
    if (!s) throw new Error(`no user ${id}`);
    if ('managerId' in patch && patch.managerId === undefined && s.user.managerId) s.removedManager = s.user.managerId;
    s.user = { ...s.user, ...patch };
    s.changed = ++this.version;
    return s.user;
  }

  deleteUser(id: string): void {
    if (!this.users.delete(id)) throw new Error(`no user ${id}`);
    this.removed.push({ id, version: ++this.version });
    for (const members of this.groups.values())
      if (members.get(id)?.member) members.set(id, { member: false, version: this.version });
  }

  /** Sets (or with undefined removes) a user's photo. The users delta does not report it. */
  setPhoto(id: string, data: Buffer | undefined, contentType = 'image/jpeg'): void {
    const s = this.users.get(id);
    if (!s) throw new Error(`no user ${id}`);
    s.photo = data
      ? { data, contentType, etag: createHash('sha1').update(data).digest('hex').slice(0, 16) }
      : undefined;
  }

  addToGroup(groupId: string, userId: string): void {
    let members = this.groups.get(groupId);
    if (!members) this.groups.set(groupId, (members = new Map()));
    members.set(userId, { member: true, version: ++this.version });
  }

  removeFromGroup(groupId: string, userId: string): void {
    this.groups.get(groupId)?.set(userId, { member: false, version: ++this.version });
  }

  /** Every delta token handed out so far stops working (Graph: 410 syncStateNotFound). */
  expireDeltaTokens(): void {
    this.generation++;
  }

  readonly routes: GraphRoutes = (req) => {
    if (req.method !== 'GET') return undefined;
    if (req.path === '/users/delta') return this.usersDelta(req);
    if (req.path === '/groups/delta') return this.groupDelta(req);
    const m = /^\/users\/([^/]+)(\/photo(\/\$value)?)?$/.exec(req.path);
    if (!m) return undefined;
    const s = this.users.get(m[1]!);
    if (!s) return notFound('Request_ResourceNotFound', `Resource '${m[1]}' does not exist.`);
    if (!m[2]) {
      const select = this.selectOf(req.query.get('$select'));
      if (req.query.get('$expand')?.startsWith('manager')) select.push('manager');
      return { status: 200, json: this.userJson(s, select, 'expand') };
    }
    if (!s.photo) return notFound('ImageNotFound', 'Exception of type ImageNotFoundException was thrown.');
    if (m[3]) return { status: 200, binary: { data: s.photo.data, contentType: s.photo.contentType } };
    return {
      status: 200,
      json: {
        '@odata.mediaContentType': s.photo.contentType,
        '@odata.mediaEtag': `W/"${s.photo.etag}"`,
        id: 'default',
        height: 648,
        width: 648,
      },
    };
  };

  private selectOf(select: string | null): string[] {
    return (select ?? 'id,displayName,userPrincipalName')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => SELECTABLE.has(s));
  }

  private userJson(s: Stored, select: readonly string[], manager: 'delta' | 'expand'): Record<string, unknown> {
    const out: Record<string, unknown> = { id: s.user.id };
    for (const field of select) {
      if (field === 'manager') {
        if (manager === 'expand') {
          if (s.user.managerId) out.manager = { '@odata.type': '#microsoft.graph.user', id: s.user.managerId };
        } else if (s.user.managerId) {
          out['manager@delta'] = [{ '@odata.type': '#microsoft.graph.user', id: s.user.managerId }];
        } else if (s.removedManager) {
          out['manager@delta'] = [{ id: s.removedManager, '@removed': { reason: 'deleted' } }];
        }
        continue;
      }
      if (field !== 'id') out[field] = (s.user as unknown as Record<string, unknown>)[field] ?? null;
    }
    return out;
  }

  private cursorFrom(req: GraphRequest, kind: Cursor['kind'], group?: string): Cursor | GraphReply {
    const token = req.query.get('$deltatoken') ?? req.query.get('$skiptoken');
    if (token) {
      const c = decode(token);
      if (!c || c.kind !== kind) return { status: 400, json: { error: { code: 'BadRequest', message: 'bad token' } } };
      if (c.generation !== this.generation)
        return {
          status: 410,
          json: {
            error: {
              code: 'syncStateNotFound',
              message: 'The delta token has expired; start a full synchronization again.',
            },
          },
        };
      // A deltaLink starts a new round of changes after the version it carries.
      return req.query.has('$deltatoken') ? { ...c, since: c.at, at: this.version, offset: 0 } : c;
    }
    return {
      at: this.version,
      offset: 0,
      select: req.query.get('$select') ?? '',
      generation: this.generation,
      kind,
      ...(group ? { group } : {}),
    };
  }

  private page(req: GraphRequest, c: Cursor, items: unknown[], resource: string): GraphReply {
    const slice = items.slice(c.offset, c.offset + this.pageSize);
    const more = c.offset + this.pageSize < items.length;
    const link = more
      ? {
          '@odata.nextLink': `${req.base}/v1.0/${resource}/delta?$skiptoken=${encode({ ...c, offset: c.offset + this.pageSize })}`,
        }
      : {
          '@odata.deltaLink': `${req.base}/v1.0/${resource}/delta?$deltatoken=${encode({ ...c, since: undefined, offset: 0 })}`,
        };
    return {
      status: 200,
      json: { '@odata.context': `${req.base}/v1.0/$metadata#${resource}`, ...link, value: slice },
    };
  }

  private usersDelta(req: GraphRequest): GraphReply {
    const c = this.cursorFrom(req, 'users');
    if ('status' in c) return c;
    const select = this.selectOf(c.select);
    const changed = [...this.users.values()]
      .filter((s) => c.since === undefined || (s.changed > c.since && s.changed <= c.at))
      .sort((a, b) => a.changed - b.changed || (a.user.id < b.user.id ? -1 : 1));
    const items: unknown[] = changed.map((s) => this.userJson(s, select, 'delta'));
    if (c.since !== undefined)
      for (const r of this.removed)
        if (r.version > c.since && r.version <= c.at) items.push({ id: r.id, '@removed': { reason: 'changed' } });
    return this.page(req, c, items, 'users');
  }

  private groupDelta(req: GraphRequest): GraphReply {
    const groupId = /id eq '([^']+)'/.exec(req.query.get('$filter') ?? '')?.[1];
    const token = req.query.get('$deltatoken') ?? req.query.get('$skiptoken');
    const prior = token ? decode(token) : undefined;
    const c = this.cursorFrom(req, 'group', groupId ?? prior?.group);
    if ('status' in c) return c;
    const members = this.groups.get(c.group ?? '') ?? new Map();
    const entries = [...members.entries()]
      .filter(([, m]) => (c.since === undefined ? m.member : m.version > c.since && m.version <= c.at))
      .map(([id, m]) =>
        m.member
          ? { '@odata.type': '#microsoft.graph.user', id }
          : { '@odata.type': '#microsoft.graph.user', id, '@removed': { reason: 'deleted' } },
      );
    // Graph splits a large membership over pages, each page the group with part of members@delta.
    const pages = entries.length === 0 ? 0 : Math.ceil(entries.length / this.pageSize);
    const value = Array.from({ length: pages }, (_, i) => ({
      id: c.group,
      'members@delta': entries.slice(i * this.pageSize, (i + 1) * this.pageSize),
    }));
    const saved = this.pageSize;
    this.pageSize = 1;
    try {
      return this.page(req, c, value, 'groups');
    } finally {
      this.pageSize = saved;
    }
  }
}

function notFound(code: string, message: string): GraphReply {
  return { status: 404, json: { error: { code, message } } };
}
