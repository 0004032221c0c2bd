import { t, type Locale } from '../core/i18n.js';
import type { PersonView } from '../core/people/present.js';
import { adaptiveCard, textBlock, type AdaptiveCard, type CardElement, type TextBlock } from './adaptive.js';
import { cardText, plainText, TEXT_LIMITS } from './text.js';

export interface PersonPickListOptions {
  readonly locale: Locale;
  /** What the person searched for, echoed in the heading. */
  readonly query: string;
  /** How many matched in all, when more than `views` were found; defaults to views.length. */
  readonly total?: number;
}

/** At most this many people on one card; the heading says how many there were. */
export const PICK_LIST_MAX = 10;

/**
 * "I found N colleagues for 'x'" with a short list: name, job title and department per
 * person, and a button that asks the bot for that person's card ({ verb: 'showPerson' }).
 */
export function personPickList(views: readonly PersonView[], options: PersonPickListOptions): AdaptiveCard {
  const { locale } = options;
  const total = Math.max(options.total ?? 0, views.length);
  const query = cardText(options.query, { max: TEXT_LIMITS.query });
  const plainQuery = plainText(options.query, { max: TEXT_LIMITS.query });
  const heading =
    total === 1 ? t(locale, 'people.found.one', { query }) : t(locale, 'people.found.other', { count: total, query });

  const shown = views.slice(0, PICK_LIST_MAX);
  const body: CardElement[] = [textBlock(heading, { size: 'Medium', weight: 'Bolder', style: 'heading' })];
  for (const view of shown) body.push(entry(view, locale));
  if (total > shown.length) {
    body.push(
      textBlock(t(locale, 'people.found.more', { shown: shown.length }), {
        isSubtle: true,
        size: 'Small',
        spacing: 'Medium',
      }),
    );
  }
  const fallback =
    total === 1
      ? t(locale, 'people.found.one', { query: plainQuery })
      : t(locale, 'people.found.other', { count: total, query: plainQuery });
  return adaptiveCard(body, [], fallback);
}

function entry(view: PersonView, locale: Locale): CardElement {
  const name = cardText(view.displayName, { max: TEXT_LIMITS.name });
  const details = [view.jobTitle, view.department]
    .filter((s): s is string => Boolean(s))
    .map((s) => cardText(s, { max: 80 }))
    .join(' · ');
  const text: TextBlock[] = [textBlock(name, { weight: 'Bolder' })];
  if (details) text.push(textBlock(details, { isSubtle: true, spacing: 'None' }));
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
        items: [
          {
            type: 'ActionSet',
            actions: [
              {
                type: 'Action.Submit',
                title: t(locale, 'people.action.show'),
                tooltip: t(locale, 'people.action.showPerson', {
                  name: plainText(view.displayName, { max: TEXT_LIMITS.name }),
                }),
                data: { verb: 'showPerson', personId: view.id },
              },
            ],
          },
        ],
      },
    ],
  };
}
