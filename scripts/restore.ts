/**
 * npm run restore -- <folder> [--drop]
 *
 * Puts a backup made by `npm run backup` (or by mongodump, same layout) into the store Ids is
 * configured for: MONGODB_URI, or the embedded store on DATA_DIR. Refuses while an Ids server runs
 * on that store (it would go on serving what is no longer there) and when the database already
 * holds data, unless --drop, which empties it first. Checks every collection's count against
 * the backup's. Exit 0 when restored, 1 otherwise.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { EJSON, deserialize } from 'bson';
import type { Db } from 'mongodb';
import { loadConfigOrExit } from '../config/index.js';
import { type StoreClient, describeServers, runWithStore, runningServers } from './lib/store-client.js';
import { BACKUP_MANIFEST, type BackupManifest, folderArgument } from './lib/backup-format.js';

const RAW = { promoteValues: false, promoteLongs: false, promoteBuffers: false, bsonRegExp: true } as const;
/** Documents per insert (GridFS chunks are up to 255 KiB each: a batch stays well under 48 MB). */
const BATCH_DOCS = 100;
const BATCH_BYTES = 8 * 1024 * 1024;

/** The folder holding the <collection>.bson files: the backup's database folder. */
function dataFolder(folder: string, manifest: BackupManifest | undefined): string {
  if (manifest) return path.join(folder, manifest.database);
  // A mongodump folder: one database folder inside, or the database folder itself.
  if (readdirSync(folder).some((f) => f.endsWith('.bson'))) return folder;
  const dbs = readdirSync(folder, { withFileTypes: true }).filter((d) => d.isDirectory());
  if (dbs.length !== 1)
    throw new Error(`${folder} holds no backup (no ${BACKUP_MANIFEST}, no single database folder).`);
  return path.join(folder, dbs[0]!.name);
}

/** Reads a .bson file one document at a time (each starts with its int32 length). */
async function* documents(file: string): AsyncGenerator<{ doc: Record<string, unknown>; size: number }> {
  const fh = await open(file, 'r');
  try {
    let buffer = Buffer.alloc(0);
    const chunk = Buffer.alloc(1 << 20);
    for (;;) {
      const { bytesRead } = await fh.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      buffer = Buffer.concat([buffer, chunk.subarray(0, bytesRead)]);
      while (buffer.length >= 4) {
        const size = buffer.readInt32LE(0);
        if (size < 5) throw new Error(`${path.basename(file)} is damaged (a document of ${size} bytes).`);
        if (buffer.length < size) break;
        yield { doc: deserialize(buffer.subarray(0, size), RAW), size };
        buffer = buffer.subarray(size);
      }
    }
    if (buffer.length > 0) throw new Error(`${path.basename(file)} ends in the middle of a document.`);
  } finally {
    await fh.close();
  }
}

async function restoreCollection(db: Db, dir: string, name: string): Promise<number> {
  const metaFile = path.join(dir, `${name}.metadata.json`);
  const meta = existsSync(metaFile)
    ? (EJSON.parse(readFileSync(metaFile, 'utf8'), { relaxed: false }) as {
        options?: Record<string, unknown>;
        indexes?: Array<{ key: Record<string, unknown>; name: string } & Record<string, unknown>>;
      })
    : {};
  await db.createCollection(name, meta.options ?? {});
  const collection = db.collection(name);
  let batch: Array<Record<string, unknown>> = [];
  let batchBytes = 0;
  let n = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await collection.insertMany(batch, { ordered: true, bypassDocumentValidation: true });
    n += batch.length;
    batch = [];
    batchBytes = 0;
  };
  for await (const { doc, size } of documents(path.join(dir, `${name}.bson`))) {
    batch.push(doc);
    batchBytes += size;
    if (batch.length >= BATCH_DOCS || batchBytes >= BATCH_BYTES) await flush();
  }
  await flush();
  // Indexes after the documents (as mongorestore does): one build instead of one per insert.
  const indexes = (meta.indexes ?? []).filter((ix) => ix.name !== '_id_');
  if (indexes.length > 0) {
    await collection.createIndexes(
      indexes.map(
        ({ v: _v, ns: _ns, ...spec }) => spec as unknown as Parameters<typeof collection.createIndexes>[0][0],
      ),
    );
  }
  return n;
}

async function restore(store: StoreClient, folder: string, drop: boolean): Promise<Record<string, number>> {
  const manifestFile = path.join(folder, BACKUP_MANIFEST);
  const manifest = existsSync(manifestFile)
    ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as BackupManifest)
    : undefined;
  const dir = dataFolder(folder, manifest);
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.bson'))
    .map((f) => f.slice(0, -'.bson'.length))
    .sort();

  const servers = await runningServers(store.db);
  if (servers.length > 0) {
    throw new Error(
      `Ids is running on this store (${describeServers(servers)}). Stop every Ids server first, then restore: ` +
        'a running server would go on serving people and posts that the restore replaces.',
    );
  }
  const existing = (await store.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
  if (existing.length > 0) {
    if (!drop) {
      throw new Error(
        `The database "${store.db.databaseName}" on ${store.where} already holds data (${existing.length} collections). ` +
          'Restore into an empty one (another DATA_DIR or MONGODB_DB), or add --drop to replace what is there.',
      );
    }
    await store.db.dropDatabase();
  }
  const restored: Record<string, number> = {};
  for (const name of names) {
    // The heartbeats of the servers that were running when the backup was taken are not restored.
    if (name === 'instances') continue;
    restored[name] = await restoreCollection(store.db, dir, name);
    const expected = manifest?.collections[name];
    if (expected !== undefined && expected !== restored[name]) {
      throw new Error(`${name}: the backup holds ${expected} documents but ${restored[name]} were restored`);
    }
  }
  return restored;
}

const config = loadConfigOrExit();
const folder = folderArgument('restore');
const drop = process.argv.includes('--drop');
if (!existsSync(folder)) {
  process.stderr.write(`restore: ${folder} does not exist.\n`);
  process.exit(1);
}

await runWithStore('restore', config, async (store) => {
  const started = Date.now();
  const r = await restore(store, folder, drop);
  const total = Object.values(r).reduce((a, b) => a + b, 0);
  process.stdout.write(
    `Restored ${folder} into ${store.where} (database ${store.db.databaseName}) in ${Date.now() - started} ms:\n` +
      `  ${Object.keys(r).length} collections, ${total} documents` +
      ` (people ${r.people ?? 0}, posts ${r.posts ?? 0}, files ${r['media.files'] ?? 0}).\n` +
      'Start Ids (npm start) to serve it.\n',
  );
});
