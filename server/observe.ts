import { timingSafeEqual, createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { METRICS_CONTENT_TYPE, metrics, scrape } from '../core/metrics.js';
import { newLogId, withLogContext } from '../core/log-context.js';

/** An incoming X-Request-Id is kept (a proxy's, to follow one request across logs) when it looks like an id. */
const REQUEST_ID = /^[\w.:-]{6,128}$/;

/**
 * First middleware: gives each request an id (X-Request-Id, echoed back) that every log line it
 * causes carries, and counts and times it by route pattern when it is answered. Logs one line
 * per request: the route pattern, never the URL (a search query is somebody's name).
 */
export function observeRequests(log: Logger): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    const reqId = given && REQUEST_ID.test(given) ? given : newLogId();
    res.set('X-Request-Id', reqId);
    const started = process.hrtime.bigint();
    withLogContext({ reqId }, () => {
      res.once('finish', () => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const labels = { route: routeOf(req, res.statusCode), method: req.method, status: String(res.statusCode) };
        metrics.httpRequests.inc(labels);
        metrics.httpDuration.observe(seconds, labels);
        const line = {
          route: labels.route,
          method: req.method,
          status: res.statusCode,
          ms: Math.round(seconds * 1000),
        };
        if (res.statusCode >= 400 || seconds > 1) log.info(line, 'request');
        else log.debug(line, 'request');
      });
      next();
    });
  };
}

/** The route pattern a request matched (/api/posts/:id), or a fixed word: labels stay few. */
function routeOf(req: Request, status: number): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (route?.path !== undefined) {
    const pattern = Array.isArray(route.path) ? route.path[0] : route.path;
    return `${req.baseUrl}${String(pattern)}` || '/';
  }
  if (req.originalUrl.startsWith('/tab/assets/')) return '/tab/assets';
  return status === 404 ? 'unmatched' : 'other';
}

function tokenMatches(given: string, expected: string): boolean {
  // Compared as digests: equal length, constant time.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * GET /metrics. With a token, only `Authorization: Bearer <token>` gets the metrics (401 with
 * WWW-Authenticate otherwise); without one the route answers 404, as if it did not exist.
 */
export function metricsEndpoint(token: string | undefined): RequestHandler {
  return async (req, res, next) => {
    if (token === undefined) {
      next();
      return;
    }
    const given = /^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (!given || !tokenMatches(given, token)) {
      res
        .set('WWW-Authenticate', 'Bearer realm="metrics"')
        .status(401)
        .type('text/plain')
        .send('A metrics token is required.\n');
      return;
    }
    try {
      const body = await scrape();
      res.set('Cache-Control', 'no-store').type(METRICS_CONTENT_TYPE).send(body);
    } catch (err) {
      next(err);
    }
  };
}

/** METRICS_PORT: a listener of its own that answers GET /metrics only (the token too, when set). */
export function startMetricsServer(opts: {
  port: number;
  host: string;
  token: string | undefined;
  log: Logger;
}): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Only GET /metrics is served here.\n');
      return;
    }
    if (opts.token !== undefined) {
      const given = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (!given || !tokenMatches(given, opts.token)) {
        res.writeHead(401, { 'www-authenticate': 'Bearer realm="metrics"', 'content-type': 'text/plain' });
        res.end('A metrics token is required.\n');
        return;
      }
    }
    scrape().then(
      (body) => res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' }).end(body),
      (err: unknown) => {
        opts.log.error({ err }, 'metrics scrape failed');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('The metrics could not be collected.\n');
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
