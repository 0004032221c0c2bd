import {
  TeamsActivityHandler,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  type TurnContext,
} from 'botbuilder';
import type { BotDeps } from './context.js';
import { onMessage } from './listeners/messages.js';
import { onPeopleQuery } from './listeners/message-extension.js';
import { rememberPersonalConversation } from './listeners/conversations.js';
import { audienceOf, resolveAsker } from './identity.js';
import { replyHelp } from './reply.js';
import { pickLocale } from '../core/i18n.js';

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
    this.onInstallationUpdateAdd(async (context, next) => {
      const asker = await resolveAsker(context, deps.config, deps.log);
      await rememberPersonalConversation(context, asker.ok && !asker.standIn ? asker.actor : undefined, deps.log);
      // A personal install is the first hello: say what Ids can do.
      if (audienceOf(context) === 'private') {
        const fallback = asker.ok ? asker.actor.locale : deps.config.defaultLocale;
        await replyHelp(context, deps.config, pickLocale(context.activity.locale, undefined, fallback));
      }
      await next();
    });
  }

  protected override handleTeamsMessagingExtensionQuery(
    context: TurnContext,
    query: MessagingExtensionQuery,
  ): Promise<MessagingExtensionResponse> {
    return onPeopleQuery(context, query, this.deps);
  }
}
