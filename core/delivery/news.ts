import type { Types } from 'mongoose';
import type { Config } from '../../config/index.js';
import { Department } from '../../models/department.js';
import { Person } from '../../models/person.js';
import { Post } from '../../models/post.js';
import { PostReceipt } from '../../models/delivery.js';
import { newsCard, type NewsCardPost } from '../../cards/news-card.js';
import type { AdaptiveCard } from '../../cards/adaptive.js';
import { plainText } from '../../cards/text.js';
import { t, type Locale } from '../i18n.js';
import { actorFromPerson } from '../identity.js';
import { mayActorSeePost } from '../posts/rules.js';
import type { Renderer } from './render.js';
import type { PostRecord } from '../posts/posts.js';
import { tabLink } from '../links.js';
import { signedCardImageUrl } from '../media/signed.js';
import { excerpt } from '../posts/markdown.js';

/** What building a news card needs from the configuration. */
export type CardConfig = Pick<
  Config,
  'publicUrl' | 'mediaUrlSecret' | 'media' | 'teamsAppId' | 'orgTimezone' | 'defaultLocale'
>;

/** The fields of a post that a news card shows. */
export interface CardSourcePost {
  _id: Types.ObjectId;
  kind: string;
  authorId: Types.ObjectId;
  title?: string | null;
  summary?: string | null;
  body?: string | null;
  audience?: { organisation?: boolean | null; departmentIds?: Types.ObjectId[] | null } | null;
  important?: boolean | null;
  requiresAck?: boolean | null;
  publishedAt?: Date | null;
  attachments?: ReadonlyArray<{ kind: string; fileId: Types.ObjectId; thumbnailId?: Types.ObjectId | null }> | null;
}

/** The first image of a post, as a long-lived signed URL (the thumbnail: light on phones). */
export function cardImageUrl(
  attachments: CardSourcePost['attachments'],
  config: CardConfig,
  now = Date.now(),
): string | undefined {
  const image = attachments?.find((a) => a.kind === 'image');
  if (!image) return undefined;
  // Teams fetches the image every time it renders the card, so the URL must outlive the card's
  // life in the chat, not a page view: CARD_IMAGE_URL_DAYS.
  return signedCardImageUrl(config, image.thumbnailId ?? image.fileId, now);
}

/**
 * "Nieuws van Burgerzaken": the departments a post is addressed to, when it is addressed to
 * departments only (organisation news, or news for roles or locations, names no department).
 */
export async function departmentLabel(audience: CardSourcePost['audience']): Promise<string | undefined> {
  const ids = audience?.departmentIds ?? [];
  if (audience?.organisation || ids.length === 0) return undefined;
  const departments = await Department.find({ _id: { $in: ids } }, { name: 1 }).lean();
  const names = departments.map((d) => d.name).sort((a, b) => a.localeCompare(b, 'nl'));
  return names.length ? names.join(', ') : undefined;
}

/** The card's view of a post, the same for every recipient (their locale and state are added later). */
export async function newsCardPost(post: CardSourcePost, config: CardConfig): Promise<NewsCardPost> {
  const [department, author] = await Promise.all([
    departmentLabel(post.audience),
    Person.findById(post.authorId, { displayName: 1 }).lean(),
  ]);
  const imageUrl = cardImageUrl(post.attachments, config);
  return {
    id: post._id.toString(),
    title: post.title || excerpt(post.body ?? '', 80),
    summary: post.summary || excerpt(post.body ?? '', 300),
    ...(department ? { department } : {}),
    ...(author ? { author: plainText(author.displayName, { max: 120 }) } : {}),
    publishedAt: post.publishedAt ?? new Date(),
    important: !!post.important,
    requiresAck: !!post.requiresAck,
    ...(imageUrl ? { imageUrl } : {}),
  };
}

export interface RecipientView {
  readonly locale: Locale;
  readonly audience: 'personal' | 'channel';
  readonly acknowledgedAt?: Date | null;
  /** The recipient's Teams user id (29:…), when known. */
  readonly userId?: string;
}

/** The news card one recipient gets. */
export function renderNewsCard(post: NewsCardPost, recipient: RecipientView, config: CardConfig): AdaptiveCard {
  return newsCard(post, {
    locale: recipient.locale,
    timeZone: config.orgTimezone,
    url: tabLink(config, `post:${post.id}`),
    audience: recipient.audience,
    acknowledgedAt: recipient.acknowledgedAt ?? null,
    ...(recipient.userId ? { userId: recipient.userId } : {}),
  });
}

/** A one-line notification for a news card ("Nieuws van Burgerzaken: Nieuwe openingstijden"). */
function notificationText(post: NewsCardPost, locale: Locale): string {
  const from = post.department
    ? t(locale, 'newsCard.department', { department: plainText(post.department, { max: 80 }) })
    : t(locale, 'newsCard.organisation');
  return `${from}: ${plainText(post.title, { max: 120 })}`;
}

const CACHED_POSTS = 50;
const POST_CACHE_MS = 1_000;

/**
 * Renders news deliveries at send time: the post as it is now (an edit before sending is what
 * arrives), in the recipient's language, with their own acknowledgement. Skips posts that were
 * withdrawn or unpublished and people who may no longer read the post. The card's content is
 * cached per post revision, so a fan-out to thousands loads the author and departments once.
 */
export function newsRenderer(config: CardConfig): Renderer {
  const cache = new Map<string, { revision: number; post: NewsCardPost }>();
  // The post itself, for a second: a fan-out renders it thousands of times. A card rendered from
  // a copy read before an edit is updated once it has gone out (the delivery says when it was read).
  const posts = new Map<string, { at: number; post: Promise<PostRecord | null> }>();
  const loadPost = (id: Types.ObjectId, fresh = false) => {
    const key = id.toString();
    const hit = posts.get(key);
    if (hit && !fresh && Date.now() - hit.at < POST_CACHE_MS) return hit;
    const entry = { at: Date.now(), post: Post.findById(id).lean().exec() as Promise<PostRecord | null> };
    if (posts.size >= CACHED_POSTS) posts.delete(posts.keys().next().value!);
    posts.set(key, entry);
    return entry;
  };

  async function cardPost(post: CardSourcePost & { revision?: number | null }): Promise<NewsCardPost> {
    const id = post._id.toString();
    const revision = post.revision ?? 0;
    const hit = cache.get(id);
    if (hit && hit.revision === revision) return hit.post;
    const built = await newsCardPost(post, config);
    if (cache.size >= CACHED_POSTS) cache.delete(cache.keys().next().value!);
    cache.set(id, { revision, post: built });
    return built;
  }

  return {
    async render(delivery, target) {
      if (!delivery.postId) return { skip: 'no_post' };
      const loaded = loadPost(delivery.postId, target.fresh);
      const post = await loaded.post;
      if (!post || post.deletedAt) return { skip: 'post_withdrawn' };
      if (post.status !== 'published') return { skip: 'not_published' };
      if (target.person && !(await mayActorSeePost(actorFromPerson(target.person), post)))
        return { skip: 'not_in_audience' };
      const card = await cardPost(post);
      const receipt =
        target.person && card.requiresAck && target.audience === 'personal'
          ? await PostReceipt.findOne({ postId: post._id, personId: target.person._id }, { acknowledgedAt: 1 }).lean()
          : null;
      return {
        message: {
          text: notificationText(card, target.locale),
          card: renderNewsCard(
            card,
            {
              locale: target.locale,
              audience: target.audience,
              acknowledgedAt: receipt?.acknowledgedAt ?? null,
              ...(target.userId ? { userId: target.userId } : {}),
            },
            config,
          ),
        },
        readAt: loaded.at,
      };
    },
  };
}
