import { parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js/max';

/**
 * Dutch phone numbers as people write them ("06-12345678", "+31 (0)6 12 34 56 78",
 * "0515 48 12 34", "14 0515", an internal "1234") turned into what we store: the text as
 * written (tidied) and the E.164 form that tel: links and reverse lookup use.
 * The full ("max") metadata is used so a number is checked against the real numbering
 * plan, not only its length: an import should reject "06 1234 567".
 */

/** What the person model stores; `e164` is absent for an internal extension. */
export interface PhoneValue {
  display: string;
  e164?: string;
}

export type PhoneKind = 'mobile' | 'fixed' | 'municipal' | 'other' | 'extension';

export interface ParsedPhone extends PhoneValue {
  kind: PhoneKind;
}

export const DEFAULT_PHONE_COUNTRY = 'NL';

/** Characters a written phone number may contain besides digits. */
const PHONE_TEXT = /^\+?[\d\s\u00a0\u202f().\-/]+$/;
/** An internal extension ("toestel"): 3 to 5 digits that are not a public number. */
const EXTENSION = /^[1-9]\d{2,4}$/;

function tidy(text: string): string {
  return text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

function digitCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

function kindOf(number: PhoneNumber): PhoneKind {
  switch (number.getType()) {
    case 'MOBILE':
      return 'mobile';
    case 'FIXED_LINE':
    case 'FIXED_LINE_OR_MOBILE':
      return 'fixed';
    case 'UAN':
      // 14 + area code is the Dutch municipal number ("14 0515").
      return number.countryCallingCode === '31' && number.nationalNumber.startsWith('14') ? 'municipal' : 'other';
    default:
      return 'other';
  }
}

function parseValid(text: string): PhoneNumber | undefined {
  // "+31 (0)6…" and "0031 (0) 6…": the "(0)" is the trunk prefix some people keep when writing
  // the international form; libphonenumber copes, but only by accident of its extraction.
  const cleaned = text.replace(/\(\s*0\s*\)/g, ' ');
  const number = parsePhoneNumberFromString(cleaned, DEFAULT_PHONE_COUNTRY);
  return number?.isValid() && !number.ext ? number : undefined;
}

/**
 * Parses a phone number as written. Returns undefined for an empty input or one that is
 * not a valid number; an internal 3–5 digit extension is kept for display only.
 */
export function parsePhone(
  input: string | null | undefined,
  options: { allowExtension?: boolean } = {},
): ParsedPhone | undefined {
  if (input == null) return undefined;
  const display = tidy(input);
  if (display === '' || display.length > 40 || !PHONE_TEXT.test(display)) return undefined;
  const number = parseValid(display);
  if (number) return { display, e164: number.number, kind: kindOf(number) };
  const digits = display.replace(/\D/g, '');
  if ((options.allowExtension ?? true) && EXTENSION.test(digits) && !display.startsWith('+')) {
    return { display: digits, kind: 'extension' };
  }
  return undefined;
}

/** The stored form of a phone number, or undefined when it is not one. */
export function normalizePhone(
  input: string | null | undefined,
  options?: { allowExtension?: boolean },
): PhoneValue | undefined {
  const parsed = parsePhone(input, options);
  if (!parsed) return undefined;
  return parsed.e164 ? { display: parsed.display, e164: parsed.e164 } : { display: parsed.display };
}

/**
 * The key a number is found by in reverse lookup: the digits of its E.164 form
 * ("31612345678") for a public number, the digits of an internal extension ("1234"),
 * or null when the input is not a phone number. Takes text as written or a stored value.
 */
export function phoneDigitsKey(input: string | PhoneValue | null | undefined): string | null {
  if (input == null) return null;
  if (typeof input !== 'string') {
    if (input.e164) return input.e164.replace(/\D/g, '');
    return input.display ? phoneDigitsKey(input.display) : null;
  }
  const parsed = parsePhone(input);
  if (!parsed) return null;
  return (parsed.e164 ?? parsed.display).replace(/\D/g, '');
}

/**
 * When a search text as a whole looks like a phone number ("06-12345678", "tel:+31…",
 * "0515 48 12 34", "14 0515"), its E.164 form; otherwise null. Extensions and short digit
 * runs are not treated as phone numbers, so "1234" stays an ordinary search.
 */
export function normalizePhoneQuery(q: string | null | undefined): string | null {
  if (q == null) return null;
  const text = tidy(q).replace(/^tel:\s*/i, '');
  if (text === '' || text.length > 40 || !PHONE_TEXT.test(text) || digitCount(text) < 6) return null;
  return parseValid(text)?.number ?? null;
}

/** Phone-number-like runs inside a sentence ("wie heeft 06-12345678?"). */
const PHONE_RUN = /(?:\+|\b00|\b0|\b1)[\d\s().\-/]{4,22}\d/g;

/** The first phone number found in free text, as E.164, or null. */
export function findPhoneInText(text: string): string | null {
  for (const match of text.matchAll(PHONE_RUN)) {
    const e164 = normalizePhoneQuery(match[0]);
    if (e164) return e164;
  }
  return null;
}

/** "+31612345678" → "06 12345678" (national) or "+31 6 12345678" (international). */
export function formatPhone(e164: string, style: 'national' | 'international' = 'national'): string {
  const number = parsePhoneNumberFromString(e164);
  if (!number) return e164;
  if (style === 'national' && number.countryCallingCode === '31') return number.formatNational();
  return number.formatInternational();
}
