import { t, type Locale } from '../core/i18n.js';
import type { PersonView } from '../core/people/present.js';
import { HELP_ITEMS } from './help.js';
import type { Suggestion } from './no-match.js';
import { PICK_LIST_MAX, personDetails } from './person-pick-list.js';
import { cardText, mailtoUrl, safeUrl, TEXT_LIMITS, type UrlKind } from './text.js';

/**
 * The same answers as the cards, as markdown text, for channels that do not render Adaptive
 * Cards (Bot Framework Emulator, Web Chat without cards, Slack). People's text goes through
 * cardText(); links are only the ones built here, from checked URLs. Outside Teams a tel:
 * link is the useful way to call, so phone numbers link to tel:.
 */

export interface PersonTextOptions {
  /** Link to the person's profile in the Ids tab. */
  readonly profileUrl?: string;
  /** A line above the person ("Jelte de Boer's manager:"). */
  readonly intro?: string;
}

export function personText(view: PersonView, locale: Locale, options: PersonTextOptions = {}): string {
  const name = cardText(view.displayName, { max: TEXT_LIMITS.name });
  const blocks: string[] = [view.jobTitle ? `**${name}**  \n${cardText(view.jobTitle)}` : `**${name}**`];
  if (options.intro) blocks.unshift(cardText(options.intro, { max: 200 }));

  const facts: string[] = [];
  if (view.department) facts.push(`${t(locale, 'people.label.department')}: ${cardText(view.department)}`);
  if (view.officeLocation) facts.push(`${t(locale, 'people.label.location')}: ${cardText(view.officeLocation)}`);
  for (const phone of view.phones) {
    const label = t(locale, phone.kind === 'mobile' ? 'people.label.mobile' : 'people.label.phone');
    facts.push(`${label}: ${link(cardText(phone.display, { max: 40 }), phone.tel, ['tel'])}`);
  }
  if (view.email) {
    facts.push(
      `${t(locale, 'people.label.email')}: ${link(cardText(view.email, { max: 254 }), mailtoUrl(view.email), ['mailto'])}`,
    );
  }
  if (view.skills.length > 0) {
    const skills = view.skills.slice(0, 15).map((s) => cardText(s, { max: TEXT_LIMITS.skill }));
    facts.push(`${t(locale, 'people.label.skills')}: ${skills.join(' · ')}`);
  }
  if (facts.length > 0) blocks.push(facts.map((f) => `- ${f}`).join('\n'));

  const links: string[] = [];
  const chat = safeUrl(view.chatUrl);
  if (chat) links.push(link(t(locale, 'people.action.chat'), chat));
  // A phone number to dial where there is one; otherwise a Teams call.
  const call = safeUrl(view.phones.map((p) => p.tel).find(Boolean), ['tel']) ?? safeUrl(view.callUrl);
  if (call) links.push(link(t(locale, 'people.action.call'), call, ['tel', 'web']));
  const profile = safeUrl(options.profileUrl);
  if (profile) links.push(link(t(locale, 'people.action.profile'), profile));
  if (links.length > 0) blocks.push(links.join(' · '));

  return blocks.join('\n\n');
}

export interface PickListTextOptions {
  readonly locale: Locale;
  readonly query: string;
  readonly total?: number;
  readonly heading?: string;
  readonly offset?: number;
}

export function pickListText(views: readonly PersonView[], options: PickListTextOptions): string {
  const { locale } = options;
  const offset = options.offset ?? 0;
  const total = Math.max(options.total ?? 0, offset + views.length);
  const query = cardText(options.query, { max: TEXT_LIMITS.query });
  const heading =
    options.heading !== undefined
      ? cardText(options.heading, { max: 200 })
      : total === 1
        ? t(locale, 'people.found.one', { query })
        : t(locale, 'people.found.other', { count: total, query });
  const shown = views.slice(0, PICK_LIST_MAX);
  const lines = shown.map((view, i) => {
    const details = personDetails(view, shown).map((s) => cardText(s, { max: 80 }));
    const phone = view.phones[0];
    if (phone) details.push(link(cardText(phone.display, { max: 40 }), phone.tel, ['tel']));
    const name = `**${cardText(view.displayName, { max: TEXT_LIMITS.name })}**`;
    return `${offset + i + 1}. ${details.length > 0 ? `${name} — ${details.join(' · ')}` : name}`;
  });
  const blocks = [`**${heading}**`, lines.join('\n')];
  if (total > shown.length) {
    blocks.push(t(locale, 'people.page', { from: offset + 1, to: offset + shown.length, total }));
    blocks.push(t(locale, 'people.found.more', { shown: shown.length }));
  }
  return blocks.join('\n\n');
}

export interface NoMatchTextOptions {
  readonly locale: Locale;
  readonly query: string;
  readonly suggestions?: readonly Suggestion[];
}

export function noMatchText(options: NoMatchTextOptions): string {
  const { locale } = options;
  const query = cardText(options.query, { max: TEXT_LIMITS.query });
  const blocks = [t(locale, 'people.noMatch', { query })];
  const suggestions = (options.suggestions ?? [])
    .slice(0, 5)
    .map((s) => cardText(s.kind === 'person' ? s.label : s.query, { max: 60 }))
    .filter(Boolean);
  if (suggestions.length > 0)
    blocks.push(`${t(locale, 'people.didYouMean')}\n${suggestions.map((s) => `- ${s}`).join('\n')}`);
  blocks.push(t(locale, 'people.hint.skill'));
  return blocks.join('\n\n');
}

export function helpText(locale: Locale, options: { readonly tabUrl?: string } = {}): string {
  const blocks = [
    `**${t(locale, 'help.title')}**`,
    t(locale, 'help.intro'),
    HELP_ITEMS.map((key) => `- ${t(locale, key)}`).join('\n'),
  ];
  const tab = safeUrl(options.tabUrl);
  if (tab) blocks.push(link(t(locale, 'help.action.openTab'), tab));
  blocks.push(t(locale, 'help.footer'));
  return blocks.join('\n\n');
}

/**
 * `[label](url)` when url is allowed, else the label alone. `label` must already be safe
 * (cardText or a catalogue message); parentheses in the URL are encoded so they cannot end it.
 */
function link(label: string, url: string | undefined, allow: readonly UrlKind[] = ['web']): string {
  const safe = safeUrl(url, allow);
  if (!safe) return label;
  return `[${label}](${safe.replace(/\(/g, '%28').replace(/\)/g, '%29')})`;
}
