import { MessageFactory, type TurnContext } from 'botbuilder';
import type { Config } from '../config/index.js';
import type { Locale } from '../core/i18n.js';
import type { PersonView } from '../core/people/present.js';
import type { Suggestion } from '../core/directory/types.js';
import { personLink, tabLink } from '../core/links.js';
import { cardAttachment } from '../cards/adaptive.js';
import { personCard } from '../cards/person-card.js';
import { personPickList } from '../cards/person-pick-list.js';
import { noMatchCard, type Suggestion as CardSuggestion } from '../cards/no-match.js';
import { helpCard } from '../cards/help.js';
import { personText, pickListText, noMatchText, helpText } from '../cards/text-fallback.js';

/** Channels that render Adaptive Cards; the rest (Emulator, Slack, plain Web Chat) get markdown text. */
const CARD_CHANNELS = new Set(['msteams', 'webchat', 'directline']);

export function rendersCards(context: TurnContext): boolean {
  return CARD_CHANNELS.has(context.activity.channelId);
}

export async function replyPerson(
  context: TurnContext,
  config: Config,
  view: PersonView,
  locale: Locale,
): Promise<void> {
  const profileUrl = personLink(config, view.id);
  if (rendersCards(context)) {
    await context.sendActivity(MessageFactory.attachment(cardAttachment(personCard(view, { locale, profileUrl }))));
  } else {
    await context.sendActivity(MessageFactory.text(personText(view, locale, { profileUrl }), undefined));
  }
}

export async function replyPickList(
  context: TurnContext,
  views: readonly PersonView[],
  locale: Locale,
  query: string,
  total: number,
): Promise<void> {
  if (rendersCards(context)) {
    await context.sendActivity(
      MessageFactory.attachment(cardAttachment(personPickList(views, { locale, query, total }))),
    );
  } else {
    await context.sendActivity(MessageFactory.text(pickListText(views, { locale, query, total })));
  }
}

export async function replyNoMatch(
  context: TurnContext,
  locale: Locale,
  query: string,
  suggestions: readonly Suggestion[],
): Promise<void> {
  const offered: CardSuggestion[] = suggestions.map((s) =>
    s.personId ? { kind: 'person', personId: s.personId, label: s.text } : { kind: 'query', query: s.text },
  );
  if (rendersCards(context)) {
    await context.sendActivity(
      MessageFactory.attachment(cardAttachment(noMatchCard({ locale, query, suggestions: offered }))),
    );
  } else {
    await context.sendActivity(MessageFactory.text(noMatchText({ locale, query, suggestions: offered })));
  }
}

export async function replyHelp(context: TurnContext, config: Config, locale: Locale): Promise<void> {
  const tabUrl = tabLink(config);
  if (rendersCards(context)) {
    await context.sendActivity(MessageFactory.attachment(cardAttachment(helpCard({ locale, tabUrl }))));
  } else {
    await context.sendActivity(MessageFactory.text(helpText(locale, { tabUrl })));
  }
}
