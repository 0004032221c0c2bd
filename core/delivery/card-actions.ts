import { PostReceipt } from '../../models/delivery.js';
import { Post } from '../../models/post.js';
import type { AdaptiveCard } from '../../cards/adaptive.js';
import { withdrawnNewsCard } from '../../cards/news-card.js';
import type { Actor } from '../actor.js';
import { AppError } from '../errors.js';
import type { Locale } from '../i18n.js';
import { toObjectId } from '../posts/posts.js';
import { mayActorSeePost } from '../posts/rules.js';
import { newsCardPost, renderNewsCard, type CardConfig } from './news.js';
import { acknowledgePost, markCardSeen } from './receipts.js';

/**
 * The card a person's news card becomes when they press "Ik heb dit gelezen" (acknowledge) or
 * when Teams asks for its refresh as it shows the card: the post as it is now, with their own
 * acknowledgement. A withdrawn post (or one they may no longer read) becomes a short notice.
 * Either way the card was shown to them: their delivery counts as seen.
 */
export async function personalNewsCard(
  actor: Actor,
  postId: string,
  config: CardConfig,
  opts: { locale: Locale; userId?: string; acknowledge?: boolean },
): Promise<AdaptiveCard> {
  try {
    if (opts.acknowledge) await acknowledgePost(actor, postId);
  } catch (err) {
    if (err instanceof AppError && err.status === 404) return withdrawnNewsCard(opts.locale);
    throw err;
  }
  const post = await Post.findById(toObjectId(postId, { key: 'error.post.notFound' })).lean();
  if (post?.status !== 'published' || !(await mayActorSeePost(actor, post))) return withdrawnNewsCard(opts.locale);
  await markCardSeen(actor, post._id);
  const [card, receipt] = await Promise.all([
    newsCardPost(post, config),
    PostReceipt.findOne({ postId: post._id, personId: actor.personId }, { acknowledgedAt: 1 }).lean(),
  ]);
  return renderNewsCard(
    card,
    {
      locale: opts.locale,
      audience: 'personal',
      acknowledgedAt: receipt?.acknowledgedAt ?? null,
      ...(opts.userId ? { userId: opts.userId } : {}),
    },
    config,
  );
}
