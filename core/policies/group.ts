import type { Types } from 'mongoose';
import { hasRole, isSelf, type Actor } from '../actor.js';
import { after, allow, deny, hidden, type Decision } from './decision.js';

/**
 * Who may do what with a group. Open groups: anyone reads, joins and posts. Closed groups: their
 * members read and post; only the group's own admins manage the members. Ids admins may know that
 * a closed group exists (its name and members) but read nothing in it and manage none of it,
 * except one audited escape hatch: appointing an admin for a group that has none left.
 */

export interface GroupAccessFields {
  visibility: string;
  kind?: string | null;
  members: readonly Types.ObjectId[];
  admins?: readonly Types.ObjectId[] | null;
  followers?: readonly Types.ObjectId[] | null;
}

const has = (list: readonly Types.ObjectId[] | null | undefined, id: Types.ObjectId) =>
  !!list?.some((x) => x.equals(id));

export const isMember = (actor: Actor, g: GroupAccessFields) => has(g.members, actor.personId);
export const isGroupAdmin = (actor: Actor, g: GroupAccessFields) => has(g.admins, actor.personId);
export const isFollowing = (actor: Actor, g: GroupAccessFields) => has(g.followers, actor.personId);
const isOpen = (g: GroupAccessFields) => g.visibility === 'open';
const isAdmin = (actor: Actor) => actor.roles.includes('admin');

/** Knowing the group exists (its name, description and members): open groups for all, closed ones for members and admins. */
export function see(actor: Actor, g: GroupAccessFields): Decision {
  return isOpen(g) || isMember(actor, g) || isAdmin(actor) ? allow : hidden;
}

/** Reading its posts and feed: open groups for all, closed ones for members only (admins included). */
export function readPosts(actor: Actor, g: GroupAccessFields): Decision {
  return isOpen(g) || isMember(actor, g) ? allow : hidden;
}

/** Posting in it: like reading (posting in an open group joins it). */
export const post = readPosts;

/** Joining: open groups directly; a closed group through one of its admins. */
export function join(actor: Actor, g: GroupAccessFields): Decision {
  return after(see(actor, g), () => (isOpen(g) || isMember(actor, g) ? allow : deny('group_closed')));
}

/** Leaving and unfollowing: whoever knows the group (the last admin rule is the service's). */
export const leave = see;
export const unfollow = see;

/** Following brings the posts into the home feed: a closed group's only for its members. */
export function follow(actor: Actor, g: GroupAccessFields): Decision {
  return after(see(actor, g), () => (isOpen(g) || isMember(actor, g) ? allow : deny('follow_members')));
}

/** Adding members (and making them group admin): the group's admins; for an open group admins too. */
export function manageMembers(actor: Actor, g: GroupAccessFields): Decision {
  return after(see(actor, g), () =>
    isGroupAdmin(actor, g) || (isOpen(g) && isAdmin(actor)) ? allow : deny('manage_members'),
  );
}

/** Removing a member: as managing members, and anyone may remove themselves (leaving). */
export function removeMember(actor: Actor, g: GroupAccessFields, personId: Types.ObjectId): Decision {
  if (isSelf(actor, personId)) return see(actor, g);
  return manageMembers(actor, g);
}

/**
 * The escape hatch: an admin appoints a member as admin of a group with no active admin left (they
 * all left the organisation). Audited, and the group's members are told (core/groups/groups.ts).
 */
export function appointAdmin(actor: Actor, g: GroupAccessFields, facts: { activeAdmins: number }): Decision {
  return after(see(actor, g), () => {
    if (!isAdmin(actor)) return deny('restore_admin');
    return facts.activeAdmins > 0 ? deny('group_has_admin') : allow;
  });
}

/** Starting a group: anyone; Q&A groups: communicators. */
export function create(actor: Actor, input: { kind?: string }): Decision {
  return input.kind === 'qa' && !hasRole(actor, 'communicator') ? deny('start_qa_group') : allow;
}
