import type { Types } from 'mongoose';
import { Group } from '../../models/group.js';
import { hasRole, isSelf, type Actor } from '../actor.js';
import { ORG_KEY, deptKey, roleKey } from './audience.js';
import { loadViewer, type Viewer } from './viewer.js';

/** The fields of a post that decide who may see and change it. */
export interface PostAccessFields {
  _id: Types.ObjectId;
  kind: string;
  authorId: Types.ObjectId;
  groupId?: Types.ObjectId | null;
  audienceKeys?: string[] | null;
  status?: string | null;
  deletedAt?: Date | null;
}

export const NEWS_KINDS = ['news', 'department'] as const;
export const isNewsKind = (kind: string) => kind === 'news' || kind === 'department';

/**
 * Whether the viewer may read the post.
 * - Deleted posts are gone for everyone.
 * - A post in a group (group posts, questions) follows the group: an OPEN group's posts are
 *   readable by every colleague (they can read and join), a CLOSED group's by its members only —
 *   also for admins and the author once removed: closed means closed.
 * - Other posts: the author, communicators and admins (they moderate news), and everyone in the
 *   audience (see Viewer.visibleKeys).
 */
export function canSeePost(viewer: Viewer, post: PostAccessFields): boolean {
  if (post.deletedAt) return false;
  if (post.groupId) {
    const g = post.groupId.toString();
    return viewer.openGroups.has(g) || viewer.memberOf.has(g);
  }
  if (isSelf(viewer.actor, post.authorId)) return true;
  if (post.status === 'draft') return false;
  if (viewer.seesAllNews) return true;
  return (post.audienceKeys ?? []).some((k) => viewer.visibleKeys.has(k));
}

/**
 * The same decision without loading the whole Viewer when a cheaper answer exists (a like or a
 * comment on an organisation-wide post needs no group look-ups). Returns the Viewer when it had
 * to load it.
 */
export async function mayActorSeePost(actor: Actor, post: PostAccessFields): Promise<boolean> {
  if (post.deletedAt) return false;
  if (post.groupId) {
    const open = await Group.exists({ _id: post.groupId, $or: [{ visibility: 'open' }, { members: actor.personId }] });
    return open !== null;
  }
  if (isSelf(actor, post.authorId)) return true;
  if (post.status === 'draft') return false;
  if (hasRole(actor, 'communicator')) return true;
  const keys = post.audienceKeys ?? [];
  if (keys.includes(ORG_KEY)) return true;
  if (actor.departmentId && keys.includes(deptKey(actor.departmentId))) return true;
  if (actor.roles.some((r) => keys.includes(roleKey(r)))) return true;
  return canSeePost(await loadViewer(actor), post);
}

/** Authors edit their own posts; admins may edit any (editing marks the post "edited"). */
export function canEditPost(actor: Actor, post: PostAccessFields): boolean {
  return isSelf(actor, post.authorId) || actor.roles.includes('admin');
}

/** Moderators of a post: group admins in their group; communicators for news; admins for everything. */
export function canModeratePost(viewer: Viewer, post: PostAccessFields): boolean {
  if (viewer.isAdmin) return true;
  if (post.groupId) return viewer.adminOf.has(post.groupId.toString());
  return isNewsKind(post.kind) && viewer.seesAllNews;
}

/** Who may delete a post: its author and its moderators. */
export function canDeletePost(viewer: Viewer, post: PostAccessFields): boolean {
  return isSelf(viewer.actor, post.authorId) || canModeratePost(viewer, post);
}

/** Pinning is news moderation: communicators and admins. */
export function canPin(actor: Actor, post: { kind: string }): boolean {
  return isNewsKind(post.kind) && hasRole(actor, 'communicator');
}

/** Marking the accepted answer: the asker, the group's admins, admins. */
export function canMarkAnswer(viewer: Viewer, post: PostAccessFields): boolean {
  if (post.kind !== 'question') return false;
  if (isSelf(viewer.actor, post.authorId) || viewer.isAdmin) return true;
  return !!post.groupId && viewer.adminOf.has(post.groupId.toString());
}
