// localdbSnapshot: every collection of one database as it is at this instant, as a cursor, for
// backups taken while the store serves writes (`npm run backup`). The capture is synchronous,
// within one turn of the event loop, so no write lands half-way; stored documents are immutable,
// so the capture copies references, not documents. Not a MongoDB command: MongoDB answers
// CommandNotFound (59), and backups of MongoDB use mongodump.
//
//   { localdbSnapshot: 1, batchSize?: n, $db: "ids" }
// The cursor (namespace "<db>.localdb.snapshot", continued with getMore) yields first one entry
// per collection, { collection, options, indexes, count }, then one { collection, doc } per document.
import { MongoError } from '../errors.js';
import type { Doc } from '../values.js';
import type { CommandHandler } from './context.js';
import { optionalNumber } from './context.js';

export const SNAPSHOT_NAMESPACE = 'localdb.snapshot';

const localdbSnapshot: CommandHandler = (cmd, db, ctx) => {
  const batchSize = optionalNumber(cmd, 'batchSize');
  if (batchSize !== undefined && batchSize < 0) throw new MongoError(2, 'batchSize must not be negative');
  const collections = ctx.store.collections(db);
  const entries: Doc[] = collections.map((c) => ({
    collection: c.name,
    options: c.options,
    indexes: c.secondary.map((ix) => ix.spec),
    count: c.docs.size,
  }));
  for (const c of collections) for (const doc of c.docs.values()) entries.push({ collection: c.name, doc });
  return ctx.cursors.open(`${db}.${SNAPSHOT_NAMESPACE}`, entries, { batchSize: batchSize ?? 0, noTimeout: false });
};

export const snapshotCommands: Record<string, CommandHandler> = { localdbSnapshot };
