import type { Types } from 'mongoose';
import { isSelf, type Actor } from '../actor.js';
import { allow, hidden, type Decision } from './decision.js';

/** Who may fetch or attach a stored file (an upload, a photo in a post, a profile photo). */

export interface MediaAccessFields {
  ownerId: Types.ObjectId;
  /** The post it is attached to; none while unattached. */
  postId?: Types.ObjectId | null;
  /** Set on a person's profile photo. */
  profileOf?: Types.ObjectId | null;
}

/** The post a file is attached to, as found: whether it still lists the file, and whether the asker may read it. */
export interface AttachedPost {
  listsFile: boolean;
  readable: boolean;
}

/**
 * Fetching a file. Profile photos: every colleague. An unattached upload: its owner only. An
 * attached file follows its post: gone with it, hidden from whoever may not read it. `reader` is
 * null for a signed link: it was made for someone who could read the file (the owner of an
 * upload, a reader of the post), and works while the post lives.
 */
export function read(reader: Actor | null, file: MediaAccessFields, post: AttachedPost | null): Decision {
  if (file.profileOf) return allow;
  if (!file.postId) return reader === null || isSelf(reader, file.ownerId) ? allow : hidden;
  if (!post?.listsFile) return hidden;
  return reader === null || post.readable ? allow : hidden;
}

/**
 * Attaching an upload to a post: its owner's own uploads, not a profile photo. (Once: the claim
 * itself is conditional, core/media/attach.ts, so an upload that another post has is a conflict.)
 */
export function attach(actor: Actor, file: MediaAccessFields): Decision {
  return isSelf(actor, file.ownerId) && !file.profileOf ? allow : hidden;
}
