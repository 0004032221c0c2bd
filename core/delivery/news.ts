import type { Types } from 'mongoose';
import type { Config } from '../../config/index.js';
import { Department } from '../../models/department.js';
import { Person } from '../../models/person.js';
import { newsCard, type NewsCardPost } from '../../cards/news-card.js';
import type { AdaptiveCard } from '../../cards/adaptive.js';
import { plainText } from '../../cards/text.js';
import type { Locale } from '../i18n.js';
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
