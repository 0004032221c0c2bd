import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** Where the bot can reach a person proactively (saved when the bot is installed or spoken to). */
const conversationRefSchema = new Schema(
  {
    personId: { type: Schema.Types.ObjectId, ref: 'Person' },
    aadObjectId: { type: String },
    teamsUserId: { type: String, required: true },
    tenantId: { type: String },
    conversationId: { type: String, required: true },
    serviceUrl: { type: String, required: true },
    channelId: { type: String, required: true },
    /** The full botbuilder ConversationReference. */
    reference: { type: Schema.Types.Mixed, required: true },
  },
  { timestamps: true },
);
conversationRefSchema.index({ teamsUserId: 1 }, { unique: true });
conversationRefSchema.index({ personId: 1 });
export const ConversationRef = mongoose.model('ConversationRef', conversationRefSchema);

export const DELIVERY_STATUS = ['pending', 'sending', 'sent', 'failed', 'skipped'] as const;

/** One card for one recipient: the outbox the delivery worker drains. */
const deliverySchema = new Schema(
  {
    postId: { type: Schema.Types.ObjectId, ref: 'Post', required: true },
    personId: { type: Schema.Types.ObjectId, ref: 'Person', required: true },
    status: { type: String, enum: DELIVERY_STATUS, default: 'pending' },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, default: () => new Date() },
    leaseOwner: String,
    leaseUntil: Date,
    activityId: String,
    conversationId: String,
    lastError: String,
    sentAt: Date,
    readAt: Date,
    acknowledgedAt: Date,
  },
  { timestamps: true },
);
deliverySchema.index({ postId: 1, personId: 1 }, { unique: true });
deliverySchema.index({ status: 1, nextAttemptAt: 1 });
export type DeliveryFields = InferSchemaType<typeof deliverySchema>;
export const Delivery = mongoose.model('Delivery', deliverySchema);
