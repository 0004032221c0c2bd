import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { unsupportedMediaType } from '../errors.js';
import { Person } from '../../models/person.js';
import { storeUpload } from '../media/media.js';
import { detectType } from '../media/detect.js';
import { deleteFileQuietly, mediaFiles } from '../media/store.js';
import { signedMediaUrl } from '../media/signed.js';
import type { PresentOptions } from './present.js';
import type { Config } from '../../config/index.js';

/**
 * A person's profile photo: stored like any uploaded image (checked by content, re-encoded so
 * location data is gone, with a 400 px thumbnail), marked as theirs so cleanup keeps it, and
 * shown to every colleague. `Person.photoId` names the thumbnail, which is what cards show.
 */
export async function setProfilePhoto(
  actor: Actor,
  upload: { name: string; data: Buffer },
): Promise<{ photoId: Types.ObjectId }> {
  if (detectType(upload.data)?.kind !== 'image')
    throw unsupportedMediaType('A profile photo must be a JPEG, PNG or WebP image.');
  const stored = await storeUpload(actor, upload);
  if (!stored.thumbnailId) throw new Error('An image upload came back without its thumbnail.');
  await mediaFiles().updateMany(
    { _id: { $in: [stored.id, stored.thumbnailId] } },
    { $set: { 'metadata.profileOf': actor.personId } },
  );
  const before = await Person.findOneAndUpdate(
    { _id: actor.personId },
    { $set: { photoId: stored.thumbnailId } },
    { projection: { photoId: 1 } },
  ).lean();
  if (before?.photoId) await deletePhotoFiles(before.photoId);
  return { photoId: stored.thumbnailId };
}

export async function removeProfilePhoto(actor: Actor): Promise<void> {
  const before = await Person.findOneAndUpdate(
    { _id: actor.personId },
    { $unset: { photoId: 1 } },
    { projection: { photoId: 1 } },
  ).lean();
  if (before?.photoId) await deletePhotoFiles(before.photoId);
}

/** The thumbnail and its original. */
async function deletePhotoFiles(thumbnailId: Types.ObjectId): Promise<void> {
  const thumb = await mediaFiles().findOne({ _id: thumbnailId });
  if (thumb?.metadata.originalId) await deleteFileQuietly(thumb.metadata.originalId);
  await deleteFileQuietly(thumbnailId);
}

/**
 * Presenter option that shows profile photos through short-lived signed URLs: Teams fetches
 * card images without the user's token, and the tab uses the same URLs.
 */
export function signedPhotoUrls(config: Pick<Config, 'publicUrl' | 'mediaUrlSecret'>): PresentOptions {
  return { photoUrl: ({ photoId }) => signedMediaUrl(config.publicUrl, photoId, config.mediaUrlSecret) };
}
