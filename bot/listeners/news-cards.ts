import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, TurnContext } from 'botbuilder';
import type { ReadReceiptInfo } from 'botframework-connector';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../../cards/adaptive.js';
import { parseExecuteAction } from '../../cards/actions.js';
import { personalNewsCard } from '../../core/delivery/card-actions.js';
import { markSeenUpTo } from '../../core/delivery/receipts.js';
import { AppError } from '../../core/errors.js';
import { pickLocale, t } from '../../core/i18n.js';
import type { BotDeps } from '../context.js';
import { resolveAsker } from '../identity.js';
import { onNudgeCardAction } from './nudges.js';

/** An invoke answer that shows a line of text instead of a new card. */
function message(text: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text as never };
}

/**
 * Universal Actions (Action.Execute): on news cards "Ik heb dit gelezen", and the refresh Teams
 * asks for when it shows a card that needs acknowledgement; on the profile nudge card "Opslaan",
 * "Geen herinneringen meer" and its refresh (bot/listeners/nudges.ts). Each answers with the card
 * as that person should see it now.
 */
export async function onCardExecute(
  context: TurnContext,
  value: AdaptiveCardInvokeValue,
  deps: BotDeps,
): Promise<AdaptiveCardInvokeResponse> {
  const asker = await resolveAsker(context, deps.config, deps.log);
  const locale = pickLocale(
    context.activity.locale,
    undefined,
    asker.ok ? asker.actor.locale : deps.config.defaultLocale,
  );
  const action = parseExecuteAction(value.action);
  if (!action) return message(t(locale, 'bot.unknownAction'));
  if (!asker.ok) return message(t(locale, `bot.refused.${asker.reason}`));
  if (action.verb === 'nudgeSave' || action.verb === 'nudgeOptOut' || action.verb === 'nudgeRefresh') {
    // A development stand-in would change the stand-in's own profile.
    if (asker.standIn) return message(t(locale, 'bot.refused.unknown'));
    return onNudgeCardAction(context, action, { ...asker.actor, locale }, deps);
  }
  // A development stand-in has no card of its own to acknowledge.
  if (asker.standIn && action.verb === 'ackPost') return message(t(locale, 'bot.refused.unknown'));
  try {
    const card = await personalNewsCard(asker.actor, action.data.postId, deps.config, {
      locale,
      ...(context.activity.from?.id ? { userId: context.activity.from.id } : {}),
      acknowledge: action.verb === 'ackPost',
    });
    return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card as never };
  } catch (err) {
    if (err instanceof AppError && err.status === 400) return message(t(locale, 'ack.notNeeded'));
    throw err;
  }
}

/**
 * A Teams read receipt in a personal chat: every card Ids sent there up to the last message read
 * counts as seen (a lower bound: receipts can be switched off).
 */
export async function onReadReceipt(info: ReadReceiptInfo, context: TurnContext, deps: BotDeps): Promise<void> {
  const conversationId = context.activity.conversation?.id;
  if (!conversationId || !info.lastReadMessageId || context.activity.channelId !== 'msteams') return;
  try {
    await markSeenUpTo(conversationId, info.lastReadMessageId);
  } catch (err) {
    deps.log.warn({ err: (err as Error).message }, 'could not record a read receipt');
  }
}
