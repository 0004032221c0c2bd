/**
 * The markdown subset a post or comment is written in: paragraphs, **bold**, *italic* (or
 * _italic_), [links](https://…), "- " / "1. " lists and line breaks. Parsed by markdown-it
 * (CommonMark, linear time) with only those rules switched on and HTML off; the HTML is then
 * written here from markdown-it's tokens through an allow-list, so the only tags that can come
 * out are p, br, strong, em, a, ul, ol and li, and the only attribute values are hrefs that
 * parsed as http(s), mailto or Teams deep links (tests/core/social-markdown.test.ts checks the
 * output against that allow-list for a corpus of XSS vectors). Everything else the author typed
 * is text, escaped.
 */
import MarkdownIt from 'markdown-it';
import type { StateCore, Token } from 'markdown-it';

/**
 * Changes whenever the HTML for the same source may change (options, schemes, allow-list, a new
 * markdown-it major): HTML stored under an older version must be rendered again.
 */
export const MARKDOWN_RENDERER_VERSION = 2;

const md = new MarkdownIt('zero', {
  html: false,
  linkify: false,
  typographer: false,
  // One Enter is a line break, as people expect in a chat-like composer.
  breaks: true,
  // Bounds nesting so hostile input cannot recurse deeply. Inline, deeper markup stays text; a
  // list nested deeper than 19 levels ends the body there (markdown-it stops at the bound).
  maxNesting: 40,
});
// Not enabled: headings, quotes, code, tables, images, raw HTML, entities (what the author typed
// is shown as typed: "&lt;" stays those four characters) and reference definitions.
md.enable(['list', 'newline', 'emphasis', 'link', 'escape']);
// Every link that is well-formed markdown is parsed as a link, so a refused target loses the
// link but keeps its words (rather than leaving "[klik](javascript:…)" half-parsed); the target
// is judged by safeHref below, on the destination as written (backslash escapes resolved).
md.validateLink = () => true;
md.normalizeLink = (url) => url;
md.core.ruler.push('ids_safe_links', keepSafeLinks);

function keepSafeLinks(state: StateCore): void {
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const kept: Token[] = [];
    let dropClose = false;
    for (const token of block.children) {
      if (token.type === 'link_open') {
        const href = safeHref(String(token.attrGet('href') ?? ''));
        dropClose = href === undefined;
        if (dropClose) continue;
        token.attrs = [['href', href!]];
      } else if (token.type === 'link_close' && dropClose) {
        dropClose = false;
        continue;
      }
      kept.push(token);
    }
    block.children = kept;
  }
}

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** The last source parsed and its tokens: a post is rendered and excerpted one after the other. */
let lastParsed: { source: string; tokens: Token[] } | undefined;

function parse(source: string): Token[] {
  if (lastParsed?.source !== source) {
    lastParsed = { source, tokens: md.parse(source.replace(CONTROL_CHARACTERS, ''), {}) };
  }
  return lastParsed.tokens;
}

const TEAMS_HOSTS = new Set(['', 'teams.microsoft.com']);

/**
 * The URL, normalized, when it is http(s), mailto or a Teams deep link (msteams:/l/…);
 * undefined otherwise. A user:password@ part is dropped: it has no business in a post, and it
 * is how "https://www.bank.nl@evil.example" hides where a link goes.
 */
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
    url.username = '';
    url.password = '';
    return url.href;
  }
  if (url.protocol === 'mailto:' && /^[^@\s]+@[^@\s]+$/.test(decodeURIComponentSafe(url.pathname))) return url.href;
  if (url.protocol === 'msteams:' && TEAMS_HOSTS.has(url.hostname) && url.pathname.startsWith('/l/')) return url.href;
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

/** The tags a token may open or close; any other token contributes only its (escaped) text. */
const ALLOWED_TAGS = new Set(['p', 'ul', 'ol', 'li', 'strong', 'em']);
const LINK_ATTRIBUTES = 'rel="noopener noreferrer nofollow" target="_blank"';

function toHtml(tokens: readonly Token[]): string {
  let html = '';
  for (const t of tokens) {
    if (t.type === 'inline') html += toHtml(t.children ?? []);
    else if (t.type === 'text') html += escapeHtml(t.content);
    else if (t.type === 'softbreak' || t.type === 'hardbreak') html += '<br>';
    else if (t.type === 'link_open')
      html += `<a href="${escapeHtml(String(t.attrGet('href') ?? ''))}" ${LINK_ATTRIBUTES}>`;
    else if (t.type === 'link_close') html += '</a>';
    else if (ALLOWED_TAGS.has(t.tag) && t.nesting !== 0) {
      // Paragraphs inside a tight list are hidden: "<li>een</li>", not "<li><p>een</p></li>".
      if (!t.hidden) html += t.nesting === 1 ? `<${t.tag}>` : `</${t.tag}>`;
    } else html += escapeHtml(t.content);
  }
  return html;
}

/** Safe HTML for the markdown subset (see the file comment). */
export function renderMarkdown(source: string): string {
  return toHtml(parse(source));
}

function inlineText(tokens: readonly Token[]): string {
  let text = '';
  for (const t of tokens) {
    if (t.type === 'text') text += t.content;
    else if (t.type === 'softbreak' || t.type === 'hardbreak') text += '\n';
  }
  return text;
}

/** The words without markup (for excerpts, search and notifications): list items as "• item". */
export function markdownToPlainText(source: string): string {
  const blocks: string[] = [];
  let listDepth = 0;
  let lines: string[] = [];
  let newItem = false;
  for (const t of parse(source)) {
    if (t.type === 'bullet_list_open' || t.type === 'ordered_list_open') listDepth += 1;
    else if (t.type === 'bullet_list_close' || t.type === 'ordered_list_close') {
      listDepth -= 1;
      if (listDepth === 0) {
        blocks.push(lines.join('\n'));
        lines = [];
      }
    } else if (t.type === 'list_item_open') newItem = true;
    else if (t.type === 'inline') {
      const text = inlineText(t.children ?? []);
      if (listDepth === 0) blocks.push(text);
      else if (newItem) lines.push(`${'  '.repeat(listDepth - 1)}• ${text}`);
      else lines[lines.length - 1] += ` ${text}`;
      newItem = false;
    }
  }
  return blocks.join('\n\n');
}

/** A one-line excerpt of at most `max` characters, cut at a word. */
export function excerpt(source: string, max = 200): string {
  const flat = markdownToPlainText(source).replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
