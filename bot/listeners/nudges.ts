import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../../cards/adaptive.js';
import { answerNudgeCard, type NudgeCardAction } from '../../core/nudges/card.js';
import type { NudgeCommand } from '../../core/nudges/commands.js';
import { setNudgesWanted } from '../../core/nudges/preferences.js';
import { reindexPerson } from '../../core/people/profile.js';
import { t, type Locale } from '../../core/i18n.js';
import type { Actor } from '../../core/actor.js';
import type { BotDeps } from '../context.js';

/** The nudge card's buttons (Action.Execute): the card is replaced by the one core answers with. */
export async function onNudgeCardAction(
  context: TurnContext,
  action: NudgeCardAction,
  actor: Actor,
  deps: BotDeps,
): Promise<AdaptiveCardInvokeResponse> {
  const card = await answerNudgeCard(actor, action, {
    config: deps.config,
    rules: deps.services.nudges.rules,
    log: deps.log,
    ...(context.activity.from?.id ? { userId: context.activity.from.id } : {}),
  });
  // Searches find what was just filled in at once (as after PATCH /api/me).
  if (action.verb === 'nudgeSave') await reindexPerson(deps.services.directory, actor.personId);
  return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card as never };
}

/** "stop" / "geen herinneringen" and "herinneringen aan" in a personal chat. */
export async function onNudgeCommand(
  context: TurnContext,
  command: NudgeCommand,
  actor: Actor,
  locale: Locale,
): Promise<void> {
  const { changed } = await setNudgesWanted(actor, command.wanted);
  const key = command.wanted ? 'nudge.optedIn' : changed ? 'nudge.optedOut' : 'nudge.alreadyOut';
  await context.sendActivity(t(locale, key));
}
