import { t, type Locale } from '../core/i18n.js';
import { adaptiveCard, textBlock, type AdaptiveCard, type CardElement, type Fact } from './adaptive.js';
import { formatNewsDate } from './news-list.js';
import { cardText, plainText, safeUrl, TEXT_LIMITS } from './text.js';

/** One post's figures as the status card shows them. */
export interface PostStatus {
  readonly title: string;
  readonly status: string;
  readonly publishAt?: Date | null;
  readonly requiresAck: boolean;
  readonly figures: {
    readonly audience: number;
    readonly sent: number;
    readonly pending: number;
    readonly failed: number;
    readonly notInstalled: number;
    readonly skipped: number;
    readonly seen: number;
    readonly read: number;
    readonly acknowledged: number;
  };
  /** Opens the post (and its full report) in the tab. */
  readonly url: string;
}

export interface DeliveryStatusOptions {
  readonly locale: Locale;
  readonly timeZone: string;
}

/**
 * "Status van je berichten": the asker's recent news sent as cards, each with its figures
 * (recipients, delivered, on their way, not delivered, not installed, seen — a lower bound —
 * opened, confirmed) and a button to the full report in the tab.
 */
export function deliveryStatusCard(posts: readonly PostStatus[], options: DeliveryStatusOptions): AdaptiveCard {
  const { locale } = options;
  const heading = t(locale, 'status.title');
  const body: CardElement[] = [textBlock(heading, { size: 'Large', weight: 'Bolder', style: 'heading' })];
  if (!posts.length) body.push(textBlock(t(locale, 'status.none'), { spacing: 'Small' }));
  for (const post of posts) body.push(entry(post, options));
  return adaptiveCard(body, [], heading);
}

function entry(post: PostStatus, { locale, timeZone }: DeliveryStatusOptions): CardElement {
  const items: CardElement[] = [
    textBlock(cardText(post.title, { max: TEXT_LIMITS.line }) || '…', { weight: 'Bolder', spacing: 'None' }),
  ];
  if (post.status !== 'published') {
    const when = post.publishAt ? formatNewsDate(post.publishAt, locale, timeZone) : '…';
    items.push(
      textBlock(t(locale, 'status.scheduled', { date: when }), { isSubtle: true, size: 'Small', spacing: 'None' }),
    );
  } else {
    const f = post.figures;
    const facts: Fact[] = [
      { title: t(locale, 'status.audience'), value: String(f.audience) },
      { title: t(locale, 'status.sent'), value: String(f.sent) },
    ];
    if (f.pending) facts.push({ title: t(locale, 'status.pending'), value: String(f.pending) });
    if (f.failed) facts.push({ title: t(locale, 'status.failed'), value: String(f.failed) });
    if (f.notInstalled) facts.push({ title: t(locale, 'status.notInstalled'), value: String(f.notInstalled) });
    if (f.skipped) facts.push({ title: t(locale, 'status.skipped'), value: String(f.skipped) });
    facts.push({ title: t(locale, 'status.seen'), value: String(f.seen) });
    facts.push({ title: t(locale, 'status.read'), value: String(f.read) });
    if (post.requiresAck) facts.push({ title: t(locale, 'status.acknowledged'), value: String(f.acknowledged) });
    items.push({ type: 'FactSet', spacing: 'Small', facts });
  }
  const url = safeUrl(post.url);
  if (url)
    items.push({
      type: 'ActionSet',
      spacing: 'Small',
      actions: [
        {
          type: 'Action.OpenUrl',
          title: t(locale, 'status.open'),
          url,
          tooltip: plainText(post.title, { max: 120 }) || t(locale, 'status.open'),
        },
      ],
    });
  return { type: 'Container', separator: true, spacing: 'Medium', items };
}
