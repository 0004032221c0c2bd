import type { Types } from 'mongoose';
import { Person } from '../../models/person.js';
import { Group } from '../../models/group.js';
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

const ids = (docs: Array<{ _id: Types.ObjectId }>) => new Set(docs.map((d) => d._id.toString()));

export async function loadViewer(actor: Actor): Promise<Viewer> {
  const pid = actor.personId;
  // An actor resolved for this request carries the person's profile; another one is read again.
  const carried = actor.officeLocation !== undefined;
  const mine = { $elemMatch: { $eq: pid } };
  // One pass over the groups (an intranet has tens of them) tells membership, following and admin rights.
  const [person, groups] = await Promise.all([
    carried
      ? { departmentId: actor.departmentId, officeLocation: actor.officeLocation, roles: actor.roles }
      : Person.findOne({ _id: pid, active: true }, { departmentId: 1, officeLocation: 1, roles: 1 }).lean(),
    // Each group with its name, and the viewer among its members, followers and admins (the
    // $elemMatch projections send back only that one id, not the lists). Read through the driver:
    // on every request, and mongoose's query building would cost as much as the answer.
    Group.collection
      .find<GroupSummary & { _id: Types.ObjectId; members?: unknown[]; followers?: unknown[]; admins?: unknown[] }>(
        {},
        { projection: { name: 1, kind: 1, visibility: 1, members: mine, followers: mine, admins: mine } },
      )
      .toArray(),
  ]);
  if (!person) throw notFound('You are not in the directory.');
  const member = (g: (typeof groups)[number]) => !!g.members?.length;
  const memberOf = ids(groups.filter(member));
  // Following a closed group requires membership: a stale follow of a closed group counts for nothing.
  const follows = ids(groups.filter((g) => !!g.followers?.length && (g.visibility === 'open' || member(g))));
  const openGroups = ids(groups.filter((g) => g.visibility === 'open'));
  const adminOf = ids(groups.filter((g) => !!g.admins?.length));
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
    groups: new Map(groups.map((g) => [g._id.toString(), { name: g.name, visibility: g.visibility, kind: g.kind }])),
    feedKeys: [...feedKeys],
    visibleKeys,
    seesAllNews: hasRole(actor, 'communicator'),
    isAdmin: actor.roles.includes('admin'),
  };
}
