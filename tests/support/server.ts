import { Writable } from 'node:stream';
import { parseConfig, type Config } from '../../config/index.js';
import { createLogger } from '../../server/logger.js';
import { startServer, type RunningServer } from '../../server/start.js';
import { testMongoUri, type TestDb } from './db.js';

export interface TestServer extends RunningServer {
  readonly config: Config;
  /** Everything the server logged, one JSON line each (for asserting what stays out of logs). */
  readonly logLines: string[];
}

/**
 * Starts the whole product as `npm start` does, on a store of its own (an in-memory localdb,
 * or a database unique to this run on MONGODB_URI), empty: a test makes the people, groups and
 * posts it needs with tests/support/factories.ts. `SEED_DEMO: 'true'` seeds the demo
 * organisation (450 people), for tests about the demo itself. One at a time per process:
 * mongoose is a singleton.
 */
export async function startTestServer(
  env: Record<string, string | undefined> = {},
  /** A store of the caller's, kept when the server stops (to restart on the same data). */
  opts: { store?: TestDb } = {},
): Promise<TestServer> {
  const db = opts.store ?? (await testMongoUri());
  const stopStore = opts.store ? async () => undefined : () => db.stop();
  const config = parseConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    // Production decides for itself (it never seeds), as a test of production must see.
    ...(env.NODE_ENV === 'production' ? {} : { SEED_DEMO: 'false' }),
    PUBLIC_URL: 'https://ids.test.example',
    RATE_LIMIT_PER_MINUTE: '100000',
    // Tests run nudge rounds themselves, at the moments they choose (services.nudges.runRound).
    NUDGES: 'false',
    ...env,
    MONGODB_URI: db.uri,
    MONGODB_DB: db.dbName,
  });
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  const log = createLogger(config.logLevel, sink);
  let running: RunningServer;
  try {
    running = await startServer(config, { log });
    await running.ready;
  } catch (err) {
    await stopStore();
    throw err;
  }
  return {
    ...running,
    url: running.url,
    config,
    logLines,
    async stop() {
      await running.stop();
      await stopStore();
    },
  };
}

/** What a production server needs besides its store: bot credentials, SSO against an Entra stand-in, a media URL key. */
export function productionEnv(
  entra: { readonly tenantId: string; readonly clientId: string; readonly authority: string },
  appId: string,
): Record<string, string> {
  return {
    NODE_ENV: 'production',
    MicrosoftAppId: appId,
    MicrosoftAppPassword: 'not-a-real-secret',
    MicrosoftAppTenantId: entra.tenantId,
    ENTRA_TENANT_ID: entra.tenantId,
    ENTRA_CLIENT_ID: entra.clientId,
    ENTRA_AUTHORITY: entra.authority,
    MEDIA_URL_SECRET: 'a-test-media-url-secret-of-32-chars-or-more',
  };
}

/**
 * Brings the server's people directory up to date with what the test wrote to the store (the
 * server refreshes it every second by itself). A refresh already running when this is called may
 * have read before the test's writes, so a second one follows it.
 */
export async function refreshDirectory(server: RunningServer): Promise<void> {
  await server.services.directory.refreshChanged();
  await server.services.directory.refreshChanged();
}
