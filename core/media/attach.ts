import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { attachmentUnavailable, badRequest } from '../errors.js';
import * as mediaPolicy from '../policies/media.js';
import { mediaFiles } from './store.js';
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
  for (const f of files) {
    const r = await mediaFiles().updateOne(
      { _id: f._id, 'metadata.postId': null },
      { $set: { 'metadata.postId': postId } },
    );
    if (r.modifiedCount !== 1) {
      // Give back what this post claimed so far: the upload may be attached elsewhere instead.
      if (claimed.length) await releaseMedia(claimed, postId);
      throw attachmentUnavailable('An attachment is already part of another post.', 409);
    }
    claimed.push(f._id);
    if (f.metadata.thumbnailId)
      await mediaFiles().updateOne({ _id: f.metadata.thumbnailId }, { $set: { 'metadata.postId': postId } });
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
    { $set: { 'metadata.postId': null } },
  );
}
