import { randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import { Group, type GROUP_KINDS, type GROUP_VISIBILITY } from '../../models/group.js';
import { Person } from '../../models/person.js';
import { Post } from '../../models/post.js';
import { AuditEvent } from '../../models/audit.js';
import type { Actor } from '../actor.js';
import { badRequest, conflict, notFound, textEmpty } from '../errors.js';
import { departmentKey } from '../../models/department.js';
import { parseId } from '../ids.js';
import { t, type Locale } from '../i18n.js';
import { cardText } from '../../cards/text.js';
import * as groupPolicy from '../policies/group.js';
import { enforce } from '../policies/decision.js';

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

const GROUP_NOT_FOUND = { key: 'error.group.notFound' } as const;
const groupNotFound = () => notFound(GROUP_NOT_FOUND);

function groupId(id: string): Types.ObjectId {
  return parseId(id, groupNotFound);
}

const has = (list: readonly Types.ObjectId[] | undefined, id: Types.ObjectId) => !!list?.some((x) => x.equals(id));

/** The group, or 404 when it does not exist or is closed to the actor. */
export async function visibleGroup(actor: Actor, id: string): Promise<GroupRecord> {
  const g = await findGroup(groupId(id));
  if (!g) throw groupNotFound();
  enforce(groupPolicy.see(actor, g), groupNotFound);
  return g;
}

/** Every group the actor may know of, by name. */
export async function listGroups(actor: Actor): Promise<GroupRecord[]> {
  // The query narrows to what the policy can allow; the policy decides.
  const candidates: Record<string, unknown> = actor.roles.includes('admin')
    ? {}
    : { $or: [{ visibility: 'open' }, { members: actor.personId }] };
  const groups = await Group.find(candidates).sort({ name: 1 }).lean();
  return groups.filter((g) => groupPolicy.see(actor, g).ok);
}

/** The groups a person belongs to and may post in (used to offer "post this photo to…"). */
export async function groupsOf(actor: Actor): Promise<GroupRecord[]> {
  const groups = await Group.find({ members: actor.personId, kind: 'group' }).sort({ name: 1 }).lean();
  return groups.filter((g) => groupPolicy.post(actor, g).ok);
}

/**
 * The address of a new group: its name in lower-case ASCII words, then a short random part.
 * The random part means no name can collide with another (names of only punctuation included),
 * and a slug says nothing about which other groups exist.
 */
export function slugFor(name: string): string {
  const words = departmentKey(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/, '');
  const suffix = randomBytes(5).readUIntBE(0, 5).toString(36).padStart(8, '0').slice(-8);
  return `${words || 'groep'}-${suffix}`;
}

/**
 * Anyone may start a group and becomes its admin; Q&A groups are started by communicators.
 * A name the actor can already see among the groups is refused ("exists already"); a name that
 * only a closed group they cannot see has is not: the answer must not confirm that group.
 */
export async function createGroup(actor: Actor, input: NewGroup): Promise<GroupRecord> {
  const name = input.name.trim();
  if (!name) throw textEmpty({ key: 'error.group.needsName' });
  enforce(groupPolicy.create(actor, input), groupNotFound);
  const key = departmentKey(name);
  const known = await listGroups(actor);
  if (known.some((g) => departmentKey(g.name) === key)) throw conflict({ key: 'error.group.nameTaken' });
  for (let attempt = 0; ; attempt++) {
    try {
      const g = await Group.create({
        name,
        slug: slugFor(name),
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
      // Two random suffixes alike: about one chance in a trillion; try another.
      if ((err as { code?: number }).code !== 11000 || attempt >= 2) throw err;
    }
  }
}

async function reload(id: Types.ObjectId): Promise<GroupRecord> {
  const g = await findGroup(id);
  if (!g) throw groupNotFound();
  return g;
}

/** Open groups: join directly (idempotent). Closed groups: a group admin adds you. */
export async function joinGroup(actor: Actor, id: string): Promise<GroupRecord> {
  const g = await visibleGroup(actor, id);
  enforce(groupPolicy.join(actor, g), groupNotFound);
  if (groupPolicy.isMember(actor, g)) return g;
  await Group.updateOne({ _id: g._id, visibility: 'open' }, { $addToSet: { members: actor.personId } });
  return reload(g._id);
}

/** Leaving also stops following; the last admin of a group with other members must hand over first. */
export async function leaveGroup(actor: Actor, id: string): Promise<GroupRecord> {
  const g = await visibleGroup(actor, id);
  enforce(groupPolicy.leave(actor, g), groupNotFound);
  if (!groupPolicy.isMember(actor, g) && !groupPolicy.isFollowing(actor, g)) return g;
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
    throw conflict({ key: 'error.group.lastAdmin' });
  }
}

/** Followers see the group's posts in their home feed; following a closed group takes membership. */
export async function followGroup(actor: Actor, id: string): Promise<GroupRecord> {
  const g = await visibleGroup(actor, id);
  enforce(groupPolicy.follow(actor, g), groupNotFound);
  await Group.updateOne({ _id: g._id }, { $addToSet: { followers: actor.personId } });
  return reload(g._id);
}

export async function unfollowGroup(actor: Actor, id: string): Promise<GroupRecord> {
  const g = await visibleGroup(actor, id);
  enforce(groupPolicy.unfollow(actor, g), groupNotFound);
  await Group.updateOne({ _id: g._id }, { $pull: { followers: actor.personId } });
  return reload(g._id);
}

const PERSON_NOT_FOUND = { key: 'error.person.notFound' } as const;

function personIdOf(id: string): Types.ObjectId {
  return parseId(id, () => notFound(PERSON_NOT_FOUND));
}

/**
 * The group's admins add a colleague, optionally as group admin; idempotent. In an open group
 * Ids admins may too; a closed group's members are managed by its own admins only.
 */
export async function addMember(
  actor: Actor,
  id: string,
  personId: string,
  opts: { admin?: boolean } = {},
): Promise<GroupRecord> {
  const g = await visibleGroup(actor, id);
  enforce(groupPolicy.manageMembers(actor, g), groupNotFound);
  const pid = personIdOf(personId);
  if (!(await Person.exists({ _id: pid, active: true }))) throw notFound(PERSON_NOT_FOUND);
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

/** The group's admins remove a member (their follow and admin rights go with it); anyone may remove themselves. */
export async function removeMember(actor: Actor, id: string, personId: string): Promise<GroupRecord> {
  const g = await visibleGroup(actor, id);
  const pid = personIdOf(personId);
  enforce(groupPolicy.removeMember(actor, g, pid), groupNotFound);
  if (!has(g.members, pid)) throw notFound({ key: 'error.group.notMember' });
  assertNotLastAdmin(g, pid);
  await Group.updateOne({ _id: g._id }, { $pull: { members: pid, admins: pid, followers: pid } });
  return reload(g._id);
}

/**
 * The escape hatch for a group whose admins have all left the organisation: an Ids admin appoints
 * one of its members as its admin. Never unseen: an audit record says who did it, when, in which
 * group and for whom, and a post in the group tells its members. The Ids admin becomes neither
 * member nor reader of the group. `locale`: the organisation's language, for the post.
 */
export async function appointGroupAdmin(
  actor: Actor,
  id: string,
  personId: string,
  opts: { locale: Locale },
): Promise<GroupRecord> {
  const g = await visibleGroup(actor, id);
  const activeAdmins = g.admins?.length ? await Person.countDocuments({ _id: { $in: g.admins }, active: true }) : 0;
  enforce(groupPolicy.appointAdmin(actor, g, { activeAdmins }), groupNotFound);
  const pid = personIdOf(personId);
  const [appointee, admin] = await Promise.all([
    Person.findOne({ _id: pid, active: true }, { displayName: 1 }).lean(),
    Person.findById(actor.personId, { displayName: 1 }).lean(),
  ]);
  if (!appointee || !has(g.members, pid)) throw badRequest({ key: 'error.group.appointMember' });
  const at = new Date();
  // Recorded before it happens: an appointment is never left unaccounted for.
  await AuditEvent.create({
    action: 'group.adminAppointed',
    actorId: actor.personId,
    groupId: g._id,
    personId: pid,
    at,
  });
  await Group.updateOne({ _id: g._id, members: pid }, { $addToSet: { admins: pid } });
  await Post.create({
    kind: 'group',
    authorId: actor.personId,
    groupId: g._id,
    body: t(opts.locale, 'group.adminAppointed', {
      admin: cardText(admin?.displayName ?? actor.email, { max: 200 }),
      person: cardText(appointee.displayName, { max: 200 }),
    }),
    audience: { groupIds: [g._id] },
    publishedAt: at,
  });
  return reload(g._id);
}
