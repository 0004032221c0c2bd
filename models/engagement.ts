import mongoose, { Schema } from 'mongoose';

/** A profile nudge sent (or due); the unique key makes the nudge job idempotent per period. */
const nudgeSchema = new Schema(
  {
    personId: { type: Schema.Types.ObjectId, ref: 'Person', required: true },
    /** e.g. "profile:2026-W48": one nudge per person per period. */
    periodKey: { type: String, required: true },
    missingFields: { type: [String], default: [] },
    status: { type: String, enum: ['pending', 'sent', 'failed', 'skipped'], default: 'pending' },
    sentAt: Date,
    completedAt: Date,
  },
  { timestamps: true },
);
nudgeSchema.index({ personId: 1, periodKey: 1 }, { unique: true });
export const Nudge = mongoose.model('Nudge', nudgeSchema);

/**
 * What core/analytics records, where it happens (see core/analytics/events.ts): a post opened in
 * the tab (for news this is "read"), a like, a comment, a post, a question, an acknowledgement,
 * a news card shown in Teams, a people search (never its words), a message to the bot, the tab
 * opened.
 */
export const ENGAGEMENT_KINDS = [
  'post_opened',
  'like',
  'comment',
  'post',
  'question',
  'ack',
  'card_seen',
  'people_search',
  'bot_message',
  'tab_opened',
] as const;
export type EngagementKind = (typeof ENGAGEMENT_KINDS)[number];

/**
 * One raw engagement event, kept ENGAGEMENT_RETENTION_DAYS (core/analytics/retention.ts) and
 * then deleted; reports read the rollups (models/analytics.ts), and only the four user types are
 * computed from raw events, on demand. Erasing a person deletes theirs at once.
 */
const engagementSchema = new Schema(
  {
    personId: { type: Schema.Types.ObjectId, ref: 'Person', required: true },
    /** The person's department when it happened (rollups are per department). */
    departmentId: { type: Schema.Types.ObjectId, ref: 'Department' },
    kind: { type: String, enum: ENGAGEMENT_KINDS, required: true },
    postId: { type: Schema.Types.ObjectId, ref: 'Post' },
    /** News posts: rolled up per post too. */
    news: { type: Boolean },
    at: { type: Date, default: () => new Date() },
    /** The organisation's calendar day of `at` ("2026-12-01", ORG_TIMEZONE): the job reads whole days. */
    day: { type: String, required: true },
  },
  { versionKey: false },
);
engagementSchema.index({ day: 1 });
engagementSchema.index({ at: 1 });
engagementSchema.index({ personId: 1, at: 1 });
export const EngagementEvent = mongoose.model('EngagementEvent', engagementSchema);
