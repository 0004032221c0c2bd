import type { Types } from 'mongoose';
import { isSelf } from '../actor.js';
import { after, allow, deny, type Decision } from './decision.js';
import { moderates, read as readPost, type PostAccessFields, type PostViewer } from './post.js';

/** Who may do what with a comment: it lives and dies with its post (a comment on a post you cannot read is hidden). */

export interface CommentAccessFields {
  authorId: Types.ObjectId;
}

const isAuthor = (v: PostViewer, c: CommentAccessFields) => isSelf(v.actor, c.authorId);

/** Reading a comment is reading its post. */
export function read(v: PostViewer, _comment: CommentAccessFields, post: PostAccessFields): Decision {
  return readPost(v, post);
}

/** Authors edit their own comments (marked "edited"); admins may edit any. */
export function edit(v: PostViewer, comment: CommentAccessFields, post: PostAccessFields): Decision {
  return after(readPost(v, post), () => (isAuthor(v, comment) || v.isAdmin ? allow : deny('not_author')));
}

/** Authors delete their own comments; whoever moderates the post (group admins, communicators for news, admins) any. */
export function remove(v: PostViewer, comment: CommentAccessFields, post: PostAccessFields): Decision {
  return after(readPost(v, post), () => (isAuthor(v, comment) || moderates(v, post) ? allow : deny('not_moderator')));
}

/** The markdown source goes to those who may edit the comment. */
export const seesSource = (v: PostViewer, comment: CommentAccessFields, post: PostAccessFields) =>
  edit(v, comment, post).ok;
