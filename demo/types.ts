import type { MobileVisibility, Role } from '../models/person.js';
import type { PostKind } from '../models/post.js';

/**
 * The demo organisation as plain data: no ids, no dates. People, groups and posts refer to
 * each other by email, department name, group slug and post key; times are minutes before
 * "now", so the same data seeds a fresh-looking organisation on any day.
 */

export interface DemoDepartment {
  name: string;
  /** Name of the parent department (the field crews sit under Openbare Ruimte). */
  parent?: string;
}

/** One person, with the fields the people import knows plus the profile extras. */
export interface DemoPerson {
  email: string;
  displayName: string;
  givenName: string;
  surname: string;
  jobTitle: string;
  department: string;
  officeLocation: string;
  /** As the person wrote it ("0515 48 12 34", "(0515) 481234", an extension "4812"). */
  businessPhone?: string;
  /** As the person wrote it ("06-12345678", "+31 (0)6 12 34 56 78"). */
  mobilePhone?: string;
  mobileVisibility: MobileVisibility;
  skills: string[];
  bio?: string;
  /** Whether the profile has a photo; the seed stores one only when given a photo store. */
  hasPhoto: boolean;
  roles: Role[];
  managerEmail?: string;
  aadObjectId: string;
  locale?: 'nl' | 'en';
}

export interface DemoGroup {
  slug: string;
  name: string;
  description: string;
  visibility: 'open' | 'closed';
  kind: 'group' | 'qa';
  createdByEmail: string;
  adminEmails: string[];
  memberEmails: string[];
}

export interface DemoAudience {
  organisation?: boolean;
  departments?: string[];
  locations?: string[];
  roles?: Role[];
  groups?: string[];
}

export interface DemoComment {
  key: string;
  authorEmail: string;
  body: string;
  /** Key of the top-level comment this one replies to. */
  replyTo?: string;
  minutesAgo: number;
}

export interface DemoPost {
  key: string;
  kind: PostKind;
  authorEmail: string;
  groupSlug?: string;
  title?: string;
  summary?: string;
  body: string;
  audience: DemoAudience;
  important: boolean;
  requiresAck: boolean;
  pinned: boolean;
  minutesAgo: number;
  likedBy: string[];
  comments: DemoComment[];
  /** Q&A: the comment accepted as the answer, and who accepted it. */
  answer?: { commentKey: string; markedByEmail: string };
}

export interface DemoOrganisation {
  name: string;
  domain: string;
  departments: DemoDepartment[];
  people: DemoPerson[];
  groups: DemoGroup[];
  posts: DemoPost[];
}
