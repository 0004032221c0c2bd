/**
 * npm run backup -- <folder>
 *
 * A consistent copy of the embedded store (localdb), uploaded photos and files included (they
 * live in the store, GridFS bucket "media"), taken while Ids runs: the store captures every
 * collection at one instant (localdb's localdbSnapshot) and this writes it out as mongodump does
 * (<folder>/<db>/<collection>.bson and .metadata.json) plus ids-backup.json with the counts.
 * `npm run restore -- <folder>` reads it back; so does MongoDB's mongorestore (a way from the
 * embedded store to MongoDB). On MongoDB itself, use mongodump/mongorestore (see the README).
 * Exit 0 when written, 1 otherwise.
 */
import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { EJSON, type Long, serialize } from 'bson';
import { loadConfigOrExit } from '../config/index.js';
import { type StoreClient, runWithStore } from './lib/store-client.js';
import { BACKUP_MANIFEST, type BackupManifest, folderArgument } from './lib/backup-format.js';

const RAW = { promoteValues: false, promoteLongs: false, promoteBuffers: false, bsonRegExp: true } as const;

interface CollectionEntry {
  collection: string;
  options: Record<string, unknown>;
  indexes: Array<Record<string, unknown>>;
  count: number;
}

async function backup(store: StoreClient, dbName: string, folder: string): Promise<BackupManifest> {
  const started = Date.now();
  let reply: { cursor: { id: Long; firstBatch: unknown[]; ns: string } };
  try {
    reply = (await store.db.command({ localdbSnapshot: 1, batchSize: 0 }, RAW)) as typeof reply;
  } catch (err) {
    if ((err as { code?: number }).code === 59) {
      throw new Error(
        'This store is MongoDB, not the embedded store: back it up with mongodump (see the README, "Backups").',
      );
    }
    throw err;
  }
  // Written into a folder beside the target and renamed at the end: a failed backup leaves no half folder.
  const partial = `${folder}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  const dbFolder = path.join(partial, dbName);
  mkdirSync(dbFolder, { recursive: true });
  const collections = new Map<string, CollectionEntry>();
  const files = new Map<string, ReturnType<typeof createWriteStream>>();
  const counts = new Map<string, number>();
  let bytes = 0;
  const write = async (collection: string, doc: unknown) => {
    let out = files.get(collection);
    if (!out) {
      out = createWriteStream(path.join(dbFolder, `${collection}.bson`));
      files.set(collection, out);
    }
    const data = serialize(doc as Record<string, unknown>);
    bytes += data.length;
    counts.set(collection, (counts.get(collection) ?? 0) + 1);
    if (!out.write(data)) await new Promise<void>((r) => out.once('drain', () => r()));
  };
  try {
    let batch = reply.cursor.firstBatch;
    let id = reply.cursor.id;
    const collectionName = reply.cursor.ns.slice(dbName.length + 1);
    for (;;) {
      for (const entry of batch as Array<Record<string, unknown>>) {
        if ('doc' in entry) await write(String(entry.collection), entry.doc);
        else collections.set(String(entry.collection), entry as unknown as CollectionEntry);
      }
      if (id.isZero()) break;
      const more = (await store.db.command({ getMore: id, collection: collectionName }, RAW)) as {
        cursor: { id: Long; nextBatch: unknown[] };
      };
      batch = more.cursor.nextBatch;
      id = more.cursor.id;
    }
    for (const out of files.values()) {
      out.end();
      await finished(out);
    }
    for (const [name, c] of collections) {
      if (!files.has(name)) writeFileSync(path.join(dbFolder, `${name}.bson`), '');
      const indexes = [{ v: 2, key: { _id: 1 }, name: '_id_' }, ...c.indexes.map((ix) => ({ v: 2, ...ix }))];
      writeFileSync(
        path.join(dbFolder, `${name}.metadata.json`),
        EJSON.stringify(
          { options: c.options ?? {}, indexes, collectionName: name, type: 'collection' },
          {
            relaxed: false,
          },
        ),
      );
      if ((counts.get(name) ?? 0) !== Number(c.count)) {
        throw new Error(`${name}: the snapshot announced ${c.count} documents but held ${counts.get(name) ?? 0}`);
      }
    }
    const manifest: BackupManifest = {
      format: 'ids-backup/1 (mongodump layout)',
      createdAt: new Date().toISOString(),
      database: dbName,
      source: store.where,
      collections: Object.fromEntries([...collections.keys()].sort().map((name) => [name, counts.get(name) ?? 0])),
      bytes,
      ms: Date.now() - started,
    };
    writeFileSync(path.join(partial, BACKUP_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    renameSync(partial, folder);
    return manifest;
  } catch (err) {
    for (const out of files.values()) out.destroy();
    rmSync(partial, { recursive: true, force: true });
    throw err;
  }
}

const config = loadConfigOrExit();
const folder = folderArgument('backup');
if (existsSync(folder) && readdirSync(folder).length > 0) {
  process.stderr.write(
    `backup: ${folder} exists and is not empty; name a new folder (e.g. backups/ids-$(date +%F)).\n`,
  );
  process.exit(1);
}
if (existsSync(folder)) rmSync(folder, { recursive: true });
mkdirSync(path.dirname(folder), { recursive: true });

await runWithStore('backup', config, async (store) => {
  const m = await backup(store, config.mongodbDb, folder);
  const total = Object.values(m.collections).reduce((a, b) => a + b, 0);
  process.stdout.write(
    `Backed up ${store.where} (database ${m.database}) into ${folder} in ${m.ms} ms:\n` +
      `  ${Object.keys(m.collections).length} collections, ${total} documents, ${(m.bytes / 1048576).toFixed(1)} MiB` +
      ` (people ${m.collections.people ?? 0}, posts ${m.collections.posts ?? 0}, files ${m.collections['media.files'] ?? 0}).\n` +
      `Restore with: npm run restore -- ${path.relative(process.cwd(), folder) || folder}\n`,
  );
});
