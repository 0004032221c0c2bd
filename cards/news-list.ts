import { t, type Locale } from '../core/i18n.js';
import {
  adaptiveCard,
  textBlock,
  type AdaptiveCard,
  type CardElement,
  type Image,
  type Spacing,
  type TextBlock,
} from './adaptive.js';
import { cardText, plainText, safeUrl, TEXT_LIMITS } from './text.js';

/** One news item as the card shows it; every text is a person's words and is made safe here. */
export interface NewsListItem {
  readonly id: string;
  readonly title: string;
  /** Plain-text excerpt (the summary, or the start of the body without markup). */
  readonly excerpt: string;
  readonly author?: string;
  readonly publishedAt: Date | string;
  readonly important?: boolean;
  /** Opens the post in the Ids tab (deep link). */
  readonly url: string;
  /** A short-lived signed thumbnail URL, when the post has a photo. */
  readonly imageUrl?: string;
}

export interface NewsListOptions {
  readonly locale: Locale;
  /** For dates: the organisation's time zone (config.orgTimezone). */
  readonly timeZone: string;
  /** Instead of "Het laatste nieuws" (search results: "Nieuws over ‘parkeren’"). */
  readonly heading?: string;
  /** Instead of "Er is nog geen nieuws voor je…". */
  readonly emptyText?: string;
}

/** At most this many items on one card. */
export const NEWS_LIST_MAX = 5;

/** Formatters by language and time zone: making one costs far more than using it (a fan-out formats thousands of dates). */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function formatNewsDate(at: Date | string, locale: Locale, timeZone: string): string {
  const key = `${locale}|${timeZone}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { day: 'numeric', month: 'long', timeZone });
    dateFormats.set(key, format);
  }
  return format.format(new Date(at));
}

/**
 * "Het laatste nieuws": title, byline, excerpt and an optional photo per item, each with a
 * "Lees meer" / "Read more" button that opens the post in the tab. An empty list says so.
 */
export function newsListCard(items: readonly NewsListItem[], options: NewsListOptions): AdaptiveCard {
  const { locale } = options;
  const heading = options.heading ?? t(locale, 'news.title');
  const body: CardElement[] = [textBlock(heading, { size: 'Large', weight: 'Bolder', style: 'heading' })];
  const shown = items.slice(0, NEWS_LIST_MAX);
  if (shown.length === 0) body.push(textBlock(options.emptyText ?? t(locale, 'news.empty'), { spacing: 'Small' }));
  for (const item of shown) body.push(entry(item, options));
  return adaptiveCard(body, [], heading);
}

/** "Fatima el Amrani · 3 maart" (or the date alone). */
export function newsByline(
  author: string | undefined,
  publishedAt: Date | string,
  locale: Locale,
  timeZone: string,
): TextBlock {
  const date = formatNewsDate(publishedAt, locale, timeZone);
  const byline = author
    ? t(locale, 'news.byline', { author: cardText(author, { max: TEXT_LIMITS.name }), date })
    : date;
  return textBlock(byline, { isSubtle: true, size: 'Small', spacing: 'None' });
}

/** A post's photo across the card's width, when its URL is safe. */
export function newsPhoto(
  url: string | undefined,
  plainTitle: string,
  locale: Locale,
  spacing: Spacing,
): Image | undefined {
  const imageUrl = safeUrl(url);
  if (!imageUrl) return undefined;
  return {
    type: 'Image',
    url: imageUrl,
    altText: t(locale, 'news.photoAlt', { title: plainTitle }),
    size: 'Stretch',
    spacing,
  };
}

function entry(item: NewsListItem, { locale, timeZone }: NewsListOptions): CardElement {
  const title = cardText(item.title, { max: 120 });
  const plainTitle = plainText(item.title, { max: 120 });
  const items: CardElement[] = [];
  if (item.important)
    items.push(
      textBlock(t(locale, 'news.important'), { color: 'Attention', weight: 'Bolder', size: 'Small', spacing: 'None' }),
    );
  items.push(textBlock(title, { weight: 'Bolder', size: 'Medium', spacing: 'None' }));
  items.push(newsByline(item.author, item.publishedAt, locale, timeZone));
  const photo = newsPhoto(item.imageUrl, plainTitle, locale, 'Small');
  if (photo) items.push(photo);
  const excerpt = cardText(item.excerpt, { max: TEXT_LIMITS.line });
  if (excerpt) items.push(textBlock(excerpt, { spacing: 'Small', maxLines: 3 }));
  const url = safeUrl(item.url);
  if (url) {
    items.push({
      type: 'ActionSet',
      spacing: 'Small',
      actions: [
        {
          type: 'Action.OpenUrl',
          title: t(locale, 'news.readMore'),
          url,
          tooltip: t(locale, 'news.readMoreAbout', { title: plainTitle }),
        },
      ],
    });
  }
  return { type: 'Container', separator: true, spacing: 'Medium', items };
}
