import { Types } from 'mongoose';
import type { PostKind } from '../../models/post.js';
import { Person } from '../../models/person.js';
import type { AdaptiveCard } from '../../cards/adaptive.js';
import { newsCard } from '../../cards/news-card.js';
import { plainText } from '../../cards/text.js';
import type { Actor } from '../actor.js';
import { badRequest } from '../errors.js';
import { t, type Locale } from '../i18n.js';
import { tabLink } from '../links.js';
import { mediaFiles } from '../media/store.js';
import { excerpt } from '../posts/markdown.js';
import { isNewsKind } from '../posts/rules.js';
import { cardImageUrl, departmentLabel, type CardConfig } from './news.js';

/** What the compose screen sends: the fields of POST /api/posts that show on a card. */
export interface CardPreviewInput {
  kind: PostKind;
  title?: string;
  summary?: string;
  body?: string;
  important?: boolean;
  requiresAck?: boolean;
  attachmentIds?: string[];
  audience?: { organisation?: boolean; departmentIds?: string[] };
  publishAt?: Date;
  locale?: Locale;
}

/** Stands in for the post id a draft does not have yet (the buttons of a preview do nothing). */
const PREVIEW_POST_ID = '000000000000000000000000';

/**
 * The card a recipient would get in their personal chat for this post as it is being written:
 * the same builder as the delivery, fed with the author's input. Only the author's own uploads
 * give the image (anyone else's id is ignored, never signed).
 */
export async function previewNewsCard(
  actor: Actor,
  input: CardPreviewInput,
  config: CardConfig,
): Promise<AdaptiveCard> {
  if (!isNewsKind(input.kind)) throw badRequest({ key: 'error.post.previewNewsOnly' });
  const locale = input.locale ?? actor.locale;
  const departmentIds = (input.audience?.departmentIds ?? []).map((id) => new Types.ObjectId(id));
  if (input.kind === 'department' && departmentIds.length === 0 && actor.departmentId)
    departmentIds.push(actor.departmentId);
  const [department, author, image] = await Promise.all([
    departmentLabel({ organisation: !!input.audience?.organisation, departmentIds }),
    Person.findById(actor.personId, { displayName: 1 }).lean(),
    firstOwnImage(actor, input.attachmentIds ?? []),
  ]);
  const body = input.body ?? '';
  const title = input.title?.trim() || excerpt(body, 80) || t(locale, 'newsCard.untitled');
  const imageUrl = image ? cardImageUrl([image], config) : undefined;
  const publishAt = input.publishAt ?? new Date();
  return newsCard(
    {
      id: PREVIEW_POST_ID,
      title,
      summary: input.summary?.trim() || excerpt(body, 300),
      ...(department ? { department } : {}),
      ...(author ? { author: plainText(author.displayName, { max: 120 }) } : {}),
      publishedAt: Number.isNaN(publishAt.getTime()) ? new Date() : publishAt,
      important: !!(input.important || input.requiresAck),
      requiresAck: !!input.requiresAck,
      ...(imageUrl ? { imageUrl } : {}),
    },
    { locale, timeZone: config.orgTimezone, url: tabLink(config), audience: 'personal', acknowledgedAt: null },
  );
}

async function firstOwnImage(actor: Actor, ids: string[]) {
  if (!ids.length) return undefined;
  const oids = ids.map((id) => new Types.ObjectId(id));
  const files = await mediaFiles()
    .find(
      { _id: { $in: oids }, 'metadata.ownerId': actor.personId, 'metadata.role': 'original', 'metadata.kind': 'image' },
      { projection: { _id: 1, 'metadata.thumbnailId': 1 } },
    )
    .toArray();
  const byId = new Map(files.map((f) => [f._id.toString(), f]));
  const first = ids.map((id) => byId.get(id)).find((f) => f !== undefined);
  return first ? { kind: 'image', fileId: first._id, thumbnailId: first.metadata?.thumbnailId ?? null } : undefined;
}
