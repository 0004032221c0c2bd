import { Router } from 'express';
import { z } from 'zod';
import type { ApiDeps } from './index.js';
import { parseInput, wantsCsv } from './validate.js';
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
import { idParams, objectId } from './schemas.js';
import { channelFollows, channelForMember, setChannelFollows } from '../../core/delivery/follows.js';
import { parseId } from '../../core/ids.js';
import { badRequest, notFound } from '../../core/errors.js';

/** The compose screen's body (as for POST /api/posts) plus the language to preview in. */
export const cardPreviewBody = newPostBody.extend({ locale: z.enum(['nl', 'en']).optional() });

/** A team channel's id as Teams gives it to the channel tab ("19:…@thread.tacv2"). */
const channelParams = z.object({ channelId: z.string().regex(/^19:[^/\s]{1,200}$/, 'must be a Teams channel id') });
const followsBody = z.strictObject({ departmentIds: z.array(objectId).max(100) });

/** News as cards: the card preview, acknowledgements, the delivery report and retries, channel follows. */
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
    if (!wantsCsv(req, q.format)) {
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

  // The channel tab's setting: which departments' news this channel gets as cards.
  const teams = () => {
    const { messenger, pacer } = deps.services.delivery;
    if (!messenger) throw notFound({ key: 'error.channel.noTeams' });
    return { messenger, pacer };
  };
  r.get('/channels/:channelId/follows', async (req, res) => {
    const { channelId } = parseInput(channelParams, req.params);
    await channelForMember(actorOf(res), channelId, teams());
    res.json({ channelId, departments: await channelFollows(channelId) });
  });
  r.put('/channels/:channelId/follows', async (req, res) => {
    const { channelId } = parseInput(channelParams, req.params);
    const { departmentIds } = parseInput(followsBody, req.body);
    await channelForMember(actorOf(res), channelId, teams());
    const ids = departmentIds.map((id) => parseId(id, () => badRequest({ key: 'error.department.notFound' })));
    res.json({ channelId, departments: await setChannelFollows(channelId, ids) });
  });

  return r;
}
