import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { attachmentUnavailable, badRequest } from '../errors.js';
import * as mediaPolicy from '../policies/media.js';
import { Post } from '../../models/post.js';
import { deleteFileQuietly, ensureMediaIndexes, mediaFiles } from './store.js';
import { parseId } from '../ids.js';

/** The attachment as a post stores it (models/post.ts attachmentSchema). */
export interface AttachmentFields {
  fileId: Types.ObjectId;
  thumbnailId?: Types.ObjectId;
  kind: 'image' | 'document';
  name: string;
  contentType: string;
  size: number;
  width?: number;
  height?: number;
}

export const MAX_ATTACHMENTS = 10;

/**
 * Attaches the actor's own unattached uploads to a new post. Each file is claimed with a
 * conditional update, so one upload can never end up on two posts.
 */
export async function claimMediaForPost(
  actor: Actor,
  ids: string[],
  postId: Types.ObjectId,
): Promise<AttachmentFields[]> {
  const unique = [...new Set(ids)];
  if (unique.length > MAX_ATTACHMENTS) throw badRequest(`At most ${MAX_ATTACHMENTS} attachments.`);
  const oids = unique.map((id) => parseId(id, () => badRequest('An attachment id is not valid.')));
  // The query narrows to the actor's uploads; the media policy decides.
  const files = (
    await mediaFiles()
      .find({ _id: { $in: oids }, 'metadata.ownerId': actor.personId, 'metadata.role': 'original' })
      .toArray()
  ).filter((f) => mediaPolicy.attach(actor, f.metadata).ok);
  if (files.length !== oids.length) throw attachmentUnavailable('An attachment was not found among your uploads.', 400);
  const claimed: Types.ObjectId[] = [];
  const claimedAt = new Date();
  for (const f of files) {
    const r = await mediaFiles().updateOne(
      { _id: f._id, 'metadata.postId': null },
      { $set: { 'metadata.postId': postId, 'metadata.claimedAt': claimedAt } },
    );
    if (r.modifiedCount !== 1) {
      // Give back what this post claimed so far: the upload may be attached elsewhere instead.
      if (claimed.length) await releaseMedia(claimed, postId);
      throw attachmentUnavailable('An attachment is already part of another post.', 409);
    }
    claimed.push(f._id);
    if (f.metadata.thumbnailId)
      await mediaFiles().updateOne(
        { _id: f.metadata.thumbnailId },
        { $set: { 'metadata.postId': postId, 'metadata.claimedAt': claimedAt } },
      );
  }
  const byId = new Map(files.map((f) => [f._id.toString(), f]));
  return oids.map((id) => {
    const f = byId.get(id.toString())!;
    return {
      fileId: f._id,
      thumbnailId: f.metadata.thumbnailId,
      kind: f.metadata.kind,
      name: f.metadata.originalName,
      contentType: f.metadata.contentType,
      size: f.length,
      width: f.metadata.width,
      height: f.metadata.height,
    };
  });
}

/** Undoes a claim (the post was not stored after all): the uploads are unattached again. */
export async function releaseMedia(fileIds: Types.ObjectId[], postId: Types.ObjectId): Promise<void> {
  await mediaFiles().updateMany(
    { 'metadata.postId': postId, $or: [{ _id: { $in: fileIds } }, { 'metadata.originalId': { $in: fileIds } }] },
    { $set: { 'metadata.postId': null, 'metadata.claimedAt': null } },
  );
}

/** Removes a post's files and thumbnails from GridFS (the post is deleted). Returns how many. */
export async function deletePostMedia(postId: Types.ObjectId): Promise<number> {
  await ensureMediaIndexes();
  const files = await mediaFiles()
    .find({ 'metadata.postId': postId }, { projection: { _id: 1 } })
    .toArray();
  for (const f of files) await deleteFileQuietly(f._id);
  return files.length;
}

/**
 * How long a claim may wait for its post: createPost claims the uploads, then stores the post (and
 * gives the uploads back if that fails). A claim older than this without a post was left by a
 * crash in between.
 */
const CLAIM_GRACE_MS = 10 * 60_000;

/**
 * The sweep's half of post deletion: removes the files of posts that are deleted or were never
 * stored, which deletePost missed (it failed part-way, or the process stopped). Returns how many.
 */
export async function deleteOrphanedPostMedia(now = Date.now()): Promise<number> {
  await ensureMediaIndexes();
  const postIds = (await mediaFiles().distinct('metadata.postId', {
    'metadata.postId': { $ne: null },
  })) as Types.ObjectId[];
  if (!postIds.length) return 0;
  const live = await Post.find({ _id: { $in: postIds }, deletedAt: null }, { _id: 1 }).lean();
  const keep = new Set(live.map((p) => p._id.toString()));
  const gone = postIds.filter((id) => !keep.has(id.toString()));
  if (!gone.length) return 0;
  const deleted = await Post.find({ _id: { $in: gone } }, { _id: 1 }).lean();
  const deletedIds = deleted.map((p) => p._id);
  const files = await mediaFiles()
    .find(
      {
        'metadata.postId': { $in: gone },
        $or: [
          // A deleted post's files go at once; a claim without any post only after the grace period.
          { 'metadata.postId': { $in: deletedIds } },
          { 'metadata.claimedAt': { $lt: new Date(now - CLAIM_GRACE_MS) } },
          { 'metadata.claimedAt': null, uploadDate: { $lt: new Date(now - CLAIM_GRACE_MS) } },
        ],
      },
      { projection: { _id: 1 } },
    )
    .toArray();
  for (const f of files) await deleteFileQuietly(f._id);
  return files.length;
}
