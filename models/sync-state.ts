import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * Where a sync with another system stands, one document per sync ('entra' for the Entra ID
 * directory): the delta links to continue from, a lease so that only one instance (or one
 * `npm run sync:entra`) runs it at a time, and the last run's summary.
 */
const syncStateSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** The users delta link Graph gave at the end of the last complete round. */
    deltaLink: { type: String },
    /** The staff group's members delta link (when staff are a group). */
    groupDeltaLink: { type: String },
    /** Entra object ids of the staff group's members (when staff are a group). */
    staff: { type: [String], default: undefined },
    /** What the links were made for; a change of $select or of the staff rule needs a full read. */
    fingerprint: { type: String },
    lease: {
      owner: { type: String },
      until: { type: Date },
    },
    lastRun: { type: Schema.Types.Mixed },
    lastFullAt: { type: Date },
  },
  { timestamps: true, _id: false },
);

export type SyncStateFields = InferSchemaType<typeof syncStateSchema>;
export const SyncState = mongoose.model('SyncState', syncStateSchema);
