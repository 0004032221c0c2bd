import type { Types } from 'mongoose';
import { Like } from '../../models/post.js';
import type { Actor } from '../actor.js';
import { notFound } from '../errors.js';
import { abandonCountChange, endCountChange, readAndBeginCountChange } from './counts.js';
import { toObjectId } from './posts.js';
import { isNewsKind, mayActorSeePost, type PostAccessFields } from './rules.js';
import { POST_ACCESS_PROJECTION } from '../policies/post.js';
import { recordEngagement } from '../analytics/events.js';

export interface LikeState {
  liked: boolean;
  likeCount: number;
}

const isDuplicate = (err: unknown) => (err as { code?: number }).code === 11000;

/**
 * The post, if the actor may see it, with its count change begun (counts.ts): the read and the
 * mark in one round trip. 404 otherwise, the mark lifted.
 */
async function beginOnLikeablePost(actor: Actor, postId: string) {
  const begun = await readAndBeginCountChange<PostAccessFields & { _id: Types.ObjectId }>(
    toObjectId(postId, 'No such post.'),
    POST_ACCESS_PROJECTION,
  );
  if (!begun) throw notFound('No such post.');
  if (!(await mayActorSeePost(actor, begun.post))) {
    await abandonCountChange(begun.post._id, begun.mark);
    throw notFound('No such post.');
  }
  return begun;
}

/**
 * Sets whether the actor likes the post; idempotent. The unique {postId, personId} index decides
 * races, and likeCount moves only when a like was really created or removed; the two writes are
 * bracketed so that a crash between them is recounted (core/posts/counts.ts).
 */
export async function setLike(actor: Actor, postId: string, liked: boolean): Promise<LikeState> {
  const { post, mark } = await beginOnLikeablePost(actor, postId);
  const delta = liked
    ? (await createLike(actor, post))
      ? 1
      : 0
    : (await Like.collection.deleteOne({ postId: post._id, personId: actor.personId })).deletedCount === 1
      ? -1
      : 0;
  const { likeCount } = await endCountChange(post._id, mark, { likeCount: delta });
  return { liked, likeCount };
}

/** Likes when not liked, unlikes when liked. */
export async function toggleLike(actor: Actor, postId: string): Promise<LikeState> {
  const { post, mark } = await beginOnLikeablePost(actor, postId);
  const removed = await Like.collection.deleteOne({ postId: post._id, personId: actor.personId });
  const liked = removed.deletedCount !== 1;
  const delta = liked ? ((await createLike(actor, post)) ? 1 : 0) : -1;
  const { likeCount } = await endCountChange(post._id, mark, { likeCount: delta });
  return { liked, likeCount };
}

/** A like that may already exist (a double click, a race): true only when this call created it. */
async function createLike(actor: Actor, post: { _id: Types.ObjectId; kind: string }): Promise<boolean> {
  try {
    await Like.create({ postId: post._id, personId: actor.personId });
    recordEngagement(actor, 'like', { postId: post._id, news: isNewsKind(post.kind) });
    return true;
  } catch (err) {
    if (!isDuplicate(err)) throw err;
    return false;
  }
}
