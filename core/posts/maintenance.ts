import { Post, postAudienceKeys, weekOf } from '../../models/post.js';

/**
 * Fills Post.audienceKeys and Post.publishedWeek on posts written without them (by a tool that
 * bypassed mongoose validation, or before these fields existed). Feeds rely on both; run at
 * start-up, after seeding. Returns how many posts it fixed; idempotent and cheap when none.
 */
export async function ensurePostFeedKeys(batchSize = 500): Promise<number> {
  let fixed = 0;
  for (;;) {
    const stale = await Post.find(
      { $or: [{ publishedWeek: { $exists: false } }, { audienceKeys: { $exists: false } }] },
      { audience: 1, groupId: 1, publishedAt: 1 },
    )
      .limit(batchSize)
      .lean();
    if (!stale.length) return fixed;
    await Post.bulkWrite(
      stale.map((p) => ({
        updateOne: {
          filter: { _id: p._id },
          update: {
            $set: {
              audienceKeys: postAudienceKeys(p.audience, p.groupId),
              publishedWeek: weekOf(p.publishedAt ?? new Date(0)),
            },
          },
        },
      })),
    );
    fixed += stale.length;
  }
}
