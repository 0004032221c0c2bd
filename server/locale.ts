import type { Request } from 'express';
import { localeOf, type Locale } from '../core/i18n.js';

/**
 * The language a request asks for in Accept-Language ("nl-NL,nl;q=0.9,en;q=0.8"): the
 * most preferred tag we speak; `fallback` when none is.
 */
export function requestLocale(req: Request, fallback: Locale): Locale {
  const header = req.get('accept-language');
  if (!header) return fallback;
  const ranked = header
    .slice(0, 500)
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { locale: localeOf(tag), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((r) => r.locale !== undefined && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked[0]?.locale ?? fallback;
}
