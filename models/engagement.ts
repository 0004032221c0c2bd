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

export const ENGAGEMENT_KINDS = [
  'view',
  'like',
  'comment',
  'post',
  'search',
  'ack',
  'open_tab',
  'bot_message',
] as const;

/** Who did what, for aggregate engagement reports (never shown per person below group size 5). */
const engagementSchema = new Schema(
  {
    personId: { type: Schema.Types.ObjectId, ref: 'Person', required: true },
    kind: { type: String, enum: ENGAGEMENT_KINDS, required: true },
    postId: { type: Schema.Types.ObjectId, ref: 'Post' },
    at: { type: Date, default: () => new Date() },
  },
  { versionKey: false },
);
engagementSchema.index({ at: 1 });
engagementSchema.index({ personId: 1, at: 1 });
export const EngagementEvent = mongoose.model('EngagementEvent', engagementSchema);
