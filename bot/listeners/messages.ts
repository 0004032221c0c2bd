import type { TurnContext } from 'botbuilder';
import { parseIntent, searchModeFor } from '../../core/directory/index.js';
import { pickLocale, t, type Locale } from '../../core/i18n.js';
import { resolveAsker, type Asker } from '../identity.js';
import { answerDirectoryQuestion, answerPeopleSearch } from './people.js';
import { handleCardAction } from './card-actions.js';
import { rememberConversation } from './installations.js';
import { handleDeliveryCommand } from './delivery-commands.js';
import { parseDeliveryCommand } from '../../core/delivery/commands.js';
import { parseNudgeCommand } from '../../core/nudges/commands.js';
import { onNudgeCommand } from './nudges.js';
import { replyHelp } from '../reply.js';
import type { BotDeps } from '../context.js';
import { rememberTurnLocale } from '../errors.js';
import * as social from './social.js';
import { recordEngagement } from '../../core/analytics/events.js';

/** As long as the tab API and the message extension allow. */
const MAX_QUERY_LENGTH = 200;

/**
 * Every message to the bot: a card button (Action.Submit arrives as a message with a value),
 * an image from the field, or free text parsed into an intent.
 */
export async function onMessage(context: TurnContext, deps: BotDeps): Promise<void> {
  const a = context.activity;
  const asker = await resolveAsker(context, deps.config, deps.log);
  // A stand-in identity must not collect someone else's proactive messages.
  if (asker.ok && !asker.standIn) await rememberConversation(context, asker.actor, deps);

  if (a.value && typeof a.value === 'object' && !a.text) {
    await handleCardAction(context, deps, asker, a.value);
    return;
  }

  const botNames = [a.recipient?.name, 'Ids'].filter((n): n is string => Boolean(n));
  const intent = parseIntent(a.text ?? '', a.locale, { botNames });
  const command = parseDeliveryCommand(a.text ?? '', botNames);
  const locale = pickLocale(a.locale, command?.language ?? intent.language, deps.config.defaultLocale);
  rememberTurnLocale(context, locale);

  if (!asker.ok) {
    await refuse(context, asker, locale);
    return;
  }
  recordEngagement(asker.actor, 'bot_message');
  if (command) {
    await handleDeliveryCommand(context, command, { ...deps, actor: asker.actor, locale });
    return;
  }
  // "stop" means the nudges only in a person's own chat with Ids (in a channel it would be anyone's word).
  const nudgeCommand = asker.audience === 'private' && !asker.standIn ? parseNudgeCommand(a.text ?? '') : undefined;
  if (nudgeCommand) {
    await onNudgeCommand(context, nudgeCommand, asker.actor, pickLocale(a.locale, nudgeCommand.language, locale));
    return;
  }
  if (social.hasImageAttachment(context) && asker.audience === 'private') {
    await social.handleImageAttachment(context, { ...deps, actor: asker.actor, locale });
    return;
  }
  switch (intent.intent) {
    case 'help':
      await replyHelp(context, deps.config, locale);
      return;
    case 'news':
      await social.handleNews(context, { ...deps, actor: asker.actor, locale }, intent.query);
      return;
    case 'question':
      await social.handleQuestion(context, intent.query, { ...deps, actor: asker.actor, locale });
      return;
    case 'department':
    case 'manager':
    case 'team':
      if (intent.query) {
        await answerDirectoryQuestion(
          context,
          deps,
          asker,
          intent.intent,
          intent.query.slice(0, MAX_QUERY_LENGTH),
          locale,
        );
        return;
      }
      await replyHelp(context, deps.config, locale);
      return;
    default:
      if (!intent.query) {
        await replyHelp(context, deps.config, locale);
        return;
      }
      // Names, numbers and skills are short; a pasted essay is not a search (and would cost seconds).
      await answerPeopleSearch(
        context,
        deps,
        asker,
        intent.query.slice(0, MAX_QUERY_LENGTH),
        searchModeFor(intent.intent),
        locale,
      );
  }
}

export async function refuse(
  context: TurnContext,
  asker: Extract<Asker, { ok: false }>,
  locale: Locale,
): Promise<void> {
  await context.sendActivity(t(locale, `bot.refused.${asker.reason}`));
}
