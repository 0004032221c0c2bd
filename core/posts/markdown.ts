/**
 * The markdown subset a post or comment is written in: paragraphs, **bold**, *italic* (or
 * _italic_), [links](https://…) to http(s) and mailto only, "- " / "1. " lists and line breaks.
 *
 * Why our own renderer rather than a markdown library plus an HTML sanitizer: the source is never
 * treated as HTML at all. Every character the author typed is escaped; the only tags that can come
 * out are the ones emitted below (p, br, strong, em, a, ul, ol, li) and the only attribute values
 * are hrefs that parsed as http:, https: or mailto: URLs. There is no HTML pass-through to
 * sanitize, so there is nothing for a sanitizer to miss (tests/core/social-markdown.test.ts checks
 * the output against that allow-list for a corpus of XSS vectors).
 */

export type Inline =
  | { readonly t: 'text'; readonly v: string }
  | { readonly t: 'br' }
  | { readonly t: 'strong' | 'em'; readonly c: readonly Inline[] }
  | { readonly t: 'link'; readonly href: string; readonly c: readonly Inline[] };

export type Block =
  | { readonly t: 'p'; readonly c: readonly Inline[] }
  | { readonly t: 'ul' | 'ol'; readonly items: readonly (readonly Inline[])[] };

const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^\s{0,3}\d{1,9}[.)]\s+(.*)$/;
/** Bound on nesting so hostile input cannot recurse deeply. */
const MAX_DEPTH = 8;

export function parseMarkdown(source: string): Block[] {
  const lines = source
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  let list: { t: 'ul' | 'ol'; items: string[] } | undefined;
  const flushPara = () => {
    if (para.length) blocks.push({ t: 'p', c: parseLines(para) });
    para = [];
  };
  const flushList = () => {
    if (list) blocks.push({ t: list.t, items: list.items.map((i) => parseInline(i, 0, false)) });
    list = undefined;
  };
  for (const line of lines) {
    if (line.trim() === '') {
      flushPara();
      flushList();
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    const item = bullet ?? numbered;
    if (item) {
      const t = bullet ? 'ul' : 'ol';
      flushPara();
      if (list && list.t !== t) flushList();
      list ??= { t, items: [] };
      list.items.push(item[1]!);
      continue;
    }
    if (list && /^\s+\S/.test(line)) {
      // An indented line continues the previous list item.
      list.items[list.items.length - 1] += ` ${line.trim()}`;
      continue;
    }
    flushList();
    para.push(line.trim());
  }
  flushPara();
  flushList();
  return blocks;
}

function parseLines(lines: string[]): Inline[] {
  const out: Inline[] = [];
  lines.forEach((l, i) => {
    if (i > 0) out.push({ t: 'br' });
    out.push(...parseInline(l, 0, false));
  });
  return out;
}

const ESCAPABLE = new Set('\\*_[]()#+-.!`'.split(''));

function parseInline(src: string, depth: number, inLink: boolean): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ t: 'text', v: text });
    text = '';
  };
  // Where a search for a closing delimiter already came up empty: a later opener of the same
  // kind would scan the same tail again, which makes texts like "_a_a_a…" quadratic.
  const noCloserFrom: Record<string, number> = {};
  // The next "](" after the current position, reused while it is still ahead.
  let linkClose = -1;
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '\\' && i + 1 < src.length && ESCAPABLE.has(src[i + 1]!)) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    if (depth < MAX_DEPTH && src.startsWith('**', i) && !(i + 2 >= (noCloserFrom['**'] ?? Infinity))) {
      const end = src.indexOf('**', i + 2);
      if (end < 0) noCloserFrom['**'] = i + 2;
      if (end > i + 2) {
        flush();
        out.push({ t: 'strong', c: parseInline(src.slice(i + 2, end), depth + 1, inLink) });
        i = end + 2;
        continue;
      }
    }
    if (
      depth < MAX_DEPTH &&
      (ch === '*' || ch === '_') &&
      src[i + 1] !== ch &&
      src[i + 1] !== ' ' &&
      i + 1 < (noCloserFrom[ch] ?? Infinity)
    ) {
      const end = findClosingEmphasis(src, i + 1, ch);
      if (end < 0) noCloserFrom[ch] = i + 1;
      if (end > i + 1) {
        flush();
        out.push({ t: 'em', c: parseInline(src.slice(i + 1, end), depth + 1, inLink) });
        i = end + 1;
        continue;
      }
    }
    if (!inLink && depth < MAX_DEPTH && ch === '[' && i + 1 < (noCloserFrom['['] ?? Infinity)) {
      if (linkClose <= i) linkClose = src.indexOf('](', i + 1);
      const link = matchLink(src, i, linkClose);
      if (link === null) noCloserFrom['['] = i + 1;
      if (link) {
        flush();
        const href = safeHref(link.url);
        const label = parseInline(link.label, depth + 1, true);
        if (href) out.push({ t: 'link', href, c: label });
        else out.push(...label); // an unsafe target keeps its words, loses the link
        i = link.end;
        continue;
      }
    }
    text += ch;
    i += 1;
  }
  flush();
  return out;
}

function findClosingEmphasis(src: string, from: number, ch: string): number {
  for (let j = from; j < src.length; j++) {
    if (src[j] === '\\') {
      j += 1;
      continue;
    }
    if (src[j] === ch && src[j - 1] !== ' ' && src[j + 1] !== ch) {
      // snake_case words are not emphasis: the closing _ must not be followed by a letter or digit.
      if (ch === '_' && /[\p{L}\p{N}]/u.test(src[j + 1] ?? '')) continue;
      return j;
    }
  }
  return -1;
}

/** A link at `start`; undefined when there is none here, null when there is none anywhere after it. */
function matchLink(
  src: string,
  start: number,
  close: number,
): { label: string; url: string; end: number } | undefined | null {
  if (close < 0) return null;
  // Brackets inside the label: checked from the nearest side, so "[a[a[a…](" stays linear.
  if (src.lastIndexOf('[', close - 1) > start) return undefined;
  const bracket = src.indexOf(']', start + 1);
  if (bracket >= 0 && bracket < close) return undefined;
  const urlEnd = src.indexOf(')', close + 2);
  if (urlEnd < 0) return null;
  return { label: src.slice(start + 1, close), url: src.slice(close + 2, urlEnd), end: urlEnd + 1 };
}

/** The URL, normalized, when it is http(s) or mailto; undefined otherwise. */
export function safeHref(raw: string): string | undefined {
  const candidate = raw.trim();
  if (!candidate || /[\s<>"'`\\]/.test(candidate)) return undefined;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return undefined;
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    if (!url.hostname) return undefined;
    return url.href;
  }
  if (url.protocol === 'mailto:' && /^[^@\s]+@[^@\s]+$/.test(decodeURIComponentSafe(url.pathname))) return url.href;
  return undefined;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function inlineHtml(nodes: readonly Inline[]): string {
  let html = '';
  for (const n of nodes) {
    switch (n.t) {
      case 'text':
        html += escapeHtml(n.v);
        break;
      case 'br':
        html += '<br>';
        break;
      case 'strong':
      case 'em':
        html += `<${n.t}>${inlineHtml(n.c)}</${n.t}>`;
        break;
      case 'link':
        html += `<a href="${escapeHtml(n.href)}" rel="noopener noreferrer nofollow" target="_blank">${inlineHtml(n.c)}</a>`;
        break;
    }
  }
  return html;
}

/** Safe HTML for the markdown subset (see the file comment). */
export function renderMarkdown(source: string): string {
  return parseMarkdown(source)
    .map((b) =>
      b.t === 'p'
        ? `<p>${inlineHtml(b.c)}</p>`
        : `<${b.t}>${b.items.map((i) => `<li>${inlineHtml(i)}</li>`).join('')}</${b.t}>`,
    )
    .join('');
}

function inlineText(nodes: readonly Inline[]): string {
  return nodes.map((n) => (n.t === 'text' ? n.v : n.t === 'br' ? '\n' : inlineText(n.c))).join('');
}

/** The words without markup (for excerpts, search and notifications). */
export function markdownToPlainText(source: string): string {
  return parseMarkdown(source)
    .map((b) => (b.t === 'p' ? inlineText(b.c) : b.items.map((i) => `• ${inlineText(i)}`).join('\n')))
    .join('\n\n');
}

/** A one-line excerpt of at most `max` characters, cut at a word. */
export function excerpt(source: string, max = 200): string {
  const flat = markdownToPlainText(source).replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
