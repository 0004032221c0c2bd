import os from 'node:os';
import { createHmac, randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import type { Logger } from 'pino';
import type { Config } from '../../config/index.js';

/**
 * Signed media URLs only work on instances that share the key. Without MEDIA_URL_SECRET each
 * process makes up its own, which is fine for one development server and wrong for two: a card
 * image signed by one would fail on the other. So every instance says in the store that it runs
 * (and a fingerprint of its key, which reveals nothing of the key), and one without a configured
 * key refuses to start next to another.
 */

const COLLECTION = 'instances';
const HEARTBEAT_MS = 30_000;
/** An instance not heard from for this long is gone (killed without saying goodbye). */
const ALIVE_MS = 3 * HEARTBEAT_MS;

export interface InstanceDoc {
  _id: string;
  host: string;
  pid: number;
  /** package.json's version (shown by scripts that refuse to run beside a server). */
  version?: string;
  keyId: string;
  keyConfigured: boolean;
  startedAt: Date;
  seenAt: Date;
}

export class MediaUrlKeyError extends Error {
  override name = 'MediaUrlKeyError';
}

/** A fingerprint of the key: equal for equal keys, useless for finding the key. */
export function mediaKeyId(secret: string): string {
  return createHmac('sha256', secret).update('ids-media-key-id').digest('base64url').slice(0, 16);
}

export interface InstanceRegistration {
  readonly id: string;
  stop(): Promise<void>;
}

type Db = mongoose.mongo.Db;

function instances(db: Db | undefined = mongoose.connection.db) {
  if (!db) throw new Error('The store is not connected.');
  return db.collection<InstanceDoc>(COLLECTION);
}

/** Whether a process on this machine still runs (a killed one left its entry behind). */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function liveOthers(selfId: string, now = Date.now(), db?: Db): Promise<InstanceDoc[]> {
  const host = os.hostname();
  const seen = await instances(db)
    .find({ _id: { $ne: selfId }, seenAt: { $gt: new Date(now - ALIVE_MS) } })
    .toArray();
  return seen.filter((i) => i.host !== host || i.pid === process.pid || pidAlive(i.pid));
}

/**
 * The Ids servers running on this store (for /metrics, and for scripts such as `npm run seed`
 * and `npm run restore` that must not run beside one); `db` when not through mongoose.
 */
export function liveInstances(db?: Db): Promise<InstanceDoc[]> {
  return liveOthers('', Date.now(), db);
}

const describe = (i: InstanceDoc) => `process ${i.pid} on ${i.host}`;

/**
 * Registers this instance in the store for as long as it runs. Throws MediaUrlKeyError when this
 * process has no configured MEDIA_URL_SECRET and another instance already uses the store; logs
 * an error when instances turn out to sign with different keys.
 */
export async function registerInstance(
  config: Pick<Config, 'mediaUrlSecret' | 'media'>,
  log: Logger,
  opts: { heartbeatMs?: number; version?: string } = {},
): Promise<InstanceRegistration> {
  const id = `${os.hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;
  const keyId = mediaKeyId(config.mediaUrlSecret);
  const configured = config.media.urlSecretConfigured;
  const others = await liveOthers(id);
  if (!configured) {
    if (others.length)
      throw new MediaUrlKeyError(
        `MEDIA_URL_SECRET is required when more than one instance runs: ${describe(others[0]!)} already uses this store. Set the same MEDIA_URL_SECRET (at least 32 characters) on every instance.`,
      );
    log.warn(
      'MEDIA_URL_SECRET is not set: signed image links use a key made up by this process, so they stop working when it restarts; set it before running a second instance',
    );
  }
  const mismatched = new Set<string>();
  const checkKeys = (seen: InstanceDoc[]) => {
    for (const other of seen) {
      if (other.keyId === keyId || mismatched.has(other._id)) continue;
      mismatched.add(other._id);
      log.error(
        { other: describe(other) },
        'another instance signs media links with a different MEDIA_URL_SECRET: images signed by one fail on the other; give every instance the same key',
      );
    }
  };
  checkKeys(others);

  await instances()
    .createIndex({ seenAt: 1 }, { name: 'seenAt_ttl', expireAfterSeconds: 24 * 3600 })
    .catch(() => undefined);
  const now = new Date();
  await instances().insertOne({
    _id: id,
    host: os.hostname(),
    pid: process.pid,
    ...(opts.version ? { version: opts.version } : {}),
    keyId,
    keyConfigured: configured,
    startedAt: now,
    seenAt: now,
  });
  const beat = setInterval(() => {
    instances()
      .updateOne({ _id: id }, { $set: { seenAt: new Date() } })
      .then(() => liveOthers(id))
      .then(checkKeys)
      .catch((err: unknown) => log.debug({ err: (err as Error).message }, 'instance heartbeat failed; retrying'));
  }, opts.heartbeatMs ?? HEARTBEAT_MS);
  beat.unref();
  return {
    id,
    async stop() {
      clearInterval(beat);
      await instances()
        .deleteOne({ _id: id })
        .catch(() => undefined);
    },
  };
}
