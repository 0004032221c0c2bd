import { EventEmitter } from 'node:events';
import type { Types } from 'mongoose';
import { Delivery } from '../../models/delivery.js';
import { deliveryKey, type DeliveryRecipient } from './keys.js';

/**
 * The outbox: every proactive message (news cards, answer notices, nudges) is a delivery here
 * before it is sent, keyed by what it is for and whom (core/delivery/keys.ts). Enqueueing the
 * same thing twice — a second publish, a rerun, another instance — makes nothing new. The
 * delivery worker (core/delivery/worker.ts) drains it.
 */
export interface EnqueueRequest {
  /** Picks the renderer at send time (core/delivery/render.ts): 'news', 'notice', 'message', … */
  readonly kind: string;
  /** What it is about, as written in the key: a post id, "firstAnswer:<question id>", "profile". */
  readonly subject: string;
  /** For repeating messages: the period it belongs to ("2026-W48"). */
  readonly period?: string;
  /** A person's personal chat, or a channel / group chat (ConversationRef id). */
  readonly recipient: DeliveryRecipient;
  readonly postId?: Types.ObjectId;
  /** The person's department, for the report. */
  readonly departmentId?: Types.ObjectId | null;
  /**
   * What the renderer needs beyond the post. The 'message' kind sends `{ text, card }` as it is:
   * the generic way to send any personal card (build it with a cards/ builder before enqueueing).
   */
  readonly payload?: Record<string, unknown>;
  /** Not before (default: now). */
  readonly due?: Date;
}

/** Tells this process's worker that there is work (other instances find it when they poll). */
export const outboxSignal = new EventEmitter();
outboxSignal.setMaxListeners(50);

function upsertOf(req: EnqueueRequest, now: Date) {
  const key = deliveryKey({ kind: req.kind, subject: req.subject, recipient: req.recipient, period: req.period });
  const recipient =
    'personId' in req.recipient
      ? { personId: req.recipient.personId }
      : { conversationRefId: req.recipient.conversationRefId };
  return {
    updateOne: {
      filter: { key },
      update: {
        $setOnInsert: {
          key,
          kind: req.kind,
          ...recipient,
          ...(req.postId ? { postId: req.postId } : {}),
          ...(req.departmentId ? { departmentId: req.departmentId } : {}),
          ...(req.payload ? { payload: req.payload } : {}),
          status: 'pending',
          queued: true,
          op: 'send',
          due: req.due ?? now,
          attempts: 0,
          throttled: 0,
          uncertainSends: 0,
        },
      },
      upsert: true,
    },
  };
}

const BATCH = 500;

/** Enqueues many; resolves with how many were new (the rest existed already). */
export async function enqueueMany(requests: readonly EnqueueRequest[]): Promise<number> {
  const now = new Date();
  let created = 0;
  for (let i = 0; i < requests.length; i += BATCH) {
    const ops = requests.slice(i, i + BATCH).map((r) => upsertOf(r, now));
    try {
      const result = await Delivery.bulkWrite(ops as never, { ordered: false });
      created += result.upsertedCount;
    } catch (err) {
      // Two instances upserting the same key at once: the other one made it; that is the point.
      const e = err as { code?: number; writeErrors?: Array<{ code?: number }>; result?: { upsertedCount?: number } };
      const duplicatesOnly = e.code === 11000 || (e.writeErrors ?? []).every((w) => w.code === 11000);
      if (!duplicatesOnly) throw err;
      created += e.result?.upsertedCount ?? 0;
    }
  }
  if (created > 0) outboxSignal.emit('enqueued');
  return created;
}

/** Enqueues one; resolves true when it is new. */
export async function enqueue(request: EnqueueRequest): Promise<boolean> {
  return (await enqueueMany([request])) === 1;
}

/** Failed deliveries of a post go back into the outbox (a person installed Ids since, Teams recovered…). */
export async function retryFailedDeliveries(postId: Types.ObjectId): Promise<number> {
  const r = await Delivery.updateMany(
    { postId, status: 'failed' },
    {
      $set: { status: 'pending', queued: true, op: 'send', due: new Date(), attempts: 0, throttled: 0 },
      $unset: { failure: 1, lastError: 1, leaseOwner: 1, leaseUntil: 1, throttledSince: 1 },
    },
  );
  if (r.modifiedCount > 0) outboxSignal.emit('enqueued');
  return r.modifiedCount;
}

/**
 * A post changed (edited) or was withdrawn (deleted): every card already in Teams is updated or
 * deleted, and what was not sent yet never will be. Deliveries on their way now (or rendered from
 * a copy read before this moment) are marked stale: the worker follows them up once they are out.
 */
export async function followPostChange(postId: Types.ObjectId, change: 'edited' | 'withdrawn'): Promise<void> {
  const now = new Date();
  const op = change === 'withdrawn' ? 'delete' : 'update';
  if (change === 'withdrawn') {
    await Delivery.updateMany(
      { postId, status: 'pending', op: 'send', $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] },
      { $set: { status: 'skipped', lastError: 'post_withdrawn' }, $unset: { queued: 1, op: 1, due: 1 } },
    );
  }
  // A withdrawal wins over an edit.
  await Delivery.updateMany(
    { postId, status: { $in: ['pending', 'sent'] }, ...(op === 'update' ? { staleOp: { $ne: 'delete' } } : {}) },
    { $set: { staleSince: now, staleOp: op } },
  );
  const r = await Delivery.updateMany(
    {
      postId,
      status: 'sent',
      activityId: { $exists: true },
      removedAt: null,
      ...(op === 'update' ? { op: { $ne: 'delete' } } : {}),
    },
    { $set: { queued: true, op, due: now, attempts: 0 }, $unset: { throttledSince: 1 } },
  );
  if (r.modifiedCount > 0) outboxSignal.emit('enqueued');
}
