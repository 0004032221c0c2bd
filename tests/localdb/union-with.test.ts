// $unionWith: localdb runs each branch as a pipeline of its own on its collection (its leading
// $match through that collection's indexes) instead of handing the whole pipeline to mingo. The
// answers must be those mingo gives for the whole pipeline (what localdb did before), and, when
// MONGODB_URI is set, those of a real MongoDB: the same expectations run against both.
import { expect } from 'chai';
import fc from 'fast-check';
import { Aggregator } from 'mingo';
import { type Db, type Document, Double, Int32, Long, MongoClient, ObjectId } from 'mongodb';
import { testMongoUri, type TestDb } from '../support/db.js';
import { serverError } from '../support/server-error.js';

/** JSON-comparable form: ObjectIds as hex, dates as ISO strings, numbers as numbers. */
const plain = (docs: Document[]) => JSON.parse(JSON.stringify(docs)) as Document[];
/** Order-free form: each document as JSON with its fields in name order, the list sorted. */
const sortedPlain = (docs: Document[]) =>
  plain(docs)
    .map((d) => JSON.stringify(Object.fromEntries(Object.entries(d).sort(([a], [b]) => a.localeCompare(b)))))
    .sort();

describe('localdb $unionWith', function () {
  this.timeout(60_000);
  let test: TestDb;
  let client: MongoClient;
  let db: Db;
  const people = [new ObjectId(), new ObjectId(), new ObjectId()];
  const posts = Array.from({ length: 12 }, () => new ObjectId());

  before(async () => {
    test = await testMongoUri();
    client = new MongoClient(test.uri);
    await client.connect();
    db = client.db(test.dbName);
    const likes = db.collection('likes');
    const receipts = db.collection('receipts');
    await likes.createIndex({ personId: 1, postId: 1 }, { unique: true });
    await receipts.createIndex({ personId: 1, postId: 1 }, { unique: true });
    await receipts.createIndex({ at: -1 });
    let n = 0;
    for (const [p, person] of people.entries()) {
      for (const [i, post] of posts.entries()) {
        if ((i + p) % 3 !== 0)
          await likes.insertOne({
            personId: person,
            postId: post,
            weight: new Int32(i),
            big: Long.fromNumber(i * 1e10),
          });
        if ((i + p) % 2 === 0)
          await receipts.insertOne({
            personId: person,
            postId: post,
            at: new Date(Date.UTC(2026, 0, 1 + n++)),
            acknowledgedAt: i % 4 === 0 ? new Date(Date.UTC(2026, 1, 1 + i)) : null,
            weight: new Double(i + 0.5),
            sub: { seen: i },
          });
      }
    }
  });

  after(async () => {
    await client?.close();
    await test?.stop();
  });

  /** What mingo answers for the whole pipeline over the stored documents (localdb's way before). */
  async function mingo(coll: string, pipeline: Document[], variables?: Document): Promise<Document[]> {
    const all = new Map<string, Document[]>();
    for (const name of ['likes', 'receipts']) all.set(name, plain(await db.collection(name).find().toArray()));
    return plain(
      new Aggregator(plain(pipeline), {
        collectionResolver: (name: string) => all.get(name) ?? [],
        ...(variables ? { variables: plain([variables])[0] } : {}),
      }).run(all.get(coll) ?? []) as Document[],
    );
  }

  const run = async (coll: string, pipeline: Document[], variables?: Document) =>
    plain(
      await db
        .collection(coll)
        .aggregate(pipeline, variables ? { let: variables } : {})
        .toArray(),
    );

  it("answers the feed's query (likes with acknowledgements joined) as before", async () => {
    // Person 0 likes posts 1, 2, 4, 5 and 7 of the first 8 and acknowledged posts 0, 4 and 8.
    const personId = people[0]!;
    const pipeline = [
      { $match: { personId, postId: { $in: posts.slice(0, 8) } } },
      { $project: { _id: 0, postId: 1 } },
      {
        $unionWith: {
          coll: 'receipts',
          pipeline: [
            { $match: { personId, postId: { $in: posts.slice(2, 12) }, acknowledgedAt: { $ne: null } } },
            { $project: { _id: 0, postId: 1, acknowledgedAt: 1 } },
          ],
        },
      },
    ];
    const out = await run('likes', pipeline);
    expect(sortedPlain(out)).to.deep.equal(sortedPlain(await mingo('likes', pipeline)));
    // The likes come first, then the receipts, each acknowledged one once.
    const id = (i: number) => posts[i]!.toHexString();
    expect(
      out
        .slice(0, 5)
        .map((d) => d.postId)
        .sort(),
    ).to.deep.equal([1, 2, 4, 5, 7].map(id).sort());
    expect(out.slice(5).map((d) => [d.postId, d.acknowledgedAt])).to.deep.equal([
      [id(4), '2026-02-05T00:00:00.000Z'],
      [id(8), '2026-02-09T00:00:00.000Z'],
    ]);
  });

  it('takes a collection name alone, and stages after it see both inputs', async () => {
    const personId = people[0]!;
    const pipeline = [
      { $match: { personId } },
      { $unionWith: 'receipts' },
      { $match: { personId } },
      { $group: { _id: '$postId', n: { $sum: 1 }, weight: { $sum: '$weight' } } },
      { $sort: { n: -1, _id: 1 } },
    ];
    const out = await run('likes', pipeline);
    expect(out).to.deep.equal(await mingo('likes', pipeline));
    expect(out.some((d) => d.n === 2)).to.equal(true);
  });

  it('runs sorts, limits, lookups and nested unions inside the branch', async () => {
    const pipeline = [
      { $match: { personId: people[2]! } },
      { $sort: { postId: 1 } },
      { $limit: 3 },
      { $project: { _id: 0, postId: 1, from: 'likes' } },
      {
        $unionWith: {
          coll: 'receipts',
          pipeline: [
            { $match: { at: { $gte: new Date(Date.UTC(2026, 0, 5)) } } },
            { $sort: { at: -1 } },
            { $limit: 4 },
            { $lookup: { from: 'likes', localField: 'postId', foreignField: 'postId', as: 'likes' } },
            { $project: { _id: 0, postId: 1, from: 'receipts', likes: { $size: '$likes' } } },
            { $unionWith: { coll: 'likes', pipeline: [{ $match: { weight: 11 } }, { $count: 'elevens' }] } },
          ],
        },
      },
    ];
    const out = await run('likes', pipeline);
    expect(out).to.deep.equal(await mingo('likes', pipeline));
    expect(out.map((d) => d.from ?? 'count')).to.deep.equal([
      'likes',
      'likes',
      'likes',
      'receipts',
      'receipts',
      'receipts',
      'receipts',
      'count',
    ]);
  });

  it('reads nothing from a collection that does not exist, and documents from $documents', async () => {
    const missing = [{ $match: { personId: people[0]! } }, { $unionWith: { coll: 'nowhere', pipeline: [] } }];
    expect(sortedPlain(await run('likes', missing))).to.deep.equal(sortedPlain(await mingo('likes', missing)));
    const documents = [
      { $match: { weight: { $lt: 2 } } },
      { $project: { _id: 0, weight: 1 } },
      { $unionWith: { pipeline: [{ $documents: [{ weight: 100 }, { weight: 200 }] }] } },
      { $sort: { weight: 1 } },
    ];
    const out = await run('likes', documents);
    expect(out).to.deep.equal(await mingo('likes', documents));
    expect(out.at(-1)).to.deep.equal({ weight: 200 });
  });

  it("evaluates the command's let variables inside the branch", async () => {
    const variables = { who: people[2]!, since: new Date(Date.UTC(2026, 0, 10)) };
    const pipeline = [
      { $match: { $expr: { $eq: ['$personId', '$$who'] } } },
      { $project: { _id: 0, postId: 1 } },
      {
        $unionWith: {
          coll: 'receipts',
          pipeline: [
            { $match: { $expr: { $and: [{ $eq: ['$personId', '$$who'] }, { $gte: ['$at', '$$since'] }] } } },
            { $project: { _id: 0, postId: 1, at: 1 } },
          ],
        },
      },
      { $sort: { at: 1, postId: 1 } },
    ];
    const out = await run('likes', pipeline, variables);
    expect(out).to.deep.equal(await mingo('likes', pipeline, variables));
    expect(out.filter((d) => d.at).length).to.be.greaterThan(0);
  });

  it('keeps stored documents as they were when later stages reshape the union', async () => {
    const before = plain(await db.collection('receipts').find().sort({ _id: 1 }).toArray());
    const pipeline = [
      { $match: { personId: people[0]! } },
      { $unionWith: { coll: 'receipts', pipeline: [{ $match: { personId: people[0]! } }] } },
      { $set: { 'sub.seen': -1, 'sub.added': true, weight: 0 } },
      { $unset: '_id' },
      { $sort: { postId: 1, at: 1 } },
    ];
    const out = await run('likes', pipeline);
    expect(out).to.deep.equal(await mingo('likes', pipeline));
    expect(out.every((d) => d.sub.seen === -1 && d.weight === 0)).to.equal(true);
    expect(plain(await db.collection('receipts').find().sort({ _id: 1 }).toArray())).to.deep.equal(before);
  });

  it('projects fields before the union as $project does, and later stages compute on the values', async () => {
    const before = plain(await db.collection('likes').find().sort({ _id: 1 }).toArray());
    const pipeline = [
      { $match: { personId: people[1]! } },
      { $project: { _id: 0, postId: 1, weight: 1, big: 1 } },
      { $unionWith: { coll: 'receipts', pipeline: [{ $project: { postId: 1, weight: true, sub: 1 } }] } },
      { $set: { doubled: { $multiply: ['$weight', 2] }, 'sub.seen': 0 } },
      { $group: { _id: '$postId', weight: { $sum: '$weight' }, doubled: { $sum: '$doubled' }, big: { $max: '$big' } } },
      { $sort: { _id: 1 } },
    ];
    const out = await run('likes', pipeline);
    expect(out).to.deep.equal(await mingo('likes', pipeline));
    expect(out.some((d) => d.big > 1e10)).to.equal(true);
    expect(plain(await db.collection('likes').find().sort({ _id: 1 }).toArray())).to.deep.equal(before);
    const excluded = [
      { $match: { personId: people[1]! } },
      { $sort: { weight: 1 } },
      { $project: { big: 0, _id: false } },
    ];
    expect(await run('likes', excluded)).to.deep.equal(await mingo('likes', excluded));
  });

  it('keeps the exact BSON types of documents that pass through a branch unchanged', async () => {
    const [doc] = await db
      .collection('likes')
      .aggregate(
        [{ $match: { _id: null } }, { $unionWith: { coll: 'likes', pipeline: [{ $match: { weight: 5 } }] } }],
        {
          promoteValues: false,
          promoteLongs: false,
        },
      )
      .toArray();
    expect(doc?.weight).to.be.instanceOf(Int32);
    expect(doc?.big).to.be.instanceOf(Long);
  });

  it('refuses a stage MongoDB refuses', async () => {
    const likes = db.collection('likes');
    expect((await serverError(likes.aggregate([{ $unionWith: 5 }]).toArray())).code).to.be.a('number');
    expect(
      (await serverError(likes.aggregate([{ $unionWith: { pipeline: [{ $match: {} }] } }]).toArray())).code,
    ).to.be.a('number');
    expect(
      (await serverError(likes.aggregate([{ $unionWith: { coll: 'receipts', pipeline: {} } }]).toArray())).code,
    ).to.be.a('number');
    expect(
      (await serverError(likes.aggregate([{ $unionWith: { coll: 'receipts', what: 1 } }]).toArray())).code,
    ).to.be.a('number');
  });

  it('answers random filters on both sides as mingo does over the whole pipeline', async () => {
    const filter = fc.oneof(
      fc.constantFrom(...people).map((personId) => ({ personId })),
      fc.subarray(posts, { minLength: 1 }).map((ids) => ({ postId: { $in: ids } })),
      fc.integer({ min: 0, max: 12 }).map((w) => ({ weight: { $gte: w } })),
      fc.constant({ acknowledgedAt: { $ne: null } }),
      fc.constant({}),
    );
    const sort = fc.constantFrom<Document | null>(null, { postId: 1, _id: 1 }, { weight: -1, _id: 1 });
    await fc.assert(
      fc.asyncProperty(
        filter,
        filter,
        sort,
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        async (left, right, branchSort, limit, after) => {
          const branch: Document[] = [{ $match: right }];
          if (branchSort) branch.push({ $sort: branchSort }, { $limit: limit });
          const pipeline: Document[] = [
            { $match: left },
            { $project: { postId: 1, weight: 1, side: 'left' } },
            { $unionWith: { coll: 'receipts', pipeline: branch } },
          ];
          if (after) pipeline.push({ $group: { _id: '$side', n: { $sum: 1 } } });
          expect(sortedPlain(await run('likes', pipeline))).to.deep.equal(sortedPlain(await mingo('likes', pipeline)));
        },
      ),
      { numRuns: 40 },
    );
  });
});
