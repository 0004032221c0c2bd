// Like and comment counts cannot drift: a change whose second write never came (a crash between
// writing the like or comment and updating the post's counter) is recounted from the likes and
// comments themselves, and a recount never undoes a change that is still on its way.
import { spawn } from 'node:child_process';
import { expect } from 'chai';
import mongoose, { Types } from 'mongoose';
import { Comment, Like, Post } from '../../models/post.js';
import { beginCountChange, endCountChange, RECOUNT_GRACE_MS, recountStaleCounts } from '../../core/posts/counts.js';
import { setLike, toggleLike } from '../../core/posts/likes.js';
import { addComment } from '../../core/posts/comments.js';
import { aComment, aLike, aPerson, aPost, actorOf, type PersonRecord } from '../support/factories.js';
import { useTestStore } from '../support/db.js';
import { runMigrations } from '../../models/migrations.js';
import pino from 'pino';

describe('post counts after a crash between the two writes', () => {
  useTestStore();
  let author: PersonRecord;
  let reader: PersonRecord;
  before(async () => {
    author = await aPerson({ roles: ['communicator'] });
    reader = await aPerson();
  });

  const expectStatus = async (action: Promise<unknown>, status: number) => {
    const err = await action.then(
      () => undefined,
      (e: unknown) => e as { status?: number },
    );
    expect(err?.status, 'refused').to.equal(status);
  };
  const later = () => new Date(Date.now() + RECOUNT_GRACE_MS + 5_000);
  const counts = async (id: Types.ObjectId) => {
    const p = await Post.findById(id, { likeCount: 1, commentCount: 1, pendingCounts: 1 }).lean();
    return { likes: p!.likeCount, comments: p!.commentCount, pending: p!.pendingCounts?.length ?? 0 };
  };

  it('counts a like that was stored when its count was not, once the change is clearly dead', async () => {
    const post = await aPost(author);
    await beginCountChange(post._id);
    await Like.create({ postId: post._id, personId: reader._id }); // …and the process dies here
    expect(await counts(post._id)).to.deep.equal({ likes: 0, comments: 0, pending: 1 });
    // Within the grace the change may still be on its way: left alone.
    expect(await recountStaleCounts()).to.equal(0);
    expect(await recountStaleCounts({ now: later() })).to.equal(1);
    expect(await counts(post._id)).to.deep.equal({ likes: 1, comments: 0, pending: 0 });
    expect(await recountStaleCounts({ now: later() })).to.equal(0);
  });

  it('counts an unlike and a deleted comment cut short the same way', async () => {
    const post = await aPost(author);
    await aLike(post, reader);
    await aComment(post, reader);
    await beginCountChange(post._id);
    await Like.deleteOne({ postId: post._id, personId: reader._id });
    await beginCountChange(post._id);
    await Comment.updateMany({ postId: post._id }, { $set: { deletedAt: new Date() } });
    expect(await counts(post._id)).to.deep.equal({ likes: 1, comments: 1, pending: 2 });
    await recountStaleCounts({ now: later() });
    expect(await counts(post._id)).to.deep.equal({ likes: 0, comments: 0, pending: 0 });
  });

  it('leaves a post alone while another change on it is in flight, and settles it after', async () => {
    const post = await aPost(author);
    // A change that died ten minutes ago…
    const tenMinutesAgo = Math.floor((Date.now() - 10 * 60_000) / 1000);
    await Post.updateOne({ _id: post._id }, { $push: { pendingCounts: Types.ObjectId.createFromTime(tenMinutesAgo) } });
    await Like.create({ postId: post._id, personId: reader._id });
    // …and one that has just begun: the recount must not race it.
    const live = await beginCountChange(post._id);
    expect(await recountStaleCounts()).to.equal(0);
    const other = await aPerson();
    await Like.create({ postId: post._id, personId: other._id });
    await endCountChange(post._id, live, { likeCount: 1 });
    expect(await counts(post._id)).to.deep.equal({ likes: 1, comments: 0, pending: 1 });
    await recountStaleCounts({ now: later() });
    expect(await counts(post._id)).to.deep.equal({ likes: 2, comments: 0, pending: 0 });
  });

  it('hands a change that outlived the grace to the next recount instead of counting it twice', async () => {
    const post = await aPost(author);
    const mark = await beginCountChange(post._id);
    // The change stalls; a recount takes the post over (nothing to count yet)…
    expect(await recountStaleCounts({ now: later() })).to.equal(1);
    // …then the change goes on: its like is written and its end finds its mark gone.
    await Like.create({ postId: post._id, personId: reader._id });
    expect((await endCountChange(post._id, mark, { likeCount: 1 })).likeCount).to.equal(0);
    await recountStaleCounts({ now: later() });
    expect(await counts(post._id)).to.deep.equal({ likes: 1, comments: 0, pending: 0 });
  });

  it('keeps counts exact through likes, unlikes and comments that finish', async () => {
    const post = await aPost(author);
    const readers = await Promise.all([aPerson(), aPerson(), aPerson()]);
    await Promise.all(readers.map((r) => toggleLike(actorOf(r), post._id.toString())));
    await toggleLike(actorOf(readers[0]!), post._id.toString());
    await addComment(actorOf(readers[1]!), post._id.toString(), { body: 'Goed bezig!' });
    expect(await counts(post._id)).to.deep.equal({ likes: 2, comments: 1, pending: 0 });
    expect(await recountStaleCounts({ now: later() })).to.equal(0);
  });

  it('leaves no mark when a like or comment is refused after its post was read', async () => {
    const draft = await aPost(author, { status: 'draft' });
    const post = await aPost(author);
    const id = draft._id.toString();
    // Someone else's draft: 404, as for a post that does not exist.
    await expectStatus(toggleLike(actorOf(reader), id), 404);
    await expectStatus(setLike(actorOf(reader), id, true), 404);
    await expectStatus(addComment(actorOf(reader), id, { body: 'Eerste!' }), 404);
    // A post the reader sees, with a comment refused for its text or its parent.
    await expectStatus(addComment(actorOf(reader), post._id.toString(), { body: '   ' }), 400);
    const parentId = (await aComment(draft, author))._id.toString();
    const before = await counts(draft._id);
    await expectStatus(addComment(actorOf(reader), post._id.toString(), { body: 'Ja', parentId }), 404);
    expect(await counts(draft._id)).to.deep.equal({ ...before, pending: 0 });
    expect(await counts(post._id)).to.deep.equal({ likes: 0, comments: 0, pending: 0 });
    expect(await Like.countDocuments({ postId: { $in: [draft._id, post._id] } })).to.equal(0);
    expect(await Comment.countDocuments({ postId: post._id })).to.equal(0);
  });

  it('recounts, once after the upgrade, counts that drifted before changes were marked', async () => {
    const drifted = await Promise.all([aPost(author), aPost(author), aPost(author)]);
    await aLike(drifted[0]!, reader);
    await aComment(drifted[1]!, reader);
    // Counters as an older version could leave them: wrong, and no mark says so.
    await Post.updateMany({ _id: { $in: drifted.map((p) => p._id) } }, { $set: { likeCount: 7, commentCount: 3 } });
    const migrations = mongoose.connection.db!.collection<{ _id: string }>('migrations');
    await migrations.deleteOne({ _id: '2026-recount-post-counters' });
    await runMigrations(pino({ level: 'silent' }));
    expect(await recountStaleCounts({ batch: 2 })).to.be.at.least(3);
    expect(await Promise.all(drifted.map((p) => counts(p._id)))).to.deep.equal([
      { likes: 1, comments: 0, pending: 0 },
      { likes: 0, comments: 1, pending: 0 },
      { likes: 0, comments: 0, pending: 0 },
    ]);
    // Once: a later start marks nothing again.
    await runMigrations(pino({ level: 'silent' }));
    expect(await Post.countDocuments({ pendingCounts: { $exists: true } })).to.equal(0);
  });

  it('converges after processes are killed (kill -9) between writing likes and counting them, three rounds', async function () {
    this.timeout(120_000);
    const posts = await Promise.all(Array.from({ length: 6 }, () => aPost(author)));
    const ids = posts.map((p) => p._id.toString());
    const { host, port } = mongoose.connection;
    const uri = process.env.MONGODB_URI ?? `mongodb://${host}:${port}/?directConnection=true`;
    for (let round = 1; round <= 3; round++) {
      const liker = await aPerson();
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'tests/support/crash-likes.ts',
          uri,
          mongoose.connection.name,
          String(round + 1),
          liker.email,
          ...ids,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, s) => resolve(s)));
      expect(signal, stderr).to.equal('SIGKILL');
    }
    const drifted = async () => {
      let n = 0;
      for (const p of posts) {
        const { likes } = await counts(p._id);
        if (likes !== (await Like.countDocuments({ postId: p._id }))) n++;
      }
      return n;
    };
    expect(await drifted(), 'the kills left counts behind').to.be.greaterThan(0);
    await recountStaleCounts({ now: later() });
    expect(await drifted(), 'every count matches its likes').to.equal(0);
    for (const p of posts) expect((await counts(p._id)).pending).to.equal(0);
  });
});
