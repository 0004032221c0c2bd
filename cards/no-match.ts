import { t, type Locale } from '../core/i18n.js';
import { adaptiveCard, textBlock, type AdaptiveCard, type CardElement, type SubmitAction } from './adaptive.js';
import { cardText, plainText, TEXT_LIMITS } from './text.js';

/** A "did you mean" suggestion: a person to show, or a term to search for instead. */
export type Suggestion =
  | { readonly kind: 'person'; readonly personId: string; readonly label: string }
  | { readonly kind: 'query'; readonly query: string };

export interface NoMatchOptions {
  readonly locale: Locale;
  readonly query: string;
  readonly suggestions?: readonly Suggestion[];
}

/** Buttons beyond this are not shown (Teams shows few side by side, and more is noise). */
export const SUGGESTIONS_MAX = 5;

/** "Nobody found for 'x'", "did you mean" buttons, and how to search by skill. */
export function noMatchCard(options: NoMatchOptions): AdaptiveCard {
  const { locale } = options;
  const query = cardText(options.query, { max: TEXT_LIMITS.query });
  const body: CardElement[] = [
    textBlock(t(locale, 'people.noMatch', { query }), { weight: 'Bolder', style: 'heading' }),
  ];

  const buttons = (options.suggestions ?? [])
    .slice(0, SUGGESTIONS_MAX)
    .map(suggestionButton)
    .filter((b) => b.title !== '');
  if (buttons.length > 0) {
    body.push(textBlock(t(locale, 'people.didYouMean'), { spacing: 'Medium' }));
    body.push({ type: 'ActionSet', actions: buttons, spacing: 'Small' });
  }
  body.push(textBlock(t(locale, 'people.hint.skill'), { isSubtle: true, spacing: 'Medium' }));
  body.push(textBlock(t(locale, 'people.hint.search'), { isSubtle: true, spacing: 'Small' }));
  return adaptiveCard(
    body,
    [],
    t(locale, 'people.noMatch', { query: plainText(options.query, { max: TEXT_LIMITS.query }) }),
  );
}

function suggestionButton(suggestion: Suggestion): SubmitAction {
  if (suggestion.kind === 'person') {
    return {
      type: 'Action.Submit',
      // Button titles are plain text, not markdown.
      title: plainText(suggestion.label, { max: 60 }),
      data: { verb: 'showPerson', personId: suggestion.personId },
    };
  }
  // The query goes back to the bot as a search term: plain text, no markdown escapes.
  const query = plainText(suggestion.query, { max: 200 });
  return { type: 'Action.Submit', title: plainText(query, { max: 60 }), data: { verb: 'search', query } };
}
