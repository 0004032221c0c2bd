import type { Types } from 'mongoose';
import { hasRole, isSelf, type Actor } from '../actor.js';
import type { Viewer } from '../posts/viewer.js';
import { after, allow, deny, hidden, type Decision } from './decision.js';

/**
 * Who may do what with a post. Pure functions of the viewer and the post; services enforce
 * them (core/posts), presenters derive the `can` flags from them (core/posts/present.ts).
 */

/** The fields of a post that decide who may see and change it. */
export interface PostAccessFields {
  _id: Types.ObjectId;
  kind: string;
  authorId: Types.ObjectId;
  groupId?: Types.ObjectId | null;
  audienceKeys?: string[] | null;
  /** published; anything else (draft, scheduled) is its author's alone until published. */
  status?: string | null;
  deletedAt?: Date | null;
}

/** The projection that loads a post's PostAccessFields (spread it into a wider one). */
export const POST_ACCESS_PROJECTION = {
  kind: 1,
  authorId: 1,
  groupId: 1,
  audienceKeys: 1,
  status: 1,
  deletedAt: 1,
} as const satisfies Record<Exclude<keyof PostAccessFields, '_id'>, 1>;

export const NEWS_KINDS = ['news', 'department'] as const;
export const isNewsKind = (kind: string) => kind === 'news' || kind === 'department';

/** What reading a post depends on: who asks, the groups they may read, and the audience keys that reach them. */
export type PostReader = Pick<Viewer, 'actor' | 'memberOf' | 'openGroups' | 'visibleKeys' | 'seesAllNews'>;
/** Changing a post also depends on the groups they administer and whether they are an admin. */
export type PostViewer = PostReader & Pick<Viewer, 'adminOf' | 'isAdmin'>;

const isPublished = (post: PostAccessFields) => !post.status || post.status === 'published';
const isAuthor = (v: PostReader, post: PostAccessFields) => isSelf(v.actor, post.authorId);

/** Whether the reader may read the group's posts: any open group, a closed one only as a member. */
export function readsGroup(v: Pick<Viewer, 'memberOf' | 'openGroups'>, groupId: Types.ObjectId | string): boolean {
  const id = groupId.toString();
  return v.openGroups.has(id) || v.memberOf.has(id);
}

/**
 * Reading a post.
 * - Deleted posts are gone for everyone.
 * - A post in a group (group posts, questions) follows the group: an open group's posts are
 *   readable by every colleague (they can read and join), a closed group's by its members only:
 *   also for admins, and for its author once removed. Closed means closed.
 * - A post that is not published (a draft, a scheduled post) is its author's alone.
 * - Other posts: the author, communicators and admins (they moderate news), and everyone in the
 *   audience (see Viewer.visibleKeys).
 */
export function read(v: PostReader, post: PostAccessFields): Decision {
  if (post.deletedAt) return hidden;
  if (post.groupId && !readsGroup(v, post.groupId)) return hidden;
  if (!isPublished(post)) return isAuthor(v, post) ? allow : hidden;
  if (post.groupId || isAuthor(v, post) || v.seesAllNews) return allow;
  return (post.audienceKeys ?? []).some((k) => v.visibleKeys.has(k)) ? allow : hidden;
}

/** Liking and commenting take only reading. */
export const like = read;
export const comment = read;

/** Moderators of a post: group admins in their group; communicators for news; admins for everything they can read. */
export function moderates(v: PostViewer, post: PostAccessFields): boolean {
  if (v.isAdmin) return true;
  if (post.groupId) return v.adminOf.has(post.groupId.toString());
  return isNewsKind(post.kind) && v.seesAllNews;
}

/** Changing the words (and, for news, the audience and importance): the author and admins (marked "edited"). */
export function edit(v: PostViewer, post: PostAccessFields): Decision {
  return after(read(v, post), () => (isAuthor(v, post) || v.isAdmin ? allow : deny('not_author')));
}

/** Deleting: the author and the post's moderators. */
export function remove(v: PostViewer, post: PostAccessFields): Decision {
  return after(read(v, post), () => (isAuthor(v, post) || moderates(v, post) ? allow : deny('not_moderator')));
}

/** Pinning is news moderation: communicators and admins. */
export function pin(v: PostViewer, post: PostAccessFields): Decision {
  return after(read(v, post), () => (isNewsKind(post.kind) && v.seesAllNews ? allow : deny('pin_news')));
}

/** Marking the accepted answer of a question: the asker, the group's admins, admins. */
export function markAnswer(v: PostViewer, post: PostAccessFields): Decision {
  return after(read(v, post), () => {
    if (post.kind !== 'question') return deny('mark_answer');
    if (isAuthor(v, post) || v.isAdmin) return allow;
    return post.groupId && v.adminOf.has(post.groupId.toString()) ? allow : deny('mark_answer');
  });
}

/** The markdown source goes to those who may edit it. */
export const seesSource = (v: PostViewer, post: PostAccessFields) => edit(v, post).ok;

/** The audience of news (who it was addressed to) is shown to its author and its moderators. */
export const seesAudience = (v: PostViewer, post: PostAccessFields) =>
  read(v, post).ok && isNewsKind(post.kind) && (isAuthor(v, post) || moderates(v, post));

/** News about to be published (or re-addressed): its kind, the departments it is for, whether it is pinned. */
export interface NewsDraft {
  kind: string;
  departmentIds: readonly Types.ObjectId[];
  pinned?: boolean;
}

/**
 * Publishing news. Organisation news: communicators (and admins). Department news:
 * communicators for any departments, managers for their own department only. Pinning: communicators.
 * (Posting in a group is the group's rule: core/policies/group.ts.)
 */
export function publish(actor: Actor, draft: NewsDraft): Decision {
  const communicator = hasRole(actor, 'communicator');
  if (!isNewsKind(draft.kind)) return allow;
  if (draft.kind === 'news' && !communicator) return deny('publish_news');
  if (draft.kind === 'department' && !communicator) {
    const own = actor.departmentId;
    const ownOnly = !!own && draft.departmentIds.every((d) => d.equals(own));
    if (!hasRole(actor, 'manager') || !ownOnly) return deny('department_news');
  }
  if (draft.pinned && !communicator) return deny('pin_news');
  return allow;
}
