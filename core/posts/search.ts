import { Post } from '../../models/post.js';
import type { Actor } from '../actor.js';
import { fold } from '../directory/fold.js';
import { markdownToPlainText } from './markdown.js';
import type { PostRecord } from './posts.js';
import { canSeePost } from './rules.js';
import { loadViewer, type Viewer } from './viewer.js';

/**
 * Post search for the tab's search screen and the bot ("zoek nieuws over parkeren"): every word
 * of the query must occur in the title, summary or body, accents and case aside. Only posts the
 * asker may read come back: the store query is narrowed to the asker's audience keys, then each
 * post passes the visibility rule itself (core/posts/rules.ts) once more.
 *
 * MongoDB's $text needs a text index that localdb (and Cosmos DB) lack, and an organisation of
 * ~450 people writes a few thousand posts a year, so a bounded regular-expression scan of the
 * visible posts, newest first, is both portable and quick enough; ranking happens here.
 */

export const POST_SEARCH_MAX_QUERY = 200;
export const POST_SEARCH_DEFAULT_LIMIT = 20;
/** Newest matching posts ranked; older matches beyond this are left out. */
const CANDIDATES = 300;
const MAX_WORDS = 8;

export type PostSearchField = 'title' | 'summary' | 'body';

export interface PostSearchHit {
  readonly post: PostRecord;
  /** Where the query's words were found, best first. */
  readonly matched: readonly PostSearchField[];
  /** A short plain-text passage around the first match in the body (or the summary). */
  readonly snippet: string;
}

export interface PostSearchResult {
  readonly query: string;
  readonly hits: readonly PostSearchHit[];
  readonly viewer: Viewer;
}

export interface PostSearchOptions {
  readonly limit?: number;
  /** Only news (kinds news and department), as the bot's "nieuws over …" asks. */
  readonly newsOnly?: boolean;
  /** Only what every colleague may read (answers in a channel or group chat). */
  readonly organisationOnly?: boolean;
}

/** Letters a folded query letter stands for in stored text (accents and ligatures aside). */
const VARIANTS: Record<string, string> = {
  a: 'aàáâãäåā',
  c: 'cçćč',
  e: 'eèéêëēę',
  i: 'iìíîïı',
  n: 'nñń',
  o: 'oòóôõöøō',
  s: 'sśšß',
  u: 'uùúûüū',
  y: 'yýÿ',
  z: 'zźżž',
};

const escapeRegExp = (c: string) => c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** A case-insensitive pattern that finds a folded word in unfolded text ("cafe" finds "Café"). */
function wordPattern(word: string): string {
  return [...word].map((c) => (VARIANTS[c] ? `[${VARIANTS[c]}]` : escapeRegExp(c))).join('');
}

/** The query's words, folded: punctuation dropped, at most MAX_WORDS, none shorter than 2 letters unless alone. */
export function searchWords(query: string): string[] {
  const words = fold(query.slice(0, POST_SEARCH_MAX_QUERY))
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const long = words.filter((w) => w.length >= 2);
  return [...new Set(long.length ? long : words)].slice(0, MAX_WORDS);
}

export async function searchPosts(
  actor: Actor,
  query: string,
  options: PostSearchOptions = {},
): Promise<PostSearchResult> {
  const viewer = await loadViewer(actor);
  const words = searchWords(query);
  const limit = Math.min(Math.max(options.limit ?? POST_SEARCH_DEFAULT_LIMIT, 1), 50);
  if (!words.length) return { query, hits: [], viewer };

  const conditions: Record<string, unknown>[] = [{ deletedAt: null, status: 'published' }];
  if (options.organisationOnly) conditions.push({ audienceKeys: 'org' });
  else if (!viewer.seesAllNews) conditions.push({ audienceKeys: { $in: [...viewer.visibleKeys] } });
  if (options.newsOnly) conditions.push({ kind: { $in: ['news', 'department'] } });
  for (const word of words) {
    const re = { $regex: wordPattern(word), $options: 'i' };
    conditions.push({ $or: [{ title: re }, { summary: re }, { body: re }] });
  }
  const found = (await Post.find({ $and: conditions })
    .sort({ publishedAt: -1, _id: -1 })
    .limit(CANDIDATES)
    .lean()) as PostRecord[];

  const hits = found
    .filter((p) => canSeePost(viewer, p) && (!options.organisationOnly || !p.groupId))
    .map((post, recency) => ({ ...rank(post, words), recency }))
    .sort((a, b) => b.score - a.score || a.recency - b.recency)
    .slice(0, limit)
    .map(({ post, matched, snippet }) => ({ post, matched, snippet }));
  return { query, hits, viewer };
}

function rank(post: PostRecord, words: readonly string[]) {
  const fields: Record<PostSearchField, string> = {
    title: fold(post.title ?? ''),
    summary: fold(post.summary ?? ''),
    body: fold(markdownToPlainText(post.body ?? '')),
  };
  const matched = (['title', 'summary', 'body'] as const).filter((f) => words.some((w) => fields[f].includes(w)));
  const weight = { title: 6, summary: 3, body: 1 } as const;
  let score = 0;
  for (const w of words) {
    for (const f of matched) {
      const at = fields[f].indexOf(w);
      if (at < 0) continue;
      // A whole word counts more than a piece of one ("park" in "parkeren" still counts).
      const startsWord = at === 0 || !/[\p{L}\p{N}]/u.test(fields[f][at - 1]!);
      score += weight[f] * (startsWord ? 2 : 1);
    }
  }
  return { post, matched, score, snippet: snippetOf(post, fields, words) };
}

/** Up to ~160 characters of the body around the first matching word, else the summary's start. */
function snippetOf(post: PostRecord, folded: Record<PostSearchField, string>, words: readonly string[]): string {
  const plain = markdownToPlainText(post.body ?? '').replace(/\s+/g, ' ');
  const foldedPlain = folded.body.replace(/\s+/g, ' ');
  const at = Math.min(...words.map((w) => foldedPlain.indexOf(w)).filter((i) => i >= 0));
  // Folding keeps one character per character for the letters people write (ß aside); fall back
  // to the start when lengths differ.
  if (Number.isFinite(at) && plain.length === foldedPlain.length) {
    const start = Math.max(0, at - 60);
    const end = Math.min(plain.length, at + 100);
    return `${start > 0 ? '…' : ''}${plain.slice(start, end).trim()}${end < plain.length ? '…' : ''}`;
  }
  const text = post.summary?.trim() || plain;
  return text.length > 160 ? `${text.slice(0, 159).trimEnd()}…` : text;
}
