import { writeFile } from 'node:fs/promises';
import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { Person } from '../../models/person.js';
import type { Receive, Uploads } from '../media/uploads.js';
import { deleteFileQuietly, mediaFiles } from '../media/store.js';
import { signedCardImageUrl, signedTabMediaUrl } from '../media/signed.js';
import type { PresentOptions } from './present.js';
import type { Config } from '../../config/index.js';

/**
 * A person's profile photo: received like any upload (bounded, streamed to disk, counted in the
 * person's quota), stored like any image (checked by content, re-encoded so location data is
 * gone, with a 400 px thumbnail), marked as theirs so cleanup keeps it, and shown to every
 * colleague. `Person.photoId` names the thumbnail, which is what cards show.
 */
export async function setProfilePhoto(
  actor: Actor,
  uploads: Uploads,
  receive: Receive,
  declaredBytes?: number,
): Promise<{ photoId: Types.ObjectId }> {
  const stored = await uploads.accept(actor, receive, {
    imagesOnly: true,
    ...(declaredBytes ? { declaredBytes } : {}),
  });
  if (!stored.thumbnailId) throw new Error('An image upload came back without its thumbnail.');
  await mediaFiles().updateMany(
    { _id: { $in: [stored.id, stored.thumbnailId] } },
    { $set: { 'metadata.profileOf': actor.personId } },
  );
  const before = await Person.findOneAndUpdate(
    { _id: actor.personId },
    // An uploaded photo wins over Entra's: no photoSource, so the sync leaves it alone.
    { $set: { photoId: stored.thumbnailId }, $unset: { photoSource: 1 } },
    { projection: { photoId: 1 } },
  ).lean();
  if (before?.photoId) await deletePhotoFiles(before.photoId);
  return { photoId: stored.thumbnailId };
}

export async function removeProfilePhoto(actor: Actor): Promise<void> {
  const before = await Person.findOneAndUpdate(
    { _id: actor.personId },
    // Removing is a choice too: the Entra ID sync does not put Entra's photo back.
    { $unset: { photoId: 1 }, $set: { photoSource: 'removed' } },
    { projection: { photoId: 1 } },
  ).lean();
  if (before?.photoId) await deletePhotoFiles(before.photoId);
}

/** The filter of people whose photo the Entra ID sync may set or remove: none of their own. */
export const ENTRA_MAY_SET_PHOTO: Record<string, unknown> = {
  $or: [{ photoSource: 'entra' }, { photoId: { $exists: false }, photoSource: { $exists: false } }],
};

/**
 * A photo from Entra ID, stored and resized like an uploaded one, for a person who has none of
 * their own (checked in the same write, so an upload a moment earlier wins). False when the
 * person had uploaded or removed one meanwhile; the stored files are then removed again.
 */
export async function setEntraPhoto(
  person: { _id: Types.ObjectId; email: string },
  data: Buffer,
  etag: string,
  uploads: Uploads,
): Promise<boolean> {
  const owner: Actor = { personId: person._id, email: person.email, roles: [], locale: 'nl' };
  // Through the same door as an upload: checked by content, re-encoded, thumbnail, the quota.
  const stored = await uploads.accept(
    owner,
    async (tempPath) => {
      await writeFile(tempPath, data, { mode: 0o600 });
      return { name: 'entra-photo', size: data.length };
    },
    { imagesOnly: true },
  );
  if (!stored.thumbnailId) throw new Error('An image upload came back without its thumbnail.');
  await mediaFiles().updateMany(
    { _id: { $in: [stored.id, stored.thumbnailId] } },
    { $set: { 'metadata.profileOf': person._id } },
  );
  const before = await Person.findOneAndUpdate(
    { _id: person._id, ...ENTRA_MAY_SET_PHOTO },
    { $set: { photoId: stored.thumbnailId, photoSource: 'entra', 'entra.photoEtag': etag } },
    { projection: { photoId: 1 } },
  ).lean();
  if (!before) {
    await deletePhotoFiles(stored.thumbnailId);
    return false;
  }
  if (before.photoId) await deletePhotoFiles(before.photoId);
  return true;
}

/** Entra no longer has a photo for this person: theirs from Entra goes too (never one they uploaded). */
export async function removeEntraPhoto(personId: Types.ObjectId): Promise<boolean> {
  const before = await Person.findOneAndUpdate(
    { _id: personId, photoSource: 'entra' },
    { $unset: { photoId: 1, photoSource: 1 }, $set: { 'entra.photoEtag': '' } },
    { projection: { photoId: 1 } },
  ).lean();
  if (before?.photoId) await deletePhotoFiles(before.photoId);
  return Boolean(before);
}

/** The thumbnail and its original. */
async function deletePhotoFiles(thumbnailId: Types.ObjectId): Promise<void> {
  const thumb = await mediaFiles().findOne({ _id: thumbnailId });
  if (thumb?.metadata.originalId) await deleteFileQuietly(thumb.metadata.originalId);
  await deleteFileQuietly(thumbnailId);
}

/**
 * Presenter option that shows profile photos through signed URLs: Teams fetches card images
 * without the user's token, so cards get URLs that last the card image lifetime
 * (CARD_IMAGE_URL_DAYS); the tab, which asks again on every visit, gets minutes.
 */
export function signedPhotoUrls(
  config: Pick<Config, 'publicUrl' | 'mediaUrlSecret' | 'media'>,
  shownIn: 'card' | 'tab' = 'card',
): PresentOptions {
  return {
    photoUrl: ({ photoId }) =>
      shownIn === 'card' ? signedCardImageUrl(config, photoId) : signedTabMediaUrl(config, photoId),
  };
}
