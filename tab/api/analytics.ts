import { Router } from 'express';
import { z } from 'zod';
import { actorOf } from '../../server/auth.js';
import { objectIdString } from '../../core/ids.js';
import { analyticsReport, SECTIONS } from '../../core/analytics/report.js';
import { analyticsCsv } from '../../core/analytics/csv.js';
import { MIN_GROUP } from '../../core/analytics/fold.js';
import { recordEngagement } from '../../core/analytics/events.js';
import { exportPersonalData } from '../../core/privacy/export.js';
import { erasePerson } from '../../core/privacy/erase.js';
import type { ApiDeps } from './index.js';
import { parseInput, wantsCsv } from './validate.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day such as 2026-12-01');
const list = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(item).max(100));

export const analyticsQuery = z.object({
  from: day.optional(),
  to: day.optional(),
  weeks: z.coerce.number().int().min(1).max(104).optional(),
  departments: list(objectIdString).optional(),
  sections: list(z.enum(SECTIONS)).optional(),
  enthusiastPct: z.coerce.number().int().min(1).max(100).optional(),
  regularPct: z.coerce.number().int().min(1).max(100).optional(),
  format: z.enum(['json', 'csv']).optional(),
});

/** What the tab reports by itself (everything else is recorded where it happens, in core). */
const eventBody = z.strictObject({ kind: z.literal('tab_opened') });
const eraseParams = z.object({ id: objectIdString });
const eraseBody = z.strictObject({ confirmEmail: z.string().max(254), removeContent: z.boolean().optional() });

/** Engagement reports, the tab's own events, a person's data export and an admin's erasure. */
export function analyticsRouter(deps: ApiDeps): Router {
  const r = Router();
  const { config } = deps;

  r.get('/analytics', async (req, res) => {
    const q = parseInput(analyticsQuery, req.query);
    const actor = actorOf(res);
    const report = await analyticsReport(
      actor,
      {
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
        ...(q.weeks ? { weeks: q.weeks } : {}),
        ...(q.departments ? { departmentIds: q.departments } : {}),
        ...(q.sections ? { sections: q.sections } : {}),
        ...(q.enthusiastPct ? { enthusiastPct: q.enthusiastPct } : {}),
        ...(q.regularPct ? { regularPct: q.regularPct } : {}),
      },
      {
        timeZone: config.orgTimezone,
        retentionDays: config.analytics.retentionDays,
        enthusiastPct: config.analytics.enthusiastPct,
        regularPct: config.analytics.regularPct,
      },
    );
    res.set('Cache-Control', 'no-store');
    if (!wantsCsv(req, q.format)) {
      res.json(report);
      return;
    }
    res
      .type('text/csv; charset=utf-8')
      .attachment(`ids-gebruik-${report.period.from}-${report.period.to}.csv`)
      .send(analyticsCsv(report, actor.locale));
  });

  r.get('/privacy', (_req, res) => {
    res.json({ retentionDays: config.analytics.retentionDays, minGroup: MIN_GROUP });
  });

  r.post('/events', (req, res) => {
    const { kind } = parseInput(eventBody, req.body);
    recordEngagement(actorOf(res), kind);
    res.status(204).end();
  });

  r.get('/me/export', async (_req, res) => {
    const { fileName, bytes } = await exportPersonalData(actorOf(res), {
      retentionDays: config.analytics.retentionDays,
    });
    res.set('Cache-Control', 'no-store');
    res.type('application/zip').attachment(fileName).send(Buffer.from(bytes));
  });

  r.post('/admin/people/:id/erase', async (req, res) => {
    const { id } = parseInput(eraseParams, req.params);
    const body = parseInput(eraseBody, req.body ?? {});
    const result = await erasePerson({
      personId: id,
      confirmEmail: body.confirmEmail,
      removeContent: !!body.removeContent,
      by: { actor: actorOf(res), via: 'api' },
      defaultLocale: config.defaultLocale,
      directory: deps.services.directory,
    });
    res.json(result);
  });

  return r;
}
