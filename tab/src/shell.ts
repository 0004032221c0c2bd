// The first screen drawn by the page's boot script (src/boot.ts) from the data it asked for, while
// the app's code (React and Fluent, about 150 KB compressed) is still on its way or starting: on a
// slow phone connection the first posts, or the colleague a deep link names, can be read a second
// or more before the app is drawn. Read-only: buttons (like, comment, call) come with the app,
// whose first render replaces all of this (createRoot clears the container). The markup follows
// the app's screens (a main landmark, one h1, posts as articles named by their titles), so a
// screen reader meets the same page; the styles are in main.css, inlined into the page.
import { fill } from '../../core/fill.js';
import type { Locale } from './locale.js';
import { relativeTime } from './relative-time.js';
import type { FeedPage, PersonPage, Post } from './types.js';

/** The few catalogue words the shell says, in both languages (the build defines them from core/i18n.ts). */
export type ShellWords = Record<
  'feed.title' | 'time.justNow' | 'feed.pinned' | 'post.important' | 'post.label',
  string
>;

/** Posts drawn: what a phone's screen shows; the app draws the whole page. */
const POSTS = 3;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The page's loading screen, when the app has not drawn anything yet (else undefined). */
function loadingScreen(): HTMLElement | undefined {
  return document.querySelector<HTMLElement>('#app > main.boot') ?? undefined;
}

function screen(): HTMLElement {
  const main = el('main', 'shell');
  loadingScreen()?.replaceWith(main);
  return main;
}

function initials(name: string): string {
  const parts = name.split(/\s+/).filter((p) => /^\p{Lu}/u.test(p));
  return ((parts[0]?.[0] ?? name[0] ?? '') + (parts.length > 1 ? parts[parts.length - 1]![0] : '')).toUpperCase();
}

function avatar(name: string, size: 'small' | 'large'): HTMLElement {
  const node = el('span', `shell-avatar shell-avatar-${size}`, initials(name));
  node.setAttribute('aria-hidden', 'true');
  return node;
}

function postArticle(post: Post, words: ShellWords, ago: (iso: string) => string): HTMLElement {
  const article = el('article', 'shell-card');
  const author = post.author?.displayName ?? '?';
  const header = el('div', 'shell-byline');
  header.append(avatar(author, 'small'));
  const who = el('div', 'shell-who');
  who.append(el('strong', '', author));
  const meta = el('span', 'shell-meta', [post.author?.department, post.group?.name].filter(Boolean).join(' · '));
  const time = el('time', '', ago(post.publishedAt));
  time.dateTime = post.publishedAt;
  meta.append(meta.textContent ? ' · ' : '', time);
  who.append(meta);
  header.append(who);
  article.append(header);
  const badges = [post.pinned && words['feed.pinned'], post.important && words['post.important']].filter(Boolean);
  if (badges.length) article.append(el('div', 'shell-badges', badges.join(' · ')));
  if (post.title) {
    const title = el('h2', 'shell-title', post.title);
    title.id = `shell-${post.id}`;
    article.setAttribute('aria-labelledby', title.id);
    article.append(title);
  } else article.setAttribute('aria-label', fill(words['post.label'], { author }));
  if (post.summary) article.append(el('p', 'shell-summary', post.summary));
  const body = el('div', 'shell-body');
  // bodyHtml is rendered and sanitized by the server (only p, br, strong, em, a, ul, ol, li), as in the app.
  body.innerHTML = post.bodyHtml;
  article.append(body);
  const image = post.attachments.find((a) => a.kind === 'image');
  if (image) {
    const img = el('img', 'shell-image');
    img.src = image.signedThumbnailUrl ?? image.signedUrl ?? image.thumbnailUrl ?? image.url;
    img.alt = image.alt ?? '';
    if (image.width && image.height) {
      img.width = image.width;
      img.height = image.height;
    }
    article.append(img);
  }
  return article;
}

/** The home feed's first posts, if the app has not drawn its first screen yet. */
export function drawFeed(page: FeedPage, locale: Locale, words: ShellWords): void {
  if (!loadingScreen()) return;
  const posts = [...page.pinned, ...page.posts].slice(0, POSTS);
  if (!posts.length) return;
  const ago = relativeTime(locale, () => words['time.justNow']);
  const main = screen();
  main.append(el('h1', 'shell-h1', words['feed.title']));
  for (const post of posts) main.append(postArticle(post, words, ago));
}

/** A colleague's page opened by deep link (name, job, department), if the app has not drawn yet. */
export function drawPerson(person: PersonPage): void {
  if (!loadingScreen()) return;
  const main = screen();
  // Where the app puts its back button: the heading does not move when the app takes over.
  main.append(el('div', 'shell-back'));
  main.append(el('h1', 'shell-h1', person.displayName));
  const head = el('div', 'shell-person');
  head.append(avatar(person.displayName, 'large'));
  const facts = el('div', 'shell-who');
  if (person.jobTitle) facts.append(el('span', 'shell-job', person.jobTitle));
  if (person.department) facts.append(el('span', '', person.department));
  head.append(facts);
  main.append(head);
}
