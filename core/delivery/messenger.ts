/**
 * How core reaches Teams. bot/messenger.ts implements it with botbuilder's Bot Connector client
 * (with botbuilder's own retries switched off: the delivery worker alone paces and retries).
 * Every method is one Bot Connector call and counts against Teams' rate limits.
 */

/** A conversation the bot can write into. */
export interface ConversationAddress {
  readonly serviceUrl: string;
  readonly conversationId: string;
  readonly tenantId?: string | null;
}

/** A proactive message: a card with a one-line summary (the notification), or markdown text alone. */
export interface OutgoingMessage {
  /** The notification preview of a card; the message itself when there is no card. */
  readonly text: string;
  /** An Adaptive Card (built in cards/). */
  readonly card?: object;
}

export interface TeamsMember {
  readonly id: string;
  readonly aadObjectId?: string;
  readonly email?: string;
  readonly userPrincipalName?: string;
}

export interface Messenger {
  /** Posts a new message; resolves with the id Teams gave it. */
  send(to: ConversationAddress, message: OutgoingMessage): Promise<{ activityId: string }>;
  /** Replaces a sent message. */
  update(to: ConversationAddress, activityId: string, message: OutgoingMessage): Promise<void>;
  /** Deletes a sent message. */
  remove(to: ConversationAddress, activityId: string): Promise<void>;
  /**
   * Opens (or finds) the personal chat between the bot and a user, by their Teams user id (29:…)
   * or Entra object id. Works only where the app is installed for that user.
   */
  createPersonalConversation(req: {
    serviceUrl: string;
    tenantId?: string;
    userId: string;
  }): Promise<{ conversationId: string }>;
  /** One member of a conversation or team (TeamsInfo.getMember), or undefined when not a member. */
  getMember(req: { serviceUrl: string; conversationId: string; userId: string }): Promise<TeamsMember | undefined>;
}

/**
 * A failed Bot Connector call as the worker classifies it: the HTTP status and the error code
 * in the body (Teams' codes such as BotNotInConversationRoster), Retry-After, or a transport
 * failure (no answer in time, connection refused or reset).
 */
export class MessengerError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
    readonly retryAfterMs?: number,
    readonly transport?: 'timeout' | 'network',
  ) {
    super(message);
    this.name = 'MessengerError';
  }
}
