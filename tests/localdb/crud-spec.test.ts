// Cases from MongoDB's CRUD specification tests (mongodb/specifications, source/crud/tests) that
// localdb once got wrong: the `let` option, and what the server version localdb reports (7.0)
// accepts and refuses. Through the real driver; the same suite runs against a real server when
// MONGODB_URI is set.
import { expect } from 'chai';
import { type Db, type Document, MongoClient, Timestamp } from 'mongodb';
import { type TestDb, testMongoUri } from '../support/db.js';
import { serverError, writeErrorCode } from '../support/server-error.js';

type SpecDoc = { _id?: number | RegExp | number[] | Document; [field: string]: unknown };

describe('localdb against the CRUD specification tests', () => {
  let test: TestDb;
  let client: MongoClient;
  let db: Db;
  let wireVersion: number;
  // _id values of several types, as the specification tests use.
  const coll = () => db.collection<SpecDoc>('coll0');

  before(async () => {
    test = await testMongoUri();
    client = new MongoClient(test.uri);
    await client.connect();
    db = client.db(test.dbName);
    wireVersion = (await db.admin().command({ hello: 1 })).maxWireVersion;
  });

  after(async () => {
    await client?.close();
    await test?.stop();
  });

  beforeEach(async () => {
    await coll().deleteMany({});
    await coll().insertMany([{ _id: 1 }, { _id: 2 }]);
  });

  const all = () => coll().find({}).sort({ _id: 1 }).toArray();

  describe('the let option: values are expressions, evaluated once, visible as $$name', () => {
    it('find: a let variable in $expr selects the document (find-let)', async () => {
      const found = await coll()
        .find({ $expr: { $eq: ['$_id', '$$id'] } }, { let: { id: 1 } })
        .toArray();
      expect(found).to.deep.equal([{ _id: 1 }]);
    });

    it('find: {$literal: "$bar"} is the string "$bar" and {$concat: ["a","b"]} is "ab", not the expressions', async () => {
      await coll().insertMany([
        { _id: 3, s: '$bar' },
        { _id: 4, s: 'ab' },
      ]);
      const literal = await coll()
        .find({ $expr: { $eq: ['$s', '$$v'] } }, { let: { v: { $literal: '$bar' } } })
        .toArray();
      expect(literal.map((d) => d._id)).to.deep.equal([3]);
      const concat = await coll()
        .find({ $expr: { $eq: ['$s', '$$v'] } }, { let: { v: { $concat: ['a', 'b'] } } })
        .toArray();
      expect(concat.map((d) => d._id)).to.deep.equal([4]);
    });

    it('aggregate: let variables reach $match, later stages and $lookup sub-pipelines', async () => {
      await db.collection('tags').deleteMany({});
      await db.collection('tags').insertMany([
        { t: 'ab', of: 1 },
        { t: 'zz', of: 1 },
      ]);
      const out = await coll()
        .aggregate(
          [
            { $match: { $expr: { $eq: ['$_id', '$$id'] } } },
            { $addFields: { label: '$$label' } },
            {
              $lookup: {
                from: 'tags',
                let: { me: '$_id' },
                pipeline: [
                  { $match: { $expr: { $and: [{ $eq: ['$of', '$$me'] }, { $eq: ['$t', '$$label'] }] } } },
                  { $project: { _id: 0, t: 1 } },
                ],
                as: 'tags',
              },
            },
          ],
          { let: { id: 1, label: { $concat: ['a', 'b'] } } },
        )
        .toArray();
      expect(out).to.deep.equal([{ _id: 1, label: 'ab', tags: [{ t: 'ab' }] }]);
    });

    it('updateOne: let variables are visible in the filter and a pipeline-style update (updateOne-let)', async () => {
      const r = await coll().updateOne({ $expr: { $eq: ['$_id', '$$id'] } }, [{ $set: { x: '$$x', y: '$$y' } }], {
        let: { id: 1, x: 'foo', y: { $literal: '$bar' }, rand: { $rand: {} } },
      });
      expect([r.matchedCount, r.modifiedCount, r.upsertedCount]).to.deep.equal([1, 1, 0]);
      expect(await all()).to.deep.equal([{ _id: 1, x: 'foo', y: '$bar' }, { _id: 2 }]);
    });

    it('updateMany: let reaches the filter, while operator updates store "$$x" as the literal it is', async () => {
      const r = await coll().updateMany(
        { $expr: { $gte: ['$_id', '$$from'] } },
        { $set: { x: '$$x' } },
        {
          let: { from: { $add: [0, 1] }, x: 'foo' },
        },
      );
      expect(r.modifiedCount).to.equal(2);
      expect(await all()).to.deep.equal([
        { _id: 1, x: '$$x' },
        { _id: 2, x: '$$x' },
      ]);
    });

    it('deleteOne and deleteMany: let variables select what is deleted (deleteOne-let, deleteMany-let)', async () => {
      await coll().deleteOne({ $expr: { $eq: ['$_id', '$$id'] } }, { let: { id: 1 } });
      expect(await all()).to.deep.equal([{ _id: 2 }]);
      await coll().insertOne({ _id: 3 });
      await coll().deleteMany({ $expr: { $gt: ['$_id', '$$min'] } }, { let: { min: { $subtract: [3, 1] } } });
      expect(await all()).to.deep.equal([{ _id: 2 }]);
    });

    it('findOneAndUpdate, findOneAndReplace, findOneAndDelete: let in the query and the pipeline update', async () => {
      const updated = await coll().findOneAndUpdate({ $expr: { $eq: ['$_id', '$$id'] } }, [{ $set: { x: '$$x' } }], {
        let: { id: 1, x: { $literal: '$x' } },
        returnDocument: 'after',
      });
      expect(updated).to.deep.equal({ _id: 1, x: '$x' });
      const replaced = await coll().findOneAndReplace(
        { $expr: { $eq: ['$_id', '$$id'] } },
        { x: 'replaced' },
        { let: { id: 2 }, returnDocument: 'after' },
      );
      expect(replaced).to.deep.equal({ _id: 2, x: 'replaced' });
      const deleted = await coll().findOneAndDelete({ $expr: { $eq: ['$_id', '$$id'] } }, { let: { id: 1 } });
      expect(deleted?._id).to.equal(1);
      expect(await all()).to.deep.equal([{ _id: 2, x: 'replaced' }]);
    });

    it('bulkWrite: the command let reaches every update statement (bulkWrite-updateOne-let)', async () => {
      await coll().bulkWrite(
        [
          { updateOne: { filter: { $expr: { $eq: ['$_id', '$$a'] } }, update: [{ $set: { x: '$$v' } }] } },
          { updateOne: { filter: { $expr: { $eq: ['$_id', '$$b'] } }, update: [{ $set: { x: '$$v' } }] } },
        ],
        { let: { a: 1, b: 2, v: { $toUpper: 'done' } } },
      );
      expect(await all()).to.deep.equal([
        { _id: 1, x: 'DONE' },
        { _id: 2, x: 'DONE' },
      ]);
    });

    it('update statement constants (c) reach a pipeline update; with operators they are refused (51198)', async () => {
      await db.command({
        update: 'coll0',
        updates: [{ q: { _id: 1 }, u: [{ $set: { k: '$$k', x: '$$x' } }], c: { k: { $add: [2, 3] } } }],
        let: { x: 'from let' },
      });
      expect((await all())[0]).to.deep.equal({ _id: 1, k: 5, x: 'from let' });
      const r = await db.command({ update: 'coll0', updates: [{ q: { _id: 2 }, u: { $set: { k: 1 } }, c: { k: 1 } }] });
      expect(r.writeErrors?.[0]?.code).to.equal(51198);
    });

    it('refuses let expressions that read a document (4890500), bad names (16867) and undefined variables (17276)', async () => {
      const fieldPath = await serverError(
        coll()
          .find({}, { let: { x: '$a' } })
          .toArray(),
      );
      expect(fieldPath.code).to.equal(4890500);
      const badName = await serverError(
        coll()
          .find({}, { let: { X: 1 } })
          .toArray(),
      );
      expect(badName.code).to.equal(16867);
      const undefinedVar = await serverError(
        coll()
          .find({ $expr: { $eq: ['$_id', '$$nope'] } })
          .toArray(),
      );
      expect(undefinedVar.code).to.equal(17276);
      expect(await all()).to.deep.equal([{ _id: 1 }, { _id: 2 }]);
    });
  });

  describe('what MongoDB 7.0 refuses', () => {
    it('sort on updateOne and replaceOne (an 8.0 option): refused as 7.0 refuses it, nothing written', async () => {
      await coll().updateMany({}, [{ $set: { n: '$_id' } }]);
      const update = coll().updateOne({}, { $set: { hit: true } }, { sort: { n: -1 } });
      const replace = coll().replaceOne({}, { hit: true }, { sort: { n: -1 } });
      if (wireVersion >= 25) {
        // MongoDB 8.0 and later carry it out: the highest n is the one updated.
        await update;
        await replace;
        expect((await all()).map((d) => d.hit ?? false)).to.deep.equal([false, true]);
        return;
      }
      const err = await serverError(update);
      expect(err.code).to.equal(40415);
      expect(err.message).to.contain("'update.updates.sort' is an unknown field");
      expect((await serverError(replace)).code).to.equal(40415);
      expect(await all()).to.deep.equal([
        { _id: 1, n: 1 },
        { _id: 2, n: 2 },
      ]);
    });

    it('a $-prefixed field name inside _id: refused with DollarPrefixedFieldName (52) on insert, upsert and replace', async () => {
      expect(await writeErrorCode(coll().insertOne({ _id: { $a: 1 } }))).to.equal(52);
      expect(await writeErrorCode(coll().insertOne({ _id: { x: [{ $a: 1 }] } }))).to.equal(52);
      expect(
        await writeErrorCode(coll().replaceOne({ _id: 9 }, { _id: { $a: 1 }, v: 1 } as Document, { upsert: true })),
      ).to.equal(52);
      expect(await writeErrorCode(coll().updateOne({ z: 1 }, { $set: { _id: { $a: 1 } } }, { upsert: true }))).to.equal(
        52,
      );
      const err = await serverError(
        db.command({
          findAndModify: 'coll0',
          query: { _id: { $eq: 'nope' } },
          update: { _id: { $a: 1 } },
          upsert: true,
        }),
      );
      expect(err.code).to.equal(52);
      expect(await all()).to.deep.equal([{ _id: 1 }, { _id: 2 }]);
    });

    it('an _id that is a regex or an array: refused with InvalidIdField (53)', async () => {
      expect(await writeErrorCode(coll().insertOne({ _id: /x/ }))).to.equal(53);
      expect(await writeErrorCode(coll().insertOne({ _id: [1, 2] }))).to.equal(53);
      expect(await writeErrorCode(coll().updateOne({ z: 1 }, { $set: { _id: [1] } }, { upsert: true }))).to.equal(53);
      expect(await coll().countDocuments()).to.equal(2);
    });

    it('accepts what 5.0+ accepts: top-level $ and dotted names, $ names in embedded documents, DBRef-like keys (insertOne-dots_and_dollars)', async () => {
      const docs = [
        { _id: 10, $a: 1 },
        { _id: 11, 'a.b': 1 },
        { _id: 12, a: { $b: 1 } },
        { _id: 13, a: { 'b.c': 1 } },
        { _id: { 'a.b': 1 } },
        { _id: 14, a: { $db: 'foo' } },
      ];
      for (const d of docs) await coll().insertOne(d);
      for (const d of docs) expect(await coll().findOne({ _id: d._id })).to.deep.equal(d);
    });

    it('replacement documents: dotted and embedded $ names are kept (replaceOne-dots_and_dollars); a later top-level $ name is refused (52)', async () => {
      await coll().replaceOne({ _id: 1 }, { _id: 1, 'a.b': 1 });
      await coll().replaceOne({ _id: 2 }, { _id: 2, a: { $b: 1 } });
      expect(await all()).to.deep.equal([
        { _id: 1, 'a.b': 1 },
        { _id: 2, a: { $b: 1 } },
      ]);
      const r = await db.command({ update: 'coll0', updates: [{ q: { _id: 1 }, u: { a: 1, $b: 2 } }] });
      expect(r.writeErrors?.[0]?.code).to.equal(52);
      expect(r.writeErrors?.[0]?.errmsg).to.contain('$b');
    });

    it('an update whose result passes 16 MiB: refused (17419), the document left as it was', async () => {
      const big = 'x'.repeat(9 * 1024 * 1024);
      await coll().updateOne({ _id: 1 }, { $set: { a: big } });
      // 17419 in 7.0; later versions answer BSONObjectTooLarge (10334).
      expect(await writeErrorCode(coll().updateOne({ _id: 1 }, { $set: { b: big } }))).to.be.oneOf([17419, 10334]);
      const doc = await coll().findOne({ _id: 1 } as Document, { projection: { b: 1 } });
      expect(doc).to.deep.equal({ _id: 1 });
    });

    it('a hint naming no index: refused (BadValue, 2) on update, delete and findAndModify; an existing one is fine', async () => {
      await coll().createIndex({ n: 1 }, { name: 'by_n' });
      expect(await writeErrorCode(coll().updateOne({ _id: 1 }, { $set: { x: 1 } }, { hint: 'nope' }))).to.equal(2);
      expect(await writeErrorCode(coll().deleteOne({ _id: 1 }, { hint: { nope: 1 } }))).to.equal(2);
      const fam = await serverError(coll().findOneAndUpdate({ _id: 1 }, { $set: { x: 1 } }, { hint: { nope: 1 } }));
      expect(fam.code).to.equal(2);
      expect(await all()).to.deep.equal([{ _id: 1 }, { _id: 2 }]);
      await coll().updateOne({ _id: 1 }, { $set: { x: 1 } }, { hint: 'by_n' });
      await coll().updateOne({ _id: 2 }, { $set: { x: 2 } }, { hint: { n: 1 } });
      await coll().deleteOne({ _id: 2 }, { hint: { _id: 1 } });
      expect(await all()).to.deep.equal([{ _id: 1, x: 1 }]);
    });

    it('operators newer than 7.0 ($sigmoid, 8.2) and unknown ones: refused with Unrecognized expression (168) or stage name (40324)', async () => {
      const code = async (p: Promise<unknown>) => (await serverError(p)).code;
      if (wireVersion < 27) {
        // MongoDB 8.2 (wire version 27) added $sigmoid.
        expect(
          await code(
            coll()
              .aggregate([{ $set: { s: { $sigmoid: 1 } } }])
              .toArray(),
          ),
        ).to.equal(168);
        expect(
          await code(
            coll()
              .find({ $expr: { $gt: [{ $sigmoid: '$_id' }, 0] } })
              .toArray(),
          ),
        ).to.equal(168);
        expect(await code(coll().updateOne({ _id: 1 }, [{ $set: { s: { $sigmoid: 1 } } }]))).to.equal(168);
      }
      expect(
        await code(
          coll()
            .aggregate([{ $set: { s: { $frob: 1 } } }])
            .toArray(),
        ),
      ).to.equal(168);
      expect(
        await code(
          coll()
            .aggregate([{ $frob: {} }])
            .toArray(),
        ),
      ).to.equal(40324);
      expect(await all()).to.deep.equal([{ _id: 1 }, { _id: 2 }]);
    });

    it('an empty write batch: refused (InvalidLength, 16)', async () => {
      const err = await serverError(db.command({ insert: 'coll0', documents: [] }));
      expect(err.code).to.equal(16);
    });

    it('fills an empty timestamp in a top-level field on insert, as MongoDB does', async () => {
      const before = Math.floor(Date.now() / 1000);
      await coll().insertOne({
        _id: 30,
        ts: new Timestamp({ t: 0, i: 0 }),
        nested: { ts: new Timestamp({ t: 0, i: 0 }) },
      });
      const doc = (await coll().findOne({ _id: 30 })) as unknown as { ts: Timestamp; nested: { ts: Timestamp } };
      expect(doc.ts.t).to.be.at.least(before);
      expect(doc.nested.ts.isZero()).to.equal(true);
    });

    it('a document nested deeper than 180 levels: refused (Overflow, 15)', async () => {
      const nest = (levels: number): Document => {
        let d: Document = { leaf: true };
        for (let i = 1; i < levels; i++) d = { d };
        return d;
      };
      await coll().insertOne({ _id: 20, ...nest(180) });
      expect(await writeErrorCode(coll().insertOne({ _id: 21, ...nest(181) }))).to.equal(15);
      expect(await coll().countDocuments({ _id: { $in: [20, 21] } })).to.equal(1);
    });
  });

  describe('what localdb does not implement fails loudly (MongoDB would enforce it)', () => {
    before(function () {
      if (process.env.MONGODB_URI) this.skip();
    });

    it('refuses capped collections, schema validators and encrypted fields instead of storing them unenforced', async () => {
      expect((await serverError(db.createCollection('capped', { capped: true, size: 4096 }))).code).to.equal(115);
      const validated = await serverError(db.createCollection('validated', { validator: { n: { $type: 'int' } } }));
      expect(validated.code).to.equal(115);
      expect(validated.message).to.contain('validator');
      await db.createCollection('warned', { validator: { n: { $type: 'int' } }, validationAction: 'warn' });
      const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
      expect(names).to.not.include.members(['capped', 'validated']);
    });
  });
});
