// The tab's words come from the one catalogue (core/i18n.ts, module core/messages/tab.ts), in the
// language Teams says the person uses. Only the Dutch catalogue (the organisation's language, and
// the fallback for a missing key) is in the first load; the English one (about 13 KB compressed)
// is a chunk of its own, loaded before the first render when Teams says English (main.tsx), and
// asked for by the page's boot script as soon as the page's address says so (src/boot.ts).
import { createContext, useContext, useMemo } from 'react';
import { messages as nl } from './catalogue-nl.js';
import { fill } from '../../core/fill.js';
import type { Locale, MessageKey, MessageParams, PlainKey } from '../../core/i18n.js';
import { ApiError } from './api.js';
import { relativeTime } from './relative-time.js';

type Catalogue = { readonly [K in MessageKey]: string };
const catalogues: { [L in Locale]?: Catalogue } = { nl };

/** Makes `locale`'s catalogue available to words(); resolves at once for Dutch or once loaded. */
export async function loadCatalogue(locale: Locale): Promise<void> {
  if (catalogues[locale]) return;
  if (locale === 'en') catalogues.en = (await import('./catalogue-en.js')).messages;
}

/** The message in `locale` (Dutch until that language's catalogue is loaded), placeholders filled. */
function t(locale: Locale, key: MessageKey, params?: Readonly<Record<string, string | number>>): string {
  return fill(catalogues[locale]?.[key] ?? nl[key] ?? key, params);
}

export interface Translate {
  <K extends PlainKey>(key: K): string;
  <K extends MessageKey>(key: K, params: MessageParams<K>): string;
}

export interface Words {
  readonly locale: Locale;
  readonly t: Translate;
  /** "2 uur geleden", "gisteren", "3 mrt." */
  relative(iso: string): string;
  /** "3 maart 2026 14:05" */
  dateTime(iso: string): string;
  /** What an API error means for the person and what to do: the server's words, else ours. */
  error(err: unknown): string;
}

export function words(locale: Locale): Words {
  const tr = ((key: MessageKey, params?: MessageParams<MessageKey>) => t(locale, key, params)) as Translate;
  let full: Intl.DateTimeFormat | undefined;
  return {
    locale,
    t: tr,
    relative: relativeTime(locale, () => tr('time.justNow')),
    dateTime(iso) {
      full ??= new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' });
      return full.format(new Date(iso));
    },
    error(err) {
      const code = err instanceof ApiError ? err.code : 'other';
      // The server writes its sentence in the person's language and says which (Content-Language);
      // when that is not the language the tab shows, the tab says it in its own words for the code.
      if (err instanceof ApiError && err.message && err.language === locale) return err.message;
      return KNOWN_CODES.has(code) ? tr(`tab.error.${code}` as PlainKey) : tr('tab.error.other');
    },
  };
}

const KNOWN_CODES = new Set([
  'network',
  'unauthenticated',
  'forbidden',
  'not_found',
  'validation_failed',
  'bad_request',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'conflict',
  'store_unavailable',
]);

export const WordsContext = createContext<Words>(words('nl'));
export const useWords = () => useContext(WordsContext);
export function useLocaleWords(locale: Locale): Words {
  return useMemo(() => words(locale), [locale]);
}
