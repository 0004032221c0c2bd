// Ordered index scans: a range or a sort on indexed fields walks the index in order and stops at
// the limit, with MongoDB's semantics (BSON type order, multikey arrays by their smallest or
// largest element, one result per document). Through the real driver, so the same tests run on
// a real MongoDB when MONGODB_URI is set; `explain` tells how many documents a query examined.
import { expect } from 'chai';
import fc from 'fast-check';
import { type Collection, type Db, type Document, Long, MongoClient, ObjectId } from 'mongodb';
import { OrderedKeys } from '../../localdb/ordered.js';
import { testMongoUri, type TestDb } from '../support/db.js';

describe('localdb ordered index scans', () => {
  let test: TestDb;
  let client: MongoClient;
  let db: Db;

  before(async () => {
    test = await testMongoUri();
    client = new MongoClient(test.uri);
    await client.connect();
    db = client.db(test.dbName);
  });

  after(async () => {
    await client?.close();
    await test?.stop();
  });

  const ids = (docs: Document[]) => docs.map((d) => d._id);

  /** Documents the query examined (executionStats), and what it returned. */
  async function examined(coll: Collection, filter: Document, sort: Document, limit: number) {
    const plan = await coll.find(filter).sort(sort).limit(limit).explain('executionStats');
    return plan.executionStats.totalDocsExamined as number;
  }

  describe('ranges and sorts on one field', () => {
    let c: Collection;
    before(async () => {
      c = db.collection('numbers');
      await c.createIndex({ n: 1 });
      await c.createIndex({ g: 1 });
      await c.insertMany(
        Array.from({ length: 5000 }, (_, i) => ({ _id: i, n: i, g: i % 100, odd: i % 2 === 1 })) as Document[],
      );
    });

    it('walks a range in order, either way, and stops at the limit', async () => {
      const range = { n: { $gte: 1000, $lt: 4000 } };
      expect(ids(await c.find(range).sort({ n: 1 }).limit(5).toArray())).to.deep.equal([1000, 1001, 1002, 1003, 1004]);
      expect(ids(await c.find(range).sort({ n: -1 }).limit(3).toArray())).to.deep.equal([3999, 3998, 3997]);
      expect(await examined(c, range, { n: 1 }, 5)).to.be.at.most(5);
      expect(await examined(c, range, { n: -1 }, 3)).to.be.at.most(3);
    });

    it('sorts by the index without a filter, testing the rest of the filter on the way', async () => {
      expect(ids(await c.find({}).sort({ n: -1 }).limit(3).toArray())).to.deep.equal([4999, 4998, 4997]);
      expect(ids(await c.find({ odd: false }).sort({ n: -1 }).limit(3).toArray())).to.deep.equal([4998, 4996, 4994]);
      expect(await examined(c, { odd: false }, { n: -1 }, 3)).to.be.at.most(6);
    });

    it('answers an exclusive, an inclusive and an empty range exactly', async () => {
      expect(ids(await c.find({ n: { $gt: 10, $lte: 13 } }).toArray()).sort()).to.deep.equal([11, 12, 13]);
      expect(await c.countDocuments({ n: { $gt: 10, $lt: 10 } })).to.equal(0);
      expect(await c.countDocuments({ n: { $gte: 4990 } })).to.equal(10);
      expect(await examined(c, { n: { $gt: 10, $lte: 13 } }, {}, 0)).to.be.at.most(3);
    });

    it('gives way to a narrower index when the ordered walk would examine too much', async () => {
      // n's order finds a g = 3 only every 100 documents; g's index holds just 50 of them.
      expect(ids(await c.find({ g: 3 }).sort({ n: 1 }).limit(5).toArray())).to.deep.equal([3, 103, 203, 303, 403]);
      expect(await examined(c, { g: 3 }, { n: 1 }, 5)).to.be.at.most(150);
    });

    it("runs an aggregation's leading $match, $sort and $limit through the index", async () => {
      const top = await c
        .aggregate([{ $match: { n: { $lt: 4000 } } }, { $sort: { n: -1 } }, { $limit: 3 }, { $project: { n: 1 } }])
        .toArray();
      expect(top).to.deep.equal([
        { _id: 3999, n: 3999 },
        { _id: 3998, n: 3998 },
        { _id: 3997, n: 3997 },
      ]);
      const sorted = await c.aggregate([{ $match: { g: 5 } }, { $sort: { n: -1 } }, { $skip: 48 }]).toArray();
      expect(ids(sorted)).to.deep.equal([105, 5]);
    });

    it('pages with skip and limit in index order', async () => {
      const page = await c
        .find({ n: { $lt: 100 } })
        .sort({ n: -1 })
        .skip(10)
        .limit(5)
        .toArray();
      expect(ids(page)).to.deep.equal([89, 88, 87, 86, 85]);
    });
  });

  describe('compound keys', () => {
    let c: Collection;
    before(async () => {
      c = db.collection('compound');
      await c.createIndex({ g: 1, n: -1 });
      await c.insertMany(Array.from({ length: 3000 }, (_, i) => ({ _id: i, g: i % 10, n: i })) as Document[]);
    });

    it('fixes the first field by equality and walks the second in its order, or backwards', async () => {
      const filter = { g: 3, n: { $lt: 2000 } };
      expect(ids(await c.find(filter).sort({ n: -1 }).limit(4).toArray())).to.deep.equal([1993, 1983, 1973, 1963]);
      expect(ids(await c.find(filter).sort({ n: 1 }).limit(4).toArray())).to.deep.equal([3, 13, 23, 33]);
      expect(ids(await c.find(filter).sort({ g: 1, n: 1 }).limit(2).toArray())).to.deep.equal([3, 13]);
      expect(await examined(c, filter, { n: -1 }, 4)).to.be.at.most(4);
      expect(await examined(c, filter, { n: 1 }, 4)).to.be.at.most(4);
    });

    it('merges the ordered runs of an $in on the first field', async () => {
      const filter = { g: { $in: [2, 7] } };
      expect(ids(await c.find(filter).sort({ n: -1 }).limit(4).toArray())).to.deep.equal([2997, 2992, 2987, 2982]);
      expect(ids(await c.find(filter).sort({ n: 1 }).limit(3).toArray())).to.deep.equal([2, 7, 12]);
      expect(await examined(c, filter, { n: -1 }, 4)).to.be.at.most(4);
    });
  });

  describe('multikey arrays', () => {
    let c: Collection;
    const N = 2000;
    const keysOf = (i: number) => [...new Set([`k${i % 7}`, `k${i % 11}`, i % 5 === 0 ? 'all' : `k${i % 3}`])];
    before(async () => {
      c = db.collection('posts');
      await c.createIndex({ keys: 1, at: -1, _id: -1 });
      await c.insertMany(
        Array.from({ length: N }, (_, i) => ({
          _id: i,
          keys: keysOf(i),
          at: new Date(Date.UTC(2024, 0, 1) + ((i * 7919) % N) * 60_000),
          gone: i % 13 === 0 ? new Date() : null,
        })) as Document[],
      );
    });

    it('takes each document once from an $in over several of its keys, newest first, stopping at the limit', async () => {
      const wanted = ['k1', 'k2', 'all'];
      const filter = { keys: { $in: wanted }, gone: null };
      const page = await c.find(filter).sort({ at: -1, _id: -1 }).limit(20).toArray();
      const expected = Array.from({ length: N }, (_, i) => i)
        .filter((i) => keysOf(i).some((k) => wanted.includes(k)) && i % 13 !== 0)
        .sort((a, b) => ((b * 7919) % N) - ((a * 7919) % N) || b - a)
        .slice(0, 20);
      expect(ids(page)).to.deep.equal(expected);
      expect(await examined(c, filter, { at: -1, _id: -1 }, 20)).to.be.at.most(30);
      // The next page starts strictly after the last one shown (the feed's cursor).
      const last = page.at(-1)!;
      const next = await c
        .find({ $and: [filter, { $or: [{ at: { $lt: last.at } }, { at: last.at, _id: { $lt: last._id } }] }] })
        .sort({ at: -1, _id: -1 })
        .limit(5)
        .toArray();
      const all = Array.from({ length: N }, (_, i) => i)
        .filter((i) => keysOf(i).some((k) => wanted.includes(k)) && i % 13 !== 0)
        .sort((a, b) => ((b * 7919) % N) - ((a * 7919) % N) || b - a);
      expect(ids(next)).to.deep.equal(all.slice(20, 25));
    });

    it('sorts an array by its smallest element ascending and its largest descending, also under a range', async () => {
      const m = db.collection('multikey_sort');
      await m.createIndex({ v: 1 });
      await m.insertMany([
        { _id: 'a', v: [1, 10] },
        { _id: 'b', v: [5] },
        { _id: 'c', v: [7, 2] },
        { _id: 'd', v: 6 },
        { _id: 'e', v: [] },
        { _id: 'f' },
      ] as Document[]);
      expect(ids(await m.find({}).sort({ v: 1 }).toArray())).to.deep.equal(['e', 'f', 'a', 'c', 'b', 'd']);
      expect(ids(await m.find({}).sort({ v: -1 }).toArray())).to.deep.equal(['a', 'c', 'd', 'b', 'f', 'e']);
      // The range selects documents, the sort still uses each whole array.
      expect(
        ids(
          await m
            .find({ v: { $gt: 4 } })
            .sort({ v: 1 })
            .toArray(),
        ),
      ).to.deep.equal(['a', 'c', 'b', 'd']);
      expect(
        ids(
          await m
            .find({ v: { $gt: 4 } })
            .sort({ v: 1 })
            .limit(2)
            .toArray(),
        ),
      ).to.deep.equal(['a', 'c']);
      expect(
        ids(
          await m
            .find({ v: { $lt: 6 } })
            .sort({ v: -1 })
            .limit(2)
            .toArray(),
        ),
      ).to.deep.equal(['a', 'c']);
      // A document matches a range through any element, even when no element lies inside it.
      expect(ids(await m.find({ v: { $gt: 3, $lt: 4 } }).toArray()).sort()).to.deep.equal(['a', 'c']);
    });
  });

  it('orders mixed BSON types as MongoDB does, through the index as without it', async () => {
    const values: unknown[] = [
      'b',
      2.5,
      null,
      new Date(5),
      true,
      new ObjectId('64b000000000000000000001'),
      { x: 1 },
      Long.fromNumber(3),
      'a',
      1,
      false,
      new Date(1),
    ];
    const docs = values.map((v, i) => ({ _id: i, v }));
    const plain = db.collection('mixed_plain');
    const indexed = db.collection('mixed_indexed');
    await indexed.createIndex({ v: 1, _id: 1 });
    await plain.insertMany(docs as Document[]);
    await indexed.insertMany([...docs, { _id: 99 }] as Document[]);
    await plain.insertOne({ _id: 99 } as Document);
    const expected = [2, 99, 9, 1, 7, 8, 0, 6, 5, 10, 4, 11, 3];
    for (const coll of [plain, indexed]) {
      expect(ids(await coll.find({}).sort({ v: 1, _id: 1 }).toArray())).to.deep.equal(expected);
      expect(ids(await coll.find({}).sort({ v: -1, _id: -1 }).toArray())).to.deep.equal([...expected].reverse());
    }
    // Type bracketing: a range on numbers finds numbers only, whichever numeric type.
    expect(
      ids(
        await indexed
          .find({ v: { $gte: 1 } })
          .sort({ v: 1, _id: 1 })
          .toArray(),
      ),
    ).to.deep.equal([9, 1, 7]);
    expect(
      ids(
        await indexed
          .find({ v: { $lt: 'b' } })
          .sort({ v: 1, _id: 1 })
          .toArray(),
      ),
    ).to.deep.equal([8]);
  });

  it('gives the same results through indexes as without them (property)', async function () {
    this.timeout(120_000);
    const value = fc.oneof(
      fc.integer({ min: -5, max: 5 }),
      fc.double({ min: -5, max: 5, noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom('a', 'b', 'c', 'B', ''),
      fc.constantFrom(null, true, false),
      fc.integer({ min: 0, max: 5 }).map((d) => new Date(Date.UTC(2024, 0, d))),
    );
    const doc = fc.record(
      {
        a: fc.oneof({ weight: 5, arbitrary: value }, { weight: 1, arbitrary: fc.array(value, { maxLength: 3 }) }),
        b: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constant(null)),
        tags: fc.oneof(
          { weight: 4, arbitrary: fc.uniqueArray(fc.constantFrom('x', 'y', 'z', 'w'), { maxLength: 3 }) },
          { weight: 1, arbitrary: fc.constantFrom('x', 'y') },
        ),
      },
      { requiredKeys: [] },
    );
    const tagsIn = fc
      .uniqueArray(fc.constantFrom('x', 'y', 'z', 'w'), { minLength: 1, maxLength: 3 })
      .map((ts) => ({ tags: { $in: ts } }));
    const condition = fc.oneof(
      value.map((v) => ({ a: v })),
      fc.array(value, { minLength: 1, maxLength: 3 }).map((vs) => ({ a: { $in: vs } })),
      fc.tuple(fc.constantFrom('$gt', '$gte', '$lt', '$lte'), value).map(([op, v]) => ({ a: { [op]: v } })),
      fc
        .tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }))
        .map(([x, y]) => ({ b: { $gte: x, $lte: y } })),
      fc.constantFrom('x', 'y', 'z').map((t) => ({ tags: t })),
      tagsIn,
      fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })).map(([x, y]) => ({
        $or: [{ b: { $lt: x } }, { b: y, u: { $gt: 10 } }],
      })),
    );
    const sorts: Document[] = [
      {},
      { u: 1 },
      { u: -1 },
      { a: 1, u: 1 },
      { a: -1, u: -1 },
      { a: 1, u: -1 },
      { tags: 1, u: -1 },
      { tags: -1, u: 1 },
      { tags: 1, u: 1 },
      { b: -1, u: 1 },
      { b: 1, u: -1 },
      { a: 1, b: 1, u: 1 },
      { b: 1, a: 1, u: 1 },
    ];
    const query = fc.record({
      filter: fc.oneof(
        fc.array(condition, { maxLength: 3 }).map((cs) => (cs.length ? { $and: cs } : {})),
        // The feed's shape: an $in over a multikey field and more conditions.
        fc.tuple(tagsIn, fc.array(condition, { maxLength: 2 })).map(([t, cs]) => ({ $and: [t, ...cs] })),
      ),
      sort: fc.constantFrom(...sorts),
      limit: fc.integer({ min: 0, max: 6 }),
      skip: fc.integer({ min: 0, max: 2 }),
    });
    const plain = db.collection('prop_plain');
    const indexed = db.collection('prop_indexed');
    const keys: Document[] = [{ u: 1 }, { a: 1, u: 1 }, { tags: 1, u: -1 }, { b: -1, u: 1 }, { a: 1, b: 1, u: 1 }];
    for (const key of keys) await indexed.createIndex(key);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(doc, { maxLength: 40 }),
        fc.array(query, { minLength: 10, maxLength: 10 }),
        async (raw, queries) => {
          run++;
          // u is unique, so every sort (which ends with u) is a total order.
          const docs = raw.map((d, i) => ({ _id: i, u: i % 3 === 0 ? `u${1000 + i}` : i * 1.5, ...d })) as Document[];
          await Promise.all([plain.deleteMany({}), indexed.deleteMany({})]);
          if (docs.length) await Promise.all([plain.insertMany(docs), indexed.insertMany(docs)]);
          for (const q of queries) {
            const run1 = plain.find(q.filter).sort(q.sort).skip(q.skip).limit(q.limit).toArray();
            const run2 = indexed.find(q.filter).sort(q.sort).skip(q.skip).limit(q.limit).toArray();
            const [want, got] = await Promise.all([run1, run2]);
            const all = ids(await plain.find(q.filter).toArray());
            if (Object.keys(q.sort).length) expect(ids(got), JSON.stringify(q)).to.deep.equal(ids(want));
            else {
              // Without a sort, which documents a skip or a limit leaves is unspecified: only how many.
              expect(got.length, JSON.stringify(q)).to.equal(want.length);
              expect(all, JSON.stringify(q)).to.include.members(ids(got));
            }
            expect(await indexed.countDocuments(q.filter), JSON.stringify(q)).to.equal(all.length);
          }
        },
      ),
      { numRuns: 30 },
    );
    expect(run).to.be.at.least(30);
  });

  describe('the ordered key list', () => {
    const entry = (n: number, id = `i${n}`) => ({ key: [n], id });

    it('keeps its order over many inserts and removals, and counts ranges', () => {
      const keys = new OrderedKeys([1]);
      const order = Array.from({ length: 3000 }, (_, i) => (i * 7919) % 3000);
      for (const n of order) keys.insert(entry(n));
      for (let n = 0; n < 3000; n += 3) expect(keys.remove(entry(n))).to.equal(true);
      expect(keys.remove(entry(0))).to.equal(false);
      expect(keys.size).to.equal(2000);
      const walked: number[] = [];
      const w = keys.walk(1, () => 0, false);
      for (let e = w.next(); e; e = w.next()) walked.push(e.key[0] as number);
      expect(walked).to.deep.equal(Array.from({ length: 3000 }, (_, i) => i).filter((n) => n % 3 !== 0));
      const below100 = keys.rank((e) => (e.key[0] as number) - 100, false);
      expect(below100).to.equal(66);
    });

    it('finds its place again when the list changes between two steps of a walk', () => {
      const keys = new OrderedKeys([-1]);
      for (let n = 0; n < 2000; n++) keys.insert(entry(n));
      const w = keys.walk(1, () => 0, false);
      const seen: number[] = [];
      for (let i = 0; i < 10; i++) seen.push(w.next()!.key[0] as number);
      // Remove the next one, add some ahead of the walk and some behind it.
      keys.remove(entry(1989));
      for (let n = 2000; n < 2600; n++) keys.insert(entry(n));
      keys.insert(entry(1985.5, 'x'));
      for (let e = w.next(); e && seen.length < 14; e = w.next()) seen.push(e.key[0] as number);
      expect(seen).to.deep.equal([
        1999, 1998, 1997, 1996, 1995, 1994, 1993, 1992, 1991, 1990, 1988, 1987, 1986, 1985.5,
      ]);
    });
  });
});
