import { Router } from 'express';
import { z } from 'zod';
import { actorOf } from '../../server/auth.js';
import { findPeople, getPerson } from '../../core/people/find.js';
import type { ApiDeps } from './index.js';
import { parseInput } from './validate.js';

const searchQuery = z.object({
  q: z.string().trim().max(200).default(''),
  department: z.string().trim().max(200).optional(),
  mode: z.enum(['person', 'skill', 'any']).default('any'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
const idParam = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/i, 'a person id is 24 hex characters') });

/**
 * People in the tab: the tab is the viewer's own screen, so answers are presented for a
 * private audience (their own private mobile number included, nobody else's).
 */
export function peopleRoutes({ services }: ApiDeps): Router {
  const r = Router();

  r.get('/me', (_req, res) => {
    const actor = actorOf(res);
    const me = services.directory.get(actor.personId.toString());
    res.json({
      id: actor.personId.toString(),
      email: actor.email,
      roles: actor.roles,
      locale: actor.locale,
      person: me ? getPerson(services.directory, actor, 'private', me.id) : null,
    });
  });

  r.get('/people/search', (req, res) => {
    const actor = actorOf(res);
    const q = parseInput(searchQuery, req.query);
    const found = findPeople(services.directory, actor, 'private', {
      query: q.q,
      mode: q.mode,
      department: q.department,
      limit: q.limit,
    });
    res.json(found);
  });

  r.get('/people/:id', (req, res) => {
    const actor = actorOf(res);
    const { id } = parseInput(idParam, req.params);
    res.json(getPerson(services.directory, actor, 'private', id));
  });

  return r;
}
