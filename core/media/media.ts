import path from 'node:path';
import sharp from 'sharp';
import { Types } from 'mongoose';
import type { Readable } from 'node:stream';
import type { Actor } from '../actor.js';
import { notFound, payloadTooLarge, unsupportedMediaType } from '../errors.js';
import { Post } from '../../models/post.js';
import { mayActorSeePost } from '../posts/rules.js';
import * as mediaPolicy from '../policies/media.js';
import { parseId } from '../ids.js';
import { detectType, maxBytesFor, type DetectedType } from './detect.js';
import { deleteFileQuietly, mediaFiles, openFile, putFile, type MediaFile, type MediaMetadata } from './store.js';

export const THUMBNAIL_PX = 400;
/** Refuse decompression bombs: about 50 megapixels is far beyond any phone photo. */
const MAX_INPUT_PIXELS = 50_000_000;

export interface StoredMedia {
  id: Types.ObjectId;
  kind: 'image' | 'document';
  name: string;
  contentType: string;
  size: number;
  width?: number;
  height?: number;
  thumbnailId?: Types.ObjectId;
}

/** A file name safe to store and to put in Content-Disposition: no path, no control characters. */
export function cleanFileName(name: string, type: DetectedType): string {
  const base = path
    .basename(name.replace(/\\/g, '/'))
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .trim()
    .slice(0, 200);
  const stem = base.replace(/\.[^.]*$/, '') || 'bestand';
  return `${stem}.${type.extension}`;
}

async function reencodeImage(
  data: Buffer,
  contentType: string,
): Promise<{ data: Buffer; width: number; height: number; thumb: Buffer }> {
  try {
    // rotate() applies the EXIF orientation before sharp drops all metadata (GPS included) on re-encoding.
    const base = sharp(data, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS }).rotate();
    const encoded =
      contentType === 'image/png'
        ? base.png()
        : contentType === 'image/webp'
          ? base.webp({ quality: 85 })
          : base.jpeg({ quality: 85, mozjpeg: true });
    const { data: out, info } = await encoded.toBuffer({ resolveWithObject: true });
    const thumb = await sharp(out)
      .resize({ width: THUMBNAIL_PX, height: THUMBNAIL_PX, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80 })
      .toBuffer();
    return { data: out, width: info.width, height: info.height, thumb };
  } catch {
    throw unsupportedMediaType('The image could not be read; send a JPEG, PNG or WebP photo.');
  }
}

/**
 * Stores an upload after checking it by content: JPEG, PNG and WebP images up to 10 MB (re-encoded,
 * so location data and other metadata are dropped, with a 400 px thumbnail); PDF, Word and Excel
 * documents up to 25 MB. Anything else is a 415. The file stays unattached until a post claims it.
 */
export async function storeUpload(actor: Actor, upload: { name: string; data: Buffer }): Promise<StoredMedia> {
  const type = detectType(upload.data);
  if (!type)
    throw unsupportedMediaType(
      'This kind of file cannot be shared: send a JPEG, PNG or WebP image, or a PDF, Word or Excel file.',
    );
  if (upload.data.length > maxBytesFor(type.kind)) {
    throw payloadTooLarge(type.kind === 'image' ? 'Images may be at most 10 MB.' : 'Documents may be at most 25 MB.');
  }
  const name = cleanFileName(upload.name, type);
  const base: Omit<MediaMetadata, 'role'> = {
    ownerId: actor.personId,
    kind: type.kind,
    contentType: type.contentType,
    originalName: name,
    postId: null,
  };
  if (type.kind === 'document') {
    const id = await putFile(upload.data, name, { ...base, role: 'original' });
    return { id, kind: 'document', name, contentType: type.contentType, size: upload.data.length };
  }
  const image = await reencodeImage(upload.data, type.contentType);
  const id = new Types.ObjectId();
  const thumbnailId = await putFile(image.thumb, `thumb-${name.replace(/\.[^.]+$/, '')}.jpg`, {
    ...base,
    role: 'thumbnail',
    contentType: 'image/jpeg',
    originalId: id,
  });
  try {
    await putFile(
      image.data,
      name,
      { ...base, role: 'original', width: image.width, height: image.height, thumbnailId },
      id,
    );
  } catch (err) {
    await deleteFileQuietly(thumbnailId);
    throw err;
  }
  return {
    id,
    kind: 'image',
    name,
    contentType: type.contentType,
    size: image.data.length,
    width: image.width,
    height: image.height,
    thumbnailId,
  };
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
  const post = await Post.findById(postId, {
    kind: 1,
    authorId: 1,
    groupId: 1,
    audienceKeys: 1,
    status: 1,
    deletedAt: 1,
    attachments: 1,
  }).lean();
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
    name: file.metadata.originalName,
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
