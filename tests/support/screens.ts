// Every screen of the tab and how Teams opens it: the one list that the screenshot command
// (and any sweep over all screens) reads. A new screen is one entry here; a new static tab in
// the manifest is picked up without one.
import type { Frame } from 'playwright-core';
import { Group } from '../../models/group.js';
import { Person } from '../../models/person.js';
import { Post } from '../../models/post.js';
import { DEMO_COMMUNICATOR_EMAIL } from '../../demo/index.js';

/** Ids of demo items that deep links point at. */
export interface DemoRefs {
  /** The person looking (the demo communicator, who may also compose news). */
  readonly viewerEmail: string;
  /** A colleague without special roles (the field worker's view). */
  readonly colleagueEmail: string;
  /** An Ids admin (profile gaps). */
  readonly adminEmail: string;
  /** The viewer's own department (she is its ambassador too). */
  readonly viewerDepartmentId: string;
  /** Another person, to open by deep link, and their given name (to search for). */
  readonly personId: string;
  readonly personGivenName: string;
  readonly departmentId: string;
  /** The newest news post. */
  readonly newsPostId: string;
  /** The newest question in the Q&A group. */
  readonly questionId: string;
  /** A group, and the Q&A group. */
  readonly groupId: string;
  readonly qaGroupId: string;
}

export type ScreenOpening =
  /** A static tab of the manifest, by entity id, optionally at an item (sub page id). */
  | { readonly staticTab: string; readonly subPageId?: (refs: DemoRefs) => string }
  /**
   * A view of the tab (/tab?view=…): its own static tab when the manifest has one by that
   * entity id, else the URL inside the home tab's frame.
   */
  | { readonly view: string; readonly params?: (refs: DemoRefs) => Record<string, string> }
  /** A link as the bot or a card puts it (a target such as "person:<id>", made into a deep link). */
  | { readonly deepLink: (refs: DemoRefs) => string }
  /** The channel tab's configuration page. */
  | { readonly config: true };

export const VIEWERS = ['communicator', 'colleague', 'admin'] as const;
export type Viewer = (typeof VIEWERS)[number];

export interface Screen {
  /** Short, file-name-safe. */
  readonly name: string;
  readonly open: ScreenOpening;
  /** Who looks: the demo communicator (default, also an ambassador), a colleague without roles, or an admin. */
  readonly as?: Viewer;
  /** Steps after the screen is up (open a dialog, switch a sub-view). */
  readonly act?: (tab: Frame) => Promise<void>;
}

export const SCREENS: readonly Screen[] = [
  { name: 'home', open: { staticTab: 'home' } },
  { name: 'news-post', open: { deepLink: (r) => `post:${r.newsPostId}` } },
  { name: 'question', open: { deepLink: (r) => `post:${r.questionId}` } },
  { name: 'search', open: { view: 'search' } },
  { name: 'search-results', open: { view: 'search', params: (r) => ({ q: r.personGivenName }) } },
  // The empty and error states: a search that finds nothing, a link to a post that is gone.
  { name: 'search-nothing', open: { view: 'search', params: () => ({ q: 'xyzzy-nergens' }) } },
  { name: 'post-gone', open: { view: 'post', params: () => ({ id: '0123456789abcdef01234567' }) } },
  { name: 'people', open: { view: 'people' } },
  { name: 'person', open: { deepLink: (r) => `person:${r.personId}` } },
  { name: 'department', open: { view: 'department', params: (r) => ({ id: r.departmentId }) } },
  { name: 'profile', open: { view: 'profile' }, as: 'colleague' },
  { name: 'groups', open: { view: 'groups' } },
  { name: 'group', open: { view: 'group', params: (r) => ({ id: r.groupId }) } },
  { name: 'qa-group', open: { view: 'group', params: (r) => ({ id: r.qaGroupId }) } },
  { name: 'compose-news', open: { view: 'compose' } },
  { name: 'analytics', open: { view: 'analytics' } },
  // Her own department's incomplete profiles (AMBASSADOR_LISTS on); the admins' gaps, and refused.
  { name: 'department-incomplete', open: { view: 'incomplete', params: (r) => ({ id: r.viewerDepartmentId }) } },
  { name: 'profile-gaps', open: { view: 'profile-gaps' }, as: 'admin' },
  { name: 'profile-gaps-refused', open: { view: 'profile-gaps' }, as: 'colleague' },
  { name: 'privacy', open: { view: 'privacy' }, as: 'colleague' },
  { name: 'channel-feed', open: { view: 'channel', params: (r) => ({ feed: `department:${r.departmentId}` }) } },
  { name: 'config', open: { config: true } },
];

/** The listed screens plus one for every static tab of the manifest that none opens. */
export function allScreens(staticTabs: readonly string[]): Screen[] {
  const listed = new Set(
    SCREENS.flatMap((s) => ('staticTab' in s.open ? [s.open.staticTab] : 'view' in s.open ? [s.open.view] : [])),
  );
  return [
    ...SCREENS,
    ...staticTabs.filter((id) => !listed.has(id)).map((id) => ({ name: `tab-${id}`, open: { staticTab: id } })),
  ];
}

/** Looks the deep links' items up in the demo organisation (mongoose must be connected). */
export async function demoRefs(): Promise<DemoRefs> {
  const first = { createdAt: 1, _id: 1 } as const;
  const newest = { publishedAt: -1, _id: -1 } as const;
  const [viewer, colleague, admin, person, news, question, group, qa] = await Promise.all([
    Person.findOne({ email: DEMO_COMMUNICATOR_EMAIL }, { departmentId: 1 }).lean(),
    Person.findOne({ active: true, roles: { $size: 0 } }, { email: 1 })
      .sort(first)
      .lean(),
    Person.findOne({ active: true, roles: 'admin' }, { email: 1 }).sort(first).lean(),
    Person.findOne(
      { active: true, email: { $ne: DEMO_COMMUNICATOR_EMAIL }, skills: { $ne: [] }, departmentId: { $exists: true } },
      { _id: 1, givenName: 1, departmentId: 1 },
    )
      .sort(first)
      .lean(),
    Post.findOne({ kind: 'news' }, { _id: 1 }).sort(newest).lean(),
    Post.findOne({ kind: 'question' }, { _id: 1 }).sort(newest).lean(),
    Group.findOne({ kind: 'group' }, { _id: 1 }).sort(first).lean(),
    Group.findOne({ kind: 'qa' }, { _id: 1 }).sort(first).lean(),
  ]);
  if (!viewer?.departmentId || !colleague || !admin || !person?.departmentId || !news || !question || !group || !qa) {
    throw new Error('The store lacks the demo organisation (people, news, a question, groups)');
  }
  return {
    viewerEmail: DEMO_COMMUNICATOR_EMAIL,
    colleagueEmail: colleague.email,
    adminEmail: admin.email,
    viewerDepartmentId: String(viewer.departmentId),
    personId: String(person._id),
    personGivenName: person.givenName ?? '',
    departmentId: String(person.departmentId),
    newsPostId: String(news._id),
    questionId: String(question._id),
    groupId: String(group._id),
    qaGroupId: String(qa._id),
  };
}
