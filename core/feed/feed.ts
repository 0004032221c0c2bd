import type { Types } from 'mongoose';
import { Like, Post } from '../../models/post.js';
import { PostReceipt } from '../../models/delivery.js';
import { Department } from '../../models/department.js';
import type { Actor } from '../actor.js';
import { notFound } from '../errors.js';
import { ORG_KEY, deptKey, groupKey } from '../posts/audience.js';
import { loadViewer, type Viewer } from '../posts/viewer.js';
import type { PostRecord } from '../posts/posts.js';
import { canSeePost } from '../posts/rules.js';
import { visibleGroup } from '../groups/groups.js';
import * as groupPolicy from '../policies/group.js';
import { enforce } from '../policies/decision.js';
import { decodeCursor, encodeCursor, type FeedPosition, olderThan } from './cursor.js';
import { parseId } from '../ids.js';
import type { ViewerMarks } from '../posts/present.js';

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 50;
/** Pinned news shown above the first page, at most. */
export const MAX_PINNED = 5;

export interface FeedPage {
  /** Pinned news (first page only), then the page, newest first. */
  pinned: PostRecord[];
  posts: PostRecord[];
  /** Pass back as ?cursor= for the next page; null at the end. */
  nextCursor: string | null;
  viewer: Viewer;
  /** The viewer's likes and acknowledgements of these posts, read with them. */
  marks: ViewerMarks;
}

export interface PageRequest {
  cursor?: string;
  limit?: number;
}

const live = { deletedAt: null, status: 'published' } as const;

const byDate = { publishedAt: -1, _id: -1 } as const;
/** Pinned posts first (newest first), then the rest newest first: index {audienceKeys, pinned, publishedAt, _id}. */
const pinnedFirst = { pinned: -1, publishedAt: -1, _id: -1 } as const;

/** Collects the viewer's marks on the posts a page reads (see `newest`). */
interface Marks {
  personId: Types.ObjectId;
  liked: Set<string>;
  acks: Map<string, Date>;
}

/** A post as `newest` reads it: with the viewer's like and acknowledgement joined. */
type Marked = PostRecord & { myLike?: unknown[]; myAck?: { acknowledgedAt?: Date | null }[] };

/**
 * The viewer's like and acknowledgement of each post, joined to it in the store: the posts and
 * these in one round trip, not two. Joined by the unique { postId, personId } indexes.
 */
const joinMarks = (personId: Types.ObjectId) => [
  {
    $lookup: {
      from: Like.collection.collectionName,
      localField: '_id',
      foreignField: 'postId',
      pipeline: [{ $match: { personId } }, { $project: { _id: 1 } }],
      as: 'myLike',
    },
  },
  {
    $lookup: {
      from: PostReceipt.collection.collectionName,
      localField: '_id',
      foreignField: 'postId',
      pipeline: [{ $match: { personId, acknowledgedAt: { $ne: null } } }, { $project: { _id: 0, acknowledgedAt: 1 } }],
      as: 'myAck',
    },
  },
];

// Feeds read through the driver (Post.collection): these filters need no casting, and mongoose's
// query building costs about as much as the store's answer. The store walks the audience index
// in the order asked (one run per audience key, merged) and stops after the page.
async function newest(
  filter: Record<string, unknown>,
  sort: Record<string, 1 | -1>,
  limit: number,
  marks: Marks,
): Promise<PostRecord[]> {
  const found = await Post.collection
    .aggregate<Marked>([{ $match: filter }, { $sort: sort }, { $limit: limit }, ...joinMarks(marks.personId)])
    .toArray();
  // The joined fields stay on the records (presentPosts reads named fields): copying every post
  // without them would cost more than they do.
  for (const post of found) {
    const id = post._id.toString();
    if (post.myLike?.length) marks.liked.add(id);
    // As presentPosts reads them: acknowledgements of posts that ask for one.
    const at = post.myAck?.[0]?.acknowledgedAt;
    if (at && post.requiresAck) marks.acks.set(id, at);
  }
  return found;
}

/**
 * The pinned news on top (newest MAX_PINNED) and the stream after `position` without them, at
 * most limit + 1 posts. The first page is one walk, pinned posts first; later pages leave out
 * the pinned posts their cursor names. More pinned posts than fit on top (or a cursor from
 * before it named them) take a query of their own.
 */
async function onTopAndStream(
  stream: Record<string, unknown>,
  position: FeedPosition | undefined,
  limit: number,
  withPinned: boolean,
  marks: Marks,
): Promise<{ onTop: PostRecord[]; found: PostRecord[] }> {
  const after = (f: Record<string, unknown>) => (position ? { $and: [f, olderThan(position)] } : f);
  if (!withPinned) return { onTop: [], found: await newest(after(stream), byDate, limit + 1, marks) };
  if (position?.pinned) {
    const without = position.pinned.length ? { ...stream, _id: { $nin: position.pinned } } : stream;
    return { onTop: [], found: await newest(after(without), byDate, limit + 1, marks) };
  }
  if (!position) {
    const first = await newest(stream, pinnedFirst, limit + 1 + MAX_PINNED, marks);
    const onTop = first.filter((p) => p.pinned === true);
    if (onTop.length <= MAX_PINNED) return { onTop, found: first.filter((p) => p.pinned !== true).slice(0, limit + 1) };
  }
  const [onTop, rest] = await Promise.all([
    newest({ pinned: true, ...stream }, byDate, MAX_PINNED, marks),
    newest(after(stream), byDate, limit + 1 + MAX_PINNED, marks),
  ]);
  const top = new Set(onTop.map((p) => p._id.toString()));
  return { onTop, found: rest.filter((p) => !top.has(p._id.toString())).slice(0, limit + 1) };
}

async function page(
  viewer: Viewer,
  filter: Record<string, unknown>,
  req: PageRequest,
  withPinned: boolean,
): Promise<FeedPage> {
  const limit = Math.min(Math.max(req.limit ?? DEFAULT_PAGE, 1), MAX_PAGE);
  const position = req.cursor ? decodeCursor(req.cursor) : undefined;
  // The newest pinned news sits above the first page and is left out of the stream on every page,
  // so it is never shown twice; older pinned posts beyond MAX_PINNED stay in the stream.
  const marks: Marks = { personId: viewer.personId, liked: new Set(), acks: new Map() };
  const { onTop, found } = await onTopAndStream({ ...filter, ...live }, position, limit, withPinned, marks);
  const pinned = position ? [] : onTop;
  // The query already limits to the viewer's audience; this is the rule itself, checked once more.
  const visible = found.filter((p) => canSeePost(viewer, p));
  const more = found.length > limit;
  const posts = visible.slice(0, limit);
  const last = found.slice(0, limit).at(-1);
  const leftOut = position ? position.pinned : withPinned ? onTop.map((p) => p._id) : undefined;
  return {
    pinned: pinned.filter((p) => canSeePost(viewer, p)),
    posts,
    nextCursor: more && last ? encodeCursor({ publishedAt: last.publishedAt, id: last._id, pinned: leftOut }) : null,
    viewer,
    marks: { liked: marks.liked, acks: marks.acks },
  };
}

/**
 * The person's home feed: organisation news, news for their department, location and roles, and
 * the posts of groups they are a member of or follow. One query on Post.audienceKeys.
 */
export async function homeFeed(actor: Actor, req: PageRequest = {}): Promise<FeedPage> {
  const viewer = await loadViewer(actor);
  return page(viewer, { audienceKeys: { $in: viewer.feedKeys } }, req, true);
}

/** News addressed to one department, as far as the viewer may read it. */
export async function departmentFeed(actor: Actor, departmentId: string, req: PageRequest = {}): Promise<FeedPage> {
  const id = parseId(departmentId, () => notFound('No such department.'));
  if (!(await Department.exists({ _id: id }))) throw notFound('No such department.');
  const viewer = await loadViewer(actor);
  const filter: Record<string, unknown> = viewer.seesAllNews
    ? { audienceKeys: deptKey(id) }
    : { $and: [{ audienceKeys: deptKey(id) }, { audienceKeys: { $in: [...viewer.visibleKeys] } }] };
  return page(viewer, filter, req, true);
}

/** A group's posts (and news addressed to it); 404 for a closed group to anyone but its members. */
export async function groupFeed(actor: Actor, groupId: string, req: PageRequest = {}): Promise<FeedPage> {
  const viewer = await loadViewer(actor);
  const group = await visibleGroup(actor, groupId);
  const id = group._id.toString();
  enforce(groupPolicy.readPosts(actor, group), () => notFound('No such group.'));
  return page(viewer, { audienceKeys: groupKey(id) }, req, false);
}

/**
 * The latest news for the person (organisation and their department, location, roles) — for the
 * bot. organisationOnly: just what every colleague may read (for answers in a shared conversation).
 */
export async function latestNews(
  actor: Actor,
  limit = 5,
  opts: { organisationOnly?: boolean } = {},
): Promise<{ posts: PostRecord[]; viewer: Viewer }> {
  const viewer = await loadViewer(actor);
  const keys = opts.organisationOnly ? [ORG_KEY] : viewer.feedKeys.filter((k) => !k.startsWith('group:'));
  const posts = (await Post.find({ audienceKeys: { $in: keys }, kind: { $in: ['news', 'department'] }, ...live })
    .sort({ pinned: -1, publishedAt: -1, _id: -1 })
    .limit(limit)
    .lean()) as PostRecord[];
  return { posts: posts.filter((p) => canSeePost(viewer, p)), viewer };
}
