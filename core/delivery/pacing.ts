import { Pace } from '../../models/delivery.js';

/**
 * Teams' rate limits, shared by every instance through the store (one budget, not one per
 * process):
 * - the app's bucket: requests per second per app per tenant, counting every Bot Connector call
 *   (sends, updates, deletes, member look-ups, creating conversations). Requests are spaced
 *   evenly (a slot every 1000/rate ms, reserved with one atomic update), with a little headroom
 *   so that requests that leave a few milliseconds late do not crowd the next second;
 * - each conversation's windows (by default 7 per second, 8 per 2 s, 60 per 30 s, 1,800 per
 *   hour), kept as a sliding log of recent requests per conversation.
 * A reservation answers *when* the caller may go; the caller waits until then.
 */

export interface RateWindow {
  readonly count: number;
  readonly windowMs: number;
}

/** After a 429 the app's bucket runs this much slower for SLOW_FOR_MS. */
const SLOWDOWN = 1.25;
const SLOW_FOR_MS = 15_000;

/** A shared even-spaced bucket (generic cell rate algorithm without burst). */
export class AppBucket {
  private readonly intervalMs: number;

  constructor(
    private readonly id: string,
    perSecond: number,
    /** Extra spacing as a share of the interval: room for requests that leave late. */
    headroom = 0.015,
  ) {
    this.intervalMs = (1000 / perSecond) * (1 + headroom);
  }

  get interval(): number {
    return this.intervalMs;
  }

  /** Reserves the next slot; resolves with the moment (ms since epoch) the caller may send. */
  async take(now = Date.now()): Promise<number> {
    const slow = this.intervalMs * SLOWDOWN;
    const doc = await Pace.collection.findOneAndUpdate(
      { _id: this.id as never },
      [
        {
          $set: {
            tat: {
              $add: [
                { $max: [{ $ifNull: ['$tat', 0] }, now] },
                { $cond: [{ $gt: [{ $ifNull: ['$slowUntil', 0] }, now] }, slow, this.intervalMs] },
              ],
            },
            expiresAt: new Date(now + 3_600_000),
          },
        },
      ],
      { upsert: true, returnDocument: 'after' },
    );
    const used = (doc?.slowUntil ?? 0) > now ? slow : this.intervalMs;
    return Number(doc?.tat ?? now + used) - used;
  }

  /** Teams said 429: nobody sends before `until`, and the bucket runs slower for a while. */
  async throttled(until: number, now = Date.now()): Promise<void> {
    await Pace.collection.updateOne(
      { _id: this.id as never },
      { $max: { tat: until, slowUntil: until + SLOW_FOR_MS }, $set: { expiresAt: new Date(now + 3_600_000) } },
      { upsert: true },
    );
  }
}

/** The sliding windows of each conversation, in one small document per conversation. */
export class ConversationWindows {
  private readonly keepMs: number;

  constructor(
    private readonly windows: readonly RateWindow[],
    /** Added to each window: requests arrive a little later or earlier than they leave. */
    private readonly marginMs = 50,
  ) {
    this.keepMs = Math.max(0, ...windows.map((w) => w.windowMs)) + marginMs;
  }

  /**
   * Reserves the conversation's next slot: the earliest moment, not before the last reservation,
   * at which one more request fits every window. One atomic update (a pipeline), so instances
   * that ask at once each get their own slot.
   */
  async take(conversationId: string, now = Date.now()): Promise<number> {
    if (this.windows.length === 0) return now;
    const size = { $size: '$log' };
    const bounds = this.windows
      .filter((w) => w.count > 0)
      .map((w) => ({
        $cond: [
          { $gte: [size, w.count] },
          { $add: [{ $arrayElemAt: ['$log', { $subtract: [size, w.count] }] }, w.windowMs + this.marginMs] },
          0,
        ],
      }));
    const doc = await Pace.collection.findOneAndUpdate(
      { _id: `conversation:${conversationId}` as never },
      [
        {
          $set: {
            log: { $filter: { input: { $ifNull: ['$log', []] }, cond: { $gt: ['$$this', now - this.keepMs] } } },
          },
        },
        { $set: { slot: { $max: [now, { $ifNull: [{ $arrayElemAt: ['$log', -1] }, 0] }, ...bounds] } } },
        {
          $set: {
            log: { $concatArrays: ['$log', ['$slot']] },
            expiresAt: { $toDate: { $add: ['$slot', this.keepMs] } },
          },
        },
      ],
      { upsert: true, returnDocument: 'after', projection: { slot: 1 } },
    );
    return Number(doc?.slot ?? now);
  }
}

export interface PacerOptions {
  /** The tenant the bucket belongs to (one per app per tenant). */
  readonly tenant: string;
  readonly appPerSecond: number;
  readonly conversationWindows: readonly RateWindow[];
  readonly headroom?: number;
}

/** Both limits together: a conversation slot first (rarely the bottleneck), then the app's. */
export class Pacer {
  readonly app: AppBucket;
  readonly conversations: ConversationWindows;

  constructor(options: PacerOptions) {
    this.app = new AppBucket(`app:${options.tenant}`, options.appPerSecond, options.headroom);
    this.conversations = new ConversationWindows(options.conversationWindows);
  }

  /** When a call into this conversation may go (ms since epoch), both slots reserved. */
  async reserve(conversationId: string | undefined, now = Date.now()): Promise<number> {
    const conversationAt = conversationId ? await this.conversations.take(conversationId, now) : now;
    const appAt = await this.app.take(Math.max(now, conversationAt));
    return Math.max(conversationAt, appAt);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));
