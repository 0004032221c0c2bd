import mongoose from 'mongoose';
import type { Logger } from 'pino';

/**
 * Changes to stored documents that a new version needs, each applied once per database and
 * recorded in the `migrations` collection. Every step is idempotent, so two instances starting
 * at the same time (both applying before either records) do no harm.
 */
interface Migration {
  readonly name: string;
  up(db: mongoose.mongo.Db): Promise<number>;
}

const MIGRATIONS: readonly Migration[] = [
  {
    // The person schema used to write mobileVisibility 'private' on everyone, and nothing could
    // set another value, so a stored 'private' is the old default, never a choice. Without it the
    // organisation's MOBILE_VISIBILITY decides until the person chooses.
    name: '2025-person-mobile-visibility-default',
    async up(db) {
      const r = await db
        .collection('people')
        .updateMany({ mobileVisibility: 'private' }, { $unset: { mobileVisibility: '' } });
      return r.modifiedCount;
    },
  },
  {
    // Like and comment counts changed before their changes were bracketed by marks
    // (core/posts/counts.ts) may have drifted, with no mark to tell. Every post gets a mark from
    // the beginning of time: the recount job settles each from its likes and live comments,
    // beside live traffic and on any instance, as it does after an interrupted change.
    name: '2026-recount-post-counters',
    async up(db) {
      const r = await db.collection('posts').updateMany({}, {
        $push: { pendingCounts: mongoose.Types.ObjectId.createFromTime(0) },
        $inc: { countsRev: 1 },
      } as never);
      return r.modifiedCount;
    },
  },
];

export async function runMigrations(log: Logger): Promise<void> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('runMigrations: the store is not connected');
  const done = db.collection<{ _id: string; at: Date; changed: number }>('migrations');
  const applied = new Set((await done.find({}, { projection: { _id: 1 } }).toArray()).map((m) => m._id));
  for (const m of MIGRATIONS) {
    if (applied.has(m.name)) continue;
    const changed = await m.up(db);
    await done.updateOne({ _id: m.name }, { $setOnInsert: { at: new Date(), changed } }, { upsert: true });
    log.info({ migration: m.name, changed }, 'migration applied');
  }
}
