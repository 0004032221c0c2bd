import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Connection } from 'mongoose';
import { RateLimiterMemory, RateLimiterMongo, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../core/errors.js';
import { metrics } from '../core/metrics.js';

/** The collection every limiter counts in (one document per client and window, gone after it). */
export const RATE_LIMIT_COLLECTION = 'ratelimits';
const WINDOW_SECONDS = 60;

export type Verdict =
  | { readonly allowed: true; readonly limit: number; readonly remaining: number }
  | { readonly allowed: false; readonly limit: number; readonly retryAfterSeconds: number };

/** Counts requests per key in fixed one-minute windows. */
export interface Limiter {
  readonly perMinute: number;
  take(key: string): Promise<Verdict>;
  /** Writes what this instance counted in memory to the store now (at shutdown; tests). */
  flush(): Promise<void>;
}

/**
 * The share of a client's allowance an instance may count in its own memory before it writes
 * to the store: up to perMinute × LOCAL_SHARE requests in a window (as far as it knows), it
 * answers without a round trip and writes its tally within FLUSH_MS; nearer the limit it
 * counts every request in the store as it comes. The error this allows is bounded: another
 * instance's unwritten tally (at most this share, at most FLUSH_MS old) can be missing from
 * the total an instance decides on, and only while that total is still far from the limit.
 */
export const LOCAL_SHARE = 1 / 8;
/** How often an instance writes the requests it counted in memory (and reads back the totals). */
export const FLUSH_MS = 1_000;
/** How old the store's total may be for an instance to keep counting in memory on top of it. */
const FRESH_MS = 2 * FLUSH_MS;

/** What an instance knows of one client's current window. */
interface Tally {
  /** The client's key as the store knows it (hashed). */
  hashed: string;
  /** The window's total in the store (every instance) when last read, and when that was. */
  stored: number;
  readAt: number;
  /** Requests this instance let through and has not written yet. */
  unwritten: number;
  /** When the window ends (epoch ms). */
  endsAt: number;
}

/**
 * A limiter whose counts live in MongoDB (rate-limiter-flexible's Mongo store), so they hold
 * across every Ids instance on the same database; in memory when there is no connection (one
 * process). Keys are hashed: the store holds no addresses or user ids. If the store fails, each
 * instance falls back to counting in its own memory rather than refusing everyone; a client
 * already over its limit is refused from memory until its window ends, without a store write.
 *
 * Two store writes per API request (per address and per person) were a third of a feed page's
 * round trips, so a client far from its limit is counted in memory and its tally written each
 * FLUSH_MS (LOCAL_SHARE above); the library has no such mode, so this part is ours and the
 * store's counting, windows and fallback stay the library's.
 */
export function createLimiter(opts: {
  name: string;
  perMinute: number;
  connection?: Connection;
}): Limiter & { flush(): Promise<void> } {
  const base = { keyPrefix: opts.name, points: opts.perMinute, duration: WINDOW_SECONDS };
  const memory = new RateLimiterMemory(base);
  const hash = (key: string) => createHash('sha256').update(key).digest('base64url').slice(0, 24);
  const refused = (msBeforeNext: number): Verdict => {
    metrics.rateLimited.inc({ limit: opts.name });
    return { allowed: false, limit: opts.perMinute, retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)) };
  };
  if (!opts.connection) {
    return {
      perMinute: opts.perMinute,
      async take(key) {
        try {
          const res = await memory.consume(hash(key));
          return { allowed: true, limit: opts.perMinute, remaining: res.remainingPoints };
        } catch (rejection) {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
          return refused(rejection.msBeforeNext);
        }
      },
      async flush() {},
    };
  }
  const store = new RateLimiterMongo({
    ...base,
    storeClient: opts.connection,
    tableName: RATE_LIMIT_COLLECTION,
    disableIndexesCreation: true,
    insuranceLimiter: memory,
    inMemoryBlockOnConsumed: opts.perMinute + 1,
  });
  const localCeiling = Math.floor(opts.perMinute * LOCAL_SHARE);
  const tallies = new Map<string, Tally>();
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;

  // Tallies are kept by the client's key in this process's memory (hashed only for the store: a
  // request counted in memory costs no hash).
  const learn = (key: string, hashed: string, res: RateLimiterRes): Tally => {
    const readAt = Date.now();
    const endsAt = readAt + res.msBeforeNext;
    const known = tallies.get(key);
    // The same window only grows; the next one ends a whole window later and starts over.
    if (known && Math.abs(known.endsAt - endsAt) < (WINDOW_SECONDS * 1000) / 2) {
      known.stored = Math.max(known.stored, res.consumedPoints);
      known.readAt = readAt;
      return known;
    }
    const tally = { hashed, stored: res.consumedPoints, readAt, unwritten: known?.unwritten ?? 0, endsAt };
    tallies.set(key, tally);
    schedule();
    return tally;
  };

  async function flush(): Promise<void> {
    timer = undefined;
    const now = Date.now();
    const writes: Promise<void>[] = [];
    for (const [key, tally] of tallies) {
      if (tally.unwritten === 0) {
        if (now >= tally.endsAt) tallies.delete(key);
        continue;
      }
      const points = tally.unwritten;
      tally.unwritten = 0;
      writes.push(
        store.penalty(tally.hashed, points).then(
          (res) => void learn(key, tally.hashed, res),
          () => {
            // Not written: counted again next time rather than lost.
            tally.unwritten += points;
          },
        ),
      );
    }
    await Promise.all(writes);
    // Again while anything is unwritten or known (what has ended is forgotten then).
    if (tallies.size > 0) schedule();
  }
  function schedule(): void {
    if (timer) return;
    timer = setTimeout(() => {
      flushing = flush().finally(() => {
        flushing = undefined;
      });
    }, FLUSH_MS);
    // Counting must not keep a process alive on its own (tests, CLI scripts).
    timer.unref();
  }

  return {
    perMinute: opts.perMinute,
    async take(key) {
      const now = Date.now();
      let tally = tallies.get(key);
      if (tally && now >= tally.endsAt) {
        tallies.delete(key);
        tally = undefined;
      }
      if (tally && now - tally.readAt <= FRESH_MS && tally.stored + tally.unwritten < localCeiling) {
        tally.unwritten++;
        schedule();
        return {
          allowed: true,
          limit: opts.perMinute,
          remaining: opts.perMinute - tally.stored - tally.unwritten,
        };
      }
      // Counted in the store now, together with what this instance let through unwritten.
      const hashed = tally?.hashed ?? hash(key);
      const carried = tally?.unwritten ?? 0;
      if (tally) tally.unwritten = 0;
      try {
        const res = await store.consume(hashed, carried + 1);
        const known = learn(key, hashed, res);
        return {
          allowed: true,
          limit: opts.perMinute,
          remaining: Math.max(0, opts.perMinute - known.stored - known.unwritten),
        };
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) {
          if (tally) tally.unwritten += carried;
          throw rejection;
        }
        // Over the limit (the store has counted it): the library refuses the rest of the window from memory.
        if (rejection.consumedPoints > 0) learn(key, hashed, rejection);
        return refused(rejection.msBeforeNext);
      }
    },
    async flush() {
      clearTimeout(timer);
      await flushing;
      await flush();
    },
  };
}

/** The indexes the Mongo store relies on: one document per key, removed when its window has passed. */
export async function createRateLimitIndexes(connection: Connection): Promise<void> {
  const collection = connection.collection(RATE_LIMIT_COLLECTION);
  await collection.createIndex({ key: 1 }, { unique: true });
  await collection.createIndex({ expire: -1 }, { expireAfterSeconds: 0 });
}

/** The error a limited request answers with; Retry-After says when to try again. */
export function rateLimited(retryAfterSeconds: number): AppError {
  return new AppError(
    'rate_limited',
    `Too many requests; try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`,
    429,
    { retryAfterSeconds },
  );
}

/** Express middleware: one request counted against key(req, res); over the limit, 429 with Retry-After. */
export function rateLimit(limiter: Limiter, key: (req: Request, res: Response) => string): RequestHandler {
  return async (req, res, next) => {
    try {
      const verdict = await limiter.take(key(req, res));
      res.set('RateLimit-Limit', String(verdict.limit));
      if (verdict.allowed) {
        res.set('RateLimit-Remaining', String(verdict.remaining));
        next();
        return;
      }
      res.set('RateLimit-Remaining', '0');
      res.set('Retry-After', String(verdict.retryAfterSeconds));
      next(rateLimited(verdict.retryAfterSeconds));
    } catch (err) {
      next(err);
    }
  };
}

export interface RateLimits {
  /** Every /api request, by client address: bounds floods before anyone is authenticated. */
  readonly perAddress: Limiter;
  /** Authenticated API requests, by person. */
  readonly perPerson: Limiter;
  /** Bot activities, by Teams sender, counted only once the Bot Connector token is verified. */
  readonly perSender: Limiter;
}

/**
 * The app's limiters. Staff share an office NAT and Teams traffic arrives from a few Microsoft
 * addresses, so the real limit is per person (or sender), counted once authenticated; a looser
 * limit per address bounds unauthenticated floods (a made-up credential buys no new allowance).
 */
export async function createRateLimits(opts: { perMinute: number; connection?: Connection }): Promise<RateLimits> {
  if (opts.connection) await createRateLimitIndexes(opts.connection);
  const { connection, perMinute } = opts;
  return {
    perAddress: createLimiter({ name: 'address', perMinute: perMinute * 10, connection }),
    perPerson: createLimiter({ name: 'person', perMinute, connection }),
    perSender: createLimiter({ name: 'sender', perMinute, connection }),
  };
}
