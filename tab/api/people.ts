import { Router } from 'express';
import { z } from 'zod';
import { actorOf } from '../../server/auth.js';
import { ownCompleteness } from '../../core/nudges/lists.js';
import { reportCompleteDepartments } from '../../core/nudges/campaigns.js';
import { findPeople, getPerson } from '../../core/people/find.js';
import { removeProfilePhoto, setProfilePhoto, signedPhotoUrls } from '../../core/people/photo.js';
import { declaredBytes, receiveMultipartFile } from './multipart.js';
import { ownProfile, reindexPerson, updateOwnProfile } from '../../core/people/profile.js';
import { listDepartments, personPage } from '../../core/people/departments.js';
import type { ApiDeps } from './index.js';
import { parseInput } from './validate.js';
import { objectIdString } from '../../core/ids.js';
import { profileRules } from '../../core/people/entra-fields.js';
import { viewAnalytics } from '../../core/policies/analytics.js';
import { viewIncompleteList, viewProfileGaps } from '../../core/policies/completeness.js';

const searchQuery = z.object({
  q: z.string().trim().max(200).default(''),
  department: z.string().trim().max(200).optional(),
  mode: z.enum(['person', 'skill', 'any']).default('any'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1000).default(0),
});
const idParam = z.object({ id: objectIdString });

/**
 * People in the tab: the tab is the viewer's own screen, so answers are presented for a
 * private audience (their own private mobile number included, nobody else's).
 */
export function peopleRoutes({ services, config, log }: ApiDeps): Router {
  const r = Router();
  const photos = signedPhotoUrls(config, 'tab');
  // The fields Entra owns while the sync is on, and the organisation's MOBILE_VISIBILITY.
  const rules = profileRules(config);

  r.get('/me', async (_req, res) => {
    const actor = actorOf(res);
    const me = services.directory.get(actor.personId.toString());
    res.json({
      id: actor.personId.toString(),
      email: actor.email,
      roles: actor.roles,
      locale: actor.locale,
      departmentId: actor.departmentId?.toString() ?? null,
      // What the tab offers this person, from the same policies the routes enforce.
      can: {
        viewAnalytics: viewAnalytics(actor).ok,
        viewProfileGaps: viewProfileGaps(actor).ok,
        /** Their own department's list of incomplete profiles (ambassadors, when AMBASSADOR_LISTS is on). */
        viewIncompleteList: Boolean(
          actor.departmentId && viewIncompleteList(actor, actor.departmentId, config.nudges).ok,
        ),
      },
      person: me ? getPerson(services.directory, actor, 'private', me.id, photos) : null,
      profile: await ownProfile(actor, rules),
      completeness: await ownCompleteness(actor, { rules: services.nudges.rules, settings: config.nudges }),
    });
  });

  /** Edits one's own profile: all given fields or none (400 with a localized message per field). */
  r.patch('/me', async (req, res) => {
    const actor = actorOf(res);
    const { changed } = await updateOwnProfile(actor, req.body ?? {}, rules);
    await reindexPerson(services.directory, actor.personId);
    // The change may have made the department complete: the communication team hears at once.
    if (changed.length) await reportCompleteDepartments({ rules: services.nudges.rules, log });
    res.json({
      person: getPerson(services.directory, actor, 'private', actor.personId.toString(), photos),
      profile: await ownProfile(actor, rules),
      completeness: await ownCompleteness(actor, { rules: services.nudges.rules, settings: config.nudges }),
    });
  });

  r.get('/departments', async (_req, res) => {
    const actor = actorOf(res);
    res.json({ departments: await listDepartments(services.directory, actor, 'private', photos) });
  });

  r.get('/people/search', (req, res) => {
    const actor = actorOf(res);
    const q = parseInput(searchQuery, req.query);
    const found = findPeople(
      services.directory,
      actor,
      'private',
      {
        query: q.q,
        mode: q.mode,
        department: q.department,
        limit: q.limit,
        offset: q.offset,
      },
      photos,
    );
    res.json(found);
  });

  /** A colleague's page: the person, their "about", manager and department colleagues. */
  r.get('/people/:id', async (req, res) => {
    const actor = actorOf(res);
    const { id } = parseInput(idParam, req.params);
    res.json(await personPage(services.directory, actor, 'private', id, photos));
  });

  /** The signed-in person's own profile photo (multipart field "file"). */
  r.put('/me/photo', async (req, res) => {
    const actor = actorOf(res);
    const { photoId } = await setProfilePhoto(
      actor,
      services.uploads,
      (tempPath) => receiveMultipartFile(req, tempPath),
      declaredBytes(req),
    );
    await reindexPerson(services.directory, actor.personId);
    res
      .status(200)
      .json({ photoUrl: photos.photoUrl!({ personId: actor.personId.toString(), photoId: photoId.toString() }) });
  });

  r.delete('/me/photo', async (_req, res) => {
    const actor = actorOf(res);
    await removeProfilePhoto(actor);
    await reindexPerson(services.directory, actor.personId);
    res.status(204).end();
  });

  return r;
}
