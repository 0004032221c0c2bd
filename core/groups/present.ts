import type { Types } from 'mongoose';
import { Person } from '../../models/person.js';
import type { Actor } from '../actor.js';
import type { GroupRecord } from './groups.js';
import * as groupPolicy from '../policies/group.js';

export interface GroupSummary {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  visibility: 'open' | 'closed';
  kind: 'group' | 'qa';
  memberCount: number;
  followerCount: number;
  isMember: boolean;
  isAdmin: boolean;
  isFollowing: boolean;
  /** Whether the asker may add and remove members (core/policies/group.ts). */
  canManage: boolean;
}

export interface GroupMember {
  id: string;
  displayName: string;
  jobTitle: string | null;
  isAdmin: boolean;
}

export interface GroupDetail extends GroupSummary {
  members: GroupMember[];
}

export function presentGroup(g: GroupRecord, actor: Actor): GroupSummary {
  return {
    id: g._id.toString(),
    name: g.name,
    slug: g.slug,
    description: g.description ?? null,
    visibility: g.visibility as GroupSummary['visibility'],
    kind: g.kind as GroupSummary['kind'],
    memberCount: g.members.length,
    followerCount: g.followers.length,
    isMember: groupPolicy.isMember(actor, g),
    isAdmin: groupPolicy.isGroupAdmin(actor, g),
    isFollowing: groupPolicy.isFollowing(actor, g),
    canManage: groupPolicy.manageMembers(actor, g).ok,
  };
}

/** The group with its members' names (only public directory fields). */
export async function presentGroupDetail(g: GroupRecord, actor: Actor): Promise<GroupDetail> {
  const people = await Person.find(
    { _id: { $in: g.members as Types.ObjectId[] }, active: true },
    { displayName: 1, jobTitle: 1 },
  )
    .sort({ displayName: 1 })
    .lean();
  const admins = new Set((g.admins ?? []).map((a) => a.toString()));
  return {
    ...presentGroup(g, actor),
    members: people.map((p) => ({
      id: p._id.toString(),
      displayName: p.displayName,
      jobTitle: p.jobTitle ?? null,
      isAdmin: admins.has(p._id.toString()),
    })),
  };
}
