import type { Types } from 'mongoose';
import { ConversationRef } from '../../models/delivery.js';
import { departmentKey } from '../../models/department.js';
import { Group } from '../../models/group.js';
import { Person } from '../../models/person.js';
import { Post } from '../../models/post.js';
import { enqueueMany, type EnqueueRequest } from './outbox.js';

/** The fields of a post that say who gets its cards. */
export interface FanoutPost {
  _id: Types.ObjectId;
  audience?: {
    organisation?: boolean | null;
    departmentIds?: Types.ObjectId[] | null;
    locations?: string[] | null;
    roles?: string[] | null;
    groupIds?: Types.ObjectId[] | null;
  } | null;
}

export interface Recipient {
  readonly _id: Types.ObjectId;
  readonly departmentId?: Types.ObjectId | null;
}

/**
 * Everyone active in a post's audience, as the feed reads it (a union): the organisation, their
 * department, their office location, one of their roles, or a group they are a member of (or
 * follow, when it is open).
 */
export async function audienceOf(post: FanoutPost): Promise<Recipient[]> {
  const a = post.audience ?? {};
  const fields = { _id: 1, departmentId: 1, officeLocation: 1 } as const;
  if (a.organisation) return Person.find({ active: true }, fields).lean();
  const or: Record<string, unknown>[] = [];
  if (a.departmentIds?.length) or.push({ departmentId: { $in: a.departmentIds } });
  if (a.roles?.length) or.push({ roles: { $in: a.roles } });
  if (a.groupIds?.length) {
    const groups = await Group.find({ _id: { $in: a.groupIds } }, { members: 1, followers: 1, visibility: 1 }).lean();
    const ids = groups.flatMap((g) => [...g.members, ...(g.visibility === 'open' ? g.followers : [])]);
    if (ids.length) or.push({ _id: { $in: ids } });
  }
  const people = or.length ? await Person.find({ active: true, $or: or }, fields).lean() : [];
  const locations = new Set((a.locations ?? []).map((l) => departmentKey(l)));
  if (locations.size === 0) return people;
  // Locations match folded ("Stadhuis" and "stadhuis " alike), as the feed's keys do.
  const seen = new Set(people.map((p) => p._id.toString()));
  const placed = await Person.find({ active: true, officeLocation: { $exists: true } }, fields).lean();
  for (const p of placed) {
    if (p.officeLocation && locations.has(departmentKey(p.officeLocation)) && !seen.has(p._id.toString())) {
      seen.add(p._id.toString());
      people.push(p);
    }
  }
  return people;
}

/** Team channels that follow the news of one of the post's departments. */
export function followingChannels(post: FanoutPost) {
  const departmentIds = post.audience?.departmentIds ?? [];
  if (!departmentIds.length) return Promise.resolve([]);
  return ConversationRef.find(
    { kind: 'channel', state: 'active', followsDepartmentIds: { $in: departmentIds } },
    { _id: 1 },
  ).lean();
}

/** One news delivery per person in the audience and per following channel; what exists already stays as it is. */
export async function fanOut(post: FanoutPost): Promise<{ people: number; channels: number; created: number }> {
  const [people, channels] = await Promise.all([audienceOf(post), followingChannels(post)]);
  const subject = post._id.toString();
  const requests: EnqueueRequest[] = [
    ...people.map((p) => ({
      kind: 'news',
      subject,
      recipient: { personId: p._id },
      postId: post._id,
      departmentId: p.departmentId ?? null,
    })),
    ...channels.map((c) => ({ kind: 'news', subject, recipient: { conversationRefId: c._id }, postId: post._id })),
  ];
  const created = await enqueueMany(requests);
  return { people: people.length, channels: channels.length, created };
}

/**
 * Makes the deliveries of published posts marked `fanoutDue`, one post at a time under a lease
 * (two instances never fan out the same post at once; one that dies is taken over when the lease
 * expires). Rerunning is harmless: the outbox keys refuse duplicates.
 */
export async function runDueFanouts(leaseMs = 120_000): Promise<number> {
  let done = 0;
  for (;;) {
    const now = new Date();
    const until = new Date(now.getTime() + leaseMs);
    const post = await Post.findOneAndUpdate(
      { fanoutDue: true, $or: [{ fanoutLeaseUntil: null }, { fanoutLeaseUntil: { $lt: now } }] },
      { $set: { fanoutLeaseUntil: until } },
      { returnDocument: 'after', projection: { audience: 1, status: 1, deletedAt: 1, notify: 1 } },
    ).lean();
    if (!post) return done;
    if (post.status === 'published' && !post.deletedAt && post.notify) await fanOut(post);
    await Post.updateOne({ _id: post._id, fanoutLeaseUntil: until }, { $unset: { fanoutDue: 1, fanoutLeaseUntil: 1 } });
    done += 1;
  }
}
