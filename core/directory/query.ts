import { fold, PARTICLES, STOPWORDS, tokenize } from './fold.js';
import { normalizePhoneQuery } from '../phones.js';
import type { SearchMode } from './types.js';

/** A search text taken apart: what must match, and what only helps ranking. */
export type ParsedQuery =
  | { readonly kind: 'empty' }
  | {
      readonly kind: 'phone';
      /** Digits of the E.164 form when the text is a whole number. */
      readonly e164Digits?: string;
      /** "06 1234 56…" typed so far: the number's leading digits in E.164 form ("316123456"). */
      readonly leadingDigits?: string;
      /** A tail of a number or an extension ("4567", "12345678"). */
      readonly trailingDigits?: string;
    }
  | { readonly kind: 'email'; readonly email: string }
  | {
      readonly kind: 'text';
      /** Words that must all match (each somewhere). */
      readonly terms: readonly string[];
      /**
       * Single letters ("P." in "P. Bakker"): first-name initials. They pick out the people
       * whose first name fits, when anyone's does; otherwise they are ignored.
       */
      readonly initials: readonly string[];
      /** Particles typed ("van der"): optional, a small bonus when the name has them too. */
      readonly particles: readonly string[];
    };

const PHONE_CHARS = /^\+?[\d\s\u00a0().\-/]+$/;

export function parseQuery(query: string, mode: SearchMode): ParsedQuery {
  const text = query.trim();
  if (!text) return { kind: 'empty' };

  if (PHONE_CHARS.test(text) || /^tel:/i.test(text)) {
    const digits = text.replace(/\D/g, '');
    const e164 = normalizePhoneQuery(text);
    if (e164) return { kind: 'phone', e164Digits: e164.slice(1) };
    if (digits.length >= 3) {
      if (/^\s*(\+|00)/.test(text)) return { kind: 'phone', leadingDigits: digits.replace(/^00/, '') };
      if (/^0[1-9]/.test(digits)) return { kind: 'phone', leadingDigits: `31${digits.slice(1)}` };
      return { kind: 'phone', trailingDigits: digits };
    }
  }

  if (text.includes('@') && mode !== 'skill') return { kind: 'email', email: fold(text).replace(/\s+/g, '') };

  const terms: string[] = [];
  const initials: string[] = [];
  const particles: string[] = [];
  // "P&O", "R&D": letters joined by an ampersand are one word ("po"), as the index has them.
  const tokens = tokenize(text.replace(/(\p{L})\s*&\s*(?=\p{L}(?:[^\p{L}]|$))/gu, '$1'));
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    // "anne-r": a hyphenated name typed up to its second part's first letter is one
    // unfinished word ("anner…" → "anneroos"), not "anne" and an initial.
    let j = i;
    while (j + 1 < tokens.length && tokens[j + 1]!.group === t.group) j++;
    if (j > i && tokens[j]!.text.length === 1 && mode !== 'skill') {
      terms.push(
        tokens
          .slice(i, j + 1)
          .map((x) => x.text)
          .join(''),
      );
      i = j;
      continue;
    }
    // "de J", "Jan van d": particles followed by the first letter of what comes next, at
    // the end of what was typed, are the start of one word ("dej…" → "dejong").
    if (mode !== 'skill' && PARTICLES.has(t.text) && t.text.length > 1) {
      let k = i;
      while (k + 1 < tokens.length && PARTICLES.has(tokens[k + 1]!.text) && tokens[k + 1]!.text.length > 1) k++;
      if (k + 2 === tokens.length && tokens[k + 1]!.text.length === 1) {
        terms.push(
          tokens
            .slice(i, k + 2)
            .map((x) => x.text)
            .join(''),
        );
        break;
      }
    }
    if (t.text.length === 1) {
      // "'t" and the "t" of "van t Hof" are particles, not initials.
      const particle = PARTICLES.has(t.text) && (t.apostrophe || (i > 0 && PARTICLES.has(tokens[i - 1]!.text)));
      if (mode !== 'skill' && !particle) initials.push(t.text);
      continue;
    }
    if (mode !== 'skill' && PARTICLES.has(t.text)) particles.push(t.text);
    else if (mode !== 'person' && STOPWORDS.has(t.text)) continue;
    else terms.push(t.text);
  }
  // A name made of particles only ("Le", "Van") is searched for as typed.
  if (terms.length === 0 && particles.length > 0) terms.push(...particles.splice(0));
  if (terms.length === 0) return { kind: 'empty' };
  return { kind: 'text', terms: [...new Set(terms)], initials, particles };
}
