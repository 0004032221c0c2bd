import type { Types } from 'mongoose';
import { Person } from '../../models/person.js';
import { Group, groupWrites } from '../../models/group.js';
import { RecentReads } from '../recent.js';
import { hasRole, type Actor } from '../actor.js';
import { notFound } from '../errors.js';
import { ORG_KEY, deptKey, groupKey, locKey, roleKey } from './audience.js';

/**
 * Everything visibility rules need to know about the person asking, loaded once per request:
 * where they work, their roles and their groups.
 */
export interface Viewer {
  readonly actor: Actor;
  readonly personId: Types.ObjectId;
  readonly departmentId?: Types.ObjectId;
  readonly officeLocation?: string;
  /** Groups they are a member of (open or closed). */
  readonly memberOf: ReadonlySet<string>;
  /** Groups they follow (a closed group only while they are a member). */
  readonly follows: ReadonlySet<string>;
  /** Groups they administer. */
  readonly adminOf: ReadonlySet<string>;
  /** Every open group: their posts may be read by any colleague. */
  readonly openGroups: ReadonlySet<string>;
  /** Every group's name, visibility and kind (an intranet has tens), for presenting posts. */
  readonly groups: ReadonlyMap<string, GroupSummary>;
  /** Keys of the home feed: org, department, location, roles, member and followed groups. */
  readonly feedKeys: readonly string[];
  /** Keys that make a post readable: the feed keys plus every open group. */
  readonly visibleKeys: ReadonlySet<string>;
  /** Communicators and admins read every news and department post (they moderate news). */
  readonly seesAllNews: boolean;
  readonly isAdmin: boolean;
}

export interface GroupSummary {
  readonly name: string;
  readonly visibility: string;
  readonly kind: string;
}

/** Every group as visibility rules need it: its summary and who is in it (hex ids). */
interface GroupShape {
  readonly id: string;
  readonly visibility: string;
  readonly members: ReadonlySet<string>;
  readonly followers: ReadonlySet<string>;
  readonly admins: ReadonlySet<string>;
}

interface AllGroups {
  readonly list: readonly GroupShape[];
  readonly summaries: ReadonlyMap<string, GroupSummary>;
  readonly open: ReadonlySet<string>;
}

/**
 * The groups (an intranet has tens), read once for the requests of the next RECENT_MS instead
 * of on every request; a join, leave or change through this instance is seen at once.
 */
const recentGroups = new RecentReads<'all', AllGroups>(groupWrites, 1);

async function readAllGroups(): Promise<AllGroups> {
  // Through the driver: mongoose's query building and hydrating would cost as much as the answer.
  const docs = await Group.collection
    .find<
      GroupSummary & {
        _id: Types.ObjectId;
        members?: Types.ObjectId[];
        followers?: Types.ObjectId[];
        admins?: Types.ObjectId[];
      }
    >({}, { projection: { name: 1, kind: 1, visibility: 1, members: 1, followers: 1, admins: 1 } })
    .toArray();
  const hex = (list?: Types.ObjectId[]) => new Set((list ?? []).map((id) => id.toHexString()));
  const list = docs.map((g) => ({
    id: g._id.toHexString(),
    visibility: g.visibility,
    members: hex(g.members),
    followers: hex(g.followers),
    admins: hex(g.admins),
  }));
  return {
    list,
    summaries: new Map(
      docs.map((g) => [g._id.toHexString(), { name: g.name, visibility: g.visibility, kind: g.kind }]),
    ),
    open: new Set(list.filter((g) => g.visibility === 'open').map((g) => g.id)),
  };
}

/** One group's visibility and members as recently read (undefined: no such group). */
export async function recentGroup(id: Types.ObjectId): Promise<Pick<GroupShape, 'visibility' | 'members'> | undefined> {
  const all = (await recentGroups.get('all', readAllGroups)) as AllGroups;
  const hex = id.toHexString();
  return all.list.find((g) => g.id === hex);
}

export async function loadViewer(actor: Actor): Promise<Viewer> {
  const pid = actor.personId;
  // An actor resolved for this request carries the person's profile; another one is read again.
  const carried = actor.officeLocation !== undefined;
  const [person, groups] = await Promise.all([
    carried
      ? { departmentId: actor.departmentId, officeLocation: actor.officeLocation, roles: actor.roles }
      : Person.findOne({ _id: pid, active: true }, { departmentId: 1, officeLocation: 1, roles: 1 }).lean(),
    recentGroups.get('all', readAllGroups) as Promise<AllGroups>,
  ]);
  if (!person) throw notFound('You are not in the directory.');
  const me = pid.toHexString();
  const memberOf = new Set<string>();
  const follows = new Set<string>();
  const adminOf = new Set<string>();
  for (const g of groups.list) {
    const member = g.members.has(me);
    if (member) memberOf.add(g.id);
    // Following a closed group requires membership: a stale follow of a closed group counts for nothing.
    if (g.followers.has(me) && (g.visibility === 'open' || member)) follows.add(g.id);
    if (g.admins.has(me)) adminOf.add(g.id);
  }
  const openGroups = groups.open;
  const departmentId = person.departmentId ?? actor.departmentId;
  const officeLocation = person.officeLocation ?? undefined;
  const roles = (person.roles ?? actor.roles) as string[];
  const feedKeys = new Set<string>([ORG_KEY]);
  if (departmentId) feedKeys.add(deptKey(departmentId));
  if (officeLocation) feedKeys.add(locKey(officeLocation));
  for (const r of roles) feedKeys.add(roleKey(r));
  for (const g of memberOf) feedKeys.add(groupKey(g));
  for (const g of follows) feedKeys.add(groupKey(g));
  const visibleKeys = new Set(feedKeys);
  for (const g of openGroups) visibleKeys.add(groupKey(g));
  return {
    actor,
    personId: pid,
    departmentId,
    officeLocation,
    memberOf,
    follows,
    adminOf,
    openGroups,
    groups: groups.summaries,
    feedKeys: [...feedKeys],
    visibleKeys,
    seesAllNews: hasRole(actor, 'communicator'),
    isAdmin: actor.roles.includes('admin'),
  };
}
