import { MessageFactory, type TurnContext } from 'botbuilder';
import type { Config } from '../config/index.js';
import { t, type Locale } from '../core/i18n.js';
import type { DirectoryAnswer, ListTitle } from '../core/people/questions.js';
import type { PersonView } from '../core/people/present.js';
import type { Suggestion } from '../core/directory/types.js';
import { personLink, tabLink } from '../core/links.js';
import { cardAttachment } from '../cards/adaptive.js';
import { personCard } from '../cards/person-card.js';
import { personPickList, type PersonPickListOptions } from '../cards/person-pick-list.js';
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
  intro?: string,
): Promise<void> {
  const profileUrl = personLink(config, view.id);
  const extra = intro ? { intro } : {};
  if (rendersCards(context)) {
    await context.sendActivity(
      MessageFactory.attachment(cardAttachment(personCard(view, { locale, profileUrl, ...extra }))),
    );
  } else {
    await context.sendActivity(MessageFactory.text(personText(view, locale, { profileUrl, ...extra }), undefined));
  }
}

export async function replyPickList(
  context: TurnContext,
  views: readonly PersonView[],
  locale: Locale,
  query: string,
  total: number,
  more: Omit<PersonPickListOptions, 'locale' | 'query' | 'total'> = {},
): Promise<void> {
  if (rendersCards(context)) {
    await context.sendActivity(
      MessageFactory.attachment(cardAttachment(personPickList(views, { locale, query, total, ...more }))),
    );
  } else {
    await context.sendActivity(
      MessageFactory.text(
        pickListText(views, {
          locale,
          query,
          total,
          ...(more.heading !== undefined ? { heading: more.heading } : {}),
          ...(more.offset !== undefined ? { offset: more.offset } : {}),
        }),
      ),
    );
  }
}

function headingOf(title: ListTitle, total: number, locale: Locale): string | undefined {
  switch (title.kind) {
    case 'found':
      return undefined;
    case 'department':
      return total === 1
        ? t(locale, 'people.department.one', { department: title.department })
        : t(locale, 'people.department.other', { department: title.department, count: total });
    case 'team':
      return total === 1
        ? t(locale, 'people.team.one', { lead: title.lead })
        : t(locale, 'people.team.other', { lead: title.lead, count: total });
    case 'choose':
      return t(locale, 'people.choose.heading', { query: title.query, count: total });
  }
}

/** Any answer of core/people/questions.ts: a card, a pick list (with "more"), or "nobody found". */
export async function replyAnswer(
  context: TurnContext,
  config: Config,
  answer: DirectoryAnswer,
  locale: Locale,
): Promise<void> {
  switch (answer.kind) {
    case 'person':
      await replyPerson(context, config, answer.person, locale);
      return;
    case 'list':
    case 'choose': {
      const next = answer.offset + answer.people.length;
      const heading = headingOf(answer.title, answer.total, locale);
      const query = answer.list.kind === 'search' ? answer.list.query : (heading ?? '');
      await replyPickList(context, answer.people, locale, query, answer.total, {
        ...(heading !== undefined ? { heading } : {}),
        offset: answer.offset,
        ...(next < answer.total ? { more: { verb: 'morePeople', list: answer.list, offset: next } } : {}),
        ...(answer.kind === 'choose' ? { pick: answer.question } : {}),
      });
      return;
    }
    case 'manager':
      if (answer.manager)
        await replyPerson(
          context,
          config,
          answer.manager,
          locale,
          t(locale, 'people.manager.intro', { name: answer.of.displayName }),
        );
      else await context.sendActivity(t(locale, 'people.manager.none', { name: answer.of.displayName }));
      return;
    case 'departmentManager': {
      const intro = t(locale, 'people.departmentManager.intro', { department: answer.department });
      if (answer.managers.length === 1) await replyPerson(context, config, answer.managers[0]!, locale, intro);
      else if (answer.managers.length > 1)
        await replyPickList(context, answer.managers, locale, answer.department, answer.managers.length, {
          heading: intro,
        });
      else await context.sendActivity(t(locale, 'people.departmentManager.none', { department: answer.department }));
      return;
    }
    case 'none':
      await replyNoMatch(context, locale, answer.query, answer.suggestions);
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
