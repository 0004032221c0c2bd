import { MongoClient, type Db } from 'mongodb';
import type { Config } from '../../config/index.js';
import { storeAddress } from '../../models/connection.js';

export interface StoreClient {
  readonly db: Db;
  readonly client: MongoClient;
  /** Where, without credentials (for messages). */
  readonly where: string;
  /** The embedded store on DATA_DIR (served by this process, or by a running server and followed). */
  readonly embedded: boolean;
  close(): Promise<void>;
}

/**
 * A plain driver connection (no mongoose models, no index builds) to the store the server uses:
 * MONGODB_URI, or localdb on DATA_DIR, started here or, when a server holds the folder, followed.
 */
export async function openStoreClient(config: Config): Promise<StoreClient> {
  const { uri, where, closeEmbedded } = await storeAddress(config);
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.connect();
  } catch (err) {
    await closeEmbedded?.();
    throw err;
  }
  return {
    db: client.db(config.mongodbDb),
    client,
    where,
    embedded: closeEmbedded !== undefined,
    async close() {
      await client.close();
      await closeEmbedded?.();
    },
  };
}

/** The Ids servers running on this store now (server/instances.ts), read without mongoose. */
export async function runningServers(db: Db): Promise<Array<{ host: string; pid: number }>> {
  const { liveInstances } = await import('../../core/media/url-key.js');
  return liveInstances(db as unknown as Parameters<typeof liveInstances>[0]);
}

export function describeServers(servers: Array<{ host: string; pid: number }>): string {
  return servers.map((s) => `${s.host} pid ${s.pid}`).join('; ');
}

/**
 * For a command-line script: opens the store, runs `work`, prints its error as "<script>: message",
 * closes the store and exits (0 when work succeeded, 1 otherwise).
 */
export async function runWithStore(
  script: string,
  config: Config,
  work: (store: StoreClient) => Promise<void>,
): Promise<never> {
  let store: StoreClient;
  try {
    store = await openStoreClient(config);
  } catch (err) {
    process.stderr.write(`${script}: cannot reach the store: ${(err as Error).message}\n`);
    process.exit(1);
  }
  let code = 0;
  try {
    await work(store);
  } catch (err) {
    process.stderr.write(`${script}: ${(err as Error).message}\n`);
    code = 1;
  } finally {
    await store.close().catch(() => undefined);
  }
  process.exit(code);
}
