import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * Aggregates kept for trends after raw events are gone (core/analytics/rollup.ts). Nothing in
 * them identifies a person: counts of events and of distinct people per department, per day or
 * per week (the organisation's calendar, ISO weeks), and per news post.
 *
 * `kind` is an engagement kind, or 'any' (people active at all), or 'staff' (active people in
 * the department that week), or 'profile' (weeks: profile completeness, `people` complete profiles out
 * of `staff`, `score` the summed completeness in percent).
 */
const rollupSchema = new Schema(
  {
    period: { type: String, enum: ['day', 'week'], required: true },
    /** "2026-12-01" for a day, "2026-W49" for a week. */
    key: { type: String, required: true },
    /** The first moment of the day or week in the organisation's time zone. */
    start: { type: Date, required: true },
    /** null: people without a department. */
    departmentId: { type: Schema.Types.ObjectId, ref: 'Department', default: null },
    kind: { type: String, required: true },
    /** Per news post (days only): opens, card views and acknowledgements of that post. */
    postId: { type: Schema.Types.ObjectId, ref: 'Post', default: null },
    events: { type: Number, default: 0 },
    /** Distinct people behind the events (a weekly figure is counted over the week, not summed from days). */
    people: { type: Number, default: 0 },
    staff: { type: Number },
    score: { type: Number },
  },
  { versionKey: false },
);
// The day or week first: reports and the job ask for whole days and weeks, which is a lookup.
rollupSchema.index({ key: 1, period: 1, departmentId: 1, kind: 1, postId: 1 }, { unique: true });
rollupSchema.index({ postId: 1 }, { sparse: true });
// The report: a few kinds of some weeks, every department (core/analytics/report.ts, weekRollups).
rollupSchema.index({ period: 1, kind: 1, key: 1 });
export type RollupFields = InferSchemaType<typeof rollupSchema>;
export const EngagementRollup = mongoose.model('EngagementRollup', rollupSchema, 'engagement_rollups');

/**
 * A news post's reach per department, from its deliveries and receipts (as in the delivery
 * report), refreshed by the rollup job while the post is recent and kept afterwards.
 */
const newsReachSchema = new Schema(
  {
    postId: { type: Schema.Types.ObjectId, ref: 'Post', required: true },
    departmentId: { type: Schema.Types.ObjectId, ref: 'Department', default: null },
    publishedAt: { type: Date, required: true },
    audience: { type: Number, default: 0 },
    delivered: { type: Number, default: 0 },
    seen: { type: Number, default: 0 },
    read: { type: Number, default: 0 },
    acknowledged: { type: Number, default: 0 },
    computedAt: { type: Date },
  },
  { versionKey: false },
);
newsReachSchema.index({ postId: 1, departmentId: 1 }, { unique: true });
newsReachSchema.index({ publishedAt: 1 });
export const NewsReach = mongoose.model('NewsReach', newsReachSchema, 'news_reach');

/** Where the rollup job got to: the last whole day rolled up (organisation's calendar). */
const analyticsStateSchema = new Schema(
  {
    _id: { type: String },
    lastDay: { type: String },
    runAt: { type: Date },
    leaseUntil: { type: Date },
    leaseOwner: { type: String },
  },
  { versionKey: false },
);
export const AnalyticsState = mongoose.model('AnalyticsState', analyticsStateSchema, 'analytics_state');

/**
 * Who was active in a week and who contributed (posted, commented, asked): data about people,
 * made by the rollup job from the week's raw events and held under the same rules as they are:
 * deleted by the retention sweep together with its week's first day of raw events, erased with
 * the person, and in their export. It is there so that the four user types are counted from one
 * document per week instead of every raw event of the period; a type is still computed when
 * asked and never stored (core/analytics/report.ts).
 */
const activityWeekSchema = new Schema(
  {
    /** "2026-W49". */
    key: { type: String, required: true },
    /** The Monday the week begins, in the organisation's time zone. */
    start: { type: Date, required: true },
    active: { type: [Schema.Types.ObjectId], default: [] },
    contributed: { type: [Schema.Types.ObjectId], default: [] },
    computedAt: { type: Date },
  },
  { versionKey: false },
);
activityWeekSchema.index({ key: 1 }, { unique: true });
activityWeekSchema.index({ start: 1 });
export const ActivityWeek = mongoose.model('ActivityWeek', activityWeekSchema, 'activity_weeks');
