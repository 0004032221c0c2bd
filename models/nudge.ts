import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * One person's nudge history (core/nudges/job.ts): claimed with a conditional update before the
 * nudge goes into the outbox, so a rerun or a second instance never counts a nudge twice, and the
 * cap (one per period, and never sooner than a period after the last) holds across instances.
 */
const nudgeStateSchema = new Schema(
  {
    /** The person. */
    _id: { type: Schema.Types.ObjectId, ref: 'Person' },
    /** The period of the last nudge (its key in the outbox, e.g. "14d-2026-11-23"). */
    lastPeriod: { type: String },
    lastAt: { type: Date },
    /** Nudges so far: the first names one field, later ones show progress. */
    count: { type: Number, default: 0 },
    /** The score when the last nudge was made (for "from 40% to 70%"). */
    lastScore: { type: Number },
    /** The score at the nudge before the last. */
    previousScore: { type: Number },
  },
  { versionKey: false, timestamps: true },
);
export type NudgeStateFields = InferSchemaType<typeof nudgeStateSchema>;
export const NudgeState = mongoose.model('NudgeState', nudgeStateSchema, 'nudge_states');

/**
 * The department challenge: while a campaign runs, the communication team hears (once per
 * department) when every active member of a department has a complete profile. At most one
 * campaign runs at a time: `running` is set only while it runs, under a unique index.
 */
const campaignSchema = new Schema(
  {
    name: { type: String, trim: true, maxlength: 120 },
    startedAt: { type: Date, required: true },
    startedBy: { type: Schema.Types.ObjectId, ref: 'Person' },
    endedAt: { type: Date },
    endedBy: { type: Schema.Types.ObjectId, ref: 'Person' },
    /** 'yes' while the campaign runs; unset when it ended (unique: one running campaign). */
    running: { type: String },
    /** Departments found complete during this campaign, each reported once. */
    completed: {
      type: [
        new Schema(
          { departmentId: { type: Schema.Types.ObjectId, ref: 'Department' }, at: { type: Date } },
          { _id: false },
        ),
      ],
      default: [],
    },
  },
  { timestamps: true },
);
campaignSchema.index({ running: 1 }, { unique: true, sparse: true });
export type CampaignFields = InferSchemaType<typeof campaignSchema>;
export const Campaign = mongoose.model('Campaign', campaignSchema);
