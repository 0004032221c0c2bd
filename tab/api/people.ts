import { Router } from 'express';
import { z } from 'zod';
import { actorOf } from '../../server/auth.js';
import { findPeople, getPerson } from '../../core/people/find.js';
import { removeProfilePhoto, setProfilePhoto, signedPhotoUrls } from '../../core/people/photo.js';
import { declaredBytes, receiveMultipartFile } from './multipart.js';
import type { ApiDeps } from './index.js';
import { parseInput } from './validate.js';
import { objectIdString } from '../../core/ids.js';

const searchQuery = z.object({
  q: z.string().trim().max(200).default(''),
  department: z.string().trim().max(200).optional(),
  mode: z.enum(['person', 'skill', 'any']).default('any'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
const idParam = z.object({ id: objectIdString });

/**
 * People in the tab: the tab is the viewer's own screen, so answers are presented for a
 * private audience (their own private mobile number included, nobody else's).
 */
export function peopleRoutes({ services, config }: ApiDeps): Router {
  const r = Router();
  const photos = signedPhotoUrls(config, 'tab');

  r.get('/me', (_req, res) => {
    const actor = actorOf(res);
    const me = services.directory.get(actor.personId.toString());
    res.json({
      id: actor.personId.toString(),
      email: actor.email,
      roles: actor.roles,
      locale: actor.locale,
      person: me ? getPerson(services.directory, actor, 'private', me.id, photos) : null,
    });
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
      },
      photos,
    );
    res.json(found);
  });

  r.get('/people/:id', (req, res) => {
    const actor = actorOf(res);
    const { id } = parseInput(idParam, req.params);
    res.json(getPerson(services.directory, actor, 'private', id, photos));
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
    await services.directory.refreshChanged();
    res
      .status(200)
      .json({ photoUrl: photos.photoUrl!({ personId: actor.personId.toString(), photoId: photoId.toString() }) });
  });

  r.delete('/me/photo', async (_req, res) => {
    const actor = actorOf(res);
    await removeProfilePhoto(actor);
    await services.directory.refreshChanged();
    res.status(204).end();
  });

  return r;
}
