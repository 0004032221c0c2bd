import { Post } from '../../models/post.js';
import { outboxSignal } from '../delivery/outbox.js';
import { badRequest } from '../errors.js';

/**
 * Publishes scheduled posts whose time has come: each with a conditional update, so a second
 * instance or a rerun publishes nothing twice. A post with notify is marked for its deliveries
 * in the same update (core/delivery/fanout.ts makes them), so a crash in between loses none.
 */
export async function publishDuePosts(now = new Date()): Promise<number> {
  const due = await Post.find(
    { status: 'scheduled', publishAt: { $lte: now }, deletedAt: null },
    { publishAt: 1, notify: 1 },
  ).lean();
  let published = 0;
  for (const p of due) {
    const at = p.publishAt!;
    const r = await Post.updateOne(
      { _id: p._id, status: 'scheduled', publishAt: at },
      {
        $set: {
          status: 'published',
          publishedAt: at,
          ...(p.notify ? { fanoutDue: true } : {}),
        },
        $unset: { publishAt: 1 },
      },
    );
    published += r.modifiedCount;
  }
  if (published > 0) outboxSignal.emit('fanout');
  return published;
}

/** A publish time this close to now (clocks differ a little) means "now". */
const NOW_MS = 30_000;

export interface PublicationInput {
  /** draft: kept for the author; published (default): now, or at publishAt when that is ahead. */
  readonly status?: 'draft' | 'published';
  readonly publishAt?: Date | null;
  readonly notify?: boolean;
}

/** The stored fields of a new post's publication. */
export function publicationFields(input: PublicationInput, now = new Date()) {
  const notify = !!input.notify;
  const publishAt = input.publishAt ?? undefined;
  if (input.status === 'draft') return { status: 'draft' as const, publishAt, publishedAt: now, notify };
  if (publishAt && publishAt.getTime() > now.getTime() + NOW_MS)
    return { status: 'scheduled' as const, publishAt, publishedAt: publishAt, notify };
  return {
    status: 'published' as const,
    publishAt: undefined,
    publishedAt: now,
    notify,
    fanoutDue: notify || undefined,
  };
}

interface PublishedState {
  readonly status?: string | null;
  readonly notify?: boolean | null;
  readonly publishAt?: Date | null;
}

/**
 * How a change of status, publishAt or notify alters a post. A draft or scheduled post may change
 * them freely (a scheduled post without a time is published now); a published post can only
 * start its cards (notify: true), never be unpublished, rescheduled or have its cards called off.
 */
export function publicationUpdate(
  post: PublishedState,
  patch: PublicationInput,
  now = new Date(),
): { $set: Record<string, unknown>; $unset: Record<string, 1> } | undefined {
  if (patch.status === undefined && patch.publishAt === undefined && patch.notify === undefined) return undefined;
  if (post.status === 'published') {
    if (patch.status === 'draft' || patch.publishAt !== undefined)
      throw badRequest({ key: 'error.post.publishedStays' });
    if (patch.notify === false && post.notify) throw badRequest({ key: 'error.post.cardsOnTheirWay' });
    if (patch.notify === true && !post.notify) return { $set: { notify: true, fanoutDue: true }, $unset: {} };
    return undefined;
  }
  const fields = publicationFields(
    {
      status: patch.status ?? (post.status === 'draft' ? 'draft' : 'published'),
      publishAt: patch.publishAt === undefined ? (post.publishAt ?? null) : patch.publishAt,
      notify: patch.notify ?? !!post.notify,
    },
    now,
  );
  const $set: Record<string, unknown> = { status: fields.status, notify: fields.notify };
  const $unset: Record<string, 1> = {};
  if (fields.publishAt) $set.publishAt = fields.publishAt;
  else $unset.publishAt = 1;
  if (fields.status !== 'draft') {
    $set.publishedAt = fields.publishedAt;
  }
  if ('fanoutDue' in fields && fields.fanoutDue) $set.fanoutDue = true;
  return { $set, $unset };
}
