import {
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  type TurnContext,
} from 'botbuilder';
import type { BotDeps } from './context.js';
import { onMessage } from './listeners/messages.js';
import { onPeopleQuery } from './listeners/message-extension.js';
import { onConversationUpdate, onInstalled, onUninstalled } from './listeners/installations.js';
import { onCardExecute, onReadReceipt } from './listeners/news-cards.js';

/**
 * The bot: registers one listener per kind of activity. Listeners live in ./listeners and
 * call core; nothing here decides anything.
 */
export class IdsBot extends TeamsActivityHandler {
  constructor(private readonly deps: BotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await onMessage(context, deps);
      await next();
    });
    // Installations: where the bot may write proactively (personal, team and group chat scope).
    this.onInstallationUpdateAdd(async (context, next) => {
      await onInstalled(context, deps);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await onUninstalled(context, deps);
      await next();
    });
    this.onConversationUpdate(async (context, next) => {
      await onConversationUpdate(context, deps);
      await next();
    });
    this.onTeamsReadReceiptEvent(async (info, context, next) => {
      await onReadReceipt(info, context, deps);
      await next();
    });
  }

  /** Universal Actions (Action.Execute) on news cards: acknowledge, refresh. */
  protected override onAdaptiveCardInvoke(
    context: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    return onCardExecute(context, value, this.deps);
  }

  protected override handleTeamsMessagingExtensionQuery(
    context: TurnContext,
    query: MessagingExtensionQuery,
  ): Promise<MessagingExtensionResponse> {
    return onPeopleQuery(context, query, this.deps);
  }
}
