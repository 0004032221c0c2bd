import { Types } from 'mongoose';
import { ActivityWeek } from '../../models/analytics.js';
import { AuditEvent } from '../../models/audit.js';
import { ConversationRef, Delivery, PostReceipt } from '../../models/delivery.js';
import { EngagementEvent, Nudge } from '../../models/engagement.js';
import { Group } from '../../models/group.js';
import { Person } from '../../models/person.js';
import { Comment, Like, Post } from '../../models/post.js';
import type { Actor } from '../actor.js';
import { AppError, notFound } from '../errors.js';
import { t, type Locale } from '../i18n.js';
import { enforce } from '../policies/decision.js';
import { erasePerson as erasePolicy } from '../policies/analytics.js';
import { deleteFileQuietly, mediaFiles } from '../media/store.js';
import { deletePostMedia } from '../media/attach.js';
import { followPostChange } from '../delivery/outbox.js';
import type { DirectoryIndex } from '../directory/index.js';

/**
 * Erasing a person who has left (AVG art. 17): `npm run erase:person -- <email>` on the server,
 * or an admin in the API. Removes their profile, photo and uploads, likes, receipts and
 * acknowledgements, engagement events, deliveries, conversation references, group memberships
 * and nudges. Their posts and comments stay under a neutral name ("voormalig medewerker" /
 * "former colleague") unless `removeContent` asks for those to go too. What is left of the person
 * is a record with no personal data at all (no name, email, department or Entra id) that kept
 * posts point to; the directory drops them at once (this process) or within its next refresh,
 * about a second (every other instance). The audit log records who erased whom (the record's
 * id) when, and what was removed, as counts: never the erased data.
 */

export interface ErasureRequest {
  /** The person: their email (the command) or id (the API). */
  email?: string;
  personId?: string;
  /** Remove their posts and comments too, instead of keeping them under the neutral name. */
  removeContent?: boolean;
  /** Who asks: an admin in the API (checked against core/policies), or an operator on the server. */
  by: { actor: Actor; via: 'api' } | { via: 'cli' };
  /** The API's confirmation: the person's email, typed again. */
  confirmEmail?: string;
  /** The neutral name is stored in the organisation's language (cards read it as it is). */
  defaultLocale: Locale;
  /** This process's directory: forgets them before the call returns. */
  directory?: DirectoryIndex;
  now?: Date;
}

export interface ErasureResult {
  personId: string;
  alreadyErased: boolean;
  removed: {
    likes: number;
    receipts: number;
    events: number;
    /** Weeks whose record of who was active named them (models/analytics.ts). */
    activityWeeks: number;
    deliveries: number;
    conversations: number;
    groups: number;
    files: number;
    nudges: number;
    posts: number;
    comments: number;
  };
  kept: { posts: number; comments: number };
}

const PERSONAL_FIELDS = [
  'givenName',
  'surname',
  'jobTitle',
  'departmentId',
  'department',
  'officeLocation',
  'businessPhone',
  'mobilePhone',
  'bio',
  'photoId',
  'managerId',
  'aadObjectId',
  'teamsUserId',
  'locale',
] as const;

export async function erasePerson(req: ErasureRequest): Promise<ErasureResult> {
  if (req.personId !== undefined && !Types.ObjectId.isValid(req.personId))
    throw notFound({ key: 'error.person.notFound' });
  const filter = req.personId
    ? { _id: new Types.ObjectId(req.personId) }
    : { email: (req.email ?? '').trim().toLowerCase() };
  if (req.by.via === 'api') enforce(erasePolicy(req.by.actor, req.personId ?? ''), () => notFound('No such person.'));
  const person = await Person.findOne(filter, { email: 1, erasedAt: 1 }).lean();
  if (!person) throw notFound({ key: 'error.person.notFound' });
  const id = person._id;
  const empty: ErasureResult = {
    personId: id.toString(),
    alreadyErased: true,
    removed: {
      likes: 0,
      receipts: 0,
      events: 0,
      activityWeeks: 0,
      deliveries: 0,
      conversations: 0,
      groups: 0,
      files: 0,
      nudges: 0,
      posts: 0,
      comments: 0,
    },
    kept: { posts: 0, comments: 0 },
  };
  if (person.erasedAt) return empty;
  if (req.by.via === 'api' && (req.confirmEmail ?? '').trim().toLowerCase() !== person.email)
    throw new AppError('validation_failed', { key: 'error.erase.confirm' }, 400);
  const now = req.now ?? new Date();

  // Recorded before it happens (an erasure is never left unaccounted for), completed with counts after.
  const audit = await AuditEvent.create({
    action: 'person.erased',
    ...(req.by.via === 'api' ? { actorId: req.by.actor.personId } : {}),
    via: req.by.via,
    personId: id,
    at: now,
    details: { removeContent: !!req.removeContent, completed: false },
  });

  // First out of sight: no sign-in (no Entra id), no directory entry (inactive), no name.
  await Person.updateOne(
    { _id: id },
    {
      $set: {
        displayName: t(req.defaultLocale, 'privacy.formerColleague'),
        email: `erased-${id.toString()}@erased.invalid`,
        active: false,
        erasedAt: now,
        skills: [],
        roles: [],
        nudgesOptOut: true,
      },
      $unset: Object.fromEntries(PERSONAL_FIELDS.map((f) => [f, 1])),
    },
  );
  req.directory?.removePerson(id.toString());

  const removed = { ...empty.removed };
  // Their profile photo and uploads not part of a post (posts' files go with the posts, below).
  const files = await mediaFiles()
    .find({ 'metadata.ownerId': id, $or: [{ 'metadata.postId': null }, { 'metadata.postId': { $exists: false } }] })
    .project({ _id: 1 })
    .toArray();
  for (const f of files) await deleteFileQuietly(f._id);
  removed.files = files.length;

  const likes = await Like.find({ personId: id }, { postId: 1 }).lean();
  if (likes.length) {
    await Post.updateMany({ _id: { $in: likes.map((l) => l.postId) } }, { $inc: { likeCount: -1 } });
    removed.likes = (await Like.deleteMany({ personId: id })).deletedCount;
  }
  removed.receipts = (await PostReceipt.deleteMany({ personId: id })).deletedCount;
  removed.events = (await EngagementEvent.deleteMany({ personId: id })).deletedCount;
  removed.activityWeeks = (
    await ActivityWeek.updateMany(
      { $or: [{ active: id }, { contributed: id }] },
      { $pull: { active: id, contributed: id } },
    )
  ).modifiedCount;
  removed.deliveries = (await Delivery.deleteMany({ personId: id })).deletedCount;
  removed.conversations = (await ConversationRef.deleteMany({ personId: id })).deletedCount;
  removed.nudges = (await Nudge.deleteMany({ personId: id })).deletedCount;
  removed.groups = (
    await Group.updateMany(
      { $or: [{ members: id }, { admins: id }, { followers: id }] },
      { $pull: { members: id, admins: id, followers: id } },
    )
  ).modifiedCount;
  await Group.updateMany({ createdBy: id }, { $unset: { createdBy: 1 } });
  await Person.updateMany({ managerId: id }, { $unset: { managerId: 1 } });
  await Post.updateMany({ 'answer.markedBy': id }, { $unset: { 'answer.markedBy': 1 } });

  const kept = { posts: 0, comments: 0 };
  if (req.removeContent) {
    const comments = await Comment.find({ authorId: id, deletedAt: null }, { postId: 1 }).lean();
    const perPost = new Map<string, number>();
    for (const c of comments) perPost.set(c.postId.toString(), (perPost.get(c.postId.toString()) ?? 0) + 1);
    for (const [postId, n] of perPost) await Post.updateOne({ _id: postId }, { $inc: { commentCount: -n } });
    removed.comments = (await Comment.deleteMany({ authorId: id })).deletedCount;
    const posts = await Post.find({ authorId: id }, { _id: 1, deletedAt: 1 }).lean();
    for (const p of posts) {
      await Post.updateOne(
        { _id: p._id },
        {
          $set: { deletedAt: p.deletedAt ?? now, body: '', pinned: false, attachments: [] },
          $unset: { title: 1, summary: 1 },
          $inc: { revision: 1 },
        },
      );
      if (!p.deletedAt) await followPostChange(p._id, 'withdrawn');
      await deletePostMedia(p._id).catch(() => undefined);
    }
    removed.posts = posts.length;
  } else {
    kept.posts = await Post.countDocuments({ authorId: id, deletedAt: null });
    kept.comments = await Comment.countDocuments({ authorId: id, deletedAt: null });
  }
  await AuditEvent.updateOne(
    { _id: audit._id },
    { $set: { details: { removeContent: !!req.removeContent, completed: true, removed, kept } } },
  );
  return { personId: id.toString(), alreadyErased: false, removed, kept };
}
