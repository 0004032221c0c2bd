import type { Types } from 'mongoose';
import { EngagementEvent, type EngagementKind } from '../../models/engagement.js';
import { dayOf } from './calendar.js';

/**
 * Engagement events, recorded where they happen (a like in core/posts/likes.ts, a people search
 * in core/people/find.ts…) without ever slowing or failing the action: record() only appends to
 * a bounded in-memory buffer and returns; a timer writes the buffer in batches. When the store
 * is slow or down the buffer fills and newer events are dropped (counted, never retried
 * forever): a report a little short is better than a like that waits.
 */

export interface EngagementInput {
  readonly personId: Types.ObjectId;
  readonly departmentId?: Types.ObjectId | null;
  readonly kind: EngagementKind;
  readonly postId?: Types.ObjectId | null;
  /** The post is news: rolled up per post too. */
  readonly news?: boolean;
  readonly at?: Date;
}

export interface EngagementRecorder {
  record(event: EngagementInput): void;
}

export interface RecorderStats {
  buffered: number;
  written: number;
  dropped: number;
  failedWrites: number;
}

export interface BufferedRecorderOptions {
  /** At most this many events wait in memory (default 10,000); more are dropped. */
  maxBuffered?: number;
  /** Written at least this often (default 2 s). */
  flushMs?: number;
  /** Or as soon as this many wait (default 500). */
  batchSize?: number;
  /** A failed write (store down): what to say in the log; never personal data. */
  onError?: (err: unknown, lost: number) => void;
  /** The organisation's time zone (ORG_TIMEZONE): each event is filed under its local day. */
  timeZone?: string;
  /** Where the batch goes (default: EngagementEvent.insertMany); tests put a failing one here. */
  write?: (batch: EngagementInput[]) => Promise<unknown>;
}

/** The recorder the server runs: bounded, batched, fire and forget. */
export class BufferedRecorder implements EngagementRecorder {
  private buffer: EngagementInput[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private readonly stats: RecorderStats = { buffered: 0, written: 0, dropped: 0, failedWrites: 0 };
  private readonly maxBuffered: number;
  private readonly batchSize: number;
  private readonly write: (batch: EngagementInput[]) => Promise<unknown>;
  private readonly timeZone: string;

  constructor(private readonly options: BufferedRecorderOptions = {}) {
    this.maxBuffered = options.maxBuffered ?? 10_000;
    this.timeZone = options.timeZone ?? 'Europe/Amsterdam';
    this.batchSize = options.batchSize ?? 500;
    this.write =
      options.write ??
      ((batch) =>
        EngagementEvent.insertMany(
          batch.map((e) => ({
            personId: e.personId,
            departmentId: e.departmentId ?? undefined,
            kind: e.kind,
            postId: e.postId ?? undefined,
            news: e.news || undefined,
            at: e.at,
            day: dayOf(e.at ?? new Date(), this.timeZone),
          })),
          { ordered: false, lean: true },
        ));
  }

  record(event: EngagementInput): void {
    if (this.buffer.length >= this.maxBuffered) {
      this.stats.dropped += 1;
      return;
    }
    this.buffer.push({ ...event, at: event.at ?? new Date() });
    if (this.buffer.length >= this.batchSize) void this.flush();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.options.flushMs ?? 2_000);
    this.timer.unref();
  }

  /** Writes what waits (one write at a time). Never rejects. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.buffer.length === 0) return Promise.resolve();
    this.flushing = (async () => {
      while (this.buffer.length > 0) {
        const batch = this.buffer.splice(0, this.batchSize);
        try {
          await this.write(batch);
          this.stats.written += batch.length;
        } catch (err) {
          this.stats.failedWrites += 1;
          this.stats.dropped += batch.length;
          this.options.onError?.(err, batch.length);
          break;
        }
      }
    })().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  /** Stops the timer and writes what is left. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  counts(): RecorderStats {
    return { ...this.stats, buffered: this.buffer.length };
  }
}

let current: EngagementRecorder | undefined;

/** The recorder core/ records to (set by core/services.ts; none: events are not recorded). */
export function installRecorder(recorder: EngagementRecorder | undefined): EngagementRecorder | undefined {
  const before = current;
  current = recorder;
  return before;
}

/**
 * Records an engagement event. Never throws and never waits: whatever goes wrong in recording
 * stays here, so the action it follows goes on as if nothing was recorded.
 */
export function recordEngagement(
  who: { readonly personId: Types.ObjectId; readonly departmentId?: Types.ObjectId | null },
  kind: EngagementKind,
  about: { postId?: Types.ObjectId | null; news?: boolean } = {},
): void {
  if (!current) return;
  try {
    current.record({
      personId: who.personId,
      departmentId: who.departmentId ?? null,
      kind,
      postId: about.postId ?? null,
      news: about.news ?? false,
    });
  } catch {
    // A recorder that fails must not fail the like, the post or the search.
  }
}
