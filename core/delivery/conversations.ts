import type { Types } from 'mongoose';
import { ConversationRef, type ConversationKind, type DeliveryFailure } from '../../models/delivery.js';
import { Person } from '../../models/person.js';

/** A conversation the bot has seen (an install, a message, a team event), as bot/ reports it. */
export interface SeenConversation {
  readonly kind: ConversationKind;
  readonly conversationId: string;
  readonly serviceUrl: string;
  readonly channelId: string;
  readonly tenantId?: string;
  /** The bot's id there (28:…). */
  readonly botId?: string;
  /** Channels: their team. */
  readonly teamId?: string;
  /** Personal chats: the user, as Teams names them. */
  readonly user?: { readonly teamsUserId: string; readonly aadObjectId?: string | undefined };
  /** The botbuilder ConversationReference, as plain JSON. */
  readonly reference?: object;
}

/**
 * Remembers where the bot can write proactively, and that it may again (a reinstall revives a
 * conversation marked uninstalled or dead). A personal chat is tied to the person when bot/
 * could match them (aadObjectId, else the email or UPN Teams returned).
 */
export async function saveConversation(seen: SeenConversation, personId?: Types.ObjectId): Promise<void> {
  await ConversationRef.updateOne(
    { conversationId: seen.conversationId },
    {
      $set: {
        kind: seen.kind,
        serviceUrl: seen.serviceUrl,
        channelId: seen.channelId,
        state: 'active',
        ...(seen.tenantId ? { tenantId: seen.tenantId } : {}),
        ...(seen.botId ? { botId: seen.botId } : {}),
        ...(seen.teamId ? { teamId: seen.teamId } : {}),
        ...(seen.user
          ? {
              teamsUserId: seen.user.teamsUserId,
              ...(seen.user.aadObjectId ? { aadObjectId: seen.user.aadObjectId.toLowerCase() } : {}),
            }
          : {}),
        ...(personId ? { personId } : {}),
        ...(seen.reference ? { reference: seen.reference } : {}),
      },
      $unset: { stateReason: 1, stateAt: 1 },
    },
    { upsert: true },
  );
  if (personId && seen.user) await rememberTeamsUser(personId, seen.user.teamsUserId);
}

/** The person's Teams user id (29:…), so Ids can open a personal chat with them later. */
export async function rememberTeamsUser(personId: Types.ObjectId, teamsUserId: string): Promise<void> {
  await Person.updateOne({ _id: personId, teamsUserId: { $ne: teamsUserId } }, { $set: { teamsUserId } });
}

/** Team members Teams listed (a team event): their Teams ids, by their Entra object id. */
export async function rememberTeamsUsers(
  members: ReadonlyArray<{ readonly teamsUserId: string; readonly aadObjectId?: string }>,
): Promise<void> {
  for (const m of members) {
    if (!m.aadObjectId || !m.teamsUserId.startsWith('29:')) continue;
    await Person.updateOne(
      { aadObjectId: m.aadObjectId.toLowerCase(), teamsUserId: { $ne: m.teamsUserId } },
      { $set: { teamsUserId: m.teamsUserId } },
    );
  }
}

/** The app was removed from a conversation, or from a whole team (all its channels). */
export async function markUninstalled(where: { conversationId: string } | { teamId: string }): Promise<void> {
  await ConversationRef.updateMany(where, {
    $set: { state: 'uninstalled', stateReason: 'uninstalled', stateAt: new Date() },
  });
}

/** Teams refused a message for good: the conversation is dead, with the reason. */
export async function markDead(conversationId: string, failure: DeliveryFailure, reason: string): Promise<void> {
  await ConversationRef.updateOne(
    { conversationId },
    { $set: { state: 'dead', stateReason: `${failure}: ${reason}`, stateAt: new Date() } },
  );
}

/** The person's personal chat with Ids that was seen last and still works. */
export async function personalConversationOf(personId: Types.ObjectId) {
  return ConversationRef.findOne({ personId, kind: 'personal', state: 'active' }).sort({ updatedAt: -1 }).lean();
}

/** The person's latest personal chat in any state (to tell "removed" from "never installed"). */
export async function lastPersonalConversationOf(personId: Types.ObjectId) {
  return ConversationRef.findOne({ personId, kind: 'personal' }).sort({ updatedAt: -1 }).lean();
}

/** The Bot Connector endpoint of the organisation: the one Teams used last, else the configured one. */
export async function serviceUrlFor(tenantId: string | undefined, fallback: string): Promise<string> {
  const latest = await ConversationRef.findOne(tenantId ? { tenantId } : {}, { serviceUrl: 1 })
    .sort({ updatedAt: -1 })
    .lean();
  return latest?.serviceUrl ?? fallback;
}
