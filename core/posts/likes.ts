import { Like, Post } from '../../models/post.js';
import type { Actor } from '../actor.js';
import { notFound } from '../errors.js';
import { toObjectId } from './posts.js';
import { mayActorSeePost } from './rules.js';

export interface LikeState {
  liked: boolean;
  likeCount: number;
}

const isDuplicate = (err: unknown) => (err as { code?: number }).code === 11000;

const ACCESS_FIELDS = {
  kind: 1,
  authorId: 1,
  groupId: 1,
  audienceKeys: 1,
  status: 1,
  deletedAt: 1,
  likeCount: 1,
} as const;

async function likeablePost(actor: Actor, postId: string) {
  const post = await Post.findById(toObjectId(postId, 'No such post.'), ACCESS_FIELDS).lean();
  if (!post || !(await mayActorSeePost(actor, post))) throw notFound('No such post.');
  return post;
}

async function countAfter(postId: unknown, delta: number, fallback: number): Promise<number> {
  if (delta === 0) {
    const p = await Post.findById(postId, { likeCount: 1 }).lean();
    return p?.likeCount ?? fallback;
  }
  const p = await Post.findOneAndUpdate(
    { _id: postId },
    { $inc: { likeCount: delta } },
    { returnDocument: 'after', projection: { likeCount: 1 } },
  ).lean();
  return p?.likeCount ?? fallback;
}

/**
 * Sets whether the actor likes the post; idempotent. The unique {postId, personId} index decides
 * races, and likeCount moves only when a like was really created or removed.
 */
export async function setLike(actor: Actor, postId: string, liked: boolean): Promise<LikeState> {
  const post = await likeablePost(actor, postId);
  if (liked) return addLike(actor, post);
  const removed = await Like.deleteOne({ postId: post._id, personId: actor.personId });
  return { liked: false, likeCount: await countAfter(post._id, removed.deletedCount === 1 ? -1 : 0, post.likeCount) };
}

/** Likes when not liked, unlikes when liked. */
export async function toggleLike(actor: Actor, postId: string): Promise<LikeState> {
  const post = await likeablePost(actor, postId);
  const removed = await Like.deleteOne({ postId: post._id, personId: actor.personId });
  if (removed.deletedCount === 1) return { liked: false, likeCount: await countAfter(post._id, -1, post.likeCount) };
  return addLike(actor, post);
}

/** A like that may already exist (a double click, a race): the count moves only for a new one. */
async function addLike(actor: Actor, post: Awaited<ReturnType<typeof likeablePost>>): Promise<LikeState> {
  let created = false;
  try {
    await Like.create({ postId: post._id, personId: actor.personId });
    created = true;
  } catch (err) {
    if (!isDuplicate(err)) throw err;
  }
  return { liked: true, likeCount: await countAfter(post._id, created ? 1 : 0, post.likeCount) };
}
