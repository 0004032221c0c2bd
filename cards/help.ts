import { t, type Locale, type MessageKey } from '../core/i18n.js';
import { adaptiveCard, textBlock, type AdaptiveCard, type CardButton, type CardElement } from './adaptive.js';
import { safeUrl } from './text.js';

export interface HelpOptions {
  readonly locale: Locale;
  /** Deep link to the Ids tab; adds an "Open Ids" button. */
  readonly tabUrl?: string;
}

/** What the bot can do, in the order the help card and the text help list it. */
export const HELP_ITEMS = [
  'help.item.phone',
  'help.item.skill',
  'help.item.department',
  'help.item.reverse',
  'help.item.share',
  'help.item.tab',
] as const satisfies readonly MessageKey[];

export function helpCard(options: HelpOptions): AdaptiveCard {
  const { locale } = options;
  const body: CardElement[] = [
    textBlock(t(locale, 'help.title'), { size: 'Large', weight: 'Bolder', style: 'heading' }),
    textBlock(t(locale, 'help.intro'), { spacing: 'Small' }),
    ...HELP_ITEMS.map((key, i) => textBlock(`• ${t(locale, key)}`, { spacing: i === 0 ? 'Medium' : 'Small' })),
    textBlock(t(locale, 'help.footer'), { isSubtle: true, spacing: 'Medium' }),
  ];
  const actions: CardButton[] = [];
  const tabUrl = safeUrl(options.tabUrl);
  if (tabUrl) actions.push({ type: 'Action.OpenUrl', title: t(locale, 'help.action.openTab'), url: tabUrl });
  return adaptiveCard(body, actions, t(locale, 'help.title'));
}
