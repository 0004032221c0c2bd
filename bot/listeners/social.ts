import { MessageFactory, type TurnContext } from 'botbuilder';
import type { Actor } from '../../core/actor.js';
import type { Locale } from '../../core/i18n.js';
import { t } from '../../core/i18n.js';
import { tabLink } from '../../core/links.js';
import { latestNews } from '../../core/feed/feed.js';
import { authorsById } from '../../core/posts/present.js';
import { excerpt } from '../../core/posts/markdown.js';
import { askQuestion } from '../../core/posts/questions.js';
import { createPost } from '../../core/posts/posts.js';
import { groupsOf } from '../../core/groups/groups.js';
import type { StoredMedia } from '../../core/media/media.js';
import { signedCardImageUrl } from '../../core/media/signed.js';
import { cardAttachment } from '../../cards/adaptive.js';
import { newsListCard, formatNewsDate, NEWS_LIST_MAX, type NewsListItem } from '../../cards/news-list.js';
import { photoOfferCard, PHOTO_CAPTION_MAX } from '../../cards/photo-offer.js';
import { cardText, plainText, safeUrl } from '../../cards/text.js';
import { POST_SEARCH_MAX_QUERY, searchPosts } from '../../core/posts/search.js';
import type { CardActionData, PostPhotoAction } from '../../cards/actions.js';
import type { BotDeps } from '../context.js';
import { audienceOf } from '../identity.js';
import { rendersCards } from '../reply.js';
import { isObjectIdString } from '../../core/ids.js';
import { downloadImage, DownloadError, incomingImage } from './social-attachments.js';

/** What the social listeners get: the bot's deps plus who is asking and in which language. */
export type SocialTurnDeps = BotDeps & { readonly actor: Actor; readonly locale: Locale };

/** Card verbs handled here (the people verbs are handled in people.ts). */
export type SocialCardAction = Exclude<CardActionData, { verb: 'showPerson' | 'search' }>;

/**
 * "nieuws" / "news": the latest news for the person's department and the organisation, as a
 * list card with "Lees meer" buttons into the tab. In a channel or group chat only
 * organisation-wide news is shown: everyone there reads the answer.
 */
export async function handleNews(context: TurnContext, deps: SocialTurnDeps, query = ''): Promise<void> {
  const { config, locale } = deps;
  const shared = audienceOf(context) === 'shared';
  const about = query.trim().slice(0, POST_SEARCH_MAX_QUERY);
  // "zoek nieuws over parkeren": the tab's post search, limited to news (and, in a channel, to
  // what the whole organisation may read).
  const posts = about
    ? (
        await searchPosts(deps.actor, about, { newsOnly: true, organisationOnly: shared, limit: NEWS_LIST_MAX })
      ).hits.map((h) => h.post)
    : (await latestNews(deps.actor, NEWS_LIST_MAX, { organisationOnly: shared })).posts;
  const wording = about
    ? {
        heading: t(locale, 'search.news.title', { query: plainText(about, { max: 60 }) }),
        emptyText: t(locale, 'search.news.none', { query: plainText(about, { max: 60 }) }),
      }
    : {};
  const authors = await authorsById(
    posts.map((p) => p.authorId),
    undefined,
    locale,
  );
  const items: NewsListItem[] = posts.map((p) => {
    const id = p._id.toString();
    const photo = p.attachments.find((a) => a.kind === 'image' && a.thumbnailId);
    return {
      id,
      title: p.title || excerpt(p.body ?? '', 80),
      excerpt: p.summary || excerpt(p.body ?? '', 200),
      author: authors.get(p.authorId.toString())?.displayName,
      publishedAt: p.publishedAt,
      important: !!p.important,
      url: tabLink(config, `post:${id}`),
      ...(photo?.thumbnailId ? { imageUrl: signedCardImageUrl(config, photo.thumbnailId) } : {}),
    };
  });
  if (rendersCards(context)) {
    await context.sendActivity(
      MessageFactory.attachment(
        cardAttachment(newsListCard(items, { locale, timeZone: config.orgTimezone, ...wording })),
      ),
    );
    return;
  }
  await context.sendActivity(MessageFactory.text(newsText(items, locale, config.orgTimezone, wording)));
}

/** The news list as markdown text for channels without cards. */
export function newsText(
  items: readonly NewsListItem[],
  locale: Locale,
  timeZone: string,
  wording: { heading?: string; emptyText?: string } = {},
): string {
  if (!items.length) return wording.emptyText ?? t(locale, 'news.empty');
  const lines = items.map((i) => {
    const url = safeUrl(i.url);
    const more = url ? ` [${t(locale, 'news.readMore')}](${url})` : '';
    return `- **${cardText(i.title, { max: 120 })}** (${formatNewsDate(i.publishedAt, locale, timeZone)}): ${cardText(i.excerpt, { max: 160 })}${more}`;
  });
  return `**${wording.heading ?? t(locale, 'news.title')}**\n\n${lines.join('\n')}`;
}

/**
 * "vraag: …" / "question: …": posts the question to the Q&A group and confirms. The asker hears
 * of the first answer through core's onFirstAnswer hook (core/posts/question-notices.ts).
 */
export async function handleQuestion(context: TurnContext, text: string, deps: SocialTurnDeps): Promise<void> {
  const { locale } = deps;
  // "vraag:" with nothing after it: show how to ask (core's refusals, such as a question too
  // long, reach the person through the bot's error handler, bot/errors.ts).
  if (!text.trim()) {
    await context.sendActivity(t(locale, 'question.empty'));
    return;
  }
  const { groupName } = await askQuestion(deps.actor, text);
  await context.sendActivity(t(locale, 'question.posted', { group: cardText(groupName, { max: 120 }) }));
}

/** Whether the message carries an image (Teams inline image or an image file). */
export function hasImageAttachment(context: TurnContext): boolean {
  return incomingImage(context.activity) !== undefined;
}

/**
 * An image sent in a personal chat: stored at once (checked by content, location data dropped,
 * unattached until posted; unattached uploads are cleaned up later) and offered for posting to
 * one of the person's groups, with a caption.
 */
export async function handleImageAttachment(context: TurnContext, deps: SocialTurnDeps): Promise<void> {
  const { locale, config } = deps;
  const image = incomingImage(context.activity);
  if (!image) return;
  const groups = await groupsOf(deps.actor);
  if (!groups.length) {
    await context.sendActivity(t(locale, 'photo.noGroups'));
    return;
  }
  let stored: StoredMedia;
  try {
    // The same way in as a tab upload: bounded, counted in the quota, streamed to disk, re-encoded.
    stored = await deps.services.uploads.accept(deps.actor, (tempPath) => downloadImage(image, config, tempPath), {
      imagesOnly: true,
    });
  } catch (err) {
    if (err instanceof DownloadError) {
      deps.log.info({ reason: err.reason }, 'could not fetch the image sent to the bot');
      await context.sendActivity(t(locale, err.reason === 'too_large' ? 'photo.notImage' : 'photo.downloadFailed'));
      return;
    }
    // Anything else (not an image, too many at once, storage full) is said by the bot's error
    // handler, in the conversation's language, from the error's code and sentence.
    throw err;
  }
  if (stored.kind !== 'image') {
    await context.sendActivity(t(locale, 'photo.notImage'));
    return;
  }
  const card = photoOfferCard({
    locale,
    groups: groups.map((g) => ({ id: g._id.toString(), name: g.name })),
    mediaId: stored.id.toString(),
    ...(stored.thumbnailId ? { imageUrl: signedCardImageUrl(config, stored.thumbnailId) } : {}),
  });
  await context.sendActivity(MessageFactory.attachment(cardAttachment(card)));
}

/** Card buttons of the social features. */
export async function handleSocialCardAction(
  context: TurnContext,
  action: SocialCardAction,
  deps: SocialTurnDeps,
): Promise<void> {
  switch (action.verb) {
    case 'postPhoto':
      await postPhoto(context, action, deps);
      return;
  }
}

/** "Plaatsen" on the photo card: the photo becomes a post in the chosen group, with the caption. */
export async function postPhoto(context: TurnContext, action: PostPhotoAction, deps: SocialTurnDeps): Promise<void> {
  const { locale } = deps;
  if (!isObjectIdString(action.groupId)) {
    await context.sendActivity(t(locale, 'photo.chooseGroup'));
    return;
  }
  // Only into one of the person's own groups (the choices the card offered).
  const group = (await groupsOf(deps.actor)).find((g) => g._id.toString() === action.groupId);
  if (!group) {
    await context.sendActivity(t(locale, 'photo.chooseGroup'));
    return;
  }
  const caption = (action.caption ?? '').slice(0, PHOTO_CAPTION_MAX);
  // An upload that is gone (cleaned up), not theirs or already posted is an attachment_unavailable error.
  await createPost(deps.actor, {
    kind: 'group',
    groupId: action.groupId,
    body: caption,
    attachmentIds: [action.mediaId],
  });
  await context.sendActivity(t(locale, 'photo.posted', { group: cardText(group.name, { max: 120 }) }));
}
