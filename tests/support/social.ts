import { randomUUID } from 'node:crypto';
import request from 'supertest';
import mongoose from 'mongoose';
import { DEV_USER_HEADER } from '../../server/auth.js';
import { aDepartment, aGroup, aPerson, type PersonFields, type PersonRecord } from './factories.js';

/**
 * The people the social rules speak of (a communicator, an admin, a manager, a colleague in the
 * manager's department, an outsider in another one, a closed group and a Q&A group), plus request
 * helpers that act as one of them (development mode: the x-ids-dev-user header).
 */
export interface SocialPerson {
  id: string;
  email: string;
  departmentId: string;
}

export interface Cast {
  communicator: SocialPerson;
  admin: SocialPerson;
  /** A manager (no other role) who is a member of the closed group. */
  manager: SocialPerson;
  /** Someone without roles in the manager's department. */
  colleague: SocialPerson;
  /** Someone without roles in another department, outside the closed group. */
  outsider: SocialPerson;
  /** A closed group (Managementteam) and its admin. */
  closedGroupId: string;
  closedGroupAdmin: SocialPerson;
  /** The Q&A group ("Vraag Ids"). */
  qaGroupId: string;
}

const asCast = (p: PersonRecord): SocialPerson => ({
  id: p._id.toString(),
  email: p.email,
  departmentId: p.departmentId?.toString() ?? '',
});

/**
 * The cast made with the factories, in a store of its own (`startTestServer({ SEED_DEMO: 'false' })`):
 * two departments: the manager and the colleague work in Burgerzaken, everyone else in Openbare
 * ruimte; all at the Stadhuis but the outsider (Gemeentewerf). The closed group ("Managementteam")
 * has its own admin and the manager as members; the Q&A group ("Vraag Ids") has an admin of its
 * own. Everyone has an aadObjectId. Nobody else exists.
 */
export async function aCast(): Promise<Cast> {
  const own = await aDepartment({ name: 'Burgerzaken' });
  const other = await aDepartment({ name: 'Openbare ruimte' });
  // Known to Teams, as everyone in a real directory is (the bot finds people by aadObjectId).
  const person = (fields: PersonFields) =>
    aPerson({ aadObjectId: randomUUID(), officeLocation: 'Stadhuis', ...fields });
  const communicator = await person({ roles: ['communicator'], department: other });
  const admin = await person({ roles: ['admin'], department: other });
  const manager = await person({ roles: ['manager'], department: own });
  const colleague = await person({ department: own });
  const outsider = await person({ department: other, officeLocation: 'Gemeentewerf' });
  const closedGroupAdmin = await person({ department: other });
  const qaAdmin = await person({ department: other });
  const closed = await aGroup({
    name: 'Managementteam',
    visibility: 'closed',
    admins: [closedGroupAdmin],
    members: [manager],
  });
  const qa = await aGroup({ name: 'Vraag Ids', kind: 'qa', admins: [qaAdmin] });
  return {
    communicator: asCast(communicator),
    admin: asCast(admin),
    manager: asCast(manager),
    colleague: asCast(colleague),
    outsider: asCast(outsider),
    closedGroupId: closed._id.toString(),
    closedGroupAdmin: asCast(closedGroupAdmin),
    qaGroupId: qa._id.toString(),
  };
}

/** supertest bound to the server, acting as someone. */
export function actingAs(url: string, who: SocialPerson | string) {
  const email = typeof who === 'string' ? who : who.email;
  const agent = request(url);
  return {
    get: (path: string) => agent.get(path).set(DEV_USER_HEADER, email),
    post: (path: string, body?: object) => {
      const r = agent.post(path).set(DEV_USER_HEADER, email);
      return body === undefined ? r : r.send(body);
    },
    put: (path: string) => agent.put(path).set(DEV_USER_HEADER, email),
    patch: (path: string, body: object) => agent.patch(path).set(DEV_USER_HEADER, email).send(body),
    delete: (path: string) => agent.delete(path).set(DEV_USER_HEADER, email),
  };
}

/** GridFS media files and chunks, to prove an upload left nothing behind. */
export async function countMedia(): Promise<{ files: number; chunks: number }> {
  const db = mongoose.connection.db!;
  const [files, chunks] = await Promise.all([
    db.collection('media.files').countDocuments(),
    db.collection('media.chunks').countDocuments(),
  ]);
  return { files, chunks };
}
