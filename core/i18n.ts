/**
 * The message catalogue: every sentence a person reads in a bot reply or a card, in Dutch
 * (the organisation's language, and the fallback) and English.
 *
 * One module per feature in core/messages/, each with a Dutch and an English object; `en` must
 * have exactly the keys of `nl` (a missing or extra key is a type error), and each English
 * message must use the same `{placeholders}` as its Dutch original (checked by
 * `PlaceholdersMatch` below, so a mismatch is a type error too).
 * Add keys to both objects of the feature's module (or a new module, merged below).
 */

import { fill } from './fill.js';
import * as bot from './messages/bot.js';
import * as people from './messages/people.js';
import * as help from './messages/help.js';
import * as social from './messages/social.js';
import * as delivery from './messages/delivery.js';
import * as errors from './messages/errors.js';
import * as policies from './messages/policies.js';
import * as groups from './messages/groups.js';
import * as media from './messages/media.js';
import * as profile from './messages/profile.js';
import * as search from './messages/search.js';
import * as tab from './messages/tab.js';
import * as nudges from './messages/nudges.js';
import * as analytics from './messages/analytics.js';
import * as privacy from './messages/privacy.js';

export type Locale = 'nl' | 'en';
export const LOCALES: readonly Locale[] = ['nl', 'en'];

// One catalogue module per feature (core/messages/); each checks its English keys against its Dutch ones.
const nl = {
  ...bot.nl,
  ...people.nl,
  ...help.nl,
  ...social.nl,
  ...delivery.nl,
  ...errors.nl,
  ...policies.nl,
  ...groups.nl,
  ...media.nl,
  ...profile.nl,
  ...search.nl,
  ...tab.nl,
  ...nudges.nl,
  ...analytics.nl,
  ...privacy.nl,
} as const;
const en = {
  ...bot.en,
  ...people.en,
  ...help.en,
  ...social.en,
  ...delivery.en,
  ...errors.en,
  ...policies.en,
  ...groups.en,
  ...media.en,
  ...profile.en,
  ...search.en,
  ...tab.en,
  ...nudges.en,
  ...analytics.en,
  ...privacy.en,
} as const satisfies {
  readonly [K in keyof typeof nl]: string;
};

export type MessageKey = keyof typeof nl;

/** The `{name}` placeholders in a message literal, as a union of names. */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;

/** The parameters a key needs: the placeholders of its Dutch text (English must match, see below). */
export type MessageParams<K extends MessageKey> = { readonly [P in Placeholders<(typeof nl)[K]>]: string | number };

type PlaceholderMismatch = {
  [K in MessageKey]: [Placeholders<(typeof nl)[K]>] extends [Placeholders<(typeof en)[K]>]
    ? [Placeholders<(typeof en)[K]>] extends [Placeholders<(typeof nl)[K]>]
      ? never
      : K
    : K;
}[MessageKey];

/** `true` when every English message has the placeholders of its Dutch original; else a type error names the key. */
export type PlaceholdersMatch = [PlaceholderMismatch] extends [never] ? true : { mismatch: PlaceholderMismatch };
export const placeholdersMatch: PlaceholdersMatch = true;

const catalogues: { readonly [L in Locale]: { readonly [K in MessageKey]: string } } = { nl, en };

/** Messages that take no parameters. */
export type PlainKey = { [K in MessageKey]: Placeholders<(typeof nl)[K]> extends never ? K : never }[MessageKey];

/**
 * A sentence to be said later in a language not known yet (an error raised in core, read by
 * someone in nl or en): its key, with parameters exactly when the message has placeholders.
 */
export type Text = {
  [K in MessageKey]: Placeholders<(typeof nl)[K]> extends never
    ? { readonly key: K; readonly params?: undefined }
    : { readonly key: K; readonly params: MessageParams<K> };
}[MessageKey];

/** The Text in `locale`. */
export function render(locale: Locale, text: Text): string {
  return text.params ? t(locale, text.key, text.params as never) : t(locale, text.key as PlainKey);
}

/**
 * The message `key` in `locale`, with its `{placeholders}` filled from `params`.
 * Parameters are required exactly when the message has placeholders. Values are inserted
 * as they are: sanitizing them for a card or for markdown is the caller's job (cards/text.ts).
 */
export function t<K extends PlainKey>(locale: Locale, key: K): string;
export function t<K extends MessageKey>(locale: Locale, key: K, params: MessageParams<K>): string;
export function t(locale: Locale, key: MessageKey, params?: Readonly<Record<string, string | number>>): string {
  const catalogue = catalogues[locale] ?? catalogues.nl;
  return fill(catalogue[key] ?? catalogues.nl[key] ?? key, params);
}

/** Every key, e.g. for tests that check both catalogues. */
export function messageKeys(): MessageKey[] {
  return Object.keys(nl) as MessageKey[];
}

/** The message as written in the catalogue, placeholders unfilled. */
export function messageTemplate(locale: Locale, key: MessageKey): string {
  return (catalogues[locale] ?? catalogues.nl)[key];
}

/** Language subtags answered in Dutch: Dutch itself and the regional languages of the Netherlands and Flanders. */
const DUTCH_LANGUAGES = new Set(['nl', 'fy', 'li', 'vls', 'zea', 'nds']);

/** The locale of a BCP 47 tag such as "nl-NL", "fy-NL", "en-GB"; undefined for anything else. */
export function localeOf(tag: string | undefined | null): Locale | undefined {
  if (typeof tag !== 'string') return undefined;
  const language = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (DUTCH_LANGUAGES.has(language)) return 'nl';
  if (language === 'en') return 'en';
  return undefined;
}

/**
 * Which language to answer in: the person's Teams locale ("nl-NL", "nl-BE", "fy-NL" → nl;
 * "en-US", "en-GB" → en), else the language they typed in, else the fallback (nl).
 */
export function pickLocale(activityLocale?: string, textLanguage?: Locale, fallback: Locale = 'nl'): Locale {
  return localeOf(activityLocale) ?? (textLanguage === 'nl' || textLanguage === 'en' ? textLanguage : fallback);
}
