// The server a benchmark measures: the whole product as `npm start` runs it, with the demo
// organisation, on an in-memory localdb on a thread of its own (or the MongoDB named by
// MONGODB_URI), development sign-in (x-ids-dev-user) and the rate limit raised out of the way.
// BENCH_STORE=same-thread runs localdb on the server's own event loop instead (as before
// 3 December 2026), to compare.
import type { Config } from '../config/index.js';
import { parseConfig } from '../config/index.js';
import { startLocalDb } from '../localdb/index.js';
import { openLocalDbThread } from '../localdb/thread.js';
import { createLogger } from '../server/logger.js';
import { startServer, type RunningServer } from '../server/start.js';

export interface BenchServer {
  running: RunningServer;
  config: Config;
  /** Where the data lives, for the report. */
  store: string;
  stop(): Promise<void>;
}

export async function startBenchServer(): Promise<BenchServer> {
  const external = process.env.MONGODB_URI;
  const sameThread = process.env.BENCH_STORE === 'same-thread';
  const db = external ? undefined : sameThread ? await startLocalDb() : await openLocalDbThread();
  const config = parseConfig({
    NODE_ENV: 'development',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'true',
    PUBLIC_URL: 'https://ids.bench.example',
    RATE_LIMIT_PER_MINUTE: '100000000',
    MONGODB_URI: external ?? db!.uri,
    MONGODB_DB: `ids_bench_${Date.now()}`,
  });
  const running = await startServer(config, { log: createLogger('warn') });
  await running.ready;
  return {
    running,
    config,
    store: external
      ? 'MongoDB (MONGODB_URI)'
      : `localdb, in memory, ${sameThread ? "on the server's thread" : 'on a thread of its own'}`,
    async stop() {
      await running.stop();
      await db?.close();
    },
  };
}
