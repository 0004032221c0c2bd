import { Pace } from '../../models/delivery.js';

/**
 * Teams' rate limits, shared by every instance through the store (one budget, not one per
 * process):
 * - the app's bucket: requests per second per app per tenant, counting every Bot Connector call
 *   (sends, updates, deletes, member look-ups, creating conversations), spaced evenly and never
 *   more than the rate within a second of what actually left; within one process, counted from
 *   when each request surely reached Teams (its answer came back; see AppBucket.localWait);
 * - each conversation's windows (by default 7 per second, 8 per 2 s, 60 per 30 s, 1,800 per
 *   hour), kept as a sliding log of recent requests per conversation.
 * A reservation answers *when* the caller may go; the caller waits until then.
 */

export interface RateWindow {
  readonly count: number;
  readonly windowMs: number;
}

/**
 * After a 429 everyone waits Retry-After. Only when a 429 comes again right after — for a request
 * that left after the previous Retry-After had passed, within REPEAT_WITHIN_MS of it — is the
 * configured rate too high for what Teams allows now: then the bucket runs SLOWDOWN times slower
 * for SLOW_FOR_MS (renewed while the 429s keep coming). A single 429 (arrival jitter at Teams'
 * clock), or a burst of them answering requests already on their way, slows nothing down; nor do
 * Teams' bursts some seconds apart (the faults run's every 8 s), which a slower pace would not avoid.
 */
const SLOWDOWN = 1.25;
const SLOW_FOR_MS = 5_000;
const REPEAT_WITHIN_MS = 2_000;

/** One request of this process, as the local check (AppBucket.localWait) sees it. */
interface Departure {
  readonly left: number;
  /** Whether the caller reports when the answer came back. */
  readonly awaited: boolean;
  answered: number | undefined;
}

/** How long an unanswered request may still be on its way to Teams; after that, a slow answer. */
const IN_FLIGHT_MS = 250;
/** How often the local check looks again while the request it waits for is unanswered. */
const POLL_MS = 2;

/**
 * The app's shared bucket. Requests are spaced evenly (a slot every 1000/rate ms: the generic
 * cell rate algorithm without burst), and — because a request can leave later than its slot (a
 * busy event loop, a slow store) — no slot is given before one second after the rate-th most
 * recent request that actually left. Departures are reported by the instances that made them
 * (with their next reservation, so it costs no extra write), so the limit holds for what Teams
 * sees, across every instance. One atomic update (a pipeline) per reservation.
 */
export class AppBucket {
  private readonly intervalMs: number;
  private readonly perSecond: number;
  /** Departures of this process not yet written to the bucket. */
  private departures: number[] = [];
  /** This process's own most recent departures (at most `perSecond`), for its local check. */
  private readonly recent: Departure[] = [];

  constructor(
    private readonly id: string,
    perSecond: number,
    /** Extra spacing as a share of the interval. */
    headroom = 0.005,
    /** Added to the second that `perSecond` requests must span: requests arrive a little after they leave. */
    private readonly marginMs = 15,
  ) {
    this.perSecond = Math.max(1, Math.floor(perSecond));
    this.intervalMs = (1000 / perSecond) * (1 + headroom);
  }

  get interval(): number {
    return this.intervalMs;
  }

  /**
   * A request reserved from this bucket left now (reported with the next reservation). The local
   * check assumes it reaches Teams within the margin; a caller that can say when the answer came
   * back uses `leaving` instead.
   */
  departed(at = Date.now()): void {
    this.record({ left: at, awaited: false, answered: undefined });
  }

  /**
   * As `departed`, for a caller that reports the answer: call what this returns when the answer
   * (or the failure) came back. From then on the request surely reached Teams, so the local check
   * counts from that moment instead of guessing the time on the way (see localWait).
   */
  leaving(at = Date.now()): (answeredAt?: number) => void {
    const departure: Departure = { left: at, awaited: true, answered: undefined };
    this.record(departure);
    return (answeredAt = Date.now()) => {
      departure.answered ??= answeredAt;
    };
  }

  private record(departure: Departure): void {
    this.departures.push(departure.left);
    if (this.departures.length > this.perSecond) this.departures.shift();
    this.recent.push(departure);
    if (this.recent.length > this.perSecond) this.recent.shift();
  }

  /**
   * How long this process must still wait before one more request may leave, by its own
   * departures alone: never `perSecond` within one second as Teams counts them. The shared bucket
   * spaces slots across instances; this check holds even when slots are left late and together
   * (a busy event loop wakes several waiting callers at once), and when a request took long to
   * reach Teams (a process's first calls set up the client and its connections; a busy event
   * loop writes a request late). The `perSecond`-th most recent request reached Teams no later
   * than its answer came back, so one second after that answer is safe, and usually sooner than
   * the guess of departure plus the margin. One not yet answered is waited for, up to
   * IN_FLIGHT_MS after it left: from then on it is taken as a slow answer, not a slow arrival.
   */
  localWait(now = Date.now()): number {
    if (this.recent.length < this.perSecond) return 0;
    const { left, awaited, answered } = this.recent[0]!;
    if (!awaited) return Math.max(0, left + this.marginMs + 1000 - now);
    if (answered === undefined && now < left + IN_FLIGHT_MS + 1000) return Math.max(POLL_MS, left + 1 + 1000 - now);
    const arrivedBy = Math.min(answered ?? Number.POSITIVE_INFINITY, left + IN_FLIGHT_MS);
    // Date.now() counts whole milliseconds: one more keeps the second strictly longer.
    return Math.max(0, arrivedBy + 1 + 1000 - now);
  }

  /** Reserves the next slot; resolves with the moment (ms since epoch) the caller may send. */
  async take(now = Date.now()): Promise<number> {
    const slow = this.intervalMs * SLOWDOWN;
    const departed = this.departures;
    this.departures = [];
    const log = { $ifNull: ['$log', []] };
    const doc = await Pace.collection.findOneAndUpdate(
      { _id: this.id as never },
      [
        {
          $set: {
            log: {
              $slice: [{ $sortArray: { input: { $concatArrays: [log, departed] }, sortBy: 1 } }, -this.perSecond],
            },
          },
        },
        {
          $set: {
            slot: {
              $max: [
                { $ifNull: ['$tat', 0] },
                now,
                {
                  $cond: [
                    { $gte: [{ $size: '$log' }, this.perSecond] },
                    { $add: [{ $arrayElemAt: ['$log', 0] }, 1000 + this.marginMs] },
                    0,
                  ],
                },
              ],
            },
          },
        },
        {
          $set: {
            tat: {
              $add: ['$slot', { $cond: [{ $gt: [{ $ifNull: ['$slowUntil', 0] }, now] }, slow, this.intervalMs] }],
            },
            expiresAt: new Date(now + 3_600_000),
          },
        },
      ],
      { upsert: true, returnDocument: 'after', projection: { slot: 1 } },
    );
    return Number(doc?.slot ?? now);
  }

  /**
   * Teams said 429 to a request that left at `leftAt`: nobody is given a slot before `until`, and
   * when this 429 repeats an earlier one (see SLOWDOWN) the bucket runs slower for a while. One
   * atomic update; every expression reads the bucket as it was before it.
   */
  async throttled(until: number, leftAt = Date.now(), now = Date.now()): Promise<void> {
    const previousUntil = { $ifNull: ['$throttledUntil', null] };
    const repeated = {
      $and: [
        { $ne: [previousUntil, null] },
        { $gte: [leftAt, previousUntil] },
        { $lt: [leftAt, { $add: [previousUntil, REPEAT_WITHIN_MS] }] },
      ],
    };
    const slowUntil = { $ifNull: ['$slowUntil', 0] };
    await Pace.collection.updateOne(
      { _id: this.id as never },
      [
        {
          $set: {
            tat: { $max: [{ $ifNull: ['$tat', 0] }, until] },
            slowUntil: { $cond: [repeated, { $max: [slowUntil, until + SLOW_FOR_MS] }, slowUntil] },
            throttledUntil: { $max: [{ $ifNull: ['$throttledUntil', 0] }, until] },
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
    this.app = new AppBucket(`app:${options.tenant}`, options.appPerSecond, options.headroom);
    this.conversations = new ConversationWindows(options.conversationWindows);
  }

  /** A call reserved here left now (it counts towards the app's limit as Teams sees it). */
  departed(at = Date.now()): void {
    this.app.departed(at);
  }

  /** A slot left later than this was missed: a new one is reserved instead of crowding the next. */
  get lateToleranceMs(): number {
    return 2 * this.app.interval;
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
