import type { TurnContext } from 'botbuilder';
import { parseCardAction } from '../../cards/actions.js';
import { pickLocale, t } from '../../core/i18n.js';
import type { Asker } from '../identity.js';
import { answerAskAbout, answerMorePeople, answerPeopleSearch, answerShowPerson } from './people.js';
import type { BotDeps } from '../context.js';
import { rememberTurnLocale } from '../errors.js';
import { refuse } from './messages.js';
import * as social from './social.js';

/** Action.Submit buttons: the value is parsed with the card action schema, then dispatched on its verb. */
export async function handleCardAction(
  context: TurnContext,
  deps: BotDeps,
  asker: Asker,
  value: unknown,
): Promise<void> {
  const locale = pickLocale(context.activity.locale, undefined, deps.config.defaultLocale);
  rememberTurnLocale(context, locale);
  if (!asker.ok) {
    await refuse(context, asker, locale);
    return;
  }
  const action = parseCardAction(value);
  if (!action) {
    await context.sendActivity(t(locale, 'bot.unknownAction'));
    return;
  }
  switch (action.verb) {
    case 'showPerson':
      if (!(await answerShowPerson(context, deps, asker, action.personId, locale))) {
        await context.sendActivity(t(locale, 'bot.personGone'));
      }
      return;
    case 'search':
      await answerPeopleSearch(context, deps, asker, action.query, 'any', locale);
      return;
    case 'morePeople':
      if (!(await answerMorePeople(context, deps, asker, action.list, action.offset, locale)))
        await context.sendActivity(t(locale, 'bot.personGone'));
      return;
    case 'askAbout':
      if (!(await answerAskAbout(context, deps, asker, action.question, action.personId, locale)))
        await context.sendActivity(t(locale, 'bot.personGone'));
      return;
    default:
      await social.handleSocialCardAction(context, action, { ...deps, actor: asker.actor, locale });
  }
}
