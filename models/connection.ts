import path from 'node:path';
import mongoose from 'mongoose';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { openLocalDbThread } from '../localdb/thread.js';
import { runMigrations } from './migrations.js';
import { metrics } from '../core/metrics.js';

const PING_TIMEOUT_MS = 2_000;

export interface StoreConnection {
  /** Where mongoose is connected, without credentials (safe to log). */
  readonly where: string;
  /** Whether the store is localdb on DATA_DIR (served here or followed; close() must stop it). */
  readonly embedded: boolean;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface StoreAddress {
  readonly uri: string;
  /** Without credentials (safe to log). */
  readonly where: string;
  /** Stops the embedded store (or the following of it); undefined on MONGODB_URI. */
  readonly closeEmbedded: (() => Promise<void>) | undefined;
}

/**
 * Where the store is: MONGODB_URI, or localdb on DATA_DIR, started here (on a thread of its own,
 * localdb/thread.ts) or, when another process already serves that directory, followed through its
 * lock file (see localdb/follow.ts).
 */
export async function storeAddress(config: Config, log?: Logger): Promise<StoreAddress> {
  if (config.mongodbUri)
    return { uri: config.mongodbUri, where: redactUri(config.mongodbUri), closeEmbedded: undefined };
  const dataDir = path.resolve(config.dataDir);
  // On a thread of its own: the store's work runs beside the server's event loop, not on it.
  const db = await openLocalDbThread({
    dataDir,
    log: (level, msg, extra) => log?.[level]({ ...extra, component: 'localdb' }, msg),
  });
  return {
    uri: db.uri,
    where: db.owned
      ? `localdb ${dataDir} (${db.uri})`
      : `localdb ${dataDir}, served by another process and followed through ${db.uri}`,
    closeEmbedded: () => db.close(),
  };
}

/**
 * Connects mongoose to MONGODB_URI, or, when it is unset, to localdb on DATA_DIR: started here,
 * or, when another process already serves that directory, followed through its lock file (to
 * its new address when it restarts, or taken over when it stops; see localdb/follow.ts).
 */
export async function connectStore(config: Config, log: Logger): Promise<StoreConnection> {
  mongoose.set('strictQuery', true);
  const { uri, where, closeEmbedded } = await storeAddress(config, log);
  try {
    // Ten seconds to find the server, unless the connection string says how long itself.
    const selection = /[?&]serverSelectionTimeoutMS=/i.test(uri) ? {} : { serverSelectionTimeoutMS: 10_000 };
    // Each command's round trip goes into /metrics (ids_store_command_duration_seconds), when
    // the metrics are served at all: the driver's command monitoring decodes every reply a second
    // time for its event (a whole batch of posts on a feed page), about a tenth of a feed page's
    // CPU (bench/README.md, "The feed under load"), which is waste when nobody can read it.
    const timed = storeCommandsTimed(config);
    await mongoose.connect(uri, {
      dbName: config.mongodbDb,
      autoIndex: true,
      ...selection,
      monitorCommands: timed,
    });
    if (timed) observeCommands(mongoose.connection.getClient());
    await Promise.all(Object.values(mongoose.models).map((m) => m.init()));
    await runMigrations(log);
  } catch (err) {
    await closeEmbedded?.();
    throw err;
  }
  log.info({ store: where }, 'store connected');
  return {
    where,
    embedded: closeEmbedded !== undefined,
    async ping() {
      const db = mongoose.connection.db;
      if (!db) return false;
      // Asked even while mongoose reports the connection down: the command makes the driver
      // check the server again at once (rather than at its next heartbeat), so a store that is
      // back, or an embedded one served from a new address, is found within a second.
      // A health check must answer quickly even while the driver waits to reselect a server.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
      });
      const ping = db
        .admin()
        .command({ ping: 1 })
        .then(
          () => true,
          () => false,
        );
      try {
        return await Promise.race([ping, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await mongoose.disconnect();
      await closeEmbedded?.();
    },
  };
}

/** Whether store commands are timed: only when /metrics is served (METRICS_TOKEN or METRICS_PORT). */
export const storeCommandsTimed = (config: Config): boolean =>
  config.operations.metricsToken !== undefined || config.operations.metricsPort !== undefined;

/** Commands named in the store metrics; any other is counted as "other" (labels stay few). */
const OBSERVED_COMMANDS = new Set([
  'find',
  'getMore',
  'insert',
  'update',
  'delete',
  'findAndModify',
  'aggregate',
  'count',
  'distinct',
  'createIndexes',
  'ping',
]);

function observeCommands(client: mongoose.mongo.MongoClient): void {
  const name = (command: string) => (OBSERVED_COMMANDS.has(command) ? command : 'other');
  client.on('commandSucceeded', (e) =>
    metrics.storeCommands.observe(e.duration / 1000, { command: name(e.commandName) }),
  );
  client.on('commandFailed', (e) => {
    metrics.storeCommands.observe(e.duration / 1000, { command: name(e.commandName) });
    metrics.storeCommandFailures.inc({ command: name(e.commandName) });
  });
}

/** A MongoDB URI with its password removed, for logs. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}
