// The tab's words come from the one catalogue (core/i18n.ts, module core/messages/tab.ts), in the
// language Teams says the person uses.
import { createContext, useContext, useMemo } from 'react';
import { t, type Locale, type MessageKey, type MessageParams, type PlainKey } from '../../core/i18n.js';
import { ApiError } from './api.js';

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
  const tr = ((key: MessageKey, params?: Record<string, string | number>) =>
    t(locale, key, params as MessageParams<MessageKey>)) as Translate;
  // Made when first needed: each costs tens of ms on a slow phone (the locale's data is loaded),
  // and the first screen needs one or two of them, if any.
  const once = <T,>(make: () => T) => {
    let made: T | undefined;
    return () => {
      made ??= make();
      return made;
    };
  };
  const rtf = once(() => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  const day = once(() => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }));
  const dayYear = once(() => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }));
  const full = once(() => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }));
  return {
    locale,
    t: tr,
    relative(iso) {
      const then = new Date(iso);
      const seconds = (then.getTime() - Date.now()) / 1000;
      const abs = Math.abs(seconds);
      if (abs < 60) return tr('time.justNow');
      if (abs < 3600) return rtf().format(Math.round(seconds / 60), 'minute');
      if (abs < 86400) return rtf().format(Math.round(seconds / 3600), 'hour');
      if (abs < 7 * 86400) return rtf().format(Math.round(seconds / 86400), 'day');
      return then.getFullYear() === new Date().getFullYear() ? day().format(then) : dayYear().format(then);
    },
    dateTime: (iso) => full().format(new Date(iso)),
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
