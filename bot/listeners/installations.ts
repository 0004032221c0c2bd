import { TurnContext } from 'botbuilder';
import type { Actor } from '../../core/actor.js';
import {
  markUninstalled,
  rememberTeamsUsers,
  saveConversation,
  type SeenConversation,
} from '../../core/delivery/conversations.js';
import { pickLocale } from '../../core/i18n.js';
import type { BotDeps } from '../context.js';
import { audienceOf, resolveAsker } from '../identity.js';
import { replyHelp } from '../reply.js';

type ChannelData = {
  tenant?: { id?: string };
  team?: { id?: string };
  channel?: { id?: string };
};

/** Where an activity happened, as core remembers conversations; undefined outside Teams' three scopes. */
export function seenConversationOf(context: TurnContext): SeenConversation | undefined {
  const a = context.activity;
  if (!a.conversation?.id || !a.serviceUrl) return undefined;
  const data = (a.channelData ?? {}) as ChannelData;
  const tenantId = data.tenant?.id ?? a.conversation.tenantId;
  const type = a.conversation.conversationType ?? 'personal';
  const common = {
    serviceUrl: a.serviceUrl,
    channelId: a.channelId,
    ...(tenantId ? { tenantId } : {}),
    ...(a.recipient?.id ? { botId: a.recipient.id } : {}),
    reference: JSON.parse(JSON.stringify(TurnContext.getConversationReference(a))) as object,
  };
  if (type === 'channel') {
    // A message in a thread names "<channel>;messageid=…": new cards go to the channel itself.
    const conversationId = data.channel?.id ?? a.conversation.id.split(';')[0]!;
    return { kind: 'channel', conversationId, ...common, ...(data.team?.id ? { teamId: data.team.id } : {}) };
  }
  if (type === 'groupChat') return { kind: 'groupChat', conversationId: a.conversation.id, ...common };
  if (type !== 'personal' || !a.from?.id) return undefined;
  return {
    kind: 'personal',
    conversationId: a.conversation.id,
    ...common,
    user: { teamsUserId: a.from.id, ...(a.from.aadObjectId ? { aadObjectId: a.from.aadObjectId } : {}) },
  };
}

/**
 * Remembers where the bot can write proactively (news cards, answer notices, nudges): a personal
 * chat tied to the person it could be matched to, a channel or a group chat. Saved through core;
 * a failure is logged and never fails the turn.
 */
export async function rememberConversation(
  context: TurnContext,
  actor: Actor | undefined,
  deps: BotDeps,
): Promise<void> {
  const seen = seenConversationOf(context);
  if (!seen || context.activity.channelId !== 'msteams') return;
  try {
    await saveConversation(seen, seen.kind === 'personal' ? actor?.personId : undefined);
  } catch (err) {
    deps.log.warn({ err: (err as Error).message }, 'could not save the conversation reference');
  }
}

/** The app was installed (personal, team or group chat): remember the conversation; say hello in a personal chat. */
export async function onInstalled(context: TurnContext, deps: BotDeps): Promise<void> {
  const asker = await resolveAsker(context, deps.config, deps.log);
  // A stand-in identity (development without credentials) must not collect someone else's cards.
  await rememberConversation(context, asker.ok && !asker.standIn ? asker.actor : undefined, deps);
  if (audienceOf(context) === 'private') {
    const fallback = asker.ok ? asker.actor.locale : deps.config.defaultLocale;
    await replyHelp(context, deps.config, pickLocale(context.activity.locale, undefined, fallback));
  }
}

/** The app was removed: nothing more goes there (the person becomes "not reachable" in reports). */
export async function onUninstalled(context: TurnContext, deps: BotDeps): Promise<void> {
  const seen = seenConversationOf(context);
  if (!seen) return;
  try {
    await markUninstalled(seen.teamId ? { teamId: seen.teamId } : { conversationId: seen.conversationId });
  } catch (err) {
    deps.log.warn({ err: (err as Error).message }, 'could not record the uninstall');
  }
}

/**
 * conversationUpdate: the bot added to or removed from a team, a group chat or a personal chat;
 * and, in a team, colleagues joining (their Teams ids let Ids open a personal chat later).
 */
export async function onConversationUpdate(context: TurnContext, deps: BotDeps): Promise<void> {
  const a = context.activity;
  const botId = a.recipient?.id;
  const added = a.membersAdded ?? [];
  const removed = a.membersRemoved ?? [];
  if (botId && removed.some((m) => m.id === botId)) {
    await onUninstalled(context, deps);
    return;
  }
  if (botId && added.some((m) => m.id === botId)) {
    const asker = audienceOf(context) === 'private' ? await resolveAsker(context, deps.config, deps.log) : undefined;
    await rememberConversation(context, asker?.ok && !asker.standIn ? asker.actor : undefined, deps);
  }
  const people = added
    .filter((m) => m.id !== botId && m.aadObjectId)
    .map((m) => ({ teamsUserId: m.id, aadObjectId: m.aadObjectId }));
  if (people.length && a.channelId === 'msteams') {
    try {
      await rememberTeamsUsers(people);
    } catch (err) {
      deps.log.warn({ err: (err as Error).message }, 'could not remember the Teams ids of new members');
    }
  }
}
