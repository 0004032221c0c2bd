import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** Actions that bypass the ordinary rules and so are recorded: who, when, where, for whom. */
export const AUDIT_ACTIONS = ['group.adminAppointed'] as const;

const auditEventSchema = new Schema({
  action: { type: String, enum: AUDIT_ACTIONS, required: true },
  /** Who did it. */
  actorId: { type: Schema.Types.ObjectId, ref: 'Person', required: true },
  groupId: { type: Schema.Types.ObjectId, ref: 'Group' },
  /** Whom it concerned (the member made admin). */
  personId: { type: Schema.Types.ObjectId, ref: 'Person' },
  at: { type: Date, required: true, default: () => new Date() },
});
auditEventSchema.index({ groupId: 1, at: -1 });

export type AuditEventFields = InferSchemaType<typeof auditEventSchema>;
export const AuditEvent = mongoose.model('AuditEvent', auditEventSchema);
