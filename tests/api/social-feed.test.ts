import { expect } from 'chai';
import type request from 'supertest';
import { Types } from 'mongoose';
import { startTestServer, type TestServer } from '../support/server.js';
import { aCast, actingAs, type Cast, type SocialPerson } from '../support/social.js';
import { Post } from '../../models/post.js';

interface FeedItem {
  id: string;
  publishedAt: string;
  pinned: boolean;
}

/** Home, department and group feeds: audience, pinned news, and cursor pagination under concurrent posting. */
describe('api: feeds', function () {
  this.timeout(60000);
  let server: TestServer;
  let cast: Cast;
  const as = (who: SocialPerson | string) => actingAs(server.url, who);
  const ids = (posts: FeedItem[]) => posts.map((p) => p.id);

  before(async function () {
    this.timeout(120000);
    server = await startTestServer({ SEED_DEMO: 'false' });
    cast = await aCast();
  });
  after(async () => server?.stop());

  async function allPages(
    who: SocialPerson,
    path: string,
    limit: number,
    between?: () => Promise<void>,
  ): Promise<FeedItem[]> {
    const seen: FeedItem[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 200; page++) {
      const sep = path.includes('?') ? '&' : '?';
      const res: request.Response = await as(who)
        .get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
        .expect(200);
      if (page > 0) expect(res.body.pinned, 'pinned posts only on the first page').to.deep.equal([]);
      seen.push(...res.body.posts);
      cursor = res.body.nextCursor;
      if (!cursor) return seen;
      await between?.();
    }
    throw new Error('the feed never ended');
  }

  it("the home feed holds organisation news, my department's news and my groups, not other departments'", async () => {
    const org = await as(cast.communicator)
      .post('/api/posts', { kind: 'news', title: 'Org', body: 'voor iedereen' })
      .expect(201);
    const mine = await as(cast.manager)
      .post('/api/posts', { kind: 'department', title: 'Afdeling', body: 'voor ons' })
      .expect(201);
    const colleagueFeed = ids((await as(cast.colleague).get('/api/feed?limit=50').expect(200)).body.posts);
    expect(colleagueFeed).to.include.members([org.body.id, mine.body.id]);
    const outsiderFeed = ids((await as(cast.outsider).get('/api/feed?limit=50').expect(200)).body.posts);
    expect(outsiderFeed).to.include(org.body.id);
    expect(outsiderFeed).to.not.include(mine.body.id);
  });

  it('pinned news sits on top of the first page only, and is not repeated in the stream', async () => {
    const pinned = await as(cast.communicator)
      .post('/api/posts', { kind: 'news', title: 'Vastgezet', body: 'let op', pinned: true })
      .expect(201);
    const first = await as(cast.colleague).get('/api/feed?limit=5').expect(200);
    expect(ids(first.body.pinned)).to.include(pinned.body.id);
    const all = await allPages(cast.colleague, '/api/feed', 10);
    expect(ids(all)).to.not.include(pinned.body.id);
  });

  it('pinned news beyond the five on top still appears, in the stream', async () => {
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      made.push(
        (
          await as(cast.communicator)
            .post('/api/posts', { kind: 'news', title: `Vast ${i}`, body: 'let op', pinned: true })
            .expect(201)
        ).body.id,
      );
    }
    const first = await as(cast.colleague).get('/api/feed?limit=50').expect(200);
    const onTop = ids(first.body.pinned);
    expect(onTop).to.have.length(5);
    const stream = ids(await allPages(cast.colleague, '/api/feed', 10));
    for (const id of made)
      expect(onTop.includes(id) !== stream.includes(id), `post ${id} shown exactly once`).to.equal(true);
    expect(stream).to.not.include.members(onTop);
  });

  it('cursor pagination never skips or repeats a post while new posts arrive (ties on publishedAt included)', async () => {
    // 25 posts published in the very same millisecond: only _id orders them.
    const same = new Date(Date.now() - 3 * 60_000);
    const tied = Array.from({ length: 25 }, (_, i) => ({
      _id: new Types.ObjectId(),
      kind: 'department',
      authorId: new Types.ObjectId(cast.manager.id),
      title: `Gelijktijdig ${i}`,
      body: 'x',
      audience: { departmentIds: [new Types.ObjectId(cast.colleague.departmentId)] },
      publishedAt: same,
    }));
    await Post.insertMany(tied);

    const createdMeanwhile: string[] = [];
    const collected = await allPages(cast.colleague, '/api/feed', 7, async () => {
      for (let i = 0; i < 2; i++) {
        const p = await as(cast.communicator)
          .post('/api/posts', { kind: 'news', title: `Nieuw ${i}`, body: 'tussendoor' })
          .expect(201);
        createdMeanwhile.push(p.body.id);
      }
    });
    const collectedIds = ids(collected);
    expect(new Set(collectedIds).size, 'no post repeated').to.equal(collectedIds.length);
    expect(collectedIds).to.include.members(tied.map((t) => t._id.toString()));
    expect(
      collectedIds.filter((id) => createdMeanwhile.includes(id)),
      'newer posts are not mixed into later pages',
    ).to.deep.equal([]);
    // Strictly newest first by (publishedAt, _id).
    for (let i = 1; i < collected.length; i++) {
      const a = collected[i - 1]!;
      const b = collected[i]!;
      const order = Date.parse(a.publishedAt) - Date.parse(b.publishedAt) || (a.id > b.id ? 1 : -1);
      expect(order, `${a.id} before ${b.id}`).to.be.greaterThan(0);
    }
    // Paging again now finds exactly what was there plus what arrived meanwhile: nothing was skipped.
    const again = ids(await allPages(cast.colleague, '/api/feed', 13));
    expect(again.slice().sort()).to.deep.equal([...collectedIds, ...createdMeanwhile].sort());
  });

  it('a malformed cursor is a 400, a limit beyond 50 too', async () => {
    await as(cast.colleague).get('/api/feed?cursor=bm9wZQ').expect(400);
    await as(cast.colleague).get('/api/feed?limit=500').expect(400);
  });

  it('the department feed shows news addressed to that department, as far as the viewer may read it', async () => {
    const dept = await as(cast.manager)
      .post('/api/posts', { kind: 'department', title: 'Alleen wij', body: 'x' })
      .expect(201);
    const org = await as(cast.communicator)
      .post('/api/posts', { kind: 'news', title: 'Iedereen', body: 'x' })
      .expect(201);
    const inside = ids(
      (await as(cast.colleague).get(`/api/departments/${cast.manager.departmentId}/feed?limit=50`).expect(200)).body
        .posts,
    );
    expect(inside).to.include(dept.body.id);
    expect(inside).to.not.include(org.body.id);
    const outside = ids(
      (await as(cast.outsider).get(`/api/departments/${cast.manager.departmentId}/feed?limit=50`).expect(200)).body
        .posts,
    );
    expect(outside).to.not.include(dept.body.id);
    await as(cast.colleague).get('/api/departments/0123456789abcdef01234567/feed').expect(404);
  });
});
