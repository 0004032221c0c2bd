import { z } from 'zod';
import { POST_KINDS } from '../../models/post.js';
import { ROLES } from '../../models/person.js';
import { GROUP_KINDS, GROUP_VISIBILITY } from '../../models/group.js';
import { objectIdString } from '../../core/ids.js';

/** Request shapes of the social routes (posts, comments, groups, feeds). */

export const objectId = objectIdString;
export const idParams = z.object({ id: objectId });

export const pageQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).optional(),
});

const audience = z.strictObject({
  organisation: z.boolean().optional(),
  departmentIds: z.array(objectId).max(100).optional(),
  locations: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
  roles: z.array(z.enum(ROLES)).max(ROLES.length).optional(),
  groupIds: z.array(objectId).max(100).optional(),
});

/** An ISO 8601 moment with its offset ("2026-03-01T08:00:00+01:00" or "…Z"). */
const moment = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export const newPostBody = z.strictObject({
  kind: z.enum(POST_KINDS),
  groupId: objectId.optional(),
  title: z.string().max(200).optional(),
  summary: z.string().max(500).optional(),
  body: z.string().max(20_000).default(''),
  audience: audience.optional(),
  important: z.boolean().optional(),
  requiresAck: z.boolean().optional(),
  pinned: z.boolean().optional(),
  attachmentIds: z.array(objectId).max(10).optional(),
  /** Descriptions of attached images, by media id. */
  attachmentAlt: z.record(objectId, z.string().trim().max(300)).optional(),
  /** News: deliver it as a card to everyone in its audience. */
  notify: z.boolean().optional(),
  /** News: publish then (ahead of now: the post is scheduled, in no feed until then). */
  publishAt: moment.optional(),
  /** News: 'draft' keeps it for its author. */
  status: z.enum(['draft', 'published']).optional(),
});

export const postPatchBody = z
  .strictObject({
    title: z.string().max(200).optional(),
    summary: z.string().max(500).optional(),
    body: z.string().max(20_000).optional(),
    audience: audience.optional(),
    important: z.boolean().optional(),
    requiresAck: z.boolean().optional(),
    pinned: z.boolean().optional(),
    notify: z.boolean().optional(),
    publishAt: moment.nullable().optional(),
    status: z.enum(['draft', 'published']).optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'Change at least one field.');

export const commentBody = z.strictObject({
  body: z.string().trim().min(1).max(5000),
  parentId: objectId.optional(),
});

export const commentPatchBody = z.strictObject({ body: z.string().trim().min(1).max(5000) });

export const answerBody = z.strictObject({ commentId: objectId });

export const newGroupBody = z.strictObject({
  name: z.string().trim().min(2).max(120),
  description: z.string().max(2000).optional(),
  visibility: z.enum(GROUP_VISIBILITY).default('open'),
  kind: z.enum(GROUP_KINDS).optional(),
});

export const memberParams = z.object({ id: objectId, personId: objectId });
export const memberBody = z.strictObject({ admin: z.boolean().optional() }).default({});
export const appointAdminBody = z.strictObject({ personId: objectId });
