import { Router } from 'express';
import type { ApiDeps } from './index.js';
import { parseInput } from './validate.js';
import { actorOf } from '../../server/auth.js';
import { appointAdminBody, idParams, memberBody, memberParams, newGroupBody, pageQuery } from './schemas.js';
import {
  addMember,
  appointGroupAdmin,
  createGroup,
  followGroup,
  joinGroup,
  leaveGroup,
  listGroups,
  removeMember,
  unfollowGroup,
  visibleGroup,
} from '../../core/groups/groups.js';
import { presentGroup, presentGroupDetail } from '../../core/groups/present.js';
import { groupFeed } from '../../core/feed/feed.js';
import { mediaLinks, presentFeed } from './posts.js';

/** Groups: list, detail, feed, create, join/leave, follow/unfollow, members. */
export function groupsRouter(deps: ApiDeps): Router {
  const r = Router();
  const links = mediaLinks(deps);

  r.get('/groups', async (_req, res) => {
    const actor = actorOf(res);
    res.json({ groups: (await listGroups(actor)).map((g) => presentGroup(g, actor)) });
  });

  r.post('/groups', async (req, res) => {
    const input = parseInput(newGroupBody, req.body);
    const actor = actorOf(res);
    res.status(201).json(await presentGroupDetail(await createGroup(actor, input), actor));
  });

  r.get('/groups/:id', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const actor = actorOf(res);
    res.json(await presentGroupDetail(await visibleGroup(actor, id), actor));
  });

  r.get('/groups/:id/feed', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const q = parseInput(pageQuery, req.query);
    res.json(await presentFeed(await groupFeed(actorOf(res), id, q), links));
  });

  const membership = { join: joinGroup, leave: leaveGroup, follow: followGroup, unfollow: unfollowGroup } as const;
  for (const [verb, change] of Object.entries(membership)) {
    r.post(`/groups/:id/${verb}`, async (req, res) => {
      const { id } = parseInput(idParams, req.params);
      const actor = actorOf(res);
      res.json(presentGroup(await change(actor, id), actor));
    });
  }

  r.post('/groups/:id/members/:personId', async (req, res) => {
    const { id, personId } = parseInput(memberParams, req.params);
    const body = parseInput(memberBody, req.body ?? {});
    const actor = actorOf(res);
    res.json(await presentGroupDetail(await addMember(actor, id, personId, body), actor));
  });

  r.delete('/groups/:id/members/:personId', async (req, res) => {
    const { id, personId } = parseInput(memberParams, req.params);
    const actor = actorOf(res);
    res.json(await presentGroupDetail(await removeMember(actor, id, personId), actor));
  });

  // The audited escape hatch for a group without admins (core/groups/groups.ts appointGroupAdmin).
  r.post('/groups/:id/appoint-admin', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const { personId } = parseInput(appointAdminBody, req.body);
    const actor = actorOf(res);
    const g = await appointGroupAdmin(actor, id, personId, { locale: deps.config.defaultLocale });
    res.json(await presentGroupDetail(g, actor));
  });

  return r;
}
