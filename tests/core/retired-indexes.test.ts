// A store written by an earlier version keeps the indexes the feed no longer uses (mongoose never
// drops one); start-up drops them, and only them.
import { expect } from 'chai';
import { Post, RETIRED_POST_INDEXES, dropRetiredPostIndexes } from '../../models/post.js';
import { useTestStore } from '../support/db.js';

describe('retired post indexes', () => {
  useTestStore();

  const names = async () => (await Post.collection.indexes()).map((i) => i.name);

  it('drops the week-span and pinned indexes of an earlier version, keeps the feed index, and is idempotent', async () => {
    await Post.collection.createIndex({ publishedWeek: -1 });
    await Post.collection.createIndex({ pinned: 1, publishedAt: -1 });
    expect(await names()).to.include.members([...RETIRED_POST_INDEXES]);
    expect(await dropRetiredPostIndexes()).to.have.members([...RETIRED_POST_INDEXES]);
    const left = await names();
    for (const name of RETIRED_POST_INDEXES) expect(left).to.not.include(name);
    expect(left).to.include('audienceKeys_1_pinned_-1_publishedAt_-1__id_-1');
    expect(await dropRetiredPostIndexes()).to.deep.equal([]);
  });
});
