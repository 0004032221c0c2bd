import { Pace } from '../../models/delivery.js';
import { deliveryMetrics } from './metrics.js';

/**
 * Teams' rate limits, shared by every instance through the store (one budget, not one per
 * process):
 * - the app's bucket: requests per second per app per tenant, counting every Bot Connector call
 *   (sends, updates, deletes, member look-ups, creating conversations), spaced evenly and never
 *   more than the rate within a second of what actually left (see AppBucket);
 * - each conversation's windows (by default 7 per second, 8 per 2 s, 60 per 30 s, 1,800 per
 *   hour), kept as a sliding log of recent requests per conversation.
 * A reservation answers *when* the caller may go; the caller waits until then.
 */

export interface RateWindow {
  readonly count: number;
  readonly windowMs: number;
}

/**
 * After a 429 everyone waits for Retry-After (which empties Teams' window). A second 429 within
 * SLOW_FOR_MS of the one before says the ceiling is lower than configured: then the bucket runs
 * this much slower, until SLOW_FOR_MS passed without one.
 */
const SLOWDOWN = 1.25;
const SLOW_FOR_MS = 15_000;

/** Slots this process reserves from the shared bucket at most at once (about 200 ms at 50/s). */
const MAX_BATCH = 10;

/** Another instance reserved within this long: this one is not alone in the bucket. */
const OTHERS_SEEN_MS = 3_000;

/** The caller would wait longer than it asked to: its slot is `at`. */
export class SlotTooFar extends Error {
  constructor(readonly at: number) {
    super('slot too far ahead');
  }
}

interface Waiter {
  readonly maxWaitMs: number;
  readonly resolve: (departedAt: number) => void;
  readonly reject: (err: Error) => void;
}

/**
 * The app's shared bucket. Requests are spaced evenly (a slot every 1000/rate ms: the generic
 * cell rate algorithm without burst), and — because a request can leave later than its slot (a
 * busy event loop, a slow store) — no slot is given before one second after the rate-th most
 * recent request that actually left. Departures are reported by the instances that made them
 * (with their next reservation, so it costs no extra write), so the limit holds for what Teams
 * sees, across every instance. One atomic update (a pipeline) per reservation.
 *
 * `acquire()` is how the delivery worker uses it: this process reserves slots in small batches
 * (one update for several requests) and lets its waiting callers go at their slots from one
 * local timer, in order, never more than the rate within a second of its own departures. A slot
 * this process woke too late for is dropped rather than crowding the next ones — unless no other
 * instance uses the bucket, when its own departures are all Teams sees and the local check keeps
 * them within the limit.
 */
export class AppBucket {
  private readonly intervalMs: number;
  private readonly perSecond: number;
  /** Names this process in the bucket, to tell whether others use it too. */
  private readonly owner = Math.random().toString(36).slice(2, 10);
  /** Departures of this process not yet written to the bucket. */
  private departures: number[] = [];
  /** This process's own most recent departures (at most `perSecond`), for its local check. */
  private readonly recent: number[] = [];
  /** Slots reserved for this process's waiting callers, earliest first. */
  private stock: number[] = [];
  private readonly waiters: Waiter[] = [];
  private refilling = false;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  /** When another instance was last seen reserving from the bucket. */
  private othersSeenAt = Number.NEGATIVE_INFINITY;
  /** Slots reserved but dropped because this process woke too late for them. */
  missed = 0;

  constructor(
    private readonly id: string,
    perSecond: number,
    /** Extra spacing as a share of the interval. */
    headroom = 0.005,
    /** Added to the second that `perSecond` requests must span: requests arrive a little after they leave. */
    private readonly marginMs = 15,
    /** Called for each slot dropped (woken too late while other instances share the bucket). */
    private readonly onMissed?: () => void,
  ) {
    this.perSecond = Math.max(1, Math.floor(perSecond));
    this.intervalMs = (1000 / perSecond) * (1 + headroom);
  }

  get interval(): number {
    return this.intervalMs;
  }

  /** A slot left later than this was missed (when other instances share the bucket). */
  get lateToleranceMs(): number {
    return 2 * this.intervalMs;
  }

  /** Whether another instance reserved from this bucket lately. */
  get shared(): boolean {
    return Date.now() - this.othersSeenAt < OTHERS_SEEN_MS;
  }

  /** A request reserved from this bucket left now (reported with the next reservation). */
  departed(at = Date.now()): void {
    this.departures.push(at);
    if (this.departures.length > this.perSecond) this.departures.shift();
    this.recent.push(at);
    if (this.recent.length > this.perSecond) this.recent.shift();
  }

  /**
   * How long this process must still wait before one more request may leave, by its own
   * departures alone: never `perSecond` within one second (plus the margin). The shared bucket
   * spaces slots across instances; this check holds even when slots are left late and together
   * (a busy event loop wakes several waiting callers at once).
   */
  localWait(now = Date.now()): number {
    if (this.recent.length < this.perSecond) return 0;
    return Math.max(0, this.recent[0]! + 1000 + this.marginMs - now);
  }

  /** Reserves the next slot; resolves with the moment (ms since epoch) the caller may send. */
  async take(now = Date.now()): Promise<number> {
    return (await this.takeMany(1, now))[0]!;
  }

  /**
   * Reserves the next `n` slots in one atomic update (a pipeline): evenly spaced from the
   * bucket's next free moment, each one second after the departure `perSecond` requests before it.
   */
  async takeMany(n: number, now = Date.now()): Promise<number[]> {
    const interval = {
      $cond: [{ $gt: [{ $ifNull: ['$slowUntil', 0] }, now] }, this.intervalMs * SLOWDOWN, this.intervalMs],
    };
    const departed = this.departures;
    this.departures = [];
    const log = { $ifNull: ['$log', []] };
    // The j-th new slot is the next after log[j] .. log[perSecond-1] and the j slots before it.
    const afterLog = {
      $cond: [
        { $gte: [{ $size: '$log' }, this.perSecond] },
        {
          $max: {
            $map: {
              input: { $range: [0, Math.min(n, this.perSecond)] },
              as: 'j',
              in: {
                $subtract: [
                  { $add: [{ $arrayElemAt: ['$log', '$$j'] }, 1000 + this.marginMs] },
                  { $multiply: ['$$j', '$interval'] },
                ],
              },
            },
          },
        },
        0,
      ],
    };
    const doc = await Pace.collection.findOneAndUpdate(
      { _id: this.id as never },
      [
        {
          $set: {
            log: {
              $slice: [{ $sortArray: { input: { $concatArrays: [log, departed] }, sortBy: 1 } }, -this.perSecond],
            },
            interval,
            // Who reserved before this one, and when.
            lastOwner: { $ifNull: ['$owner', null] },
            lastAt: { $ifNull: ['$ownerAt', 0] },
          },
        },
        { $set: { slot: { $max: [{ $ifNull: ['$tat', 0] }, now, afterLog] } } },
        {
          $set: {
            tat: { $add: ['$slot', { $multiply: [n, '$interval'] }] },
            owner: this.owner,
            ownerAt: now,
            expiresAt: new Date(now + 3_600_000),
          },
        },
      ],
      { upsert: true, returnDocument: 'after', projection: { slot: 1, interval: 1, lastOwner: 1, lastAt: 1 } },
    );
    if (doc?.lastOwner && doc.lastOwner !== this.owner)
      this.othersSeenAt = Math.max(this.othersSeenAt, Number(doc.lastAt ?? 0));
    const first = Number(doc?.slot ?? now);
    const step = Number(doc?.interval ?? this.intervalMs);
    return Array.from({ length: n }, (_, j) => first + j * step);
  }

  /**
   * Waits for this process's next slot and resolves when the caller may send (the departure is
   * counted then). Rejects with SlotTooFar when the slot lies more than `maxWaitMs` ahead (a
   * Retry-After pause): the caller puts its work back rather than holding it.
   */
  acquire(maxWaitMs = Number.POSITIVE_INFINITY): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiters.push({ maxWaitMs, resolve, reject });
      this.pump();
    });
  }

  /** Lets go every waiting caller whose slot has come, then waits for the next slot (or reserves more). */
  private pump(woken = false): void {
    const now = Date.now();
    // Woken well after a slot (a busy event loop): going now would crowd the slots that come
    // next at other instances, so the slot is dropped. Alone, this process's departures are all
    // Teams sees, and the local check below keeps them within the limit.
    const tolerance = this.shared ? this.lateToleranceMs : 1000;
    while (this.stock.length && now - this.stock[0]! > tolerance) {
      this.stock.shift();
      // Counted when callers were waiting for it (the timer was set for them), not for a slot
      // left over from a batch that nobody needed.
      if (woken) {
        this.missed += 1;
        this.onMissed?.();
      }
    }
    let wakeAt: number | undefined;
    while (this.waiters.length && this.stock.length && this.stock[0]! <= now) {
      const wait = this.localWait(now);
      if (wait > 0) {
        wakeAt = now + wait;
        break;
      }
      this.stock.shift();
      this.departed(now);
      this.waiters.shift()!.resolve(now);
    }
    // Callers whose slot (by their place in the queue) lies too far ahead give up now.
    for (let i = Math.min(this.waiters.length, this.stock.length) - 1; i >= 0; i--) {
      const w = this.waiters[i]!;
      if (this.stock[i]! - now <= w.maxWaitMs) break;
      this.waiters.splice(i, 1);
      w.reject(new SlotTooFar(this.stock[i]!));
    }
    if (this.waiters.length > this.stock.length) this.refill();
    if (this.waiters.length && this.stock.length) this.arm(wakeAt ?? this.stock[0]!);
  }

  private refill(): void {
    if (this.refilling) return;
    this.refilling = true;
    const n = Math.min(MAX_BATCH, this.waiters.length - this.stock.length);
    this.takeMany(n).then(
      (slots) => {
        this.refilling = false;
        // Kept in order: a reservation after a 429 may come later than slots already held.
        this.stock = [...this.stock, ...slots].sort((a, b) => a - b);
        this.pump();
      },
      (err: Error) => {
        this.refilling = false;
        // The store is unreachable: the callers without a slot give up (their work goes back).
        for (const w of this.waiters.splice(this.stock.length)) w.reject(err);
        this.pump();
      },
    );
  }

  private arm(at: number): void {
    if (this.timer && this.timerAt <= at) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Number.POSITIVE_INFINITY;
        this.pump(true);
      },
      Math.max(0, at - Date.now()),
    );
  }

  /**
   * Teams said 429: nobody sends before `until`; a second 429 within SLOW_FOR_MS of the last one
   * also slows the bucket for SLOW_FOR_MS. Slots this process held are given up.
   */
  async throttled(until: number, now = Date.now()): Promise<void> {
    this.stock = this.stock.filter((s) => s >= until);
    const again = { $gt: [{ $ifNull: ['$throttledAt', 0] }, now - SLOW_FOR_MS] };
    await Pace.collection.updateOne(
      { _id: this.id as never },
      [
        {
          $set: {
            tat: { $max: [{ $ifNull: ['$tat', 0] }, until] },
            slowUntil: {
              $cond: [again, { $max: [{ $ifNull: ['$slowUntil', 0] }, until + SLOW_FOR_MS] }, '$slowUntil'],
            },
            throttledAt: now,
            expiresAt: new Date(now + 3_600_000),
          },
        },
      ],
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
    this.app = new AppBucket(`app:${options.tenant}`, options.appPerSecond, options.headroom, undefined, () =>
      deliveryMetrics().lateSlots.inc(),
    );
    this.conversations = new ConversationWindows(options.conversationWindows);
  }

  /** A call reserved here left now (it counts towards the app's limit as Teams sees it). */
  departed(at = Date.now()): void {
    this.app.departed(at);
  }

  /** When a call into this conversation may go (ms since epoch), both slots reserved. */
  async reserve(conversationId: string | undefined, now = Date.now()): Promise<number> {
    const conversationAt = conversationId ? await this.conversations.take(conversationId, now) : now;
    // The clock read again: a slot given for a moment already past would leave late and crowd the next.
    const appAt = await this.app.take(Math.max(Date.now(), conversationAt));
    return Math.max(conversationAt, appAt);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));
