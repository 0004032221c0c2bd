// $lookup by localField/foreignField: localdb joins it itself (one selection on the foreign
// collection through its indexes) when it is at the top level of a pipeline and the local values
// are strings or ObjectIds, also with a pipeline of $match stages and a last $project, which
// MongoDB 5.0+ runs on the matching documents only. The expectations are MongoDB's, and run
// against a real MongoDB when MONGODB_URI is set.
import { expect } from 'chai';
import { Aggregator } from 'mingo';
import { type Db, type Document, Int32, Long, MongoClient, ObjectId } from 'mongodb';
import { testMongoUri, type TestDb } from '../support/db.js';
import { serverError } from '../support/server-error.js';

/** JSON-comparable form: ObjectIds as hex, dates as ISO strings, numbers as numbers. */
const plain = (docs: Document[]) => JSON.parse(JSON.stringify(docs)) as Document[];

describe('localdb $lookup', function () {
  this.timeout(60_000);
  let test: TestDb;
  let client: MongoClient;
  let db: Db;
  const people = [new ObjectId(), new ObjectId(), new ObjectId()];
  const posts = Array.from({ length: 8 }, () => new ObjectId());
  /** Post i is liked by the people p with (i + p) % 3 !== 0. */
  const likes = (i: number) => [0, 1, 2].filter((p) => (i + p) % 3 !== 0);

  before(async () => {
    test = await testMongoUri();
    client = new MongoClient(test.uri);
    await client.connect();
    db = client.db(test.dbName);
    await db.collection('likes').createIndex({ postId: 1, personId: 1 }, { unique: true });
    await db
      .collection('posts')
      .insertMany(
        posts.map((_id, i) => ({ _id, n: new Int32(i), code: `p${i}`, tags: i % 2 ? ['odd', `t${i}`] : [`t${i}`] })),
      );
    for (const [i, postId] of posts.entries())
      for (const p of likes(i))
        await db.collection('likes').insertOne({
          postId,
          personId: people[p]!,
          weight: Long.fromNumber(i * 1e10),
          at: new Date(Date.UTC(2026, 0, i + 1)),
        });
    await db.collection('tagnames').insertMany([
      { tag: 'odd', label: 'Odd' },
      { tag: ['t2', 't3', 't3'], label: 'Two or three' },
      { tag: 't5', label: 'Five' },
    ]);
  });

  after(async () => {
    await client?.close();
    await test?.stop();
  });

  it("joins the viewer's like to each post of a sorted, limited page (the feed's query)", async () => {
    const personId = people[1]!;
    const out = await db
      .collection('posts')
      .aggregate([
        { $match: { n: { $gte: 2 } } },
        { $sort: { n: -1 } },
        { $limit: 4 },
        {
          $lookup: {
            from: 'likes',
            localField: '_id',
            foreignField: 'postId',
            pipeline: [{ $match: { personId } }, { $project: { _id: 0, at: 1 } }],
            as: 'mine',
          },
        },
      ])
      .toArray();
    expect(out.map((d) => d.n)).to.deep.equal([7, 6, 5, 4]);
    for (const d of out) {
      const i = d.n as number;
      // Only the matching post's like of this person, never another post's.
      expect(plain(d.mine as Document[])).to.deep.equal(
        likes(i).includes(1) ? [{ at: new Date(Date.UTC(2026, 0, i + 1)).toISOString() }] : [],
      );
    }
  });

  it('joins every matching document, keeps BSON types, and later stages see the joined field', async () => {
    const out = await db
      .collection('posts')
      .aggregate([
        { $match: { n: { $lt: 3 } } },
        { $lookup: { from: 'likes', localField: '_id', foreignField: 'postId', as: 'likes' } },
        { $project: { _id: 0, n: 1, likes: 1, count: { $size: '$likes' } } },
        { $sort: { n: 1 } },
      ])
      .toArray();
    expect(out.map((d) => [d.n, d.count])).to.deep.equal([0, 1, 2].map((i) => [i, likes(i).length]));
    // Without a pipeline, as mingo answers it; joined documents keep their BSON types.
    const stored = new Map<string, Document[]>();
    for (const name of ['posts', 'likes']) stored.set(name, plain(await db.collection(name).find().toArray()));
    const pipeline = [
      { $match: { n: { $lt: 3 } } },
      { $lookup: { from: 'likes', localField: '_id', foreignField: 'postId', as: 'likes' } },
    ];
    const joined = await db.collection('posts').aggregate(pipeline, { promoteLongs: false }).toArray();
    const weights = joined.flatMap((d) => (d.likes as Document[]).map((l) => l.weight));
    expect(weights.length).to.equal(likes(0).length + likes(1).length + likes(2).length);
    expect(weights.every((w) => w instanceof Long)).to.equal(true);
    const byMingo = plain(
      new Aggregator(plain(pipeline), { collectionResolver: (n: string) => stored.get(n) ?? [] }).run(
        stored.get('posts')!,
      ) as Document[],
    );
    const sorted = (docs: Document[]) =>
      docs
        .map((d): Document => ({ ...d, likes: (d.likes as Document[]).map((l) => JSON.stringify(l)).sort() }))
        .sort((a, b) => a.n - b.n);
    expect(sorted(plain(await db.collection('posts').aggregate(pipeline).toArray()))).to.deep.equal(sorted(byMingo));
  });

  it('matches a foreign array by its elements, each foreign document once, and strings as well as ObjectIds', async () => {
    const out = await db
      .collection('posts')
      .aggregate([
        { $unwind: '$tags' },
        { $project: { _id: 0, code: 1, tag: '$tags' } },
        { $lookup: { from: 'tagnames', localField: 'tag', foreignField: 'tag', as: 'names' } },
        { $project: { code: 1, tag: 1, names: '$names.label' } },
        { $sort: { code: 1, tag: 1 } },
      ])
      .toArray();
    const names = Object.fromEntries(out.map((d) => [`${d.code} ${d.tag}`, d.names]));
    expect(names['p1 odd']).to.deep.equal(['Odd']);
    expect(names['p3 t3']).to.deep.equal(['Two or three']);
    expect(names['p2 t2']).to.deep.equal(['Two or three']);
    expect(names['p4 t4']).to.deep.equal([]);
    // Straight from the collection: the string field of stored documents.
    const direct = await db
      .collection('posts')
      .aggregate([
        { $match: { code: { $in: ['p5', 'p6'] } } },
        {
          $lookup: {
            from: 'tagnames',
            localField: 'code',
            foreignField: 'label',
            pipeline: [{ $match: { label: { $exists: true } } }],
            as: 'none',
          },
        },
        { $project: { _id: 0, code: 1, none: 1 } },
        { $sort: { code: 1 } },
      ])
      .toArray();
    expect(direct).to.deep.equal([
      { code: 'p5', none: [] },
      { code: 'p6', none: [] },
    ]);
  });

  it('makes joins in a row together, and one that reads the field another made after it', async () => {
    const out = await db
      .collection('posts')
      .aggregate([
        { $match: { n: { $in: [1, 3] } } },
        {
          $lookup: {
            from: 'likes',
            localField: '_id',
            foreignField: 'postId',
            pipeline: [{ $match: { personId: people[0]! } }, { $project: { _id: 0, personId: 1 } }],
            as: 'first',
          },
        },
        { $lookup: { from: 'tagnames', localField: 'code', foreignField: 'tag', as: 'second' } },
        { $lookup: { from: 'likes', localField: '_id', foreignField: 'postId', as: 'code' } },
        { $lookup: { from: 'posts', localField: 'code', foreignField: 'code', as: 'byCode' } },
        { $project: { _id: 0, n: 1, first: { $size: '$first' }, second: 1, code: { $size: '$code' }, byCode: 1 } },
        { $sort: { n: 1 } },
      ])
      .toArray();
    expect(out.map(({ byCode, ...rest }) => rest)).to.deep.equal(
      [1, 3].map((i) => ({ n: i, first: likes(i).includes(0) ? 1 : 0, second: [], code: likes(i).length })),
    );
    // The last join reads `code` as the join before it left it (the likes), never the post's own
    // code: no post is found. (MongoDB answers []; mingo, which localdb hands an array local
    // value to, answers [null].)
    for (const d of out) expect((d.byCode as unknown[]).filter((x) => x !== null)).to.deep.equal([]);
  });

  it("reads nothing from a collection that does not exist, and sees the command's let variables", async () => {
    const missing = await db
      .collection('posts')
      .aggregate([
        { $match: { n: 0 } },
        { $lookup: { from: 'nowhere', localField: '_id', foreignField: 'postId', as: 'x' } },
        { $project: { _id: 0, x: 1 } },
      ])
      .toArray();
    expect(missing).to.deep.equal([{ x: [] }]);
    const out = await db
      .collection('posts')
      .aggregate(
        [
          { $match: { n: { $in: [1, 2] } } },
          {
            $lookup: {
              from: 'likes',
              localField: '_id',
              foreignField: 'postId',
              pipeline: [{ $match: { $expr: { $eq: ['$personId', '$$who'] } } }, { $project: { _id: 0, personId: 1 } }],
              as: 'mine',
            },
          },
          { $project: { _id: 0, n: 1, mine: { $size: '$mine' } } },
          { $sort: { n: 1 } },
        ],
        { let: { who: people[2]! } },
      )
      .toArray();
    expect(out).to.deep.equal([
      { n: 1, mine: likes(1).includes(2) ? 1 : 0 },
      { n: 2, mine: likes(2).includes(2) ? 1 : 0 },
    ]);
  });

  it('localdb refuses a localField join with a pipeline that it cannot run itself, rather than answer it wrongly', async function () {
    if (process.env.MONGODB_URI) this.skip();
    const e = await serverError(
      db
        .collection('posts')
        .aggregate([
          {
            $lookup: {
              from: 'likes',
              localField: 'n',
              foreignField: 'weight',
              pipeline: [{ $match: { personId: people[0]! } }],
              as: 'x',
            },
          },
        ])
        .toArray(),
    );
    expect(e.code).to.equal(115);
    expect(e.message).to.match(/\$lookup with localField/);
  });
});
