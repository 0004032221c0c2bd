import mongoose, { Schema, type InferSchemaType, type Types } from 'mongoose';
import { departmentKey } from './department.js';

export const POST_KINDS = ['news', 'department', 'group', 'question'] as const;
export type PostKind = (typeof POST_KINDS)[number];
export const POST_STATUSES = ['draft', 'scheduled', 'published'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

const audienceSchema = new Schema(
  {
    organisation: { type: Boolean, default: false },
    departmentIds: { type: [Schema.Types.ObjectId], ref: 'Department', default: [] },
    locations: { type: [String], default: [] },
    roles: { type: [String], default: [] },
    groupIds: { type: [Schema.Types.ObjectId], ref: 'Group', default: [] },
  },
  { _id: false },
);

const attachmentSchema = new Schema(
  {
    fileId: { type: Schema.Types.ObjectId, required: true },
    thumbnailId: { type: Schema.Types.ObjectId },
    kind: { type: String, enum: ['image', 'document'], required: true },
    name: { type: String, required: true, maxlength: 255 },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    width: Number,
    height: Number,
    /** An image's description for those who cannot see it (the composer asks for it). */
    alt: { type: String, trim: true, maxlength: 300 },
  },
  { _id: true },
);

const postSchema = new Schema(
  {
    kind: { type: String, enum: POST_KINDS, required: true },
    /** draft: only its author sees it; scheduled: published at publishAt by the delivery worker. */
    status: { type: String, enum: POST_STATUSES, default: 'published' },
    /** When a draft or scheduled post is to be published; unset once it is. */
    publishAt: { type: Date },
    /** News: deliver it as a card to everyone in its audience and to channels that follow it. */
    notify: { type: Boolean, default: false },
    /** Set while the deliveries of a published post with notify are still to be made (core/delivery/fanout.ts). */
    fanoutDue: { type: Boolean },
    fanoutLeaseUntil: { type: Date },
    authorId: { type: Schema.Types.ObjectId, ref: 'Person', required: true },
    groupId: { type: Schema.Types.ObjectId, ref: 'Group' },
    title: { type: String, trim: true, maxlength: 200 },
    summary: { type: String, trim: true, maxlength: 500 },
    /** Markdown subset as written; rendered and sanitized on the way out. */
    body: { type: String, default: '', maxlength: 20000 },
    /**
     * The body rendered once at write time (core/posts/rendered.ts), so a feed does not render
     * every post on every read; `version` is the renderer's: another one re-renders lazily.
     */
    rendered: {
      type: new Schema({ version: Number, html: String, excerpt: String }, { _id: false }),
      default: undefined,
    },
    audience: { type: audienceSchema, default: () => ({}) },
    /**
     * Denormalized audience, one key per way in ('org', 'dept:<id>', 'loc:<folded>', 'role:<r>',
     * 'group:<id>'), kept by core/posts so a feed is one indexed query on a multikey field.
     */
    audienceKeys: { type: [String], default: [] },
    important: { type: Boolean, default: false },
    requiresAck: { type: Boolean, default: false },
    pinned: { type: Boolean, default: false },
    attachments: { type: [attachmentSchema], default: [] },
    likeCount: { type: Number, default: 0 },
    commentCount: { type: Number, default: 0 },
    /**
     * Like and comment changes on their way (each id carries its start time), and how many have
     * begun: a change whose second write never came (a crash) leaves its mark, and a recount
     * settles the counts from the likes and comments themselves (core/posts/counts.ts).
     */
    pendingCounts: { type: [Schema.Types.ObjectId], default: undefined },
    countsRev: { type: Number },
    /** Q&A: the accepted answer. */
    answer: {
      commentId: { type: Schema.Types.ObjectId },
      markedBy: { type: Schema.Types.ObjectId, ref: 'Person' },
      at: Date,
    },
    firstAnswerAt: Date,
    publishedAt: { type: Date, default: () => new Date() },
    editedAt: Date,
    deletedAt: Date,
    /** Counts changes that show on a card (core/delivery follows them with updates to sent cards). */
    revision: { type: Number, default: 0 },
  },
  { timestamps: true },
);
postSchema.index({ publishedAt: -1, _id: -1 });
postSchema.index({ groupId: 1, publishedAt: -1 });
postSchema.index({ authorId: 1, publishedAt: -1 });
postSchema.index({ audienceKeys: 1, publishedAt: -1, _id: -1 });
// A feed's first page: its pinned posts, then the newest, in one walk (core/feed).
postSchema.index({ audienceKeys: 1, pinned: -1, publishedAt: -1, _id: -1 });
postSchema.index({ pendingCounts: 1 }, { sparse: true });
postSchema.index({ status: 1, publishAt: 1 });
postSchema.index({ fanoutDue: 1 }, { sparse: true });

/**
 * Indexes earlier versions made that nothing asks for any more (the feed's week spans and the
 * separate pinned look-up); mongoose never drops an index, so start-up does (core/services.ts).
 */
export const RETIRED_POST_INDEXES = ['publishedWeek_-1', 'pinned_1_publishedAt_-1'] as const;

/** Drops the retired indexes where a store still has them; returns the names dropped. */
export async function dropRetiredPostIndexes(): Promise<string[]> {
  const indexes = await Post.collection.indexes().catch((err: { code?: number }) => {
    if (err.code === 26) return []; // no posts collection yet: nothing to retire
    throw err;
  });
  const present = new Set(indexes.map((i) => i.name));
  const retired = RETIRED_POST_INDEXES.filter((name) => present.has(name));
  for (const name of retired) await Post.collection.dropIndex(name);
  return retired;
}

export interface AudienceKeySource {
  organisation?: boolean | null;
  departmentIds?: ReadonlyArray<Types.ObjectId | string> | null;
  locations?: readonly string[] | null;
  roles?: readonly string[] | null;
  groupIds?: ReadonlyArray<Types.ObjectId | string> | null;
}

/**
 * Post.audienceKeys for an audience (and the group a post lives in): 'org', 'dept:<id>',
 * 'loc:<folded location>', 'role:<role>', 'group:<id>'. core/posts matches a person's keys against them.
 */
export function postAudienceKeys(
  a: AudienceKeySource | null | undefined,
  groupId?: Types.ObjectId | string | null,
): string[] {
  const keys = new Set<string>();
  if (a?.organisation) keys.add('org');
  for (const d of a?.departmentIds ?? []) keys.add(`dept:${d.toString()}`);
  for (const l of a?.locations ?? []) if (l.trim()) keys.add(`loc:${departmentKey(l)}`);
  for (const r of a?.roles ?? []) keys.add(`role:${r}`);
  for (const g of a?.groupIds ?? []) keys.add(`group:${g.toString()}`);
  if (groupId) keys.add(`group:${groupId.toString()}`);
  return [...keys];
}

// Whoever writes a post (the API, the demo seed, a benchmark) gets audienceKeys derived.
postSchema.pre('validate', function deriveFeedKeys() {
  this.audienceKeys = postAudienceKeys(this.audience, this.groupId);
});

export type PostFields = InferSchemaType<typeof postSchema>;
export const Post = mongoose.model('Post', postSchema);

const commentSchema = new Schema(
  {
    postId: { type: Schema.Types.ObjectId, ref: 'Post', required: true },
    authorId: { type: Schema.Types.ObjectId, ref: 'Person', required: true },
    /** One level of replies: a reply points at a top-level comment. */
    parentId: { type: Schema.Types.ObjectId, ref: 'Comment' },
    body: { type: String, required: true, maxlength: 5000 },
    editedAt: Date,
    deletedAt: Date,
  },
  { timestamps: true },
);
commentSchema.index({ postId: 1, createdAt: 1 });
export type CommentFields = InferSchemaType<typeof commentSchema>;
export const Comment = mongoose.model('Comment', commentSchema);

const likeSchema = new Schema(
  {
    postId: { type: Schema.Types.ObjectId, ref: 'Post', required: true },
    personId: { type: Schema.Types.ObjectId, ref: 'Person', required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
likeSchema.index({ postId: 1, personId: 1 }, { unique: true });
export const Like = mongoose.model('Like', likeSchema);
