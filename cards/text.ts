/**
 * Making people's text safe to show in a card or a markdown reply.
 *
 * Adaptive Card TextBlocks and FactSet facts render a markdown subset (bold, italic, lists,
 * `[text](url)` links), and so do the text replies of Web Chat and the Emulator. Text that a
 * person typed (a name, a job title, a skill, a search query) must never become a link or
 * markup. Backslash escapes are not rendered the same way by every Teams client (some mobile
 * versions showed the backslashes), so link syntax is broken without relying on them:
 * brackets and angle brackets become look-alikes that no markdown dialect reads as syntax,
 * and script-like URL schemes lose their colon. Emphasis and list markers, which can only
 * change how text looks, are backslash-escaped.
 */

export interface CardTextOptions {
  /** Maximum length in characters (grapheme clusters); longer text ends in "…". Default 200. */
  readonly max?: number;
  /** Keep line breaks (at most one blank line in a row). Default false: one line. */
  readonly multiline?: boolean;
}

/** Default maximum lengths per kind of field, so a 5000-character name cannot blow up a card. */
export const TEXT_LIMITS = {
  name: 120,
  line: 200,
  skill: 60,
  query: 100,
  paragraph: 1000,
} as const;

// C0 controls except tab/newline/carriage return, DEL, C1 controls.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
// Bidi embeddings/overrides/isolates (can reorder what is displayed), zero-width space,
// word joiner and invisible operators, byte order mark, soft hyphen, Arabic letter mark.
const INVISIBLE = /[\u202A-\u202E\u2066-\u2069\u200B\u2060-\u2064\uFEFF\u00AD\u061C]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Script schemes anywhere ("xjavascript:" too); data:, file:, blob: only as a word ("Profile:" is fine).
const DANGEROUS_SCHEME = /(javascript|vbscript|livescript|\bdata|\bfile|\bblob)(\s*):/gi;

/**
 * `input` as one line (or, with `multiline`, lines) of plain text for places that show text
 * as it is (button tooltips, image alt text, thumbnail titles, Submit data): control and
 * invisible characters removed, whitespace collapsed, length limited, and nothing that could
 * still become a link if some client did read it as markdown or HTML.
 */
export function plainText(input: unknown, options: CardTextOptions = {}): string {
  if (input === null || input === undefined) return '';
  const max = Math.max(1, Math.floor(options.max ?? TEXT_LIMITS.line));
  let s = String(input).normalize('NFC');
  s = s.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL, '').replace(INVISIBLE, '');
  s = s.replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n').replace(/\t/g, ' ');
  if (options.multiline) {
    s = s
      .split('\n')
      .map((line) => line.replace(/\s+/g, ' ').trim())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  } else {
    s = s.replace(/\s+/g, ' ').trim();
  }
  return defuseLinks(truncate(s, max));
}

/**
 * `input` as text that shows literally in an Adaptive Card TextBlock or fact, or in a
 * markdown reply: plainText(), and no markdown that could make it bold, italic or a list.
 */
export function cardText(input: unknown, options: CardTextOptions = {}): string {
  return plainText(input, options)
    .split('\n')
    .map((line) => escapeMarkdown(line))
    .join('\n');
}

function defuseLinks(s: string): string {
  return (
    s
      // Links, images, reference definitions: no brackets, no link.
      .replace(/\[/g, '［')
      .replace(/\]/g, '］')
      // Autolinks <https://…>, HTML (some clients rendered it), Slack's <url|text>.
      .replace(/</g, '‹')
      .replace(/>/g, '›')
      // "javascript:alert(1)" shown as text must not read as a scheme anywhere.
      .replace(DANGEROUS_SCHEME, (_m, scheme: string, space: string) => `${scheme}${space}∶`)
      // Templating and Adaptive Card date functions: ${…}, {{DATE(…)}}.
      .replace(/\$\{/g, '$ {')
      .replace(/\{\{/g, '{ {')
  );
}

function escapeMarkdown(line: string): string {
  let s = line
    // A backslash first, so that it cannot undo the escapes below.
    .replace(/\\/g, '\\\\')
    // Entity references (&#91; is "[") stay literal.
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    // Emphasis.
    .replace(/\*/g, '\\*')
    .replace(/~/g, '\\~')
    .replace(/`/g, '\\`');
  s = escapeUnderscores(s);
  // Block markers at the start of a line: headings, bullets, numbered lists.
  s = s.replace(/^(#{1,6})(?=\s|$)/, (m) => m.replace(/#/g, '\\#'));
  s = s.replace(/^([-+])(?=\s)/, '\\$1');
  s = s.replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
  return s;
}

/** `_` inside a word (jan_de_vries@…) never starts emphasis; elsewhere it is escaped. */
function escapeUnderscores(s: string): string {
  if (!s.includes('_')) return s;
  const chars = Array.from(s);
  const wordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
  return chars.map((c, i) => (c === '_' && !(wordChar(chars[i - 1]) && wordChar(chars[i + 1])) ? '\\_' : c)).join('');
}

/** Cut to `max` grapheme clusters (an emoji or an accented letter is never split). */
function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const segmenter = new Intl.Segmenter('nl', { granularity: 'grapheme' });
  const graphemes: string[] = [];
  for (const { segment } of segmenter.segment(s)) {
    graphemes.push(segment);
    if (graphemes.length > max) break;
  }
  if (graphemes.length <= max) return s;
  return `${graphemes
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}

/** Kinds of URL a place in a card or reply accepts. */
export type UrlKind = 'web' | 'tel' | 'mailto';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * `input` when it is a URL of an allowed kind, else undefined.
 * - web: https:, without credentials; http: only on this machine (localhost), for development.
 * - tel: `tel:+31612345678` (E.164 or plain digits, nothing else).
 * - mailto: one address, without headers such as ?cc= or ?body=.
 * Never javascript:, data:, file: or anything else.
 */
export function safeUrl(input: unknown, allow: readonly UrlKind[] = ['web']): string | undefined {
  if (typeof input !== 'string') return undefined;
  const raw = input.trim();
  if (raw === '' || raw.length > 2048) return undefined;
  // Whitespace, controls, quotes, angle brackets and backslashes have no place in a URL we made.
  if (/[\s\u0000-\u001F\u007F-\u009F"'<>\\`]/.test(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  switch (url.protocol) {
    case 'https:':
    case 'http:': {
      if (!allow.includes('web')) return undefined;
      if (url.username || url.password || !url.hostname) return undefined;
      if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) return undefined;
      return url.href;
    }
    case 'tel:':
      return allow.includes('tel') && /^tel:\+?[0-9]{3,20}$/.test(raw) ? raw : undefined;
    case 'mailto:':
      return allow.includes('mailto') && /^mailto:[^@?#&/]+@[^@?#&/]+\.[^@?#&/]+$/.test(raw) ? raw : undefined;
    default:
      return undefined;
  }
}

/** `tel:` link for an E.164 number, or undefined. */
export function telUrl(e164: string | undefined): string | undefined {
  return e164 ? safeUrl(`tel:${e164}`, ['tel']) : undefined;
}

/** `mailto:` link for an address, or undefined. */
export function mailtoUrl(email: string | undefined): string | undefined {
  return email ? safeUrl(`mailto:${email}`, ['mailto']) : undefined;
}
