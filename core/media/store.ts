import mongoose, { Types } from 'mongoose';
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
  /** Set when the upload is a person's profile photo: every colleague may see it. */
  profileOf?: Types.ObjectId | null;
}

type GridFSBucket = mongoose.mongo.GridFSBucket;
export type MediaFile = mongoose.mongo.GridFSFile & { metadata: MediaMetadata };

export function mediaBucket(): GridFSBucket {
  const db = mongoose.connection.db;
  if (!db) throw new Error('The store is not connected.');
  return new mongoose.mongo.GridFSBucket(db, { bucketName: MEDIA_BUCKET });
}

export function mediaFiles() {
  const db = mongoose.connection.db;
  if (!db) throw new Error('The store is not connected.');
  return db.collection<MediaFile>(`${MEDIA_BUCKET}.files`);
}

/**
 * Writes a whole, already validated buffer into GridFS. If the write fails part-way the partial
 * file is removed, so a failed upload never leaves chunks behind.
 */
export async function putFile(
  data: Buffer,
  filename: string,
  metadata: MediaMetadata,
  id = new Types.ObjectId(),
): Promise<Types.ObjectId> {
  const upload = mediaBucket().openUploadStreamWithId(id, filename, { metadata });
  try {
    await new Promise<void>((resolve, reject) => {
      upload.once('error', reject);
      upload.once('finish', () => resolve());
      upload.end(data);
    });
  } catch (err) {
    await upload.abort().catch(() => undefined);
    await deleteFileQuietly(id);
    throw err;
  }
  return id;
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
