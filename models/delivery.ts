import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const CONVERSATION_KINDS = ['personal', 'channel', 'groupChat'] as const;
export type ConversationKind = (typeof CONVERSATION_KINDS)[number];

/**
 * active: the bot may write there. uninstalled: the app was removed (installationUpdate
 * remove). dead: Teams refused a message for good (403 BotNotInConversationRoster,
 * ConversationBlockedByUser, BotDisabledByAdmin; 404 conversation gone), see `stateReason`.
 */
export const CONVERSATION_STATES = ['active', 'uninstalled', 'dead'] as const;
export type ConversationState = (typeof CONVERSATION_STATES)[number];

/**
 * Where the bot can write proactively: a person's personal chat with Ids (saved on install, on
 * every personal message, or when Ids created the chat itself), a team channel or a group chat
 * where Ids is installed. One per Teams conversation.
 */
const conversationRefSchema = new Schema(
  {
    kind: { type: String, enum: CONVERSATION_KINDS, required: true, default: 'personal' },
    /** Personal chats: the person, matched by aadObjectId, else by the email or UPN Teams returns. */
    personId: { type: Schema.Types.ObjectId, ref: 'Person' },
    aadObjectId: { type: String },
    /** Personal chats: the user's Teams id (29:…), when Teams told it. */
    teamsUserId: { type: String },
    tenantId: { type: String },
    conversationId: { type: String, required: true },
    serviceUrl: { type: String, required: true },
    channelId: { type: String, required: true, default: 'msteams' },
    /** The bot's id in this conversation (28:…). */
    botId: { type: String },
    /** Channels: the team they belong to. */
    teamId: { type: String },
    /** Channels: the departments whose news this channel follows ("@Ids volg Burgerzaken"). */
    followsDepartmentIds: { type: [Schema.Types.ObjectId], ref: 'Department', default: [] },
    state: { type: String, enum: CONVERSATION_STATES, default: 'active' },
    /** Why the conversation is no longer usable (a Teams error code or "uninstalled"). */
    stateReason: { type: String },
    stateAt: { type: Date },
    /** The full botbuilder ConversationReference, when the bot saw an activity there. */
    reference: { type: Schema.Types.Mixed },
  },
  { timestamps: true },
);
conversationRefSchema.index({ conversationId: 1 }, { unique: true });
conversationRefSchema.index({ personId: 1 });
conversationRefSchema.index({ followsDepartmentIds: 1 });
export type ConversationRefFields = InferSchemaType<typeof conversationRefSchema>;
export const ConversationRef = mongoose.model('ConversationRef', conversationRefSchema);

/**
 * pending: waiting to be sent (or to be retried). sent: Teams accepted it. failed: it will not
 * arrive, see `failure`. skipped: no longer wanted (the post was withdrawn or unpublished, the
 * person left before it went out).
 */
export const DELIVERY_STATUS = ['pending', 'sent', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUS)[number];

/** Why a delivery failed, as the report groups it. */
export const DELIVERY_FAILURES = [
  /** No conversation with the person and no way to create one: Ids is not installed for them. */
  'not_installed',
  /** The person blocked the bot (403 ConversationBlockedByUser). */
  'blocked',
  /** The app was removed from the conversation (403 BotNotInConversationRoster). */
  'bot_removed',
  /** An admin disabled the bot (403 BotDisabledByAdmin). */
  'bot_disabled',
  /** The conversation no longer exists (404). */
  'conversation_gone',
  /** Teams refused the message itself (400, 413, another 403…). */
  'rejected',
  /** Transient failures (429, 5xx, timeouts) outlasted every retry. */
  'gave_up',
] as const;
export type DeliveryFailure = (typeof DELIVERY_FAILURES)[number];

/** What the worker still has to do for a delivery: send it, or update or remove the sent card. */
export const DELIVERY_OPS = ['send', 'update', 'delete'] as const;
export type DeliveryOp = (typeof DELIVERY_OPS)[number];

/**
 * The outbox: one proactive message for one recipient (a person's personal chat, or a channel).
 * `key` names what it is for and whom (see core/delivery/keys.ts), so publishing twice, a rerun
 * or a second instance never creates a second delivery. The delivery worker claims due ones
 * (`queued`, `due`) with a lease, sends, and records the sent activity so edits and deletions can
 * follow the card.
 */
const deliverySchema = new Schema(
  {
    /** The dedupe key: kind + subject + recipient (+ period). */
    key: { type: String, required: true },
    /** What it is: 'news', 'notice', 'nudge'… (picks the renderer in core/delivery/render.ts). */
    kind: { type: String, required: true },
    /** News: the post. */
    postId: { type: Schema.Types.ObjectId, ref: 'Post' },
    /** A person's personal chat. */
    personId: { type: Schema.Types.ObjectId, ref: 'Person' },
    /** A channel or group chat (ConversationRef). */
    conversationRefId: { type: Schema.Types.ObjectId, ref: 'ConversationRef' },
    /** The person's department when the delivery was made, for the report. */
    departmentId: { type: Schema.Types.ObjectId, ref: 'Department' },
    /** What the kind's renderer needs beyond the post (e.g. a notice's text). */
    payload: { type: Schema.Types.Mixed },
    status: { type: String, enum: DELIVERY_STATUS, default: 'pending' },
    failure: { type: String, enum: DELIVERY_FAILURES },
    /** The last error seen (a Teams error code or HTTP status, never message text). */
    lastError: { type: String },

    /** Work for the worker: set while there is an op to do. */
    queued: { type: Boolean },
    op: { type: String, enum: DELIVERY_OPS },
    /** Not before this moment (backoff, Retry-After, a scheduled time). */
    due: { type: Date },
    /** Tries of the current op (transient failures), and 429s met (paced, counted apart). */
    attempts: { type: Number, default: 0 },
    throttled: { type: Number, default: 0 },
    /** The first 429 of the current op: throttling gives up by the time it has lasted, not by a count. */
    throttledSince: { type: Date },
    leaseOwner: { type: String },
    leaseUntil: { type: Date },
    /** Set just before a send leaves: a lease that expires with it set may have reached Teams. */
    sendingSince: { type: Date },
    /** When the subject of the card in Teams was read (its render): a change after this needs a follow-up. */
    renderedAt: { type: Date },
    /** The subject changed (update) or was withdrawn (delete) at this moment (core/delivery/outbox.ts). */
    staleSince: { type: Date },
    staleOp: { type: String, enum: ['update', 'delete'] },

    /** Where it went and what Teams called it, for updates, deletes and read receipts. */
    conversationId: { type: String },
    serviceUrl: { type: String },
    activityId: { type: String },
    sentAt: { type: Date },
    /** Sends that may have reached Teams before the answer was lost (a timeout or 5xx): possible duplicates. */
    uncertainSends: { type: Number, default: 0 },
    /** The card was shown: a Teams read receipt covered it, or Teams asked for its refresh. */
    seenAt: { type: Date },
    cardUpdatedAt: { type: Date },
    removedAt: { type: Date },
  },
  { timestamps: true },
);
deliverySchema.index({ key: 1 }, { unique: true });
deliverySchema.index({ queued: 1, due: 1 });
deliverySchema.index({ postId: 1 });
deliverySchema.index({ conversationId: 1 });
deliverySchema.index({ personId: 1 });
export type DeliveryFields = InferSchemaType<typeof deliverySchema>;
export const Delivery = mongoose.model('Delivery', deliverySchema);

/**
 * A person's reading of a post, independent of any card: opened in the tab (readAt) and, for
 * posts that require it, acknowledged (acknowledgedAt). A post may be read without a delivery.
 */
const postReceiptSchema = new Schema(
  {
    postId: { type: Schema.Types.ObjectId, ref: 'Post', required: true },
    personId: { type: Schema.Types.ObjectId, ref: 'Person', required: true },
    readAt: { type: Date },
    acknowledgedAt: { type: Date },
  },
  { timestamps: true },
);
postReceiptSchema.index({ postId: 1, personId: 1 }, { unique: true });
export const PostReceipt = mongoose.model('PostReceipt', postReceiptSchema);

/**
 * Shared pacing state for Teams' rate limits, so every instance draws from one budget: the app's
 * bucket (requests per second per tenant) and one sliding log per conversation.
 */
const paceSchema = new Schema(
  {
    _id: { type: String },
    /** The app bucket: the theoretical arrival time of the next request (ms since epoch). */
    tat: { type: Number },
    /** Until when the app bucket runs slower after a 429 (ms since epoch). */
    slowUntil: { type: Number },
    /** A conversation: when its recent requests were (ms since epoch, ascending). */
    log: { type: [Number], default: undefined },
    /** Removed once nothing in it matters any more. */
    expiresAt: { type: Date },
  },
  { versionKey: false },
);
paceSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
export const Pace = mongoose.model('Pace', paceSchema, 'delivery_pace');
