import { MessageFactory, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { ConversationRef } from '../models/delivery.js';
import type { Messenger, PersonMessage, SendOutcome } from '../core/posts/notify.js';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../cards/adaptive.js';

/**
 * core's Messenger over the Bot Framework: a proactive message into the person's personal chat
 * with the bot, using the ConversationRef saved when they installed the app or last wrote to it.
 */
export function createBotMessenger(adapter: CloudAdapter, config: Config, log: Logger): Messenger {
  return {
    async sendToPerson(personId: string, message: PersonMessage): Promise<SendOutcome> {
      const ref = await ConversationRef.findOne({ personId }).sort({ updatedAt: -1 }).lean();
      if (!ref) {
        log.info({ personId }, 'no conversation with this person yet: message not sent');
        return 'unreachable';
      }
      const activity = message.card
        ? MessageFactory.attachment({ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: message.card }, message.text)
        : MessageFactory.text(message.text);
      await adapter.continueConversationAsync(
        config.bot.appId ?? '',
        ref.reference as Partial<ConversationReference>,
        async (context) => {
          await context.sendActivity(activity);
        },
      );
      return 'sent';
    },
  };
}
