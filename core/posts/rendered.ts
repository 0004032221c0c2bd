import type { Types } from 'mongoose';
import { Post } from '../../models/post.js';
import { excerpt, MARKDOWN_RENDERER_VERSION, renderMarkdown } from './markdown.js';

/** A post's body as the tab shows it: safe HTML and a one-line excerpt. */
export interface RenderedBody {
  version: number;
  html: string;
  excerpt: string;
}

/** Renders a body for storing beside it (Post.rendered). */
export function renderBody(body: string): RenderedBody {
  return { version: MARKDOWN_RENDERER_VERSION, html: renderMarkdown(body), excerpt: excerpt(body) };
}

const refreshing = new Set<string>();

/**
 * The stored rendering of a post's body, or a fresh one when it is missing or was made by
 * another renderer version; then it is stored too (once, in the background, only if the body is
 * still the one rendered), so the next read finds it.
 */
export function renderedBodyOf(post: {
  _id: Types.ObjectId;
  body?: string | null;
  rendered?: { version?: number | null; html?: string | null; excerpt?: string | null } | null;
}): RenderedBody {
  const stored = post.rendered;
  if (stored?.version === MARKDOWN_RENDERER_VERSION && typeof stored.html === 'string')
    return { version: stored.version, html: stored.html, excerpt: stored.excerpt ?? '' };
  const body = post.body ?? '';
  const fresh = renderBody(body);
  const id = post._id.toString();
  if (!refreshing.has(id)) {
    refreshing.add(id);
    Post.updateOne({ _id: post._id, body }, { $set: { rendered: fresh } }, { timestamps: false })
      .catch(() => undefined) // rendered again on the next read
      .finally(() => refreshing.delete(id));
  }
  return fresh;
}
