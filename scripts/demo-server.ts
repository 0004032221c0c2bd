// The whole product as `npm start` runs it, with the demo organisation, on a store of its own
// (an in-memory localdb, or a fresh database on MONGODB_URI that is dropped afterwards): for the
// tab's benchmark and the screenshot command, which must not touch the developer's .data folder.
import net from 'node:net';
import { MongoClient } from 'mongodb';
import { parseConfig, type Config } from '../config/index.js';
import { openLocalDbThread } from '../localdb/thread.js';
import { createLogger } from '../server/logger.js';
import { startServer, type RunningServer } from '../server/start.js';

export interface DemoServer extends RunningServer {
  readonly config: Config;
}

/** A free local port (the server needs its own address in PUBLIC_URL before it starts). */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * Starts Ids seeded with the demo organisation and waits until it is ready. PUBLIC_URL is the
 * server's own address unless `env` names one (signed media URLs are built on it).
 */
export async function startDemoServer(env: Record<string, string> = {}): Promise<DemoServer> {
  const external = process.env.MONGODB_URI;
  const db = external ? undefined : await openLocalDbThread();
  const dbName = `ids_demo_${process.pid}_${Date.now()}`;
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const config = parseConfig({
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'true',
    RATE_LIMIT_PER_MINUTE: '100000000',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...env,
    PORT: String(port),
    MONGODB_URI: external ?? db?.uri,
    MONGODB_DB: dbName,
  });
  const dropStore = async () => {
    if (db) return db.close();
    const client = new MongoClient(external as string);
    try {
      await client.connect();
      await client.db(dbName).dropDatabase();
    } finally {
      await client.close();
    }
  };
  let running: RunningServer;
  try {
    running = await startServer(config, { log: createLogger(config.logLevel) });
    await running.ready;
  } catch (err) {
    await dropStore();
    throw err;
  }
  return {
    ...running,
    config,
    async stop() {
      await running.stop();
      await dropStore();
    },
  };
}
