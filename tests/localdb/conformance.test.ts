// Conformance of localdb with MongoDB, through the official driver and mongoose. The same suite
// runs against a real server when MONGODB_URI is set (in a database unique to the run).
import { expect } from 'chai';
import {
  Binary,
  Decimal128,
  Double,
  GridFSBucket,
  Int32,
  Long,
  MongoClient,
  type MongoServerError,
  ObjectId,
  UUID,
  type Db,
  type Document,
} from 'mongodb';
import mongoose from 'mongoose';
import { testMongoUri, type TestDb } from '../support/db.js';
import { serverError } from '../support/server-error.js';

describe('localdb conformance (mongodb driver and mongoose)', () => {
  let test: TestDb;
  let client: MongoClient;
  let db: Db;
  const commands: string[] = [];

  before(async () => {
    test = await testMongoUri();
    client = new MongoClient(test.uri, { monitorCommands: true });
    client.on('commandStarted', (e) => commands.push(e.commandName));
    await client.connect();
    db = client.db(test.dbName);
  });

  after(async () => {
    await client?.close();
    await test?.stop();
  });

  describe('handshake and server information', () => {
    it('answers hello as a writable primary without replica set or compression', async () => {
      const hello = await db.admin().command({ hello: 1 });
      expect(hello.isWritablePrimary).to.equal(true);
      expect(hello.maxWireVersion).to.be.at.least(9);
      expect(hello.maxBsonObjectSize).to.equal(16 * 1024 * 1024);
      expect(hello.maxWriteBatchSize).to.equal(100000);
      expect(hello.logicalSessionTimeoutMinutes).to.be.a('number');
      expect(hello.connectionId).to.be.a('number');
      expect(hello.localTime).to.be.instanceOf(Date);
      if (!process.env.MONGODB_URI) {
        expect(hello.setName).to.equal(undefined);
        expect(hello.topologyVersion).to.equal(undefined);
        expect(hello.compression).to.equal(undefined);
      }
    });

    it('answers ping, buildInfo, getParameter, connectionStatus, serverStatus', async () => {
      expect((await db.command({ ping: 1 })).ok).to.equal(1);
      const info = await db.admin().command({ buildInfo: 1 });
      expect(info.version).to.match(/^\d+\.\d+/);
      const fcv = await db.admin().command({ getParameter: 1, featureCompatibilityVersion: 1 });
      expect(fcv.featureCompatibilityVersion.version).to.match(/^\d+\.\d+$/);
      expect((await db.command({ connectionStatus: 1 })).authInfo).to.be.an('object');
      const status = await db.admin().command({ serverStatus: 1 });
      expect(status.ok).to.equal(1);
      expect(status.connections.current).to.be.at.least(1);
    });

    it('refuses an unknown command with CommandNotFound (59)', async () => {
      const err = await serverError(db.command({ frobnicate: 1 }));
      expect(err.code).to.equal(59);
      expect(err.codeName).to.equal('CommandNotFound');
      expect(err.message).to.contain('frobnicate');
    });

    it('still serves the connection after an error', async () => {
      await serverError(db.command({ frobnicate: 1 }));
      expect((await db.command({ ping: 1 })).ok).to.equal(1);
    });
  });

  describe('collections', () => {
    it('creates, lists (filter, nameOnly), refuses a second create (48) and drops', async () => {
      await db.createCollection('cl_a');
      await db.createCollection('cl_b');
      const err = await serverError(db.createCollection('cl_a'));
      expect(err.code).to.equal(48);
      const named = await db.listCollections({ name: 'cl_a' }).toArray();
      expect(named.map((c) => c.name)).to.deep.equal(['cl_a']);
      expect(named[0].type).to.equal('collection');
      const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
      expect(names).to.include.members(['cl_a', 'cl_b']);
      expect(await db.collection('cl_b').drop()).to.equal(true);
      expect((await db.listCollections({ name: 'cl_b' }).toArray()).length).to.equal(0);
    });

    it('drops a missing collection quietly through the driver; the raw command reports NamespaceNotFound (26)', async () => {
      expect(await db.collection('never_created').drop()).to.be.a('boolean');
      try {
        const r = await db.command({ drop: 'never_created' });
        expect(r.ok).to.equal(1); // MongoDB >= 7 tolerates it
      } catch (e) {
        expect((e as MongoServerError).code).to.equal(26);
      }
    });

    it('lists databases and drops one', async () => {
      const other = client.db(`${test.dbName}_x`);
      await other.collection('c').insertOne({ a: 1 });
      const dbs = await client.db().admin().listDatabases();
      expect(dbs.databases.map((d) => d.name)).to.include(`${test.dbName}_x`);
      await other.dropDatabase();
      const after = await client.db().admin().listDatabases({ nameOnly: true });
      expect(after.databases.map((d) => d.name)).not.to.include(`${test.dbName}_x`);
    });

    it('renames a collection', async () => {
      await db.collection('rn_from').insertOne({ a: 1 });
      await db.collection('rn_from').createIndex({ a: 1 }, { unique: true });
      await db.collection('rn_from').rename('rn_to');
      expect(await db.collection('rn_to').countDocuments()).to.equal(1);
      expect((await db.collection('rn_to').listIndexes().toArray()).map((i) => i.name)).to.deep.equal(['_id_', 'a_1']);
      expect((await db.listCollections({ name: 'rn_from' }).toArray()).length).to.equal(0);
    });

    it('ends and kills sessions', async () => {
      const session = client.startSession();
      await db.collection('sessions').insertOne({ a: 1 }, { session });
      await session.endSession();
      expect((await db.admin().command({ killAllSessions: [] })).ok).to.equal(1);
    });

    it('answers dbStats and collStats', async () => {
      await db.collection('stats').insertMany([{ a: 1 }, { a: 2 }]);
      const dbStats = await db.command({ dbStats: 1 });
      expect(dbStats.objects).to.be.at.least(2);
      const collStats = await db.command({ collStats: 'stats' });
      expect(collStats.count).to.equal(2);
    });
  });

  describe('insert and find', () => {
    const people = () => db.collection('people');

    before(async () => {
      await people().insertMany(
        Array.from({ length: 250 }, (_, i) => ({
          n: i,
          name: `person ${String(i).padStart(3, '0')}`,
          team: ['red', 'green', 'blue'][i % 3],
          tags: i % 2 ? ['odd', `t${i % 5}`] : ['even'],
          address: { city: i % 4 ? 'Lyon' : 'Paris', zip: 69000 + i },
        })),
      );
    });

    it('filters, sorts, projects, skips and limits', async () => {
      const docs = await people()
        .find({ team: 'red', n: { $gte: 30 } }, { projection: { _id: 0, n: 1, 'address.city': 1 } })
        .sort({ n: -1 })
        .skip(2)
        .limit(3)
        .toArray();
      expect(docs).to.deep.equal([
        { n: 243, address: { city: 'Lyon' } },
        { n: 240, address: { city: 'Paris' } },
        { n: 237, address: { city: 'Lyon' } },
      ]);
    });

    it('matches arrays, dotted paths, $in, $regex, $exists, $elemMatch, $or, $expr', async () => {
      expect(await people().countDocuments({ tags: 'odd' })).to.equal(125);
      expect(await people().countDocuments({ 'address.city': 'Paris' })).to.equal(63);
      expect(await people().countDocuments({ n: { $in: [1, 2, 3, 999] } })).to.equal(3);
      expect(await people().countDocuments({ name: /person 00\d/ })).to.equal(10);
      expect(await people().countDocuments({ name: { $regex: '^PERSON 01', $options: 'i' } })).to.equal(10);
      expect(await people().countDocuments({ missing: { $exists: false } })).to.equal(250);
      expect(await people().countDocuments({ tags: { $elemMatch: { $eq: 't3' } } })).to.equal(25);
      expect(await people().countDocuments({ $or: [{ n: 1 }, { n: 2 }] })).to.equal(2);
      expect(await people().countDocuments({ $expr: { $lt: ['$n', 10] } })).to.equal(10);
    });

    it('pages through getMore with a small batchSize', async () => {
      commands.length = 0;
      const docs = await people().find({}, { batchSize: 7 }).sort({ n: 1 }).toArray();
      expect(docs.map((d) => d.n)).to.deep.equal(Array.from({ length: 250 }, (_, i) => i));
      expect(commands.filter((c) => c === 'getMore').length).to.be.at.least(30);
    });

    it('kills a cursor that is closed early', async () => {
      commands.length = 0;
      const cursor = people().find({}, { batchSize: 2 });
      await cursor.next();
      await cursor.close();
      expect(commands).to.include('killCursors');
    });

    it('returns a single batch with a negative limit and an empty first batch with batchSize 0', async () => {
      const docs = await people().find({}).limit(-5).toArray();
      expect(docs.length).to.equal(5);
      const cursor = people().find({}, { batchSize: 0 });
      expect((await cursor.toArray()).length).to.equal(250);
    });

    it('projects $slice and $elemMatch, and excludes fields', async () => {
      const one = await people().findOne({ n: 3 }, { projection: { tags: { $slice: 1 }, address: 0 } });
      expect(one?.tags).to.deep.equal(['odd']);
      expect(one?.address).to.equal(undefined);
      expect(one?.name).to.equal('person 003');
      const em = await people().findOne({ n: 3 }, { projection: { tags: { $elemMatch: { $eq: 't3' } } } });
      expect(em).to.deep.equal({ _id: em?._id, tags: ['t3'] });
    });

    it('counts, estimates and lists distinct values', async () => {
      expect(await people().estimatedDocumentCount()).to.equal(250);
      expect(await people().countDocuments({ team: 'blue' })).to.equal(83);
      expect((await db.command({ count: 'people', query: { team: 'blue' }, skip: 3, limit: 10 })).n).to.equal(10);
      expect((await people().distinct('team')).sort()).to.deep.equal(['blue', 'green', 'red']);
      expect((await people().distinct('tags', { n: { $lt: 4 } })).sort()).to.deep.equal(['even', 'odd', 't1', 't3']);
    });

    it('sorts by BSON type order and by the smallest array element', async () => {
      const c = db.collection('sorting');
      await c.insertMany([
        { k: 'b', v: 'str' },
        { k: 'a', v: 5 },
        { k: 'n', v: null },
        { k: 'o', v: { x: 1 } },
        { k: 'd', v: new Date(0) },
        { k: 't', v: true },
        { k: 'i', v: new ObjectId('000000000000000000000001') },
        { k: 'arr', v: [10, 1] },
      ]);
      const order = (await c.find({}).sort({ v: 1, k: 1 }).toArray()).map((d) => d.k);
      expect(order).to.deep.equal(['n', 'arr', 'a', 'b', 'o', 'i', 't', 'd']);
    });

    it('refuses $text (no text index) and unknown query operators (BadValue)', async () => {
      await serverError(
        people()
          .find({ $text: { $search: 'person' } })
          .toArray(),
      );
      const err = await serverError(
        people()
          .find({ n: { $frob: 1 } })
          .toArray(),
      );
      expect(err.code).to.equal(2);
    });
  });

  describe('updates', () => {
    const coll = () => db.collection('updates');

    beforeEach(async () => {
      await coll().deleteMany({});
    });

    it('applies field, array and arithmetic operators', async () => {
      const { insertedId } = await coll().insertOne({
        a: 1,
        b: 'x',
        arr: [3, 1, 2],
        gone: true,
        m: 2,
        old: 'o',
        lo: 5,
        hi: 5,
      });
      const res = await coll().updateOne({ _id: insertedId }, {
        $set: { 'sub.deep': 1, b: 'y' },
        $inc: { a: 2 },
        $unset: { gone: '' },
        $push: { arr: { $each: [9, 0], $sort: 1, $slice: 4 } },
        $addToSet: { set: { $each: ['p', 'p', 'q'] } },
        $mul: { m: 2.5 },
        $rename: { old: 'renamed' },
        $min: { lo: 1 },
        $max: { hi: 10 },
        $currentDate: { at: true },
      } as Document);
      expect(res.matchedCount).to.equal(1);
      expect(res.modifiedCount).to.equal(1);
      const doc = await coll().findOne({ _id: insertedId });
      expect(doc).to.deep.include({
        a: 3,
        b: 'y',
        sub: { deep: 1 },
        arr: [0, 1, 2, 3],
        set: ['p', 'q'],
        m: 5,
        renamed: 'o',
        lo: 1,
        hi: 10,
      });
      expect(doc?.gone).to.equal(undefined);
      expect(doc?.old).to.equal(undefined);
      expect(doc?.at).to.be.instanceOf(Date);
      await coll().updateOne({ _id: insertedId }, { $pull: { arr: { $gte: 2 } }, $pop: { set: -1 } } as Document);
      await coll().updateOne({ _id: insertedId }, { $pullAll: { arr: [0] } } as Document);
      expect(await coll().findOne({ _id: insertedId }, { projection: { _id: 0, arr: 1, set: 1 } })).to.deep.equal({
        arr: [1],
        set: ['q'],
      });
    });

    it('reports nModified 0 when nothing changes', async () => {
      await coll().insertOne({ k: 1, v: 'same' });
      const res = await coll().updateOne({ k: 1 }, { $set: { v: 'same' } });
      expect(res.matchedCount).to.equal(1);
      expect(res.modifiedCount).to.equal(0);
    });

    it('upserts with $setOnInsert and the equality fields of the filter', async () => {
      const res = await coll().updateOne(
        { email: 'a@x.test', 'profile.team': 'red' },
        { $set: { name: 'A' }, $setOnInsert: { createdBy: 'seed' } },
        { upsert: true },
      );
      expect(res.upsertedCount).to.equal(1);
      const doc = await coll().findOne({ _id: res.upsertedId! });
      expect(doc).to.deep.include({ email: 'a@x.test', profile: { team: 'red' }, name: 'A', createdBy: 'seed' });
      await coll().updateOne(
        { email: 'a@x.test' },
        { $set: { name: 'B' }, $setOnInsert: { createdBy: 'other' } },
        { upsert: true },
      );
      expect(await coll().findOne({ email: 'a@x.test' })).to.deep.include({ name: 'B', createdBy: 'seed' });
    });

    it('updates many, deletes one and many', async () => {
      await coll().insertMany([{ g: 1 }, { g: 1 }, { g: 2 }, { g: 2 }, { g: 2 }]);
      const res = await coll().updateMany({ g: 2 }, { $set: { seen: true } });
      expect(res.matchedCount).to.equal(3);
      expect((await coll().deleteOne({ g: 2 })).deletedCount).to.equal(1);
      expect((await coll().deleteMany({ seen: true })).deletedCount).to.equal(2);
      expect(await coll().countDocuments()).to.equal(2);
    });

    it('updates the element matched by the positional $ operator', async () => {
      const { insertedId } = await coll().insertOne({
        items: [
          { sku: 'a', qty: 1 },
          { sku: 'b', qty: 1 },
        ],
      });
      await coll().updateOne({ _id: insertedId, 'items.sku': 'b' }, { $inc: { 'items.$.qty': 5 } });
      const doc = await coll().findOne({ _id: insertedId });
      expect(doc?.items).to.deep.equal([
        { sku: 'a', qty: 1 },
        { sku: 'b', qty: 6 },
      ]);
      const err = await serverError(coll().updateOne({ _id: insertedId }, { $set: { 'items.$.qty': 0 } }));
      expect(err.code).to.equal(2);
    });

    it('updates elements selected by arrayFilters and $[]', async () => {
      const { insertedId } = await coll().insertOne({
        grades: [
          { g: 80, n: 0 },
          { g: 95, n: 0 },
          { g: 90, n: 0 },
        ],
        flags: [1, 2],
      });
      await coll().updateOne(
        { _id: insertedId },
        { $set: { 'grades.$[hi].n': 1 } },
        { arrayFilters: [{ 'hi.g': { $gte: 90 } }] },
      );
      await coll().updateOne({ _id: insertedId }, { $inc: { 'flags.$[]': 10 } });
      const doc = await coll().findOne({ _id: insertedId });
      expect(doc?.grades.map((x: Document) => x.n)).to.deep.equal([0, 1, 1]);
      expect(doc?.flags).to.deep.equal([11, 12]);
    });

    it('replaces a document, keeping its _id', async () => {
      const { insertedId } = await coll().insertOne({ a: 1, b: 2 });
      await coll().replaceOne({ _id: insertedId }, { c: 3 });
      expect(await coll().findOne({ _id: insertedId })).to.deep.equal({ _id: insertedId, c: 3 });
    });

    it('runs pipeline-style updates', async () => {
      const { insertedId } = await coll().insertOne({ first: 'Ada', last: 'Lovelace', n: 2 });
      await coll().updateOne({ _id: insertedId }, [
        { $set: { full: { $concat: ['$first', ' ', '$last'] }, n2: { $multiply: ['$n', 10] } } },
        { $unset: 'first' },
      ]);
      const doc = await coll().findOne({ _id: insertedId });
      expect(doc).to.deep.equal({ _id: insertedId, last: 'Lovelace', n: 2, full: 'Ada Lovelace', n2: 20 });
    });

    it('refuses $inc on a string (14), changing _id (66) and unknown modifiers', async () => {
      const { insertedId } = await coll().insertOne({ s: 'text' });
      expect((await serverError(coll().updateOne({ _id: insertedId }, { $inc: { s: 1 } }))).code).to.equal(14);
      expect((await serverError(coll().updateOne({ _id: insertedId }, { $set: { _id: 5 } }))).code).to.equal(66);
      await serverError(coll().updateOne({ _id: insertedId }, { $frob: { s: 1 } } as Document));
    });
  });

  describe('findAndModify', () => {
    const jobs = () => db.collection('jobs');

    beforeEach(async () => {
      await jobs().deleteMany({});
      await jobs().insertMany([
        {
          name: 'a',
          prio: 2,
          state: 'new',
          steps: [
            { s: 1, done: false },
            { s: 2, done: false },
          ],
        },
        { name: 'b', prio: 5, state: 'new', steps: [] },
        { name: 'c', prio: 1, state: 'done', steps: [] },
      ]);
    });

    it('claims the highest priority document and returns it before or after', async () => {
      const before = await jobs().findOneAndUpdate(
        { state: 'new' },
        { $set: { state: 'running' } },
        { sort: { prio: -1 }, returnDocument: 'before' },
      );
      expect(before).to.deep.include({ name: 'b', state: 'new' });
      const after = await jobs().findOneAndUpdate(
        { state: 'new' },
        { $set: { state: 'running' } },
        { sort: { prio: -1 }, returnDocument: 'after', projection: { _id: 0, name: 1, state: 1 } },
      );
      expect(after).to.deep.equal({ name: 'a', state: 'running' });
      expect(await jobs().findOneAndUpdate({ state: 'new' }, { $set: { state: 'running' } })).to.equal(null);
    });

    it('upserts, replaces, deletes and uses arrayFilters', async () => {
      const up = await jobs().findOneAndUpdate(
        { name: 'z' },
        { $set: { prio: 9 } },
        { upsert: true, returnDocument: 'after' },
      );
      expect(up).to.deep.include({ name: 'z', prio: 9 });
      const withMeta = await jobs().findOneAndUpdate(
        { name: 'y' },
        { $set: { prio: 8 } },
        { upsert: true, includeResultMetadata: true },
      );
      expect(withMeta.value).to.equal(null);
      expect(withMeta.lastErrorObject?.upserted).to.be.instanceOf(ObjectId);
      const replaced = await jobs().findOneAndReplace({ name: 'c' }, { name: 'c2' }, { returnDocument: 'after' });
      expect(replaced).to.deep.include({ name: 'c2' });
      expect(replaced?.prio).to.equal(undefined);
      const deleted = await jobs().findOneAndDelete({ name: 'c2' });
      expect(deleted?.name).to.equal('c2');
      expect(await jobs().countDocuments({ name: 'c2' })).to.equal(0);
      const stepped = await jobs().findOneAndUpdate(
        { name: 'a' },
        { $set: { 'steps.$[st].done': true } },
        { arrayFilters: [{ 'st.s': 2 }], returnDocument: 'after' },
      );
      expect(stepped?.steps).to.deep.equal([
        { s: 1, done: false },
        { s: 2, done: true },
      ]);
    });
  });

  describe('aggregation', () => {
    before(async () => {
      const authors = db.collection('authors');
      const posts = db.collection('posts');
      const [ada, bob] = [new ObjectId(), new ObjectId()];
      await authors.insertMany([
        { _id: ada, name: 'Ada' },
        { _id: bob, name: 'Bob' },
      ]);
      await posts.insertMany([
        { author: ada, likes: 3, tags: ['x', 'y'] },
        { author: ada, likes: 5, tags: ['y'] },
        { author: bob, likes: 1, tags: [] },
      ]);
    });

    it('groups, sorts, projects and adds fields', async () => {
      const out = await db
        .collection('posts')
        .aggregate([
          { $match: { likes: { $gte: 1 } } },
          { $group: { _id: '$author', total: { $sum: '$likes' }, n: { $sum: 1 } } },
          { $sort: { total: -1 } },
          { $addFields: { avg: { $divide: ['$total', '$n'] } } },
          { $project: { _id: 0, total: 1, avg: 1 } },
        ])
        .toArray();
      expect(out).to.deep.equal([
        { total: 8, avg: 4 },
        { total: 1, avg: 1 },
      ]);
    });

    it('joins with $lookup, unwinds, counts and facets', async () => {
      const joined = await db
        .collection('posts')
        .aggregate([
          { $lookup: { from: 'authors', localField: 'author', foreignField: '_id', as: 'who' } },
          { $unwind: '$who' },
          { $unwind: '$tags' },
          { $group: { _id: '$who.name', tags: { $addToSet: '$tags' } } },
          { $sort: { _id: 1 } },
        ])
        .toArray();
      expect(joined.map((d) => [d._id, [...d.tags].sort()])).to.deep.equal([['Ada', ['x', 'y']]]);
      const [facets] = await db
        .collection('posts')
        .aggregate([
          { $facet: { popular: [{ $match: { likes: { $gt: 2 } } }, { $count: 'n' }], all: [{ $count: 'n' }] } },
        ])
        .toArray();
      expect(facets).to.deep.equal({ popular: [{ n: 2 }], all: [{ n: 3 }] });
      const paged = await db
        .collection('posts')
        .aggregate([{ $sort: { likes: 1 } }, { $skip: 1 }, { $limit: 1 }, { $project: { _id: 0, likes: 1 } }])
        .toArray();
      expect(paged).to.deep.equal([{ likes: 3 }]);
    });

    it('pages aggregation results through getMore', async () => {
      const many = db.collection('agg_many');
      await many.insertMany(Array.from({ length: 60 }, (_, i) => ({ i })));
      const out = await many.aggregate([{ $match: {} }, { $sort: { i: 1 } }], { batchSize: 8 }).toArray();
      expect(out.length).to.equal(60);
      expect(out[59].i).to.equal(59);
    });

    it('does not change stored documents when a pipeline reshapes them', async () => {
      const c = db.collection('agg_immutable');
      await c.insertOne({ k: 1, sub: { a: 1 }, list: [{ v: 1 }] });
      await c
        .aggregate([
          { $set: { 'sub.b': 2 } },
          { $unwind: '$list' },
          { $set: { 'list.w': 3 } },
          { $project: { 'sub.a': 0 } },
        ])
        .toArray();
      const doc = await c.findOne({ k: 1 }, { projection: { _id: 0 } });
      expect(doc).to.deep.equal({ k: 1, sub: { a: 1 }, list: [{ v: 1 }] });
    });
  });

  describe('indexes', () => {
    it('enforces a unique index with the MongoDB E11000 error shape', async () => {
      const users = db.collection('users');
      await users.createIndex({ email: 1 }, { unique: true });
      await users.insertOne({ email: 'x@y.test' });
      const err = await serverError(users.insertOne({ email: 'x@y.test' }));
      expect(err.code).to.equal(11000);
      expect(err.message).to.equal(
        `E11000 duplicate key error collection: ${test.dbName}.users index: email_1 dup key: { email: "x@y.test" }`,
      );
      expect(err.keyPattern).to.deep.equal({ email: 1 });
      expect(err.keyValue).to.deep.equal({ email: 'x@y.test' });
      // A missing field is indexed as null: the second document without email is a duplicate.
      await users.insertOne({ name: 'no email' });
      const nullErr = await serverError(users.insertOne({ name: 'no email either' }));
      expect(nullErr.keyValue).to.deep.equal({ email: null });
      // An update that would create a duplicate is refused too.
      await users.insertOne({ email: 'other@y.test' });
      const upd = await serverError(users.updateOne({ email: 'other@y.test' }, { $set: { email: 'x@y.test' } }));
      expect(upd.code).to.equal(11000);
      const dupId = await serverError(
        users.insertOne({ _id: (await users.findOne({ email: 'x@y.test' }))!._id, email: 'new@y.test' }),
      );
      expect(dupId.message).to.contain('index: _id_ dup key: { _id: ObjectId(');
    });

    it('enforces compound, sparse and partial unique indexes', async () => {
      const c = db.collection('idx_kinds');
      await c.createIndex({ org: 1, handle: 1 }, { unique: true });
      await c.createIndex({ badge: 1 }, { unique: true, sparse: true });
      await c.createIndex({ slug: 1 }, { unique: true, partialFilterExpression: { live: true } });
      await c.insertMany([
        { org: 'a', handle: 'h' },
        { org: 'b', handle: 'h' },
      ]);
      const compound = await serverError(c.insertOne({ org: 'a', handle: 'h' }));
      expect(compound.keyPattern).to.deep.equal({ org: 1, handle: 1 });
      expect(compound.keyValue).to.deep.equal({ org: 'a', handle: 'h' });
      await c.insertOne({ badge: 7, org: 'c' });
      await serverError(c.insertOne({ badge: 7, org: 'd' }));
      await c.insertMany([
        { slug: 's', live: false, org: 'e' },
        { slug: 's', live: false, org: 'f' },
        { slug: 's', live: true, org: 'g' },
      ]);
      await serverError(c.insertOne({ slug: 's', live: true, org: 'h' }));
    });

    it('refuses a unique index over duplicates, lists and drops indexes', async () => {
      const c = db.collection('idx_list');
      await c.insertMany([{ a: 1 }, { a: 1 }]);
      expect((await serverError(c.createIndex({ a: 1 }, { unique: true }))).code).to.equal(11000);
      await c.createIndex({ a: 1, b: -1 }, { name: 'ab' });
      await c.createIndex({ at: 1 }, { expireAfterSeconds: 3600 });
      const list = await c.listIndexes().toArray();
      expect(list.map((i) => i.name)).to.deep.equal(['_id_', 'ab', 'at_1']);
      expect(list[1].key).to.deep.equal({ a: 1, b: -1 });
      expect(list[2].expireAfterSeconds).to.equal(3600);
      await c.dropIndex('ab');
      expect((await c.listIndexes().toArray()).map((i) => i.name)).to.deep.equal(['_id_', 'at_1']);
      expect((await serverError(c.dropIndex('nope'))).code).to.equal(27);
      expect((await serverError(db.collection('no_such_coll').listIndexes().toArray())).code).to.equal(26);
    });

    it('reports index conflicts (85, 86) and accepts an identical index again', async () => {
      const c = db.collection('idx_conflict');
      await c.createIndex({ a: 1 }, { name: 'a_1' });
      await c.createIndex({ a: 1 }, { name: 'a_1' });
      expect((await serverError(c.createIndex({ b: 1 }, { name: 'a_1' }))).code).to.equal(86);
      expect((await serverError(c.createIndex({ a: 1 }, { name: 'other' }))).code).to.equal(85);
      expect([85, 86]).to.include((await serverError(c.createIndex({ a: 1 }, { name: 'a_1', unique: true }))).code);
    });

    // That these are index lookups, not scans, is asserted on Collection.candidates() in protocol.test.ts.
    it('finds by _id and by indexed fields in a 10k-document collection', async function () {
      this.timeout(60000);
      const c = db.collection('idx_speed');
      await c.createIndex({ email: 1 }, { unique: true });
      await c.createIndex({ group: 1 });
      const docs = Array.from({ length: 10000 }, (_, i) => ({
        _id: new ObjectId(),
        email: `u${i}@x.test`,
        group: `g${i % 500}`,
        i,
      }));
      await c.insertMany(docs);
      for (let i = 0; i < 300; i++) {
        const j = (i * 7919) % 10000;
        expect((await c.findOne({ email: `u${j}@x.test` }))?.i).to.equal(j);
        expect((await c.findOne({ _id: docs[j]._id }))?.i).to.equal(j);
        expect(await c.countDocuments({ group: `g${j % 500}` })).to.equal(20);
      }
    });
  });

  describe('write errors and ordered batches', () => {
    it('stops at the first error when ordered, continues when not', async () => {
      const c = db.collection('batch');
      await c.createIndex({ k: 1 }, { unique: true });
      const ordered = await c.insertMany([{ k: 1 }, { k: 1 }, { k: 2 }]).catch((e) => e);
      expect(ordered.code).to.equal(11000);
      expect(ordered.result.insertedCount).to.equal(1);
      expect(ordered.writeErrors.map((w: { index: number }) => w.index)).to.deep.equal([1]);
      await c.deleteMany({});
      const unordered = await c
        .insertMany([{ k: 1 }, { k: 1 }, { k: 2 }, { k: 2 }, { k: 3 }], { ordered: false })
        .catch((e) => e);
      expect(unordered.result.insertedCount).to.equal(3);
      expect(unordered.writeErrors.map((w: { index: number }) => w.index)).to.deep.equal([1, 3]);
      expect(unordered.writeErrors[0].errmsg).to.contain('dup key: { k: 1 }');
      const bulk = await c
        .bulkWrite(
          [{ updateOne: { filter: { k: 2 }, update: { $set: { k: 3 } } } }, { insertOne: { document: { k: 4 } } }],
          { ordered: true },
        )
        .catch((e) => e);
      expect(bulk.writeErrors[0].code).to.equal(11000);
      expect(await c.countDocuments({ k: 4 })).to.equal(0);
    });
  });

  describe('BSON types', () => {
    it('round-trips Long, Int32, Double, Decimal128, Binary, Date, ObjectId, nested arrays', async () => {
      const c = db.collection('types');
      const bytes = Buffer.from([0, 1, 2, 250, 255]);
      const doc = {
        int: new Int32(7),
        long: Long.fromString('9007199254740993'),
        smallLong: Long.fromNumber(5),
        double: new Double(5),
        frac: 2.5,
        dec: Decimal128.fromString('1234567890.123456789'),
        bin: new Binary(bytes),
        uuid: new Binary(Buffer.from('00112233445566778899aabbccddeeff', 'hex'), 4),
        date: new Date('2024-02-29T12:34:56.789Z'),
        oid: new ObjectId(),
        nested: [[1, [2, 3]], [{ a: [4] }], []],
        nul: null,
        bool: false,
        str: 'é✓',
      };
      const { insertedId } = await c.insertOne({ ...doc });
      const raw = await c.findOne({ _id: insertedId }, { promoteValues: false, promoteLongs: false });
      expect(raw!.int).to.be.instanceOf(Int32);
      expect(raw!.long).to.be.instanceOf(Long);
      expect(raw!.long.toString()).to.equal('9007199254740993');
      expect(raw!.smallLong).to.be.instanceOf(Long);
      expect(raw!.double).to.be.instanceOf(Double);
      expect(raw!.frac).to.be.instanceOf(Double);
      expect(raw!.dec.toString()).to.equal('1234567890.123456789');
      const plain = await c.findOne({ _id: insertedId });
      expect(Buffer.from(plain!.bin.buffer).equals(bytes)).to.equal(true);
      expect(plain!.uuid.sub_type).to.equal(4);
      expect(plain!.date.getTime()).to.equal(doc.date.getTime());
      expect(plain!.oid.equals(doc.oid)).to.equal(true);
      expect(plain!.nested).to.deep.equal(doc.nested);
      expect(plain!.str).to.equal('é✓');
      const big = await c.findOne({ _id: insertedId }, { useBigInt64: true });
      expect(big!.long).to.equal(9007199254740993n);
    });

    it('keeps number types through $inc and promotes int32 overflow to int64', async () => {
      const c = db.collection('types_inc');
      const { insertedId } = await c.insertOne({
        i: new Int32(2147483647),
        l: Long.fromNumber(1),
        d: new Double(1),
        small: new Int32(1),
      });
      await c.updateOne({ _id: insertedId }, { $inc: { i: 1, l: 1, d: 1, small: 1 } });
      const raw = await c.findOne({ _id: insertedId }, { promoteValues: false });
      expect(raw!.i).to.be.instanceOf(Long);
      expect(raw!.i.toString()).to.equal('2147483648');
      expect(raw!.l).to.be.instanceOf(Long);
      expect(raw!.d).to.be.instanceOf(Double);
      expect(raw!.small).to.be.instanceOf(Int32);
      expect(raw!.small.value).to.equal(2);
    });

    it('tells UUIDs apart in queries, groups and distinct', async () => {
      const c = db.collection('types_uuid');
      const a = new UUID('ffffffff-ffff-4fff-bfff-fffffffffff1');
      const b = new UUID('ffffffff-ffff-4fff-bfff-fffffffffff2');
      await c.insertMany([{ u: a }, { u: b }, { u: b }]);
      expect(await c.countDocuments({ u: a })).to.equal(1);
      expect(await c.countDocuments({ $or: [{ u: b }, { x: 1 }] })).to.equal(2);
      expect(
        (await c.aggregate([{ $group: { _id: '$u', n: { $sum: 1 } } }, { $sort: { n: 1 } }]).toArray()).map((g) => g.n),
      ).to.deep.equal([1, 2]);
      expect((await c.distinct('u')).length).to.equal(2);
    });

    it('compares ObjectIds, Dates and numbers of different types by value', async () => {
      const c = db.collection('types_cmp');
      const ids = [new ObjectId(), new ObjectId(), new ObjectId()];
      await c.insertMany(
        ids.map((_id, i) => ({ _id, at: new Date(2020, 0, i + 1), n: i === 1 ? Long.fromNumber(1) : i })),
      );
      expect((await c.findOne({ _id: new ObjectId(ids[1].toHexString()) }))?._id.equals(ids[1])).to.equal(true);
      expect(await c.countDocuments({ _id: { $in: [ids[0], ids[2]] } })).to.equal(2);
      expect(await c.countDocuments({ at: { $gte: new Date(2020, 0, 2) } })).to.equal(2);
      expect(await c.countDocuments({ n: 1 })).to.equal(1);
      expect(await c.countDocuments({ n: { $gt: new Double(0.5) } })).to.equal(2);
      expect((await c.find({}).sort({ _id: -1 }).toArray()).map((d) => d._id.toHexString())).to.deep.equal(
        ids.map((i) => i.toHexString()).reverse(),
      );
    });
  });

  describe('GridFS', () => {
    it('stores and reads back a 3 MB file byte for byte', async () => {
      const bucket = new GridFSBucket(db);
      const data = Buffer.alloc(3 * 1024 * 1024 + 123);
      for (let i = 0; i < data.length; i++) data[i] = (i * 31 + (i >> 8)) & 0xff;
      const id = await new Promise<ObjectId>((resolve, reject) => {
        const up = bucket.openUploadStream('photo.bin', { metadata: { owner: 'ada' } });
        up.on('error', reject).on('finish', () => resolve(up.id as ObjectId));
        up.end(data);
      });
      const chunks: Buffer[] = [];
      await new Promise<void>((resolve, reject) => {
        bucket
          .openDownloadStream(id)
          .on('data', (c: Buffer) => chunks.push(c))
          .on('error', reject)
          .on('end', () => resolve());
      });
      expect(Buffer.concat(chunks).equals(data)).to.equal(true);
      const [file] = await bucket.find({ filename: 'photo.bin' }).toArray();
      expect(file.length).to.equal(data.length);
      expect(file.metadata).to.deep.equal({ owner: 'ada' });
      const indexes = await db.collection('fs.chunks').listIndexes().toArray();
      expect(indexes.some((i) => i.unique && i.key.files_id === 1 && i.key.n === 1)).to.equal(true);
      await bucket.delete(id);
      expect(await db.collection('fs.chunks').countDocuments({ files_id: id })).to.equal(0);
    });
  });

  describe('mongoose', () => {
    let conn: mongoose.Connection;

    before(async () => {
      conn = await mongoose.createConnection(test.uri, { dbName: test.dbName }).asPromise();
    });

    after(async () => {
      await conn?.close();
    });

    it('surfaces E11000 from a unique schema index', async () => {
      const Person = conn.model(
        'Person',
        new mongoose.Schema(
          { email: { type: String, unique: true, required: true }, name: String },
          { timestamps: true },
        ),
        'mg_people',
      );
      await Person.init();
      await Person.create({ email: 'ada@x.test', name: 'Ada' });
      const err = await Person.create({ email: 'ada@x.test', name: 'Other' }).catch((e) => e);
      expect(err.code).to.equal(11000);
      expect(err.keyValue).to.deep.equal({ email: 'ada@x.test' });
      expect(err.keyPattern).to.deep.equal({ email: 1 });
      const found = await Person.findOne({ email: 'ada@x.test' }).lean();
      expect(found?.createdAt).to.be.instanceOf(Date);
    });

    it('updates subdocuments, populates, aggregates and syncs indexes', async () => {
      const Team = conn.model('Team', new mongoose.Schema({ name: String }), 'mg_teams');
      const Member = conn.model(
        'Member',
        new mongoose.Schema({
          name: { type: String, index: true },
          team: { type: mongoose.Schema.Types.ObjectId, ref: 'Team' },
          skills: [{ label: String, level: Number }],
          score: { type: Number, default: 0 },
        }),
        'mg_members',
      );
      await Member.init();
      const team = await Team.create({ name: 'Core' });
      const m = await Member.create({
        name: 'Lin',
        team: team._id,
        skills: [
          { label: 'ts', level: 1 },
          { label: 'go', level: 2 },
        ],
      });
      await Member.updateOne({ _id: m._id, 'skills.label': 'go' }, { $set: { 'skills.$.level': 5 } });
      await Member.updateOne({ _id: m._id }, { $inc: { score: 3 }, $push: { skills: { label: 'sql', level: 1 } } });
      const loaded = await Member.findById(m._id).populate('team');
      expect((loaded!.team as unknown as { name: string }).name).to.equal('Core');
      expect(loaded!.skills.map((s) => [s.label, s.level])).to.deep.equal([
        ['ts', 1],
        ['go', 5],
        ['sql', 1],
      ]);
      expect(loaded!.score).to.equal(3);
      const upserted = await Member.findOneAndUpdate(
        { name: 'New' },
        { $set: { score: 1 } },
        { upsert: true, returnDocument: 'after' },
      );
      expect(upserted?.name).to.equal('New');
      const grouped = await Member.aggregate([{ $group: { _id: null, total: { $sum: '$score' } } }]);
      expect(grouped[0].total).to.equal(4);
      expect(await Member.countDocuments({ score: { $gt: 0 } })).to.equal(2);
      await Member.syncIndexes();
      const names = (await Member.listIndexes()).map((i: { name: string }) => i.name);
      expect(names).to.include('name_1');
      const bulk = await Member.bulkWrite([
        { updateMany: { filter: {}, update: { $inc: { score: 1 } } } },
        { deleteOne: { filter: { name: 'New' } } },
      ]);
      expect(bulk.modifiedCount).to.equal(2);
      expect(bulk.deletedCount).to.equal(1);
    });

    it('reports insertMany write errors of an unordered batch', async () => {
      const Tag = conn.model('Tag', new mongoose.Schema({ slug: { type: String, unique: true } }), 'mg_tags');
      await Tag.init();
      const err = await Tag.insertMany([{ slug: 'a' }, { slug: 'a' }, { slug: 'b' }], { ordered: false }).catch(
        (e) => e,
      );
      expect(err.writeErrors?.length ?? err.result?.getWriteErrors?.().length).to.equal(1);
      expect(await Tag.countDocuments()).to.equal(2);
    });
  });
});
