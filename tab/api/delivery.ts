import { Router } from 'express';
import { z } from 'zod';
import type { ApiDeps } from './index.js';
import { parseInput } from './validate.js';
import { newPostBody } from './schemas.js';

const reportQuery = z.object({
  format: z.enum(['json', 'csv']).optional(),
  /** csv only: the department table (default) or the names of who has not acknowledged yet. */
  part: z.enum(['departments', 'not-acknowledged']).optional(),
});
import { actorOf } from '../../server/auth.js';
import { previewNewsCard } from '../../core/delivery/preview.js';
import { acknowledgePost } from '../../core/delivery/receipts.js';
import { deliveryReport, notAcknowledgedCsv, reportCsv, retryDeliveries } from '../../core/delivery/report.js';
import { idParams } from './schemas.js';

/** The compose screen's body (as for POST /api/posts) plus the language to preview in. */
export const cardPreviewBody = newPostBody.extend({ locale: z.enum(['nl', 'en']).optional() });

/** News as cards: the card preview, the delivery report and retries. */
export function deliveryRouter(deps: ApiDeps): Router {
  const r = Router();

  r.post('/posts/card-preview', async (req, res) => {
    const input = parseInput(cardPreviewBody, req.body);
    const card = await previewNewsCard(actorOf(res), input, deps.config);
    res.json({ card });
  });

  // "Ik heb dit gelezen" from the tab: idempotent, the first moment stays.
  r.post('/posts/:id/ack', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const { acknowledgedAt } = await acknowledgePost(actorOf(res), id);
    res.json({ acknowledgedAt: acknowledgedAt.toISOString() });
  });

  r.get('/posts/:id/delivery', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const q = parseInput(reportQuery, req.query);
    const actor = actorOf(res);
    const report = await deliveryReport(actor, id);
    res.set('Cache-Control', 'no-store');
    const csv =
      q.format === 'csv' || (q.format === undefined && req.accepts(['application/json', 'text/csv']) === 'text/csv');
    if (!csv) {
      res.json(report);
      return;
    }
    const names = q.part === 'not-acknowledged';
    res
      .type('text/csv; charset=utf-8')
      .attachment(`ids-${names ? 'niet-bevestigd' : 'bezorging'}-${report.postId}.csv`)
      .send(names ? notAcknowledgedCsv(report, actor.locale) : reportCsv(report, actor.locale));
  });

  r.post('/posts/:id/delivery/retry', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    res.json(await retryDeliveries(actorOf(res), id));
  });

  return r;
}
