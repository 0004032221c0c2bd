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
}

/**
 * A limiter whose counts live in MongoDB (rate-limiter-flexible's Mongo store), so they hold
 * across every Ids instance on the same database; in memory when there is no connection (one
 * process). Keys are hashed: the store holds no addresses or user ids. If the store fails, each
 * instance falls back to counting in its own memory rather than refusing everyone; a client
 * already over its limit is refused from memory until its window ends, without a store write.
 */
export function createLimiter(opts: { name: string; perMinute: number; connection?: Connection }): Limiter {
  const base = { keyPrefix: opts.name, points: opts.perMinute, duration: WINDOW_SECONDS };
  const memory = new RateLimiterMemory(base);
  const limiter = opts.connection
    ? new RateLimiterMongo({
        ...base,
        storeClient: opts.connection,
        tableName: RATE_LIMIT_COLLECTION,
        disableIndexesCreation: true,
        insuranceLimiter: memory,
        inMemoryBlockOnConsumed: opts.perMinute + 1,
      })
    : memory;
  return {
    perMinute: opts.perMinute,
    async take(key) {
      const hashed = createHash('sha256').update(key).digest('base64url').slice(0, 24);
      try {
        const res = await limiter.consume(hashed);
        return { allowed: true, limit: opts.perMinute, remaining: res.remainingPoints };
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        metrics.rateLimited.inc({ limit: opts.name });
        return {
          allowed: false,
          limit: opts.perMinute,
          retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
        };
      }
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
