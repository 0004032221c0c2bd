import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** Actions that bypass the ordinary rules and so are recorded: who, when, where, for whom. */
export const AUDIT_ACTIONS = ['group.adminAppointed', 'person.erased'] as const;

const auditEventSchema = new Schema({
  action: { type: String, enum: AUDIT_ACTIONS, required: true },
  /** Who did it (unset when an operator ran a command on the server, see `via`). */
  actorId: { type: Schema.Types.ObjectId, ref: 'Person' },
  /** Where it was done: the API (an admin in the tab) or a command on the server. */
  via: { type: String, enum: ['api', 'cli'] },
  groupId: { type: Schema.Types.ObjectId, ref: 'Group' },
  /** Whom it concerned (the member made admin). */
  personId: { type: Schema.Types.ObjectId, ref: 'Person' },
  at: { type: Date, required: true, default: () => new Date() },
  /** What was done, as counts and switches: never the data concerned (an erasure keeps no name or email). */
  details: { type: Schema.Types.Mixed },
});
auditEventSchema.index({ action: 1, at: -1 });
auditEventSchema.index({ groupId: 1, at: -1 });

export type AuditEventFields = InferSchemaType<typeof auditEventSchema>;
export const AuditEvent = mongoose.model('AuditEvent', auditEventSchema);
