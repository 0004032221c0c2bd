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
  /** Another person, to open by deep link. */
  readonly personId: string;
  /** The newest news post. */
  readonly newsPostId: string;
  /** A question in the Q&A group. */
  readonly questionId: string;
  readonly groupId: string;
}

export type ScreenOpening =
  /** A static tab of the manifest, by entity id, optionally at an item (sub page id). */
  | { readonly staticTab: string; readonly subPageId?: (refs: DemoRefs) => string }
  /** A link as the bot or a card puts it (a target such as "person:<id>", made into a deep link). */
  | { readonly deepLink: (refs: DemoRefs) => string }
  /** A URL under the public URL (a view inside the tab), in the home tab's frame. */
  | { readonly url: (refs: DemoRefs) => string }
  /** The channel tab's configuration page. */
  | { readonly config: true };

export interface Screen {
  /** Short, file-name-safe. */
  readonly name: string;
  readonly open: ScreenOpening;
  /** Who looks: the demo communicator (default) or a colleague without roles. */
  readonly as?: 'communicator' | 'colleague';
  /** Steps after the screen is up (open a dialog, switch a sub-view). */
  readonly act?: (tab: Frame) => Promise<void>;
}

export const SCREENS: readonly Screen[] = [
  { name: 'home', open: { staticTab: 'home' } },
  { name: 'search', open: { url: () => '/tab?view=search' } },
  { name: 'people', open: { url: () => '/tab?view=people' } },
  { name: 'person', open: { deepLink: (r) => `person:${r.personId}` } },
  { name: 'profile', open: { url: () => '/tab?view=profile' }, as: 'colleague' },
  { name: 'groups', open: { url: () => '/tab?view=groups' } },
  { name: 'group', open: { url: (r) => `/tab?view=groups&group=${r.groupId}` } },
  { name: 'news-post', open: { deepLink: (r) => `post:${r.newsPostId}` } },
  { name: 'question', open: { deepLink: (r) => `post:${r.questionId}` } },
  { name: 'compose-news', open: { url: () => '/tab?view=news' } },
  { name: 'config', open: { config: true } },
];

/** The listed screens plus one for every static tab of the manifest that none opens. */
export function allScreens(staticTabs: readonly string[]): Screen[] {
  const listed = new Set(SCREENS.flatMap((s) => ('staticTab' in s.open ? [s.open.staticTab] : [])));
  return [
    ...SCREENS,
    ...staticTabs.filter((id) => !listed.has(id)).map((id) => ({ name: `tab-${id}`, open: { staticTab: id } })),
  ];
}

/** Looks the deep links' items up in the demo organisation (mongoose must be connected). */
export async function demoRefs(): Promise<DemoRefs> {
  const [colleague, person, news, question, group] = await Promise.all([
    Person.findOne({ active: true, roles: { $size: 0 } }, { email: 1 })
      .sort({ createdAt: 1, _id: 1 })
      .lean(),
    Person.findOne({ active: true, email: { $ne: DEMO_COMMUNICATOR_EMAIL }, skills: { $ne: [] } }, { _id: 1 })
      .sort({ createdAt: 1, _id: 1 })
      .lean(),
    Post.findOne({ kind: 'news' }, { _id: 1 }).sort({ publishedAt: -1, _id: -1 }).lean(),
    Post.findOne({ kind: 'question' }, { _id: 1 }).sort({ publishedAt: -1, _id: -1 }).lean(),
    Group.findOne({}, { _id: 1 }).sort({ createdAt: 1, _id: 1 }).lean(),
  ]);
  if (!colleague || !person || !news || !question || !group) {
    throw new Error('The store lacks the demo organisation (people, news, a question, a group)');
  }
  return {
    viewerEmail: DEMO_COMMUNICATOR_EMAIL,
    colleagueEmail: colleague.email,
    personId: String(person._id),
    newsPostId: String(news._id),
    questionId: String(question._id),
    groupId: String(group._id),
  };
}
