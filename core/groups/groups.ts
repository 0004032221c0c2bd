import type { Types } from 'mongoose';
import { Group, type GROUP_KINDS, type GROUP_VISIBILITY } from '../../models/group.js';
import { Person } from '../../models/person.js';
import { hasRole, isSelf, type Actor } from '../actor.js';
import { badRequest, conflict, forbidden, notFound } from '../errors.js';
import { departmentKey } from '../../models/department.js';
import { parseId } from '../ids.js';

export type GroupRecord = NonNullable<Awaited<ReturnType<typeof findGroup>>>;

export interface NewGroup {
  name: string;
  description?: string;
  visibility: (typeof GROUP_VISIBILITY)[number];
  kind?: (typeof GROUP_KINDS)[number];
}

function findGroup(id: Types.ObjectId) {
  return Group.findById(id).lean();
}

function groupId(id: string): Types.ObjectId {
  return parseId(id, () => notFound('No such group.'));
}

const has = (list: readonly Types.ObjectId[] | undefined, id: Types.ObjectId) => !!list?.some((x) => x.equals(id));

export const isMember = (g: GroupRecord, actor: Actor) => has(g.members, actor.personId);
export const isGroupAdmin = (g: GroupRecord, actor: Actor) => has(g.admins, actor.personId);

/**
 * Whether the actor may know the group exists: open groups for everyone, closed groups for their
 * members and for admins (who manage membership). Reading a closed group's posts still takes
 * membership (core/posts/rules.ts).
 */
export function canSeeGroup(g: GroupRecord, actor: Actor): boolean {
  return g.visibility === 'open' || isMember(g, actor) || actor.roles.includes('admin');
}

/** Group admins and admins manage members. */
export function canManageGroup(g: GroupRecord, actor: Actor): boolean {
  return isGroupAdmin(g, actor) || actor.roles.includes('admin');
}

/** The group, or 404 when it does not exist or is closed to the actor. */
export async function visibleGroup(actor: Actor, id: string): Promise<GroupRecord> {
  const g = await findGroup(groupId(id));
  if (!g || !canSeeGroup(g, actor)) throw notFound('No such group.');
  return g;
}

export async function listGroups(actor: Actor): Promise<GroupRecord[]> {
  if (actor.roles.includes('admin')) return Group.find({}).sort({ name: 1 }).lean();
  return Group.find({ $or: [{ visibility: 'open' }, { members: actor.personId }] })
    .sort({ name: 1 })
    .lean();
}

/** The groups a person belongs to (used to offer "post this photo to…"). */
export async function groupsOf(actor: Actor): Promise<GroupRecord[]> {
  return Group.find({ members: actor.personId, kind: 'group' }).sort({ name: 1 }).lean();
}

function slugify(name: string): string {
  return (
    departmentKey(name)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 100) || 'groep'
  );
}

/** Anyone may start a group and becomes its admin; Q&A groups are started by communicators. */
export async function createGroup(actor: Actor, input: NewGroup): Promise<GroupRecord> {
  const name = input.name.trim();
  if (!name) throw badRequest('A group needs a name.');
  if (input.kind === 'qa' && !hasRole(actor, 'communicator'))
    throw forbidden('Only the communication team starts Q&A groups.');
  const slug = slugify(name);
  if (await Group.exists({ slug })) throw conflict('A group with this name exists already.');
  try {
    const g = await Group.create({
      name,
      slug,
      description: input.description?.trim() || undefined,
      visibility: input.visibility,
      kind: input.kind ?? 'group',
      admins: [actor.personId],
      members: [actor.personId],
      followers: [actor.personId],
      createdBy: actor.personId,
    });
    return g.toObject() as GroupRecord;
  } catch (err) {
    if ((err as { code?: number }).code === 11000) throw conflict('A group with this name exists already.');
    throw err;
  }
}

async function reload(id: Types.ObjectId): Promise<GroupRecord> {
  const g = await findGroup(id);
  if (!g) throw notFound('No such group.');
  return g;
}

/** Open groups: join directly (idempotent). Closed groups: a group admin adds you. */
export async function joinGroup(actor: Actor, id: string): Promise<GroupRecord> {
  const g = await visibleGroup(actor, id);
  if (isMember(g, actor)) return g;
  if (g.visibility !== 'open') throw forbidden('This group is closed: ask one of its admins to add you.');
  await Group.updateOne({ _id: g._id, visibility: 'open' }, { $addToSet: { members: actor.personId } });
  return reload(g._id);
}

/** Leaving also stops following; the last admin of a group with other members must hand over first. */
export async function leaveGroup(actor: Actor, id: string): Promise<GroupRecord> {
  const g = await visibleGroup(actor, id);
  if (!isMember(g, actor) && !has(g.followers, actor.personId)) return g;
  assertNotLastAdmin(g, actor.personId);
  await Group.updateOne(
    { _id: g._id },
    { $pull: { members: actor.personId, admins: actor.personId, followers: actor.personId } },
  );
  return reload(g._id);
}

function assertNotLastAdmin(g: GroupRecord, personId: Types.ObjectId): void {
  const admins = g.admins ?? [];
  const others = g.members.filter((m) => !m.equals(personId));
  if (admins.length === 1 && admins[0]!.equals(personId) && others.length > 0) {
    throw conflict('You are the last admin of this group: make someone else admin first.');
  }
}

/** Followers see the group's posts in their home feed; following a closed group takes membership. */
export async function followGroup(actor: Actor, id: string): Promise<GroupRecord> {
  const g = await visibleGroup(actor, id);
  if (g.visibility !== 'open' && !isMember(g, actor)) throw forbidden('Only members follow a closed group.');
  await Group.updateOne({ _id: g._id }, { $addToSet: { followers: actor.personId } });
  return reload(g._id);
}

export async function unfollowGroup(actor: Actor, id: string): Promise<GroupRecord> {
  const g = await visibleGroup(actor, id);
  await Group.updateOne({ _id: g._id }, { $pull: { followers: actor.personId } });
  return reload(g._id);
}

function personIdOf(id: string): Types.ObjectId {
  return parseId(id, () => notFound('No such person.'));
}

/** Group admins (and admins) add a colleague, optionally as group admin; idempotent. */
export async function addMember(
  actor: Actor,
  id: string,
  personId: string,
  opts: { admin?: boolean } = {},
): Promise<GroupRecord> {
  const g = await visibleGroup(actor, id);
  if (!canManageGroup(g, actor)) throw forbidden('Only the group admins manage members.');
  const pid = personIdOf(personId);
  if (!(await Person.exists({ _id: pid, active: true }))) throw notFound('No such person.');
  const $addToSet: Record<string, Types.ObjectId> = { members: pid };
  if (opts.admin) $addToSet.admins = pid;
  const update: Record<string, unknown> = { $addToSet };
  if (opts.admin === false && has(g.admins, pid)) {
    assertNotLastAdmin({ ...g, members: [...g.members, pid] } as GroupRecord, pid);
    update.$pull = { admins: pid };
  }
  await Group.updateOne({ _id: g._id }, update);
  return reload(g._id);
}

/** Group admins (and admins) remove a member; their follow and admin rights go with it. */
export async function removeMember(actor: Actor, id: string, personId: string): Promise<GroupRecord> {
  const g = await visibleGroup(actor, id);
  const pid = personIdOf(personId);
  if (!canManageGroup(g, actor) && !isSelf(actor, pid)) throw forbidden('Only the group admins manage members.');
  if (!has(g.members, pid)) throw notFound('That person is not a member.');
  assertNotLastAdmin(g, pid);
  await Group.updateOne({ _id: g._id }, { $pull: { members: pid, admins: pid, followers: pid } });
  return reload(g._id);
}
