import path from 'node:path';
import { rm } from 'node:fs/promises';
import { Types } from 'mongoose';
import type { Readable } from 'node:stream';
import type { Actor } from '../actor.js';
import { notFound, payloadTooLarge, unsupportedMediaType, type AppError } from '../errors.js';
import { Post } from '../../models/post.js';
import { mayActorSeePost } from '../posts/rules.js';
import * as mediaPolicy from '../policies/media.js';
import { POST_ACCESS_PROJECTION } from '../policies/post.js';
import type { AttachmentFields } from './attach.js';
import { parseId } from '../ids.js';
import { UnreadableImageError, type ImageWorkers } from './images.js';
import { detectFileType, extensionOf, maxBytesFor, type DetectedType, type MediaKind } from './detect.js';
import {
  deleteFileQuietly,
  ensureMediaIndexes,
  mediaFiles,
  openFile,
  putFileFrom,
  type MediaFile,
  type MediaMetadata,
} from './store.js';

export const THUMBNAIL_PX = 400;

/** A stored upload: what a post keeps of it once attached, under its own id. */
export type StoredMedia = Omit<AttachmentFields, 'fileId'> & { id: Types.ObjectId };

export interface StoreOptions {
  /** Refuse anything but an image (profile photos, photos sent to the bot). */
  readonly imagesOnly?: boolean;
}

/** A file name safe to store and to put in Content-Disposition: no path, no control characters. */
export function cleanFileName(name: string, type: Pick<DetectedType, 'extension'>): string {
  const base = path
    .basename(name.replace(/\\/g, '/'))
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .trim()
    .slice(0, 200);
  const stem = base.replace(/\.[^.]*$/, '') || 'bestand';
  return `${stem}.${type.extension}`;
}

/** The name to serve a file under: its stem with the extension of the type it is stored as. */
export function servedName(name: string, contentType: string): string {
  const extension = extensionOf(contentType);
  return extension ? cleanFileName(name, { extension }) : name;
}

/**
 * Stores a received file after checking it by content: JPEG, PNG and WebP images up to 10 MB
 * (re-encoded in an image worker, turned upright by their EXIF orientation, so location data and
 * other metadata are dropped and no original is kept, with a 400 px thumbnail); PDF, Word and
 * Excel documents up to 25 MB. Anything else is a 415. Both go into GridFS as streams from disk.
 * The file stays unattached until a post claims it. Callers go through Uploads.accept
 * (uploads.ts), which bounds and cleans up around this.
 */
export async function storeUpload(
  actor: Actor,
  file: { readonly name: string; readonly path: string; readonly size: number },
  images: ImageWorkers,
  opts: StoreOptions = {},
): Promise<StoredMedia> {
  const type = await detectFileType(file.path);
  if (!type) throw unsupportedMediaType({ key: 'media.unsupported' });
  if (opts.imagesOnly && type.kind !== 'image') throw unsupportedMediaType({ key: 'media.imageOnly' });
  if (file.size > maxBytesFor(type.kind)) throw refuseTooLarge(type.kind);
  await ensureMediaIndexes();
  const name = cleanFileName(file.name, type);
  const base: Omit<MediaMetadata, 'role'> = {
    ownerId: actor.personId,
    kind: type.kind,
    contentType: type.contentType,
    originalName: name,
    postId: null,
  };
  if (type.kind === 'document') {
    const { id, length } = await putFileFrom(file.path, name, { ...base, role: 'original' });
    return { id, kind: 'document', name, contentType: type.contentType, size: length };
  }
  const outPath = `${file.path}.${type.extension}`;
  const thumbPath = `${file.path}.thumbnail.jpg`;
  try {
    let image: { width: number; height: number };
    try {
      image = await images.reencode({
        inPath: file.path,
        outPath,
        thumbPath,
        contentType: type.contentType,
        thumbnailPx: THUMBNAIL_PX,
      });
    } catch (err) {
      if (err instanceof UnreadableImageError) throw unsupportedMediaType({ key: 'media.imageUnreadable' });
      throw err;
    }
    const id = new Types.ObjectId();
    const thumbName = `${name.replace(/\.[^.]+$/, '')}-thumbnail.jpg`;
    const { id: thumbnailId } = await putFileFrom(thumbPath, thumbName, {
      ...base,
      role: 'thumbnail',
      contentType: 'image/jpeg',
      originalName: thumbName,
      originalId: id,
    });
    let size: number;
    try {
      ({ length: size } = await putFileFrom(
        outPath,
        name,
        { ...base, role: 'original', width: image.width, height: image.height, thumbnailId },
        id,
      ));
    } catch (err) {
      await deleteFileQuietly(thumbnailId);
      throw err;
    }
    return {
      id,
      kind: 'image',
      name,
      contentType: type.contentType,
      size,
      width: image.width,
      height: image.height,
      thumbnailId,
    };
  } finally {
    await Promise.all([rm(outPath, { force: true }), rm(thumbPath, { force: true })]);
  }
}

/** 413 for a file past its kind's limit (an unknown kind gets the larger, document limit). */
export function refuseTooLarge(kind: MediaKind | undefined): AppError {
  const max = maxBytesFor(kind) / (1024 * 1024);
  return payloadTooLarge(
    kind === 'image'
      ? { key: 'media.imageTooLarge', params: { max } }
      : { key: 'media.documentTooLarge', params: { max } },
  );
}

export interface MediaDownload {
  stream: Readable;
  contentType: string;
  length: number;
  name: string;
  kind: 'image' | 'document';
}

async function fileById(id: Types.ObjectId): Promise<MediaFile | null> {
  return mediaFiles().findOne({ _id: id });
}

/**
 * Whether a stored file may be served to this actor: attached files follow their post (404 for
 * anyone who may not see it, or once it is deleted); unattached uploads only to their owner.
 */
async function mayServe(actor: Actor | undefined, original: MediaFile): Promise<boolean> {
  const postId = original.metadata.postId;
  if (original.metadata.profileOf || !postId) return mediaPolicy.read(actor ?? null, original.metadata, null).ok;
  const post = await Post.findById(postId, { ...POST_ACCESS_PROJECTION, attachments: 1 }).lean();
  const attached = post && {
    listsFile: !post.deletedAt && post.attachments.some((a) => a.fileId.equals(original._id)),
    readable: !!actor && (await mayActorSeePost(actor, post)),
  };
  return mediaPolicy.read(actor ?? null, original.metadata, attached || null).ok;
}

function download(file: MediaFile): MediaDownload {
  return {
    stream: openFile(file._id),
    contentType: file.metadata.contentType,
    length: file.length,
    name: servedName(file.metadata.originalName, file.metadata.contentType),
    kind: file.metadata.kind,
  };
}

function fileId(id: string): Types.ObjectId {
  return parseId(id, () => notFound('No such file.'));
}

/** The file (or its thumbnail) for someone signed in who may see it; 404 otherwise. */
export async function openMedia(actor: Actor, id: string, variant: 'original' | 'thumbnail'): Promise<MediaDownload> {
  const original = await fileById(fileId(id));
  if (original?.metadata.role !== 'original' || !(await mayServe(actor, original))) throw notFound('No such file.');
  if (variant === 'original') return download(original);
  if (!original.metadata.thumbnailId) throw notFound('This file has no thumbnail.');
  const thumb = await fileById(original.metadata.thumbnailId);
  if (!thumb) throw notFound('No such file.');
  return download(thumb);
}

/**
 * For a signed URL (already verified): the image it names. Signed URLs are made only for people
 * who may see the image (in a post they can read, or their own upload offered back to them by the
 * bot); once the post is deleted the URL stops working. Only images are served this way — cards
 * show images; documents need a signed-in person.
 */
export async function openSignedMedia(fileId: Types.ObjectId): Promise<MediaDownload> {
  const file = await fileById(fileId);
  if (file?.metadata.kind !== 'image') throw notFound('No such file.');
  const original =
    file.metadata.role === 'thumbnail' && file.metadata.originalId ? await fileById(file.metadata.originalId) : file;
  if (!original) throw notFound('No such file.');
  if (!(await mayServe(undefined, original))) throw notFound('No such file.');
  return download(file);
}

/** Removes uploads never attached to a post (and their thumbnails) older than the cut-off. */
export async function deleteUnattachedMedia(olderThan: Date): Promise<number> {
  const stale = await mediaFiles()
    .find(
      { 'metadata.postId': null, 'metadata.profileOf': null, uploadDate: { $lt: olderThan } },
      { projection: { _id: 1 } },
    )
    .toArray();
  for (const f of stale) await deleteFileQuietly(f._id);
  return stale.length;
}
