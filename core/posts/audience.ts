import type { Types } from 'mongoose';
import { departmentKey } from '../../models/department.js';
import { postAudienceKeys } from '../../models/post.js';

/**
 * Who a post is for, as plain values. A person is in the audience when any part matches them
 * (a union): the whole organisation, their department, their office location, one of their
 * roles, or a group they belong to (or follow, for an open group).
 */
export interface AudienceSpec {
  organisation: boolean;
  departmentIds: Types.ObjectId[];
  locations: string[];
  roles: string[];
  groupIds: Types.ObjectId[];
}

export const ORG_KEY = 'org';
export const deptKey = (id: Types.ObjectId | string) => `dept:${id.toString()}`;
export const locKey = (location: string) => `loc:${departmentKey(location)}`;
export const roleKey = (role: string) => `role:${role}`;
export const groupKey = (id: Types.ObjectId | string) => `group:${id.toString()}`;

/** The keys stored on a post (Post.audienceKeys, also derived on save), so a feed is one multikey $in query. */
export function audienceKeys(a: AudienceSpec): string[] {
  return postAudienceKeys(a);
}

export function isEmptyAudience(a: AudienceSpec): boolean {
  return !a.organisation && !a.departmentIds.length && !a.locations.length && !a.roles.length && !a.groupIds.length;
}
