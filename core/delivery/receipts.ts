import type { Types } from 'mongoose';
import { ConversationRef, Delivery, PostReceipt } from '../../models/delivery.js';
import { Post } from '../../models/post.js';
import type { Actor } from '../actor.js';
import { AppError, notFound } from '../errors.js';
import { toObjectId } from '../posts/posts.js';
import { isNewsKind, mayActorSeePost } from '../posts/rules.js';
import { recordEngagement } from '../analytics/events.js';

/**
 * What Ids knows about who read what: a post opened in the tab (read), acknowledged (a button
 * on the card or in the tab), and a card shown in Teams (seen: a read receipt in the personal
 * chat, or Teams asking for the card's refresh). People and tenant policies can switch read
 * receipts off, so "seen" is a lower bound.
 */

const isDuplicate = (err: unknown) => (err as { code?: number }).code === 11000;

/** Upserts the receipt with the earliest moment of each field given (so repeating changes nothing). */
async function stamp(postId: Types.ObjectId, personId: Types.ObjectId, fields: Record<string, Date>) {
  for (let i = 0; i < 2; i++) {
    try {
      return await PostReceipt.findOneAndUpdate(
        { postId, personId },
        { $min: fields },
        { upsert: true, returnDocument: 'after', projection: { readAt: 1, acknowledgedAt: 1 } },
      ).lean();
    } catch (err) {
      // Two first stamps at once: the other created the receipt; $min it now.
      if (!isDuplicate(err) || i > 0) throw err;
    }
  }
  return null;
}

const ACCESS = { kind: 1, authorId: 1, groupId: 1, audienceKeys: 1, status: 1, deletedAt: 1, requiresAck: 1 } as const;

/** The post, if the actor may read it and it is published (404 otherwise, as everywhere). */
async function readablePost(actor: Actor, postId: string) {
  const post = await Post.findById(toObjectId(postId, { key: 'error.post.notFound' }), ACCESS).lean();
  if (post?.status !== 'published' || !(await mayActorSeePost(actor, post)))
    throw notFound({ key: 'error.post.notFound' });
  return post;
}

/**
 * "Ik heb dit gelezen": stored per post and person, whether a card was ever sent. Idempotent:
 * the first acknowledgement's moment stays. 400 for a post that does not ask for it.
 */
export async function acknowledgePost(actor: Actor, postId: string): Promise<{ acknowledgedAt: Date }> {
  const post = await readablePost(actor, postId);
  if (!post.requiresAck)
    throw new AppError('bad_request', { key: 'ack.notNeeded' }, 400, { reason: 'ack_not_required' });
  const now = new Date();
  const receipt = await stamp(post._id, actor.personId, { acknowledgedAt: now, readAt: now });
  if (receipt?.acknowledgedAt?.getTime() === now.getTime())
    recordEngagement(actor, 'ack', { postId: post._id, news: true });
  return { acknowledgedAt: receipt?.acknowledgedAt ?? now };
}

/** The post was opened in the tab: an engagement event; for news also what the delivery report counts as read. */
export async function markPostRead(
  actor: Actor,
  post: { _id: Types.ObjectId; kind: string; status?: string | null },
): Promise<void> {
  recordEngagement(actor, 'post_opened', { postId: post._id, news: isNewsKind(post.kind) });
  if (!isNewsKind(post.kind) || post.status !== 'published') return;
  await stamp(post._id, actor.personId, { readAt: new Date() });
}

/** The person's card of this post was shown to them (Teams asked to refresh it, or they pressed its button). */
export async function markCardSeen(
  who: { personId: Types.ObjectId; departmentId?: Types.ObjectId | null },
  postId: Types.ObjectId,
): Promise<void> {
  const r = await Delivery.updateMany(
    { postId, personId: who.personId, status: 'sent', seenAt: null },
    { $set: { seenAt: new Date() } },
  );
  if (r.modifiedCount > 0) recordEngagement(who, 'card_seen', { postId, news: true });
}

/** Numeric message ids (Teams' personal chats use the send time) compare by value; others only by equality. */
function upTo(activityId: string | null | undefined, last: string): boolean {
  if (!activityId) return false;
  if (activityId === last) return true;
  const a = Number(activityId);
  const l = Number(last);
  return Number.isFinite(a) && Number.isFinite(l) && a <= l;
}

/**
 * A read receipt in a personal chat: it names only the last message read, so every card Ids
 * sent that person up to it counts as seen. Matched by the person, because the same chat can go
 * by two ids (the one Teams gave the bot, and the Graph chat id Ids used to reach them).
 */
export async function markSeenUpTo(conversationId: string, lastReadMessageId: string): Promise<number> {
  const ref = await ConversationRef.findOne({ conversationId }, { kind: 1, personId: 1 }).lean();
  if (ref && ref.kind !== 'personal') return 0;
  const filter: Record<string, unknown> = ref?.personId
    ? { personId: ref.personId, conversationRefId: null, status: 'sent', seenAt: null }
    : { conversationId, status: 'sent', seenAt: null };
  const unseen = await Delivery.find(filter, { activityId: 1, personId: 1, departmentId: 1, postId: 1 }).lean();
  const read = unseen.filter((d) => upTo(d.activityId, lastReadMessageId));
  if (!read.length) return 0;
  const r = await Delivery.updateMany(
    { _id: { $in: read.map((d) => d._id) }, seenAt: null },
    { $set: { seenAt: new Date() } },
  );
  for (const d of read)
    if (d.personId && d.postId)
      recordEngagement({ personId: d.personId, departmentId: d.departmentId ?? null }, 'card_seen', {
        postId: d.postId,
        news: true,
      });
  return r.modifiedCount;
}
