import type { Types } from 'mongoose';
import { Person } from '../../models/person.js';
import { Group } from '../../models/group.js';
import { Like } from '../../models/post.js';
import { renderMarkdown } from './markdown.js';
import { renderedBodyOf } from './rendered.js';
import * as postPolicy from '../policies/post.js';
import * as commentPolicy from '../policies/comment.js';
import type { Viewer } from './viewer.js';
import type { PostRecord } from './posts.js';
import type { CommentRecord } from './comments.js';
import { signedMediaUrl } from '../media/signed.js';
import { PostReceipt } from '../../models/delivery.js';
import * as deliveryPolicy from '../policies/delivery.js';
import { t, type Locale } from '../i18n.js';

/** Where media links point and how signed ones are made. */
export interface MediaLinks {
  readonly publicUrl: string;
  readonly mediaUrlSecret: string;
  /** People known without a query (the in-memory directory: active people); others are read. */
  readonly people?: PeopleSource;
}

export interface PeopleSource {
  get(id: string): { displayName: string; jobTitle?: string; department?: string } | undefined;
}

export interface AuthorView {
  id: string;
  displayName: string;
  /** Erased after leaving: shown under a neutral name, with no page to open. */
  former?: true;
  jobTitle: string | null;
  department: string | null;
}

export interface AttachmentView {
  id: string;
  kind: 'image' | 'document';
  name: string;
  contentType: string;
  size: number;
  width: number | null;
  height: number | null;
  /** What the image shows, for those who cannot see it. */
  alt: string | null;
  /** Needs the signed-in person's token. */
  url: string;
  thumbnailUrl: string | null;
  /** Short-lived links that work without a token (an <img> in the tab, a card in Teams). */
  signedUrl: string | null;
  signedThumbnailUrl: string | null;
}

export interface PostView {
  id: string;
  kind: string;
  title: string | null;
  summary: string | null;
  /** The body rendered to safe HTML (only p, br, strong, em, a, ul, ol, li). */
  bodyHtml: string;
  /** A plain-text excerpt for lists and previews. */
  excerpt: string;
  /** The markdown source, for those who may edit it (never rendered as HTML by a client). */
  body?: string;
  author: AuthorView | null;
  group: { id: string; name: string; visibility: string; kind: string } | null;
  audience?: {
    organisation: boolean;
    departmentIds: string[];
    locations: string[];
    roles: string[];
    groupIds: string[];
  };
  important: boolean;
  requiresAck: boolean;
  pinned: boolean;
  likeCount: number;
  commentCount: number;
  likedByMe: boolean;
  publishedAt: string;
  edited: boolean;
  editedAt: string | null;
  attachments: AttachmentView[];
  question: {
    answered: boolean;
    answerCommentId: string | null;
    answeredAt: string | null;
    firstAnswerAt: string | null;
  } | null;
  /** draft and scheduled posts are seen only by their author. */
  status: 'draft' | 'scheduled' | 'published';
  /** When a draft or scheduled post is to be published. */
  publishAt: string | null;
  /** Delivered as cards to its audience. */
  notify: boolean;
  /** When the viewer acknowledged it (posts that require acknowledgement). */
  acknowledgedAt: string | null;
  can: { edit: boolean; delete: boolean; pin: boolean; markAnswer: boolean; viewDelivery: boolean };
}

export interface CommentView {
  id: string;
  postId: string;
  parentId: string | null;
  bodyHtml: string;
  body?: string;
  author: AuthorView | null;
  createdAt: string;
  edited: boolean;
  editedAt: string | null;
  isAnswer: boolean;
  can: { edit: boolean; delete: boolean };
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

/** Authors by id; an erased person reads "voormalig medewerker" / "former colleague" in `locale`. */
export async function authorsById(
  ids: Types.ObjectId[],
  known?: PeopleSource,
  locale: Locale = 'nl',
): Promise<Map<string, AuthorView>> {
  const authors = new Map<string, AuthorView>();
  const missing: string[] = [];
  for (const id of new Set(ids.map(String))) {
    const p = known?.get(id);
    if (p)
      authors.set(id, {
        id,
        displayName: p.displayName,
        jobTitle: p.jobTitle ?? null,
        department: p.department ?? null,
      });
    else missing.push(id);
  }
  if (missing.length === 0) return authors;
  const people = await Person.find(
    { _id: { $in: missing } },
    { displayName: 1, jobTitle: 1, department: 1, erasedAt: 1 },
  ).lean();
  for (const p of people) {
    const id = p._id.toString();
    authors.set(
      id,
      p.erasedAt
        ? { id, displayName: t(locale, 'privacy.formerColleague'), jobTitle: null, department: null, former: true }
        : { id, displayName: p.displayName, jobTitle: p.jobTitle ?? null, department: p.department ?? null },
    );
  }
  return authors;
}

function presentAttachment(a: PostRecord['attachments'][number], links: MediaLinks): AttachmentView {
  const id = a.fileId.toString();
  const image = a.kind === 'image';
  return {
    id,
    kind: a.kind as AttachmentView['kind'],
    name: a.name,
    contentType: a.contentType,
    size: a.size,
    width: a.width ?? null,
    height: a.height ?? null,
    alt: a.alt ?? null,
    url: `/api/media/${id}`,
    thumbnailUrl: image && a.thumbnailId ? `/api/media/${id}/thumbnail` : null,
    signedUrl: image ? signedMediaUrl(links.publicUrl, a.fileId, links.mediaUrlSecret) : null,
    signedThumbnailUrl:
      image && a.thumbnailId ? signedMediaUrl(links.publicUrl, a.thumbnailId, links.mediaUrlSecret) : null,
  };
}

/** Which posts the viewer likes, and when they acknowledged those that ask for it (hex ids). */
export interface ViewerMarks {
  readonly liked: ReadonlySet<string>;
  readonly acks: ReadonlyMap<string, Date>;
}

/**
 * Which of the posts the viewer likes, and when they acknowledged those that ask for it: one
 * round trip to the store (likes, with the receipts joined in) rather than two.
 */
async function likesAndAcknowledgements(
  personId: Types.ObjectId,
  postIds: Types.ObjectId[],
  ackIds: Types.ObjectId[],
): Promise<ViewerMarks> {
  const mine = { personId, postId: { $in: postIds } };
  // Through the driver: on every feed page, and the filter needs no casting.
  const rows = ackIds.length
    ? await Like.collection
        .aggregate<{ postId: Types.ObjectId; acknowledgedAt?: Date }>([
          { $match: mine },
          { $project: { _id: 0, postId: 1 } },
          {
            $unionWith: {
              coll: PostReceipt.collection.collectionName,
              pipeline: [
                { $match: { personId, postId: { $in: ackIds }, acknowledgedAt: { $ne: null } } },
                { $project: { _id: 0, postId: 1, acknowledgedAt: 1 } },
              ],
            },
          },
        ])
        .toArray()
    : await Like.collection
        .find<{ postId: Types.ObjectId; acknowledgedAt?: Date }>(mine, { projection: { _id: 0, postId: 1 } })
        .toArray();
  const liked = new Set<string>();
  const acks = new Map<string, Date>();
  for (const r of rows) {
    if (r.acknowledgedAt) acks.set(r.postId.toString(), r.acknowledgedAt);
    else liked.add(r.postId.toString());
  }
  return { liked, acks };
}

/**
 * Posts as the viewer may see them. Callers pass only posts the viewer may see (core decides);
 * this decides the shape: what the viewer may do, and the markdown source only for editors.
 * `marks`: the viewer's likes and acknowledgements when already read with the posts (a feed page).
 */
export async function presentPosts(
  posts: PostRecord[],
  viewer: Viewer,
  links: MediaLinks,
  marks?: ViewerMarks,
): Promise<PostView[]> {
  if (!posts.length) return [];
  const ids = posts.map((p) => p._id);
  // The viewer knows every group; a group made since it was loaded is looked up.
  const unknownGroups = posts.flatMap((p) =>
    p.groupId && !viewer.groups.has(p.groupId.toString()) ? [p.groupId] : [],
  );
  const ackIds = posts.filter((p) => p.requiresAck).map((p) => p._id);
  const [authors, groups, { liked, acks }] = await Promise.all([
    authorsById(
      posts.map((p) => p.authorId),
      links.people,
      viewer.actor.locale,
    ),
    unknownGroups.length
      ? Group.find({ _id: { $in: unknownGroups } }, { name: 1, visibility: 1, kind: 1 }).lean()
      : Promise.resolve([]),
    marks ?? likesAndAcknowledgements(viewer.personId, ids, ackIds),
  ]);
  const groupById = new Map(viewer.groups);
  for (const g of groups) groupById.set(g._id.toString(), g);
  return posts.map((p) => {
    const groupId = p.groupId?.toString();
    const g = groupId ? groupById.get(groupId) : undefined;
    const rendered = renderedBodyOf(p);
    const editable = postPolicy.edit(viewer, p).ok;
    const seesAudience = postPolicy.seesAudience(viewer, p);
    return {
      id: p._id.toString(),
      kind: p.kind,
      title: p.title ?? null,
      summary: p.summary ?? null,
      bodyHtml: rendered.html,
      excerpt: p.summary || rendered.excerpt,
      ...(postPolicy.seesSource(viewer, p) ? { body: p.body ?? '' } : {}),
      author: authors.get(p.authorId.toString()) ?? null,
      group: g && groupId ? { id: groupId, name: g.name, visibility: g.visibility, kind: g.kind } : null,
      ...(seesAudience
        ? {
            audience: {
              organisation: !!p.audience?.organisation,
              departmentIds: (p.audience?.departmentIds ?? []).map(String),
              locations: p.audience?.locations ?? [],
              roles: p.audience?.roles ?? [],
              groupIds: (p.audience?.groupIds ?? []).map(String),
            },
          }
        : {}),
      important: !!p.important,
      requiresAck: !!p.requiresAck,
      pinned: !!p.pinned,
      likeCount: Math.max(0, p.likeCount ?? 0),
      commentCount: Math.max(0, p.commentCount ?? 0),
      likedByMe: liked.has(p._id.toString()),
      publishedAt: iso(p.publishedAt)!,
      edited: !!p.editedAt,
      editedAt: iso(p.editedAt),
      attachments: (p.attachments ?? []).map((a) => presentAttachment(a, links)),
      question:
        p.kind === 'question'
          ? {
              answered: !!p.answer?.commentId,
              answerCommentId: p.answer?.commentId?.toString() ?? null,
              answeredAt: iso(p.answer?.at),
              firstAnswerAt: iso(p.firstAnswerAt),
            }
          : null,
      status: (p.status ?? 'published') as PostView['status'],
      publishAt: iso(p.publishAt),
      notify: !!p.notify,
      acknowledgedAt: iso(acks.get(p._id.toString())),
      can: {
        edit: editable,
        delete: postPolicy.remove(viewer, p).ok,
        pin: postPolicy.pin(viewer, p).ok,
        markAnswer: postPolicy.markAnswer(viewer, p).ok,
        viewDelivery: deliveryPolicy.viewDelivery(viewer.actor, p).ok,
      },
    };
  });
}

export async function presentPost(post: PostRecord, viewer: Viewer, links: MediaLinks): Promise<PostView> {
  return (await presentPosts([post], viewer, links))[0]!;
}

export async function presentComments(
  comments: CommentRecord[],
  post: PostRecord,
  viewer: Viewer,
  people?: PeopleSource,
): Promise<CommentView[]> {
  const authors = await authorsById(
    comments.map((c) => c.authorId),
    people,
    viewer.actor.locale,
  );
  const answerId = post.answer?.commentId?.toString();
  return comments.map((c) => ({
    id: c._id.toString(),
    postId: c.postId.toString(),
    parentId: c.parentId?.toString() ?? null,
    bodyHtml: renderMarkdown(c.body),
    ...(commentPolicy.seesSource(viewer, c, post) ? { body: c.body } : {}),
    author: authors.get(c.authorId.toString()) ?? null,
    createdAt: iso(c.createdAt)!,
    edited: !!c.editedAt,
    editedAt: iso(c.editedAt),
    isAnswer: answerId === c._id.toString(),
    can: { edit: commentPolicy.edit(viewer, c, post).ok, delete: commentPolicy.remove(viewer, c, post).ok },
  }));
}
