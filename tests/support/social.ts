import { randomUUID } from 'node:crypto';
import request from 'supertest';
import mongoose, { type Types } from 'mongoose';
import { Person } from '../../models/person.js';
import { Group } from '../../models/group.js';
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

const asPerson = (p: { _id: Types.ObjectId; email: string; departmentId?: Types.ObjectId | null }): SocialPerson => ({
  id: p._id.toString(),
  email: p.email,
  departmentId: p.departmentId?.toString() ?? '',
});

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

/** The same roles picked out of the seeded demo organisation (for tests about the demo). */
export async function findCast(): Promise<Cast> {
  const closed =
    (await Group.findOne({ visibility: 'closed', kind: 'group', slug: 'managementteam' }).lean()) ??
    (await Group.findOne({ visibility: 'closed' }).lean());
  const qa = await Group.findOne({ kind: 'qa' }).lean();
  if (!closed || !qa) throw new Error('the demo organisation has no closed group or Q&A group');
  const closedMembers = new Set(closed.members.map(String));
  const closedGroups = await Group.find({ visibility: 'closed' }).lean();
  const inAnyClosed = new Set(closedGroups.flatMap((g) => g.members.map(String)));
  const communicator =
    (await Person.findOne({ roles: ['communicator'], active: true }).lean()) ??
    (await Person.findOne({ roles: 'communicator', active: true }).lean());
  const admin = await Person.findOne({ roles: ['admin'], active: true }).lean();
  const managers = await Person.find({ roles: ['manager'], active: true })
    .sort({ email: 1 })
    .lean();
  const manager = managers.find(
    (m) => closedMembers.has(m._id.toString()) && m.departmentId && !closed.admins.some((a) => a.equals(m._id)),
  );
  if (!communicator || !admin || !manager)
    throw new Error('the demo organisation lacks a communicator, admin or manager');
  const plain = await Person.find({ roles: { $size: 0 }, active: true })
    .sort({ email: 1 })
    .lean();
  const colleague = plain.find(
    (p) => p.departmentId?.equals(manager.departmentId!) && !inAnyClosed.has(p._id.toString()),
  );
  const outsider = plain.find(
    (p) =>
      p.departmentId &&
      !p.departmentId.equals(manager.departmentId!) &&
      !inAnyClosed.has(p._id.toString()) &&
      p.officeLocation !== undefined,
  );
  const closedAdmin = await Person.findById(closed.admins[0]).lean();
  if (!colleague || !outsider || !closedAdmin)
    throw new Error('the demo organisation lacks a plain colleague or outsider');
  return {
    communicator: asPerson(communicator),
    admin: asPerson(admin),
    manager: asPerson(manager),
    colleague: asPerson(colleague),
    outsider: asPerson(outsider),
    closedGroupId: closed._id.toString(),
    closedGroupAdmin: asPerson(closedAdmin),
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
