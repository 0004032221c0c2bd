import { t, type Locale } from '../core/i18n.js';
import type { PersonView } from '../core/people/present.js';
import type { AskAboutAction, MorePeopleAction } from './actions.js';
import {
  adaptiveCard,
  textBlock,
  type AdaptiveCard,
  type CardButton,
  type CardElement,
  type TextBlock,
} from './adaptive.js';
import { cardText, plainText, TEXT_LIMITS } from './text.js';

export interface PersonPickListOptions {
  readonly locale: Locale;
  /** What the person searched for, echoed in the default heading. */
  readonly query: string;
  /** How many matched in all, when more than `views` were found; defaults to views.length. */
  readonly total?: number;
  /** A heading other than "I found N colleagues for 'x'" (a department, a team, "who do you mean?"). */
  readonly heading?: string;
  /** Where this page starts in the whole list (0 for the first page). */
  readonly offset?: number;
  /** The "more" button's data, when there is a next page. */
  readonly more?: MorePeopleAction;
  /** What each person's button asks: their card (default), or their manager or team. */
  readonly pick?: 'show' | AskAboutAction['question'];
}

/** At most this many people on one card; the heading says how many there were. */
export const PICK_LIST_MAX = 10;

/**
 * "I found N colleagues for 'x'" with a short list: name, job title and department per person
 * (and location for namesakes, so two Jan de Vries can be told apart), a button per person that
 * asks the bot for their card ({ verb: 'showPerson' }) or their manager or team ({ verb:
 * 'askAbout' }), and, when the list goes on, "which of how many" and a "more" button.
 */
export function personPickList(views: readonly PersonView[], options: PersonPickListOptions): AdaptiveCard {
  const { locale } = options;
  const offset = options.offset ?? 0;
  const total = Math.max(options.total ?? 0, offset + views.length);
  const query = cardText(options.query, { max: TEXT_LIMITS.query });
  const plainQuery = plainText(options.query, { max: TEXT_LIMITS.query });
  const heading =
    options.heading !== undefined
      ? cardText(options.heading, { max: 200 })
      : total === 1
        ? t(locale, 'people.found.one', { query })
        : t(locale, 'people.found.other', { count: total, query });

  const shown = views.slice(0, PICK_LIST_MAX);
  const body: CardElement[] = [textBlock(heading, { size: 'Medium', weight: 'Bolder', style: 'heading' })];
  for (const view of shown) body.push(entry(view, locale, shown, options.pick ?? 'show'));
  const actions: CardButton[] = [];
  if (total > shown.length) {
    body.push(
      textBlock(t(locale, 'people.page', { from: offset + 1, to: offset + shown.length, total }), {
        isSubtle: true,
        size: 'Small',
        spacing: 'Medium',
      }),
    );
    if (options.more)
      actions.push({
        type: 'Action.Submit',
        title: t(locale, 'people.action.more'),
        tooltip: t(locale, 'people.action.moreTooltip', {
          count: Math.min(shown.length, total - offset - shown.length),
        }),
        data: options.more,
      });
    else
      body.push(textBlock(t(locale, 'people.found.more', { shown: shown.length }), { isSubtle: true, size: 'Small' }));
  }
  const fallback =
    options.heading !== undefined
      ? plainText(options.heading, { max: 200 })
      : total === 1
        ? t(locale, 'people.found.one', { query: plainQuery })
        : t(locale, 'people.found.other', { count: total, query: plainQuery });
  return adaptiveCard(body, actions, fallback);
}

/**
 * What tells people on a list apart: job title and department, and the location for someone
 * whose name another person on the list has too (or whose title and department are missing).
 */
export function personDetails(view: PersonView, list: readonly PersonView[]): string[] {
  const namesake = list.some(
    (other) =>
      other !== view && other.id !== view.id && other.displayName.toLowerCase() === view.displayName.toLowerCase(),
  );
  const details = [view.jobTitle, view.department];
  if (namesake || details.every((d) => !d)) details.push(view.officeLocation);
  return details.filter((s): s is string => Boolean(s));
}

function entry(
  view: PersonView,
  locale: Locale,
  list: readonly PersonView[],
  pick: 'show' | 'manager' | 'team',
): CardElement {
  const name = cardText(view.displayName, { max: TEXT_LIMITS.name });
  const plainName = plainText(view.displayName, { max: TEXT_LIMITS.name });
  const details = personDetails(view, list)
    .map((s) => cardText(s, { max: 80 }))
    .join(' · ');
  const text: TextBlock[] = [textBlock(name, { weight: 'Bolder' })];
  if (details) text.push(textBlock(details, { isSubtle: true, spacing: 'None' }));
  const button: CardButton =
    pick === 'show'
      ? {
          type: 'Action.Submit',
          title: t(locale, 'people.action.show'),
          tooltip: t(locale, 'people.action.showPerson', { name: plainName }),
          data: { verb: 'showPerson', personId: view.id },
        }
      : {
          type: 'Action.Submit',
          title: t(locale, pick === 'manager' ? 'people.action.manager' : 'people.action.team'),
          tooltip: t(locale, pick === 'manager' ? 'people.action.managerOf' : 'people.action.teamOf', {
            name: plainName,
          }),
          data: { verb: 'askAbout', question: pick, personId: view.id },
        };
  return {
    type: 'ColumnSet',
    separator: true,
    spacing: 'Medium',
    columns: [
      { type: 'Column', width: 'stretch', verticalContentAlignment: 'Center', items: text },
      {
        type: 'Column',
        width: 'auto',
        verticalContentAlignment: 'Center',
        items: [{ type: 'ActionSet', actions: [button] }],
      },
    ],
  };
}
