import { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { ConversationRef } from '../../models/delivery.js';
import type { Actor } from '../../core/actor.js';

/**
 * Remembers where the bot can reach a person proactively (news cards, nudges, answers to their
 * questions): the personal conversation, saved on install and on every personal message.
 */
export async function rememberPersonalConversation(
  context: TurnContext,
  actor: Actor | undefined,
  log: Logger,
): Promise<void> {
  const a = context.activity;
  if (a.conversation?.conversationType && a.conversation.conversationType !== 'personal') return;
  if (!a.from?.id || !a.conversation?.id || !a.serviceUrl) return;
  const reference = TurnContext.getConversationReference(a);
  try {
    await ConversationRef.updateOne(
      { teamsUserId: a.from.id },
      {
        $set: {
          ...(actor ? { personId: actor.personId } : {}),
          aadObjectId: a.from.aadObjectId?.toLowerCase(),
          tenantId: a.conversation.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id,
          conversationId: a.conversation.id,
          serviceUrl: a.serviceUrl,
          channelId: a.channelId,
          reference: JSON.parse(JSON.stringify(reference)),
        },
      },
      { upsert: true },
    );
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'could not save the conversation reference');
  }
}
