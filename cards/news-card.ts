import { t, type Locale } from '../core/i18n.js';
import { adaptiveCard, textBlock, type AdaptiveCard, type CardButton, type CardElement } from './adaptive.js';
import { formatNewsDate, newsByline, newsPhoto } from './news-list.js';
import { cardText, plainText, safeUrl, TEXT_LIMITS } from './text.js';

/** One post as the news card shows it; every text is a person's words and is made safe here. */
export interface NewsCardPost {
  readonly id: string;
  readonly title: string;
  /** Plain-text summary (the summary, or the start of the body without markup). */
  readonly summary: string;
  /** The department the news is from; none for organisation news. */
  readonly department?: string;
  readonly author?: string;
  readonly publishedAt: Date | string;
  readonly important?: boolean;
  readonly requiresAck?: boolean;
  /** A signed image URL that lasts as long as the card is shown (Teams fetches it on every render). */
  readonly imageUrl?: string;
}

export interface NewsCardOptions {
  readonly locale: Locale;
  /** For dates: the organisation's time zone. */
  readonly timeZone: string;
  /** Opens the post in the Ids tab (a Teams deep link). */
  readonly url: string;
  /**
   * personal: one person's chat with Ids: an "I've read this" button (Action.Execute) and a
   * refresh, so the card shows that person's own state. channel: seen by many (a refresh serves
   * at most 60 people), so acknowledging happens in the tab.
   */
  readonly audience: 'personal' | 'channel';
  /** When the person acknowledged the post (personal cards only). */
  readonly acknowledgedAt?: Date | string | null;
  /** The recipient's Teams user id, when known, so Teams refreshes the card for them. */
  readonly userId?: string;
}

/** Summaries are at most 500 characters (models/post.ts); a card shows them whole. */
const SUMMARY_MAX = 500;

/**
 * The card a colleague gets for department or organisation news: where it is from, the title,
 * who wrote it and when, the photo, the summary and "Lees meer" into the tab. Posts that need
 * acknowledgement carry "Ik heb dit gelezen" on personal cards, and show the person's own state
 * once acknowledged.
 */
export function newsCard(post: NewsCardPost, options: NewsCardOptions): AdaptiveCard {
  const { locale, timeZone } = options;
  const title = cardText(post.title, { max: TEXT_LIMITS.line });
  const plainTitle = plainText(post.title, { max: TEXT_LIMITS.line });
  const from = post.department
    ? t(locale, 'newsCard.department', { department: cardText(post.department, { max: TEXT_LIMITS.name }) })
    : t(locale, 'newsCard.organisation');
  const header: CardElement[] = [textBlock(from, { size: 'Small', isSubtle: true, spacing: 'None' })];
  if (post.important)
    header.push(
      textBlock(t(locale, 'news.important'), { size: 'Small', weight: 'Bolder', color: 'Attention', spacing: 'None' }),
    );
  const body: CardElement[] = [
    {
      type: 'ColumnSet',
      spacing: 'None',
      columns: [
        { type: 'Column', width: 'stretch', items: [header[0]!] },
        ...(header[1] ? [{ type: 'Column' as const, width: 'auto' as const, items: [header[1]] }] : []),
      ],
    },
    textBlock(title, { size: 'Large', weight: 'Bolder', style: 'heading', spacing: 'Small' }),
  ];
  body.push(newsByline(post.author, post.publishedAt, locale, timeZone));
  const photo = newsPhoto(post.imageUrl, plainTitle, locale, 'Medium');
  if (photo) body.push(photo);
  const summary = cardText(post.summary, { max: SUMMARY_MAX, multiline: true });
  if (summary) body.push(textBlock(summary, { spacing: 'Medium' }));

  const url = safeUrl(options.url);
  const actions: CardButton[] = [];
  const personal = options.audience === 'personal';
  if (post.requiresAck && personal && options.acknowledgedAt) {
    const on = formatNewsDate(options.acknowledgedAt, locale, timeZone);
    body.push(textBlock(`✓ ${t(locale, 'newsCard.acknowledged', { date: on })}`, { color: 'Good', spacing: 'Medium' }));
  } else if (post.requiresAck) {
    body.push(textBlock(t(locale, 'newsCard.ackNeeded'), { color: 'Attention', spacing: 'Medium', size: 'Small' }));
  }
  if (url) {
    actions.push({
      type: 'Action.OpenUrl',
      title: t(locale, 'newsCard.readMore'),
      url,
      tooltip: t(locale, 'news.readMoreAbout', { title: plainTitle }),
    });
  }
  if (post.requiresAck && personal && !options.acknowledgedAt) {
    actions.push({
      type: 'Action.Execute',
      title: t(locale, 'newsCard.ack'),
      tooltip: t(locale, 'newsCard.ackTooltip'),
      style: 'positive',
      verb: 'ackPost',
      data: { postId: post.id },
    });
  } else if (post.requiresAck && !personal && url) {
    actions.push({ type: 'Action.OpenUrl', title: t(locale, 'newsCard.ackInTab'), url, style: 'positive' });
  }
  const refresh =
    personal && post.requiresAck
      ? {
          refresh: {
            action: { type: 'Action.Execute' as const, verb: 'refreshPost' as const, data: { postId: post.id } },
            ...(options.userId ? { userIds: [options.userId] } : {}),
          },
        }
      : {};
  return adaptiveCard(body, actions, plainTitle || from, refresh);
}

/** What a card shows once its post is withdrawn (deleted), when Teams asks for a fresh one. */
export function withdrawnNewsCard(locale: Locale): AdaptiveCard {
  const text = t(locale, 'newsCard.removed');
  return adaptiveCard([textBlock(text, { isSubtle: true })], [], text);
}
