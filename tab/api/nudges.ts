import { Router } from 'express';
import { z } from 'zod';
import { actorOf } from '../../server/auth.js';
import { t } from '../../core/i18n.js';
import { objectIdString } from '../../core/ids.js';
import { endCampaign, listCampaigns, reportCompleteDepartments, startCampaign } from '../../core/nudges/campaigns.js';
import { COMPLETENESS_FIELDS } from '../../core/nudges/completeness.js';
import { departmentLeaderboard, type LeaderboardView } from '../../core/nudges/leaderboard.js';
import { incompleteInDepartment, organisationGaps, ownCompleteness } from '../../core/nudges/lists.js';
import { setNudgesWanted } from '../../core/nudges/preferences.js';
import { manageCampaign } from '../../core/policies/completeness.js';
import type { ApiDeps } from './index.js';
import { parseInput } from './validate.js';

const campaignBody = z.object({ name: z.string().trim().max(120).optional() }).strict();
const nudgesBody = z.object({ wanted: z.boolean() }).strict();
const gapsQuery = z.object({ field: z.enum(COMPLETENESS_FIELDS).optional() });
const departmentParams = z.object({ id: objectIdString });

/**
 * Profile completeness and the department challenge: the leaderboard, one's own score and
 * reminders, the ambassadors' and admins' lists, and the campaigns communicators run.
 */
export function nudgesRouter({ config, services, log }: ApiDeps): Router {
  const r = Router();
  const rules = services.nudges.rules;
  const settings = config.nudges;

  /** The leaderboard: departments by their share of complete profiles (smaller ones folded). */
  r.get('/departments/completeness', async (_req, res) => {
    const actor = actorOf(res);
    const board = await departmentLeaderboard(rules);
    const campaigns = await listCampaigns();
    const view: LeaderboardView = {
      ...board,
      departments: board.departments.map((d) => ({
        ...d,
        name: d.name ?? t(actor.locale, 'completeness.otherDepartments'),
        yours: Boolean(d.departmentId && actor.departmentId?.toString() === d.departmentId),
      })),
      campaign: campaigns.running,
      can: { manageCampaign: manageCampaign(actor).ok },
    };
    res.json(view);
  });

  /** An ambassador's own department: incomplete profiles and what they miss (AMBASSADOR_LISTS). */
  r.get('/departments/:id/incomplete', async (req, res) => {
    const { id } = parseInput(departmentParams, req.params);
    res.json({ people: await incompleteInDepartment(actorOf(res), id, { rules, settings }) });
  });

  r.get('/me/completeness', async (_req, res) => {
    res.json(await ownCompleteness(actorOf(res), { rules, settings }));
  });

  /** Reminders about one's profile on or off (as "stop" / "herinneringen aan" in the chat). */
  r.put('/me/nudges', async (req, res) => {
    const { wanted } = parseInput(nudgesBody, req.body);
    await setNudgesWanted(actorOf(res), wanted);
    res.json({ wanted });
  });

  /** Admins: who misses what only the organisation can fill in (?field=manager). */
  r.get('/profile-gaps', async (req, res) => {
    const { field } = parseInput(gapsQuery, req.query);
    res.json({ people: await organisationGaps(actorOf(res), { rules }, field) });
  });

  r.get('/campaigns', async (_req, res) => {
    const actor = actorOf(res);
    res.json({ ...(await listCampaigns()), can: { manageCampaign: manageCampaign(actor).ok } });
  });

  r.post('/campaigns', async (req, res) => {
    const body = parseInput(campaignBody, req.body ?? {});
    const campaign = await startCampaign(actorOf(res), body);
    // Departments complete already are celebrated at once.
    await reportCompleteDepartments({ rules, log });
    res.status(201).json({ campaign });
  });

  r.post('/campaigns/current/end', async (_req, res) => {
    res.json({ campaign: await endCampaign(actorOf(res)) });
  });

  return r;
}
