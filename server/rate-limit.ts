import type { RequestHandler, Request, Response } from 'express';
import { AppError } from '../core/errors.js';

/**
 * A fixed-window limit per client, in memory: one instance guards itself; a fleet behind a load
 * balancer multiplies the figure by its size, which is acceptable for abuse protection.
 */
export function rateLimit(opts: { perMinute: number; key?: (req: Request, res: Response) => string }): RequestHandler {
  const windows = new Map<string, { start: number; count: number }>();
  const key = opts.key ?? ((req: Request) => req.ip ?? 'unknown');
  const sweep = setInterval(() => {
    const cutoff = Date.now() - 60_000;
    for (const [k, w] of windows) if (w.start < cutoff) windows.delete(k);
  }, 60_000);
  sweep.unref();
  return (req, res, next) => {
    const k = key(req, res);
    const now = Date.now();
    let w = windows.get(k);
    if (!w || now - w.start >= 60_000) {
      w = { start: now, count: 0 };
      windows.set(k, w);
    }
    w.count += 1;
    res.set('RateLimit-Limit', String(opts.perMinute));
    res.set('RateLimit-Remaining', String(Math.max(0, opts.perMinute - w.count)));
    if (w.count > opts.perMinute) {
      res.set('Retry-After', String(Math.ceil((w.start + 60_000 - now) / 1000)));
      next(new AppError('rate_limited', 'Too many requests; wait a minute and try again.', 429));
      return;
    }
    next();
  };
}
