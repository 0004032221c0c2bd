import type { Document } from 'mongodb';
import { Types } from 'mongoose';
import { Comment, Like, Post } from '../../models/post.js';

/**
 * A post's likeCount and commentCount sit beside the likes and comments they count: two writes
 * that no store makes atomic here (localdb has no transactions). So that a crash between them
 * (kill -9, a lost connection) cannot leave a count wrong for good, every change is bracketed:
 *
 * 1. beginCountChange marks the post (a mark id carrying its start time; countsRev goes up);
 * 2. the like or comment is written;
 * 3. endCountChange applies the change to the counter and lifts the mark, in one write.
 *
 * A mark older than RECOUNT_GRACE_MS belongs to a change that died between 1 and 3:
 * recountStaleCounts counts that post's likes and live comments and sets both counters, on the
 * condition that no change began meanwhile (countsRev unchanged) and none was in flight (no
 * younger mark). It is idempotent and safe to run beside live traffic and on several instances.
 */
export const RECOUNT_GRACE_MS = 5 * 60_000;

export type CountChange = { likeCount?: number; commentCount?: number };

const marking = (mark: Types.ObjectId): Document => ({ $push: { pendingCounts: mark }, $inc: { countsRev: 1 } });

/** Step 1: marks the post; returns the mark to pass to endCountChange. */
export async function beginCountChange(postId: Types.ObjectId): Promise<Types.ObjectId> {
  const mark = new Types.ObjectId();
  await Post.updateOne({ _id: postId }, marking(mark), { timestamps: false });
  return mark;
}

/**
 * Step 1 and the read that the change needs, in one round trip: marks the post and returns it as
 * it was before the mark (the fields in `projection`, or all), or null when there is no such
 * post. A change refused after this (the post is not the actor's to see) lifts its mark with
 * abandonCountChange; a crash before that leaves a mark that the next recount settles.
 */
export async function readAndBeginCountChange<T extends { _id: Types.ObjectId }>(
  postId: Types.ObjectId,
  projection?: Document,
): Promise<{ post: T; mark: Types.ObjectId } | null> {
  const mark = new Types.ObjectId();
  // Through the driver, as endCountChange: no casting needed, and likes and comments are hot paths.
  const post = await Post.collection.findOneAndUpdate({ _id: postId }, marking(mark), {
    returnDocument: 'before',
    ...(projection ? { projection } : {}),
  });
  return post ? { post: post as unknown as T, mark } : null;
}

/** Lifts the mark of a change that was refused before it wrote anything. */
export async function abandonCountChange(postId: Types.ObjectId, mark: Types.ObjectId): Promise<void> {
  const lift: Document = { $pull: { pendingCounts: mark } };
  await Post.collection.updateOne({ _id: postId, pendingCounts: mark }, lift);
}

/**
 * Step 3: applies `change` and lifts the mark; returns the counters after it. When the mark is
 * gone (this change stalled past the grace and a recount settled the post meanwhile, perhaps
 * before this change's write), the change is left to the next recount instead.
 */
export async function endCountChange(
  postId: Types.ObjectId,
  mark: Types.ObjectId,
  change: CountChange,
): Promise<{ likeCount: number; commentCount: number }> {
  const inc = Object.fromEntries(Object.entries(change).filter(([, n]) => n !== 0));
  const lift: Document = { $pull: { pendingCounts: mark }, ...(Object.keys(inc).length ? { $inc: inc } : {}) };
  const updated = await Post.collection.findOneAndUpdate({ _id: postId, pendingCounts: mark }, lift, {
    returnDocument: 'after',
    projection: { likeCount: 1, commentCount: 1 },
  });
  if (updated) return { likeCount: updated.likeCount ?? 0, commentCount: updated.commentCount ?? 0 };
  // A mark from the beginning of time is stale at once: the next recount takes this post.
  const post = await Post.findOneAndUpdate(
    { _id: postId },
    { $push: { pendingCounts: Types.ObjectId.createFromTime(0) }, $inc: { countsRev: 1 } },
    { returnDocument: 'after', projection: { likeCount: 1, commentCount: 1 }, timestamps: false },
  ).lean();
  return { likeCount: post?.likeCount ?? 0, commentCount: post?.commentCount ?? 0 };
}

/**
 * Counts again the posts whose count changes did not finish (marks older than `graceMs`), from
 * the likes and live comments themselves, `batch` posts per read. Returns how many posts it settled.
 */
export async function recountStaleCounts(opts: { now?: Date; graceMs?: number; batch?: number } = {}): Promise<number> {
  const cutoffMs = (opts.now ?? new Date()).getTime() - (opts.graceMs ?? RECOUNT_GRACE_MS);
  const cutoff = Types.ObjectId.createFromTime(Math.floor(cutoffMs / 1000) + 1);
  const batch = opts.batch ?? 500;
  let settled = 0;
  // In _id order, so a post left for later (a change in flight) is not read again in this run.
  for (let after: Types.ObjectId | undefined; ; ) {
    const stale = await Post.find(
      { pendingCounts: { $lt: cutoff }, ...(after ? { _id: { $gt: after } } : {}) },
      { pendingCounts: 1, countsRev: 1 },
    )
      .sort({ _id: 1 })
      .limit(batch)
      .lean();
    for (const post of stale) if (await recountPost(post, cutoffMs)) settled++;
    if (stale.length < batch) return settled;
    after = stale.at(-1)!._id;
  }
}

async function recountPost(
  post: { _id: Types.ObjectId; pendingCounts?: Types.ObjectId[] | null; countsRev?: number | null },
  cutoffMs: number,
): Promise<boolean> {
  // A younger mark is a change in flight: its own end will count it; settle the post later.
  if ((post.pendingCounts ?? []).some((m) => m.getTimestamp().getTime() > cutoffMs)) return false;
  const [likeCount, commentCount] = await Promise.all([
    Like.countDocuments({ postId: post._id }),
    Comment.countDocuments({ postId: post._id, deletedAt: null }),
  ]);
  const done = await Post.updateOne(
    { _id: post._id, countsRev: post.countsRev ?? null },
    { $set: { likeCount, commentCount }, $unset: { pendingCounts: 1 }, $inc: { countsRev: 1 } },
    { timestamps: false },
  );
  return done.modifiedCount === 1;
}
