import type { Types } from 'mongoose';
import { Person, personWrites } from '../models/person.js';
import { RecentReads } from './recent.js';
import type { Actor } from './actor.js';
import type { Role } from '../models/person.js';
import type { Locale } from './i18n.js';

interface PersonForActor {
  _id: Types.ObjectId;
  email: string;
  roles?: string[] | null;
  departmentId?: Types.ObjectId | null;
  locale?: string | null;
  officeLocation?: string | null;
}

export function actorFromPerson(p: PersonForActor, fallbackLocale: Locale = 'nl'): Actor {
  return Object.freeze({
    personId: p._id,
    email: p.email,
    roles: Object.freeze([...(p.roles ?? [])] as Role[]),
    departmentId: p.departmentId ?? undefined,
    locale: p.locale === 'en' || p.locale === 'nl' ? p.locale : fallbackLocale,
  });
}

const actorFields = {
  _id: 1,
  email: 1,
  roles: 1,
  departmentId: 1,
  locale: 1,
  aadObjectId: 1,
  active: 1,
  officeLocation: 1,
} as const;

/** An actor read from the store just now: it carries its profile, so core need not read it again. */
function resolvedActor(p: PersonForActor, fallbackLocale?: Locale): Actor {
  return Object.freeze({ ...actorFromPerson(p, fallbackLocale), officeLocation: p.officeLocation ?? null });
}

/**
 * Who asked recently, by email and by Entra object id: every API request resolves its person,
 * and a person's requests come in bursts (the tab opening, scrolling the feed). Kept for
 * RECENT_MS, dropped at once when this instance writes to people.
 */
const recentByEmail = new RecentReads<string, PersonForActor>(personWrites);
const recentByOid = new RecentReads<string, PersonForActor>(personWrites);

/**
 * The active person with this email, as an Actor; undefined when unknown or inactive.
 * `fallbackLocale`: their language when they never chose one (e.g. the browser's).
 */
export async function actorByEmail(email: string, fallbackLocale?: Locale): Promise<Actor | undefined> {
  const key = email.trim().toLowerCase();
  // Through the driver: every API request in development mode, and the filter needs no casting.
  const p = await recentByEmail.get(
    key,
    async () =>
      (await Person.collection.findOne<PersonForActor>({ email: key, active: true }, { projection: actorFields })) ??
      undefined,
  );
  return p ? resolvedActor(p, fallbackLocale) : undefined;
}

/**
 * The active person bound to an Entra object id. A person not yet bound is matched once by the
 * email or UPN the identity provider vouches for, and bound to the oid from then on.
 */
export async function actorByAadObjectId(
  oid: string,
  vouchedEmail?: string,
  fallbackLocale?: Locale,
): Promise<Actor | undefined> {
  const key = oid.trim().toLowerCase();
  // Through the driver: every signed-in API request, and the filter needs no casting.
  const bound = await recentByOid.get(
    key,
    async () =>
      (await Person.collection.findOne<PersonForActor>(
        { aadObjectId: key, active: true },
        { projection: actorFields },
      )) ?? undefined,
  );
  if (bound) return resolvedActor(bound, fallbackLocale);
  if (!vouchedEmail) return undefined;
  const byEmail = await Person.findOneAndUpdate(
    { email: vouchedEmail.trim().toLowerCase(), active: true, aadObjectId: { $exists: false } },
    { $set: { aadObjectId: key } },
    { returnDocument: 'after', projection: actorFields },
  ).lean();
  if (byEmail) return resolvedActor(byEmail, fallbackLocale);
  // A concurrent first request (the tab asks for the feed and "who am I" at once) may have bound
  // this person a moment ago.
  const boundMeanwhile = await Person.findOne({ aadObjectId: key, active: true }, actorFields).lean();
  return boundMeanwhile ? resolvedActor(boundMeanwhile, fallbackLocale) : undefined;
}

/** The first communicator, by creation order: who development mode acts as without a header. */
export async function firstCommunicator(fallbackLocale?: Locale): Promise<Actor | undefined> {
  const p = await Person.findOne({ roles: 'communicator', active: true }, actorFields)
    .sort({ createdAt: 1, _id: 1 })
    .lean();
  return p ? resolvedActor(p, fallbackLocale) : undefined;
}
