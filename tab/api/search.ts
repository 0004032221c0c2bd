import { Router } from 'express';
import { z } from 'zod';
import type { ApiDeps } from './index.js';
import { parseInput } from './validate.js';
import { actorOf } from '../../server/auth.js';
import { POST_SEARCH_MAX_QUERY, searchPosts } from '../../core/posts/search.js';
import { presentPosts } from '../../core/posts/present.js';
import { mediaLinks } from './posts.js';

export const postSearchQuery = z.object({
  q: z.string().trim().max(POST_SEARCH_MAX_QUERY).default(''),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

/** GET /api/posts/search?q=&limit=: posts whose title, summary or body hold every word, as far as the asker may read them. */
export function searchRouter(deps: ApiDeps): Router {
  const r = Router();
  const links = mediaLinks(deps);
  r.get('/posts/search', async (req, res) => {
    const q = parseInput(postSearchQuery, req.query);
    const { hits, viewer } = await searchPosts(actorOf(res), q.q, { limit: q.limit });
    const posts = await presentPosts(
      hits.map((h) => h.post),
      viewer,
      links,
    );
    res.json({
      query: q.q,
      results: hits.map((h, i) => ({ post: posts[i]!, matched: h.matched, snippet: h.snippet })),
    });
  });
  return r;
}
