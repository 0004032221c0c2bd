import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { countWrites } from './writes.js';

export const GROUP_VISIBILITY = ['open', 'closed'] as const;
export const GROUP_KINDS = ['group', 'qa'] as const;

const groupSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 120 },
    slug: { type: String, required: true, trim: true, lowercase: true, maxlength: 120 },
    description: { type: String, trim: true, maxlength: 2000 },
    /** open: anyone may join and read; closed: members only, joining through an admin. */
    visibility: { type: String, enum: GROUP_VISIBILITY, default: 'open' },
    /** qa: questions and answers, like "Vraag Ids". */
    kind: { type: String, enum: GROUP_KINDS, default: 'group' },
    admins: { type: [Schema.Types.ObjectId], ref: 'Person', default: [] },
    members: { type: [Schema.Types.ObjectId], ref: 'Person', default: [] },
    followers: { type: [Schema.Types.ObjectId], ref: 'Person', default: [] },
    createdBy: { type: Schema.Types.ObjectId, ref: 'Person' },
  },
  { timestamps: true },
);
groupSchema.index({ slug: 1 }, { unique: true });
groupSchema.index({ members: 1 });

export type GroupFields = InferSchemaType<typeof groupSchema>;
/** Moves on with every write to groups through Group (core/recent.ts drops its copies). */
export const groupWrites = countWrites(groupSchema);
export const Group = mongoose.model('Group', groupSchema);
