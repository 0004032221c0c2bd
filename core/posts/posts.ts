import { Types } from 'mongoose';
import { Post, type PostKind } from '../../models/post.js';
import { Group } from '../../models/group.js';
import { Department } from '../../models/department.js';
import { ROLES } from '../../models/person.js';
import type { Actor } from '../actor.js';
import { badRequest, notFound, textEmpty } from '../errors.js';
import type { Text } from '../i18n.js';
import { audienceKeys, isEmptyAudience, type AudienceSpec } from './audience.js';
import { loadViewer, type Viewer } from './viewer.js';
import { isNewsKind } from './rules.js';
import * as postPolicy from '../policies/post.js';
import * as groupPolicy from '../policies/group.js';
import { enforce } from '../policies/decision.js';
import { claimMediaForPost, deletePostMedia, releaseMedia, type AttachmentFields } from '../media/attach.js';
import { renderBody } from './rendered.js';
import { joinOpenGroupImplicitly } from '../groups/membership.js';
import { parseId } from '../ids.js';
import { publicationFields, publicationUpdate } from './publishing.js';
import { followPostChange, outboxSignal } from '../delivery/outbox.js';
import { recordEngagement } from '../analytics/events.js';

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
  /** Descriptions of attached images (alt text), by media id. */
  attachmentAlt?: Record<string, string>;
  /** News: deliver it as a card to its audience. */
  notify?: boolean;
  /** News: publish at this moment (ahead of now: the post is scheduled). */
  publishAt?: Date;
  /** News: 'draft' keeps it for the author. */
  status?: 'draft' | 'published';
}

export interface PostPatch {
  title?: string;
  summary?: string;
  body?: string;
  audience?: AudienceInput;
  important?: boolean;
  requiresAck?: boolean;
  pinned?: boolean;
  /** Drafts and scheduled posts (core/posts/publishing.ts); a published post may only start its cards. */
  notify?: boolean;
  publishAt?: Date | null;
  status?: 'draft' | 'published';
}

/** A post as stored (lean). */
export type PostRecord = NonNullable<Awaited<ReturnType<typeof findPostRecord>>>;

export function findPostRecord(id: Types.ObjectId) {
  return Post.findById(id).lean();
}

export function toObjectId(id: string, what: string | Text = 'Not found.'): Types.ObjectId {
  return parseId(id, () => notFound(what));
}

const POST_NOT_FOUND = { key: 'error.post.notFound' } as const;
const GROUP_NOT_FOUND = { key: 'error.group.notFound' } as const;
export const postNotFound = () => notFound(POST_NOT_FOUND);
const groupNotFound = () => notFound(GROUP_NOT_FOUND);

/** A post id from a request; 404 when it is not one. */
export const toPostId = (id: string): Types.ObjectId => toObjectId(id, POST_NOT_FOUND);

/** The post, if the viewer may see it; otherwise 404 (never reveal that a closed group's post exists). */
export async function visiblePost(viewer: Viewer, postId: string): Promise<PostRecord> {
  const post = await findPostRecord(toPostId(postId));
  if (!post) throw postNotFound();
  enforce(postPolicy.read(viewer, post), postNotFound);
  return post;
}

/** The audience as given, checked, and allowed for this actor by the post policy (publishing, pinning). */
async function resolveAudience(
  actor: Actor,
  kind: PostKind,
  input: AudienceInput | undefined,
  pinned = false,
): Promise<AudienceSpec> {
  const spec: AudienceSpec = {
    organisation: input?.organisation ?? false,
    departmentIds: [...new Set(input?.departmentIds ?? [])].map((d) => toObjectIdOr400(d, 'audience.departmentIds')),
    locations: [...new Set((input?.locations ?? []).map((l) => l.trim()).filter(Boolean))],
    roles: [...new Set(input?.roles ?? [])],
    groupIds: [...new Set(input?.groupIds ?? [])].map((g) => toObjectIdOr400(g, 'audience.groupIds')),
  };
  for (const role of spec.roles)
    if (!(ROLES as readonly string[]).includes(role))
      throw badRequest({ key: 'error.audience.unknownRole', params: { role } });
  if (kind === 'department') {
    if (spec.organisation || spec.locations.length || spec.roles.length || spec.groupIds.length) {
      throw badRequest({ key: 'error.audience.departmentsOnly' });
    }
    if (!spec.departmentIds.length && actor.departmentId) spec.departmentIds = [actor.departmentId];
    if (!spec.departmentIds.length) throw badRequest({ key: 'error.audience.needsDepartment' });
  } else if (isEmptyAudience(spec)) spec.organisation = true;
  enforce(postPolicy.publish(actor, { kind, departmentIds: spec.departmentIds, pinned }), postNotFound);
  if (spec.departmentIds.length) {
    const found = await Department.countDocuments({ _id: { $in: spec.departmentIds } });
    if (found !== spec.departmentIds.length) throw badRequest({ key: 'error.audience.unknownDepartment' });
  }
  if (spec.groupIds.length) {
    const found = await Group.countDocuments({ _id: { $in: spec.groupIds } });
    if (found !== spec.groupIds.length) throw badRequest({ key: 'error.audience.unknownGroup' });
  }
  return spec;
}

function toObjectIdOr400(id: string, field: string): Types.ObjectId {
  return parseId(id, () => badRequest({ key: 'error.audience.badId', params: { field } }));
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
  if (!body && !input.attachmentIds?.length) throw textEmpty({ key: 'error.post.empty' });
  let groupId: Types.ObjectId | undefined;
  let spec: AudienceSpec;
  if (news) {
    if (!title) throw badRequest({ key: 'error.post.needsTitle' });
    if (input.groupId) throw badRequest({ key: 'error.post.newsInGroup' });
    spec = await resolveAudience(actor, input.kind, input.audience, input.pinned);
  } else {
    if (!input.groupId) throw badRequest({ key: 'error.post.needsGroup' });
    if (input.audience) throw badRequest({ key: 'error.post.groupWithAudience' });
    if (input.important || input.requiresAck || input.pinned) throw badRequest({ key: 'error.post.newsOnlyFlags' });
    if (input.notify || input.publishAt || input.status) throw badRequest({ key: 'error.post.newsOnlyDelivery' });
    groupId = toObjectId(input.groupId, GROUP_NOT_FOUND);
    const group = await Group.findById(groupId, { visibility: 1, kind: 1, members: 1 }).lean();
    if (!group) throw groupNotFound();
    enforce(groupPolicy.post(actor, group), groupNotFound);
    if (input.kind === 'question' && group.kind !== 'qa') throw badRequest({ key: 'error.post.questionOutsideQa' });
    if (input.kind === 'group' && group.kind === 'qa') throw badRequest({ key: 'error.post.questionGroup' });
    if (!groupPolicy.isMember(actor, group)) await joinOpenGroupImplicitly(groupId, actor.personId);
    spec = { organisation: false, departmentIds: [], locations: [], roles: [], groupIds: [groupId] };
  }
  const _id = new Types.ObjectId();
  const attachments: AttachmentFields[] = input.attachmentIds?.length
    ? (await claimMediaForPost(actor, input.attachmentIds, _id)).map((a) => {
        const alt = input.attachmentAlt?.[a.fileId.toString()]?.trim();
        return alt ? { ...a, alt } : a;
      })
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
      rendered: renderBody(body),
      audience: spec,
      audienceKeys: audienceKeys(spec),
      important: news ? !!(input.important || input.requiresAck) : false,
      requiresAck: news ? !!input.requiresAck : false,
      pinned: news ? !!input.pinned : false,
      attachments,
      ...publicationFields(input),
    });
    if (created.fanoutDue) outboxSignal.emit('fanout');
    // A draft is not a post yet: it counts when it is published (or scheduled), see updatePost.
    if (created.status !== 'draft')
      recordEngagement(actor, input.kind === 'question' ? 'question' : 'post', { postId: _id, news });
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
  if (changesWords || changesNews) enforce(postPolicy.edit(viewer, post), postNotFound);
  if (patch.pinned !== undefined) enforce(postPolicy.pin(viewer, post), postNotFound);
  const news = isNewsKind(post.kind);
  if (!news && (changesNews || patch.pinned !== undefined || patch.summary !== undefined)) {
    throw badRequest({ key: 'error.post.newsOnlyFields' });
  }
  const publication = news ? publicationUpdate(post, patch) : undefined;
  if (!news && (patch.notify !== undefined || patch.publishAt !== undefined || patch.status !== undefined))
    throw badRequest({ key: 'error.post.newsOnlyDelivery' });
  if (publication) enforce(postPolicy.edit(viewer, post), postNotFound);
  if (patch.title !== undefined) {
    const title = patch.title.trim();
    if (news && !title) throw badRequest({ key: 'error.post.needsTitle' });
    $set.title = title || undefined;
  }
  if (patch.summary !== undefined) $set.summary = patch.summary.trim() || undefined;
  if (patch.body !== undefined) {
    const body = patch.body.trim();
    if (!body && !post.attachments.length) throw textEmpty({ key: 'error.post.emptyAfterEdit' });
    $set.body = body;
    $set.rendered = renderBody(body);
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
  if (changesWords && post.status === 'published') $set.editedAt = new Date();
  Object.assign($set, publication?.$set);
  // A changed audience reaches whoever it now includes (the outbox keys skip those already served).
  if (patch.audience !== undefined && post.status === 'published' && post.notify) $set.fanoutDue = true;
  if (!Object.keys($set).length && !Object.keys(publication?.$unset ?? {}).length) return { post, viewer };
  const shown = changesWords || changesNews;
  const updated = await Post.findOneAndUpdate(
    { _id: post._id, deletedAt: null },
    {
      $set,
      ...(publication && Object.keys(publication.$unset).length ? { $unset: publication.$unset } : {}),
      ...(shown ? { $inc: { revision: 1 } } : {}),
    },
    { returnDocument: 'after' },
  ).lean();
  if (!updated) throw postNotFound();
  // Cards already in Teams show the post as it is now.
  if (shown && updated.status === 'published') await followPostChange(updated._id, 'edited');
  if (updated.fanoutDue) outboxSignal.emit('fanout');
  if (post.status === 'draft' && updated.status !== 'draft')
    recordEngagement(actor, 'post', { postId: post._id, news });
  return { post: updated, viewer };
}

/** Soft-deletes: the post vanishes from every feed, route and card at once. */
export async function deletePost(actor: Actor, postId: string): Promise<void> {
  const viewer = await loadViewer(actor);
  const post = await visiblePost(viewer, postId);
  enforce(postPolicy.remove(viewer, post), postNotFound);
  await Post.updateOne(
    { _id: post._id, deletedAt: null },
    { $set: { deletedAt: new Date(), pinned: false }, $inc: { revision: 1 } },
  );
  // Its cards leave Teams too, and what was not sent yet never will be.
  await followPostChange(post._id, 'withdrawn');
  // Its files and thumbnails go with it; if that fails part-way, the media sweep finishes it.
  await deletePostMedia(post._id).catch(() => undefined);
}
