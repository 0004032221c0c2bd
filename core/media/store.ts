import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import mongoose, { Types } from 'mongoose';
import pLimit from 'p-limit';
import { AppError } from '../errors.js';
import type { Readable } from 'node:stream';

/** GridFS bucket "media": media.files (with our metadata) and media.chunks. */
export const MEDIA_BUCKET = 'media';

export interface MediaMetadata {
  ownerId: Types.ObjectId;
  kind: 'image' | 'document';
  /** original: what the person uploaded (re-encoded for images); thumbnail: the small version. */
  role: 'original' | 'thumbnail';
  /** The type decided from the content. */
  contentType: string;
  /** The name the person gave the file (shown and used for downloads). */
  originalName: string;
  width?: number;
  height?: number;
  thumbnailId?: Types.ObjectId;
  /** For a thumbnail: its original. */
  originalId?: Types.ObjectId;
  /** Set when the upload is attached to a post; unattached uploads are removed by cleanup. */
  postId?: Types.ObjectId | null;
  /** When a post claimed it (the sweep leaves a claim alone while its post may still be being stored). */
  claimedAt?: Date | null;
  /** Set when the upload is a person's profile photo: every colleague may see it. */
  profileOf?: Types.ObjectId | null;
}

type GridFSBucket = mongoose.mongo.GridFSBucket;
export type MediaFile = mongoose.mongo.GridFSFile & { metadata: MediaMetadata };

const buckets = new WeakMap<object, GridFSBucket>();

/** The bucket of the current connection (one per connection: it checks its indexes once). */
export function mediaBucket(): GridFSBucket {
  const db = mongoose.connection.db;
  if (!db) throw new Error('The store is not connected.');
  let bucket = buckets.get(db);
  if (!bucket) {
    bucket = new mongoose.mongo.GridFSBucket(db, { bucketName: MEDIA_BUCKET });
    buckets.set(db, bucket);
  }
  return bucket;
}

export function mediaFiles() {
  const db = mongoose.connection.db;
  if (!db) throw new Error('The store is not connected.');
  return db.collection<MediaFile>(`${MEDIA_BUCKET}.files`);
}

const indexed = new WeakSet<object>();

/** The indexes the quota, the claims and the sweep look files up by (once per connection). */
export async function ensureMediaIndexes(): Promise<void> {
  const db = mongoose.connection.db;
  if (!db || indexed.has(db)) return;
  await mediaFiles().createIndexes([
    { key: { 'metadata.ownerId': 1 }, name: 'metadata.ownerId_1' },
    { key: { 'metadata.postId': 1 }, name: 'metadata.postId_1' },
  ]);
  indexed.add(db);
}

/** Bytes a person has stored: uploads, thumbnails and profile photo, attached or not. */
export async function bytesStoredBy(ownerId: Types.ObjectId): Promise<number> {
  await ensureMediaIndexes();
  const [row] = await mediaFiles()
    .aggregate<{ bytes: number }>([
      { $match: { 'metadata.ownerId': ownerId } },
      { $group: { _id: null, bytes: { $sum: '$length' } } },
    ])
    .toArray();
  return Number(row?.bytes ?? 0);
}

/**
 * Files written into GridFS at the same time by this process. The store takes them one chunk at a
 * time either way; with many at once the process only holds more chunk buffers in flight, and the
 * memory allocator keeps what it once held (measured in bench/uploads.ts).
 */
const WRITES_AT_ONCE = 2;
const writes = pLimit(WRITES_AT_ONCE);
/**
 * A write that takes longer than this gives up (503): with few writes at once, one stuck on an
 * unresponsive store must not hold its place, and every upload behind it, for good.
 */
const WRITE_TIMEOUT_MS = 120_000;

/**
 * Streams a file from disk into GridFS (a chunk at a time, never the whole file in memory). If the
 * write fails part-way the partial file is removed, so a failed upload never leaves chunks behind.
 */
export function putFileFrom(
  path: string,
  filename: string,
  metadata: MediaMetadata,
  id = new Types.ObjectId(),
): Promise<{ id: Types.ObjectId; length: number }> {
  return writes(async () => {
    const upload = mediaBucket().openUploadStreamWithId(id, filename, { metadata });
    try {
      await pipeline(createReadStream(path), upload, { signal: AbortSignal.timeout(WRITE_TIMEOUT_MS) });
    } catch (err) {
      // The clean-up is not awaited here, so that a store that does not answer frees the place too.
      void upload
        .abort()
        .catch(() => undefined)
        .then(() => deleteFileQuietly(id))
        .catch(() => undefined);
      if ((err as Error).name === 'AbortError')
        throw new AppError('store_unavailable', 'Writing the file into the store took too long.', 503);
      throw err;
    }
    return { id, length: upload.length };
  });
}

export async function deleteFileQuietly(id: Types.ObjectId): Promise<void> {
  try {
    await mediaBucket().delete(id);
  } catch {
    // Already gone (or never fully written): make sure no chunk is left either way.
    await mongoose.connection.db?.collection(`${MEDIA_BUCKET}.chunks`).deleteMany({ files_id: id });
  }
}

export function openFile(id: Types.ObjectId): Readable {
  return mediaBucket().openDownloadStream(id);
}
