// Small factories for test data: each builds one thing with sensible defaults and takes the
// fields a test cares about. They write through the mongoose models (the store the test or its
// server is connected to), so a test states its own world instead of picking people out of the
// seeded demo organisation.
import { Types } from 'mongoose';
import { Department, departmentKey } from '../../models/department.js';
import { Person, type Role } from '../../models/person.js';
import { Group } from '../../models/group.js';
import { Comment, Like, Post, type PostKind } from '../../models/post.js';
import { actorFromPerson } from '../../core/identity.js';
import { normalizePhone, type PhoneValue } from '../../core/phones.js';
import type { Actor } from '../../core/actor.js';

let sequence = 0;
const next = () => ++sequence;

type Id = Types.ObjectId;
type Ref = Id | { _id: Id };
const idOf = (r: Ref): Id => (r instanceof Types.ObjectId ? r : r._id);

export interface DepartmentRecord {
  _id: Id;
  name: string;
}

export async function aDepartment(fields: { name?: string } = {}): Promise<DepartmentRecord> {
  const name = fields.name ?? `Afdeling ${next()}`;
  const d = await Department.create({ name, key: departmentKey(name) });
  return { _id: d._id, name: d.name };
}

export interface PersonRecord {
  _id: Id;
  email: string;
  displayName: string;
  roles: Role[];
  departmentId?: Id;
  aadObjectId?: string;
}

export interface PersonFields {
  email?: string;
  givenName?: string;
  surname?: string;
  displayName?: string;
  roles?: Role[];
  department?: DepartmentRecord;
  jobTitle?: string;
  officeLocation?: string;
  /** As typed ("06-12345678", "+31 20 123 4567"), stored normalized as an import would; or already normalized. */
  businessPhone?: string | PhoneValue;
  mobilePhone?: string | PhoneValue;
  mobileVisibility?: 'private' | 'organisation';
  skills?: string[];
  bio?: string;
  manager?: Ref;
  aadObjectId?: string;
  locale?: 'nl' | 'en';
  active?: boolean;
}

/** A colleague; unique name and email unless given. `department` sets both the id and the name. */
export async function aPerson(fields: PersonFields = {}): Promise<PersonRecord> {
  const n = next();
  const givenName = fields.givenName ?? `Test${n}`;
  const surname = fields.surname ?? `Persoon${n}`;
  const { department, manager, businessPhone, mobilePhone, ...rest } = fields;
  const phone = (v: string | PhoneValue | undefined, allowExtension = true) =>
    typeof v === 'string' ? normalizePhone(v, { allowExtension }) : v;
  const p = await Person.create({
    ...rest,
    ...(businessPhone ? { businessPhone: phone(businessPhone) } : {}),
    ...(mobilePhone ? { mobilePhone: phone(mobilePhone, false) } : {}),
    givenName,
    surname,
    displayName: fields.displayName ?? `${givenName} ${surname}`,
    email: fields.email ?? `test${n}.${process.pid}@ids.test`,
    ...(department ? { departmentId: department._id, department: department.name } : {}),
    ...(manager ? { managerId: idOf(manager) } : {}),
  });
  return {
    _id: p._id,
    email: p.email,
    displayName: p.displayName,
    roles: [...(p.roles as Role[])],
    departmentId: p.departmentId ?? undefined,
    aadObjectId: p.aadObjectId ?? undefined,
  };
}

/** The Actor a door would build for this person (for calling core directly). */
export function actorOf(p: PersonRecord, locale: 'nl' | 'en' = 'nl'): Actor {
  return actorFromPerson({ ...p, locale }, locale);
}

export interface GroupRecord {
  _id: Id;
  name: string;
}

export async function aGroup(
  fields: {
    name?: string;
    visibility?: 'open' | 'closed';
    kind?: 'group' | 'qa';
    admins?: Ref[];
    members?: Ref[];
    followers?: Ref[];
  } = {},
): Promise<GroupRecord> {
  const name = fields.name ?? `Groep ${next()}`;
  const admins = (fields.admins ?? []).map(idOf);
  // Admins are members: a group's admin who could not read it would make no sense.
  const members = [
    ...new Map([...admins, ...(fields.members ?? []).map(idOf)].map((id) => [id.toString(), id])).values(),
  ];
  const g = await Group.create({
    name,
    slug: `${departmentKey(name).replace(/[^a-z0-9]+/g, '-')}-${next()}`,
    visibility: fields.visibility ?? 'open',
    kind: fields.kind ?? 'group',
    admins,
    members,
    followers: (fields.followers ?? []).map(idOf),
    createdBy: admins[0],
  });
  return { _id: g._id, name: g.name };
}

export interface PostFields {
  kind?: PostKind;
  group?: Ref;
  title?: string;
  summary?: string;
  body?: string;
  audience?: {
    organisation?: boolean;
    departmentIds?: Id[];
    locations?: string[];
    roles?: string[];
    groupIds?: Id[];
  };
  important?: boolean;
  requiresAck?: boolean;
  pinned?: boolean;
  publishedAt?: Date;
  status?: 'draft' | 'published';
}

/**
 * A post by `author`, stored as core would store it (audience keys are derived on save).
 * Defaults: a group post when `group` is given, else organisation news.
 */
export async function aPost(author: Ref, fields: PostFields = {}) {
  const n = next();
  const kind = fields.kind ?? (fields.group ? 'group' : 'news');
  const news = kind === 'news' || kind === 'department';
  const p = await Post.create({
    kind,
    authorId: idOf(author),
    groupId: fields.group ? idOf(fields.group) : undefined,
    title: fields.title ?? (news ? `Bericht ${n}` : undefined),
    summary: fields.summary,
    body: fields.body ?? `Tekst van bericht ${n}`,
    audience: fields.audience ?? (news ? { organisation: true } : {}),
    important: fields.important ?? false,
    requiresAck: fields.requiresAck ?? false,
    pinned: fields.pinned ?? false,
    publishedAt: fields.publishedAt ?? new Date(),
    status: fields.status ?? 'published',
  });
  return p.toObject();
}

export async function aComment(post: Ref, author: Ref, fields: { body?: string; parent?: Ref } = {}) {
  const c = await Comment.create({
    postId: idOf(post),
    authorId: idOf(author),
    body: fields.body ?? `Reactie ${next()}`,
    ...(fields.parent ? { parentId: idOf(fields.parent) } : {}),
  });
  await Post.updateOne({ _id: idOf(post) }, { $inc: { commentCount: 1 } });
  return c.toObject();
}

export async function aLike(post: Ref, person: Ref) {
  await Like.create({ postId: idOf(post), personId: idOf(person) });
  await Post.updateOne({ _id: idOf(post) }, { $inc: { likeCount: 1 } });
}

/** The self-editable fields of a complete profile (core/nudges/completeness.ts); a test leaves out what it needs missing. */
export const completeProfile = {
  jobTitle: 'Medewerker Burgerzaken',
  officeLocation: 'Gemeentehuis',
  businessPhone: { display: '0515 481234', e164: '+31515481234' },
  skills: ['paspoorten'],
  bio: 'Ik help je aan een paspoort.',
};

/** Gives a person a photo (any file id will do for the completeness score). */
export async function withPhoto(p: { _id: Id }): Promise<void> {
  await Person.updateOne({ _id: p._id }, { $set: { photoId: new Types.ObjectId() } });
}
