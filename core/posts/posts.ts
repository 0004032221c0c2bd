import { Types } from 'mongoose';
import { Post, type PostKind } from '../../models/post.js';
import { Group } from '../../models/group.js';
import { Department } from '../../models/department.js';
import { ROLES } from '../../models/person.js';
import { hasRole, type Actor } from '../actor.js';
import { badRequest, forbidden, notFound } from '../errors.js';
import { audienceKeys, isEmptyAudience, type AudienceSpec } from './audience.js';
import { loadViewer, type Viewer } from './viewer.js';
import { canDeletePost, canEditPost, canPin, canSeePost, isNewsKind } from './rules.js';
import { claimMediaForPost, releaseMedia, type AttachmentFields } from '../media/attach.js';
import { joinOpenGroupImplicitly } from '../groups/membership.js';
import { parseId } from '../ids.js';

export interface AudienceInput {
  organisation?: boolean;
  departmentIds?: string[];
  locations?: string[];
  roles?: string[];
  groupIds?: string[];
}

export interface NewPost {
  kind: PostKind;
  groupId?: string;
  title?: string;
  summary?: string;
  body: string;
  audience?: AudienceInput;
  important?: boolean;
  requiresAck?: boolean;
  pinned?: boolean;
  /** Media ids from POST /api/media, owned by the author and not yet attached. */
  attachmentIds?: string[];
}

export interface PostPatch {
  title?: string;
  summary?: string;
  body?: string;
  audience?: AudienceInput;
  important?: boolean;
  requiresAck?: boolean;
  pinned?: boolean;
}

/** A post as stored (lean). */
export type PostRecord = NonNullable<Awaited<ReturnType<typeof findPostRecord>>>;

export function findPostRecord(id: Types.ObjectId) {
  return Post.findById(id).lean();
}

export function toObjectId(id: string, what = 'Not found.'): Types.ObjectId {
  return parseId(id, () => notFound(what));
}

/** The post, if the viewer may see it; otherwise 404 (never reveal that a closed group's post exists). */
export async function visiblePost(viewer: Viewer, postId: string): Promise<PostRecord> {
  const post = await findPostRecord(toObjectId(postId, 'No such post.'));
  if (!post || !canSeePost(viewer, post)) throw notFound('No such post.');
  return post;
}

async function resolveAudience(actor: Actor, kind: PostKind, input: AudienceInput | undefined): Promise<AudienceSpec> {
  const spec: AudienceSpec = {
    organisation: input?.organisation ?? false,
    departmentIds: [...new Set(input?.departmentIds ?? [])].map((d) => toObjectIdOr400(d, 'audience.departmentIds')),
    locations: [...new Set((input?.locations ?? []).map((l) => l.trim()).filter(Boolean))],
    roles: [...new Set(input?.roles ?? [])],
    groupIds: [...new Set(input?.groupIds ?? [])].map((g) => toObjectIdOr400(g, 'audience.groupIds')),
  };
  for (const r of spec.roles) if (!(ROLES as readonly string[]).includes(r)) throw badRequest(`Unknown role "${r}".`);
  if (kind === 'department') {
    if (spec.organisation || spec.locations.length || spec.roles.length || spec.groupIds.length) {
      throw badRequest('Department news is addressed to departments only.');
    }
    const own = actor.departmentId;
    if (!spec.departmentIds.length && own) spec.departmentIds = [own];
    if (!spec.departmentIds.length) throw badRequest('Name the department this news is for.');
    if (!hasRole(actor, 'communicator')) {
      // Managers publish for their own department only.
      if (!hasRole(actor, 'manager') || !own || spec.departmentIds.some((d) => !d.equals(own))) {
        throw forbidden('Managers publish department news for their own department only.');
      }
    }
  } else {
    if (!hasRole(actor, 'communicator')) throw forbidden('Only the communication team publishes organisation news.');
    if (isEmptyAudience(spec)) spec.organisation = true;
  }
  if (spec.departmentIds.length) {
    const found = await Department.countDocuments({ _id: { $in: spec.departmentIds } });
    if (found !== spec.departmentIds.length) throw badRequest('An audience department does not exist.');
  }
  if (spec.groupIds.length) {
    const found = await Group.countDocuments({ _id: { $in: spec.groupIds } });
    if (found !== spec.groupIds.length) throw badRequest('An audience group does not exist.');
  }
  return spec;
}

function toObjectIdOr400(id: string, path: string): Types.ObjectId {
  return parseId(id, () => badRequest(`${path}: "${id}" is not an id.`));
}

/**
 * Publishes a post.
 * - news: communicators (and admins), for any audience (organisation when none is given).
 * - department: communicators for any departments; managers for their own department only.
 * - group: members of the group; in an open group posting joins you (anyone may join it).
 * - question: in a Q&A group (kind 'qa'), same membership rule.
 * Title is required for news; important/requiresAck/pinned belong to news only.
 */
export async function createPost(actor: Actor, input: NewPost): Promise<PostRecord> {
  const news = isNewsKind(input.kind);
  const body = input.body.trim();
  const title = input.title?.trim() || undefined;
  if (!body && !input.attachmentIds?.length) throw badRequest('Write something or attach a file.');
  let groupId: Types.ObjectId | undefined;
  let spec: AudienceSpec;
  if (news) {
    if (!title) throw badRequest('News needs a title.');
    if (input.groupId) throw badRequest('News is addressed with an audience, not posted in a group.');
    spec = await resolveAudience(actor, input.kind, input.audience);
    if (input.pinned && !canPin(actor, input)) throw forbidden('Only the communication team pins news.');
  } else {
    if (!input.groupId) throw badRequest('Name the group to post in.');
    if (input.audience) throw badRequest('A group post is for its group; leave the audience out.');
    if (input.important || input.requiresAck || input.pinned)
      throw badRequest('Only news can be important, need acknowledgement or be pinned.');
    groupId = toObjectId(input.groupId, 'No such group.');
    const group = await Group.findById(groupId, { visibility: 1, kind: 1, members: 1 }).lean();
    const member = !!group?.members.some((m) => m.equals(actor.personId));
    if (!group || (group.visibility === 'closed' && !member)) throw notFound('No such group.');
    if (input.kind === 'question' && group.kind !== 'qa') throw badRequest('Questions go to a Q&A group.');
    if (input.kind === 'group' && group.kind === 'qa') throw badRequest('Post a question in a Q&A group.');
    if (!member) await joinOpenGroupImplicitly(groupId, actor.personId);
    spec = { organisation: false, departmentIds: [], locations: [], roles: [], groupIds: [groupId] };
  }
  const _id = new Types.ObjectId();
  const attachments: AttachmentFields[] = input.attachmentIds?.length
    ? await claimMediaForPost(actor, input.attachmentIds, _id)
    : [];
  try {
    const created = await Post.create({
      _id,
      kind: input.kind,
      authorId: actor.personId,
      groupId,
      title,
      summary: news ? input.summary?.trim() || undefined : undefined,
      body,
      audience: spec,
      audienceKeys: audienceKeys(spec),
      important: news ? !!(input.important || input.requiresAck) : false,
      requiresAck: news ? !!input.requiresAck : false,
      pinned: news ? !!input.pinned : false,
      attachments,
      publishedAt: new Date(),
    });
    return created.toObject() as PostRecord;
  } catch (err) {
    // Give the uploads back: they were claimed for a post that was never stored.
    if (attachments.length)
      await releaseMedia(
        attachments.map((a) => a.fileId),
        _id,
      );
    throw err;
  }
}

export async function getPost(actor: Actor, postId: string): Promise<{ post: PostRecord; viewer: Viewer }> {
  const viewer = await loadViewer(actor);
  return { post: await visiblePost(viewer, postId), viewer };
}

/**
 * Changes a post. Authors (and admins) change the words, which marks it edited; a change of
 * audience is checked as at publication; pinning is news moderation (communicators) and does not
 * mark the post edited.
 */
export async function editPost(
  actor: Actor,
  postId: string,
  patch: PostPatch,
): Promise<{ post: PostRecord; viewer: Viewer }> {
  const viewer = await loadViewer(actor);
  const post = await visiblePost(viewer, postId);
  const $set: Record<string, unknown> = {};
  const changesWords = patch.title !== undefined || patch.summary !== undefined || patch.body !== undefined;
  const changesNews = patch.audience !== undefined || patch.important !== undefined || patch.requiresAck !== undefined;
  if (changesWords || changesNews) {
    if (!canEditPost(actor, post)) throw forbidden('Only the author edits a post.');
  }
  if (patch.pinned !== undefined && !canPin(actor, post)) throw forbidden('Only the communication team pins news.');
  const news = isNewsKind(post.kind);
  if (!news && (changesNews || patch.pinned !== undefined || patch.summary !== undefined)) {
    throw badRequest('Only news has an audience, a summary, importance or a pin.');
  }
  if (patch.title !== undefined) {
    const title = patch.title.trim();
    if (news && !title) throw badRequest('News needs a title.');
    $set.title = title || undefined;
  }
  if (patch.summary !== undefined) $set.summary = patch.summary.trim() || undefined;
  if (patch.body !== undefined) {
    const body = patch.body.trim();
    if (!body && !post.attachments.length) throw badRequest('A post cannot be empty.');
    $set.body = body;
  }
  if (patch.audience !== undefined) {
    // Re-checked as the author would publish it now (a manager cannot widen department news).
    const spec = await resolveAudience(actor, post.kind as PostKind, patch.audience);
    $set.audience = spec;
    $set.audienceKeys = audienceKeys(spec);
  }
  if (patch.important !== undefined) $set.important = patch.important || !!(patch.requiresAck ?? post.requiresAck);
  if (patch.requiresAck !== undefined) {
    $set.requiresAck = patch.requiresAck;
    if (patch.requiresAck) $set.important = true;
  }
  if (patch.pinned !== undefined) $set.pinned = patch.pinned;
  if (changesWords) $set.editedAt = new Date();
  if (!Object.keys($set).length) return { post, viewer };
  const updated = await Post.findOneAndUpdate(
    { _id: post._id, deletedAt: null },
    { $set },
    { returnDocument: 'after' },
  ).lean();
  if (!updated) throw notFound('No such post.');
  return { post: updated, viewer };
}

/** Soft-deletes: the post vanishes from every feed, route and card at once. */
export async function deletePost(actor: Actor, postId: string): Promise<void> {
  const viewer = await loadViewer(actor);
  const post = await visiblePost(viewer, postId);
  if (!canDeletePost(viewer, post)) throw forbidden('You may not delete this post.');
  await Post.updateOne({ _id: post._id, deletedAt: null }, { $set: { deletedAt: new Date(), pinned: false } });
}
