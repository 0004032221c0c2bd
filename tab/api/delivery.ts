import { Router } from 'express';
import { z } from 'zod';
import type { ApiDeps } from './index.js';
import { parseInput } from './validate.js';
import { newPostBody } from './schemas.js';
import { actorOf } from '../../server/auth.js';
import { previewNewsCard } from '../../core/delivery/preview.js';

/** The compose screen's body (as for POST /api/posts) plus the language to preview in. */
export const cardPreviewBody = newPostBody.extend({
  locale: z.enum(['nl', 'en']).optional(),
  notify: z.boolean().optional(),
  publishAt: z.iso.datetime({ offset: true }).optional(),
});

/** News as cards: the card preview, the delivery report and retries. */
export function deliveryRouter(deps: ApiDeps): Router {
  const r = Router();

  r.post('/posts/card-preview', async (req, res) => {
    const input = parseInput(cardPreviewBody, req.body);
    const card = await previewNewsCard(actorOf(res), input, deps.config);
    res.json({ card });
  });

  return r;
}
