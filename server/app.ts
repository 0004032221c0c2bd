import path from 'node:path';
import { createHash } from 'node:crypto';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import express, { type Router, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { authenticate } from './auth.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { weakEtag } from './etag.js';
import { rateLimit, type RateLimits } from './rate-limit.js';
import { sameOriginWrites } from './same-origin.js';
import { staticPages } from './pages.js';
import { AppError } from '../core/errors.js';
import { metricsEndpoint, observeRequests } from './observe.js';
import { projectRoot } from './project.js';

/** Hosts that frame the tab: Teams on the web, desktop and mobile, and the Microsoft 365 apps. */
export const FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://teams.cloud.microsoft',
  'https://*.cloud.microsoft',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://*.office365.com',
  'https://*.microsoft365.com',
  'https://*.sharepoint.com',
  'https://*.skype.com',
];

export interface Readiness {
  /** True once seeding and the search index are done. */
  ready(): boolean;
  ping(): Promise<boolean>;
  /** What start-up still waits for ("demo data", "directory index"), for /healthz to say. */
  waiting?(): string[];
  /** True once the server is stopping: /healthz says so, and connections are not kept open. */
  stopping?(): boolean;
}

export interface AppParts {
  config: Config;
  log: Logger;
  readiness: Readiness;
  /** POST /api/messages, from bot/ (which counts each sender once its token is verified). */
  botHandler: RequestHandler;
  rateLimits: RateLimits;
  /** Routers mounted under /api behind authentication. */
  apiRouters?: Router[];
  /** Routers mounted under /api without authentication (signed media URLs, public config). */
  publicRouters?: Router[];
  /** Folder with the built tab (index.html and assets). */
  tabDir?: string;
}

export function createApp(parts: AppParts): express.Express {
  const { config, log, readiness } = parts;
  const app = express();
  app.disable('x-powered-by');
  // First: the request id every log line of this request carries, and its metrics.
  app.use(observeRequests(log));
  app.use((_req, res, next) => {
    // An answer sent while stopping closes its connection (decided when its headers are written,
    // so also for requests that arrived before), and the client reconnects to another instance.
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
      if (readiness.stopping?.()) this.setHeader('Connection', 'close');
      return writeHead.apply(this, args);
    } as typeof writeHead;
    next();
  });
  // X-Forwarded-For is believed only from the proxies named in TRUSTED_PROXIES: from anyone else
  // it would let a client pick the address its requests are counted under.
  app.set('trust proxy', config.trustedProxies.length > 0 ? [...config.trustedProxies] : false);
  app.set('json spaces', 0);
  app.set('etag', weakEtag);

  // From the project folder: the compiled server runs from dist/server, the sources from server/.
  const tabDir = parts.tabDir ?? path.join(projectRoot(), 'tab/dist');
  const tabPage = existsSync(path.join(tabDir, 'index.html'))
    ? readFileSync(path.join(tabDir, 'index.html'), 'utf8')
    : undefined;
  // The tab's page carries its boot script inline (scripts/build-tab.mjs): the CSP allows exactly
  // that script by its hash, and no other inline script.
  const inlineScripts = [...(tabPage ?? '').matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`,
  );

  app.use(
    helmet({
      // Teams frames the tab: allow its hosts with CSP and send no X-Frame-Options.
      frameguard: false,
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'frame-ancestors': FRAME_ANCESTORS,
          'script-src': ["'self'", ...inlineScripts, 'https://res.cdn.office.net'],
          'connect-src': ["'self'", 'https://*.microsoft.com', 'https://*.office.net'],
          'img-src': ["'self'", 'data:', 'blob:'],
          'style-src': ["'self'", "'unsafe-inline'"],
          'upgrade-insecure-requests': config.production ? [] : null,
        },
      },
      crossOriginEmbedderPolicy: false,
      crossOriginResourcePolicy: { policy: 'same-site' },
      strictTransportSecurity: config.production,
    }),
  );

  // Liveness: the process answers. Restart it only when this fails, not when the store is down.
  app.get('/livez', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  // Readiness: whether to send this instance traffic, and if not, what it waits for.
  app.get('/healthz', async (_req, res) => {
    const dbUp = await readiness.ping();
    const stopping = readiness.stopping?.() ?? false;
    const ready = dbUp && readiness.ready() && !stopping;
    const waiting = [...(dbUp ? [] : ['store']), ...(readiness.ready() ? [] : (readiness.waiting?.() ?? []))];
    res.set('Cache-Control', 'no-store');
    res.status(ready ? 200 : 503).json({
      status: stopping ? 'stopping' : ready ? 'ok' : 'starting',
      db: dbUp ? 'up' : 'down',
      ...(ready || stopping ? {} : { waiting }),
    });
  });
  // Prometheus, behind METRICS_TOKEN (or on METRICS_PORT only: then 404 here).
  app.get('/metrics', metricsEndpoint(config.operations.metricsToken));

  const json = express.json({
    limit: config.bodyLimit,
    strict: true,
    type: ['application/json', 'application/*+json'],
  });
  // See server/rate-limit.ts: per address before anything else, per person once authenticated.
  const perAddress = rateLimit(parts.rateLimits.perAddress, (req) => `ip:${req.ip}`);
  const perPerson = rateLimit(parts.rateLimits.perPerson, (req, res) =>
    res.locals.actor ? `p:${String(res.locals.actor.personId)}` : `ip:${req.ip}`,
  );

  app.use('/api', perAddress);
  app.post('/api/messages', json, requireJsonObject, parts.botHandler);

  const publicConfig = {
    mode: config.devAuth ? 'development' : 'sso',
    clientId: config.entra.clientId ?? null,
    defaultLocale: config.defaultLocale,
    publicUrl: config.publicUrl,
    teamsAppId: config.teamsAppId ?? null,
  };
  app.get('/api/config', (_req, res) => {
    res.json(publicConfig);
  });
  for (const r of parts.publicRouters ?? []) app.use('/api', r);
  const api = express.Router();
  api.use(sameOriginWrites(config), json, authenticate(config), perPerson);
  for (const r of parts.apiRouters ?? []) api.use(r);
  app.use('/api', api);

  if (tabPage) {
    app.use('/tab/assets', precompressed(path.join(tabDir, 'assets')));
    app.use(
      '/tab/assets',
      express.static(path.join(tabDir, 'assets'), {
        maxAge: '1h',
        fallthrough: false,
        setHeaders: (res) => {
          if (res.req && keepForGood(res.req)) res.set('Cache-Control', KEEP_FOR_GOOD);
        },
      }),
    );
    // The public configuration travels inside the page (inert JSON, allowed by the CSP), so the
    // tab's first API requests need not wait for a round trip to /api/config.
    const page = tabPage.replace(
      '<!-- public-config -->',
      `<script type="application/json" id="ids-config">${JSON.stringify(publicConfig).replace(/</g, '\\u003c')}</script>`,
    );
    // Compressed once here (the boot script makes the page 7 KB; a slow connection gets 3).
    const compressed = { br: brotliCompressSync(page), gzip: gzipSync(page) };
    app.get(['/tab', '/tab/{*rest}'], (req, res) => {
      res.set('Cache-Control', 'no-cache');
      res.vary('Accept-Encoding');
      const encoding = req.acceptsEncodings('br', 'gzip');
      if (encoding === 'br' || encoding === 'gzip') {
        res.set('Content-Encoding', encoding);
        res.type('html').send(compressed[encoding]);
      } else res.type('html').send(page);
    });
  } else {
    log.warn({ tabDir }, 'the tab is not built; run "npm run prepare"');
    app.get(['/tab', '/tab/{*rest}'], (_req, res) => {
      res
        .status(503)
        .type('text/plain')
        .send('The Ids tab is not built yet. Run "npm run prepare" and restart. / De Ids-tab is nog niet gebouwd.');
    });
  }
  app.use(staticPages());
  app.get('/', (_req, res) => res.redirect('/tab'));

  app.use(notFoundHandler);
  app.use(errorHandler(log, config.defaultLocale));
  return app;
}

/**
 * Chunks are named by their content (esbuild's hash) and the page asks for main.js with its
 * content hash (?v=): browsers keep those for good, so a tab opened again asks for no script.
 * The page itself (no-cache) and the unversioned main.css and main.js revalidate.
 */
const KEEP_FOR_GOOD = 'public, max-age=31536000, immutable';
const keepForGood = (req: express.Request): boolean =>
  req.path.startsWith('/chunks/') || typeof req.query.v === 'string';

/**
 * Serves the build's pre-compressed copy of a tab asset (Brotli, else gzip) to a browser that
 * accepts it (scripts/build-tab.mjs writes them); anything else falls through to the plain file.
 */
function precompressed(dir: string): RequestHandler {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  const copies = (ext: string) =>
    new Set(files.filter((f) => f.endsWith(ext)).map((f) => `/${f.slice(0, -ext.length).split(path.sep).join('/')}`));
  const br = copies('.br');
  const gz = copies('.gz');
  const types: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };
  return (req, res, next) => {
    res.vary('Accept-Encoding');
    const encoding =
      req.method !== 'GET' && req.method !== 'HEAD'
        ? undefined
        : br.has(req.path) && req.acceptsEncodings('br')
          ? 'br'
          : gz.has(req.path) && req.acceptsEncodings('gzip')
            ? 'gzip'
            : undefined;
    if (!encoding) {
      next();
      return;
    }
    res.set({
      'Content-Encoding': encoding,
      'Content-Type': types[path.extname(req.path)] ?? 'application/octet-stream',
    });
    const file = path.join(dir, `${req.path}.${encoding === 'br' ? 'br' : 'gz'}`);
    if (keepForGood(req)) res.set('Cache-Control', KEEP_FOR_GOOD);
    res.sendFile(file, { maxAge: '1h', cacheControl: !keepForGood(req) }, (err) => err && next(err));
  };
}

/** A bot or API body must be a JSON object. */
const requireJsonObject: RequestHandler = (req, _res, next) => {
  if (!req.is('application/json') && !req.is('application/*+json')) {
    next(new AppError('unsupported_media_type', 'Send the activity as application/json.', 415));
    return;
  }
  if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
    next(new AppError('bad_request', 'The body must be a JSON object.', 400));
    return;
  }
  next();
};
