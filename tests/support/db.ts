// The MongoDB a test talks to: the real server named by MONGODB_URI (in a database unique to
// this run, dropped afterwards), or else an in-memory localdb started for the test.
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { startLocalDb } from '../../localdb/index.js';

export interface TestDb {
  uri: string;
  /** Database to use; unique per call when MONGODB_URI is set. */
  dbName: string;
  /** Drops the run's database (real server) or stops localdb. */
  stop(): Promise<void>;
}

let counter = 0;

export async function testMongoUri(): Promise<TestDb> {
  const dbName = `ids_test_${process.pid}_${Date.now()}_${counter++}`;
  const external = process.env.MONGODB_URI;
  if (external) {
    return {
      uri: external,
      dbName,
      async stop() {
        const client = new MongoClient(external);
        try {
          await client.connect();
          await client.db(dbName).dropDatabase();
        } finally {
          await client.close();
        }
      },
    };
  }
  const db = await startLocalDb();
  return { uri: db.uri, dbName, stop: () => db.close() };
}

/**
 * Databases of their own on one test store, for commands run as separate processes (MONGODB_DB):
 * `next()` names a fresh one, `dropAll()` drops every one named.
 */
export function scratchDatabases(
  db: TestDb,
  tag: string,
): { next(): string; dropAll(client: MongoClient): Promise<void> } {
  const used: string[] = [];
  return {
    next() {
      const name = `${db.dbName}_${tag}${used.length}`;
      used.push(name);
      return name;
    },
    async dropAll(client) {
      for (const name of used)
        await client
          .db(name)
          .dropDatabase()
          .catch(() => undefined);
    },
  };
}
/**
 * For a describe block that uses mongoose directly: connects it to a store of its own before
 * the block (indexes built) and disconnects and drops it after.
 */
export function useTestStore(): void {
  let db: TestDb | undefined;
  before(async () => {
    db = await testMongoUri();
    await mongoose.connect(db.uri, { dbName: db.dbName });
    await Promise.all(Object.values(mongoose.models).map((m) => m.init()));
  });
  after(async () => {
    await mongoose.disconnect();
    await db?.stop();
  });
}
