// localdb-specific behaviour: the wire protocol edges, what it refuses, TTL, and that equality
// lookups use indexes instead of scans. Always runs against an in-memory localdb.
import { expect } from 'chai';
import { BSON, MongoClient, MongoServerError, type Db } from 'mongodb';
import net from 'node:net';
import { Collection } from '../../localdb/collection.js';
import { normalizeSpec } from '../../localdb/indexes.js';
import { startLocalDb, type LocalDb } from '../../localdb/index.js';
import { Matcher } from '../../localdb/matcher.js';
import { newStats, selectSync } from '../../localdb/select.js';

function rawExchange(
  port: number,
  message: Buffer,
  timeoutMs = 2000,
): Promise<{ reply: Buffer | null; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let data = Buffer.alloc(0);
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ reply: data.length ? data : null, closed });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('connect', () => socket.write(message));
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (data.length >= 4 && data.length >= data.readInt32LE(0)) finish(false);
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
  });
}

function header(length: number, requestId: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(opCode, 12);
  return h;
}

function opQuery(collection: string, query: object): Buffer {
  const body = Buffer.concat([
    Buffer.alloc(4),
    Buffer.from(`${collection}\0`),
    Buffer.from([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]),
    BSON.serialize(query),
  ]);
  return Buffer.concat([header(16 + body.length, 7, 2004), body]);
}

function opMsg(doc: object, flags = 0, checksum = false): Buffer {
  const bson = BSON.serialize(doc);
  const flagBuf = Buffer.alloc(4);
  flagBuf.writeUInt32LE(flags | (checksum ? 1 : 0));
  const body = Buffer.concat([flagBuf, Buffer.from([0]), bson, checksum ? Buffer.alloc(4) : Buffer.alloc(0)]);
  return Buffer.concat([header(16 + body.length, 9, 2013), body]);
}

describe('localdb protocol and limits', () => {
  let server: LocalDb;
  let client: MongoClient;
  let db: Db;

  before(async () => {
    server = await startLocalDb({ ttlIntervalMs: 50, log: () => undefined });
    client = new MongoClient(server.uri);
    await client.connect();
    db = client.db('proto');
  });

  after(async () => {
    await client?.close();
    await server?.close();
  });

  it('answers a legacy OP_QUERY isMaster with OP_REPLY', async () => {
    const { reply } = await rawExchange(server.port, opQuery('admin.$cmd', { isMaster: 1, helloOk: true }));
    expect(reply!.readInt32LE(12)).to.equal(1);
    expect(reply!.readInt32LE(8)).to.equal(7);
    const doc = BSON.deserialize(reply!.subarray(36));
    expect(doc).to.include({ ismaster: true, isWritablePrimary: true, helloOk: true, maxWireVersion: 21, ok: 1 });
    expect(doc.topologyVersion).to.equal(undefined);
  });

  it('accepts OP_MSG with a checksum and leaves moreToCome messages unanswered', async () => {
    const { reply } = await rawExchange(server.port, opMsg({ ping: 1, $db: 'admin' }, 0, true));
    expect(BSON.deserialize(reply!.subarray(21)).ok).to.equal(1);
    const silent = await rawExchange(server.port, opMsg({ insert: 'w0', documents: [{ a: 1 }], $db: 'proto' }, 2), 300);
    expect(silent.reply).to.equal(null);
    expect(await db.collection('w0').countDocuments()).to.equal(1);
    await db.collection('w0').insertOne({ a: 2 }, { writeConcern: { w: 0 } });
    await new Promise((r) => setTimeout(r, 50));
    expect(await db.collection('w0').countDocuments()).to.equal(2);
  });

  it('closes only the connection that sends a malformed message', async () => {
    const garbage = Buffer.concat([header(26, 1, 2013), Buffer.from([0, 0, 0, 0, 0, 9, 0, 0, 0, 1])]);
    expect((await rawExchange(server.port, garbage)).closed).to.equal(true);
    const badOpcode = Buffer.concat([header(20, 1, 4242), Buffer.alloc(4)]);
    expect((await rawExchange(server.port, badOpcode)).closed).to.equal(true);
    const hugeLength = header(0x7fffffff, 1, 2013);
    expect((await rawExchange(server.port, hugeLength)).closed).to.equal(true);
    expect((await db.command({ ping: 1 })).ok).to.equal(1);
  });

  it('refuses what it does not implement with MongoDB-shaped errors', async () => {
    const c = db.collection('refusals');
    await c.insertOne({ a: 1 });
    const refused = async (p: Promise<unknown>) => {
      const e = await p.catch((x) => x);
      expect(e).to.be.instanceOf(MongoServerError);
      return e as MongoServerError;
    };
    expect((await refused(c.find({ $text: { $search: 'x' } }).toArray())).message).to.contain('$text');
    expect((await refused(c.find({ $where: 'true' }).toArray())).message).to.contain('$where');
    expect((await refused(c.find({ a: 1 }, { collation: { locale: 'fr' } }).toArray())).message).to.contain(
      'collation',
    );
    expect((await refused(c.aggregate([{ $out: 'elsewhere' }]).toArray())).message).to.contain('$out');
    expect((await refused(c.aggregate([{ $facet: { x: [{ $merge: 'elsewhere' }] } }]).toArray())).message).to.contain(
      '$merge',
    );
    expect((await refused(c.find({}, { projection: { 'a.$': 1 } }).toArray())).message).to.contain('positional');
    expect((await refused(c.updateOne({}, { $frob: { a: 1 } } as object))).code).to.equal(9);
    expect((await refused(db.command({ getMore: BSON.Long.fromNumber(12345), collection: 'refusals' }))).code).to.equal(
      43,
    );
    expect((await refused(db.command({ find: 'refusals', filter: { a: { $near: [0, 0] } } }))).code).to.equal(2);
    expect((await db.command({ ping: 1 })).ok).to.equal(1);
  });

  it('answers the legacy getLastError', async () => {
    expect(await db.command({ getLastError: 1 })).to.include({ ok: 1, err: null });
  });

  it('refuses transactions (not a replica set)', async () => {
    const session = client.startSession();
    try {
      const err = await session
        .withTransaction(async () => {
          await db.collection('tx').insertOne({ a: 1 }, { session });
        })
        .catch((e) => e);
      expect(err).to.be.instanceOf(Error);
    } finally {
      await session.endSession();
    }
  });

  it('expires documents of a TTL index', async () => {
    const c = db.collection('ttl');
    await c.createIndex({ at: 1 }, { expireAfterSeconds: 1 });
    await c.insertMany([{ at: new Date(Date.now() - 60_000) }, { at: new Date(Date.now() + 60_000) }, { other: true }]);
    const deadline = Date.now() + 3000;
    while ((await c.countDocuments()) !== 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await c.countDocuments()).to.equal(2);
  });

  it('answers equality lookups from indexes, not scans', () => {
    const coll = new Collection('x', 'y');
    coll.addIndex(normalizeSpec({ key: { email: 1 }, unique: true }));
    coll.addIndex(normalizeSpec({ key: { team: 1, at: -1 } }));
    coll.addIndex(normalizeSpec({ key: { 'tags.label': 1 } }));
    for (let i = 0; i < 10000; i++)
      coll.insert({ _id: i, email: `u${i}@x`, team: `t${i % 100}`, tags: [{ label: `l${i % 10}` }, { label: 'all' }] });
    const examined = (filter: Record<string, unknown>) => {
      const stats = newStats();
      const docs = selectSync(coll, new Matcher(filter), Infinity, [], stats);
      return { ids: docs.map((d) => d._id), examined: stats.docsExamined };
    };
    expect(examined({ _id: 42 })).to.deep.equal({ ids: [42], examined: 1 });
    expect(examined({ _id: { $in: [1, 2, 99999] } }).examined).to.equal(2);
    expect(examined({ email: 'u7@x' })).to.deep.equal({ ids: [7], examined: 1 });
    expect(examined({ team: 't3' }).examined).to.equal(100);
    expect(examined({ team: 't3', at: { $gt: 1 } }).examined).to.equal(0); // no document has `at`
    expect(examined({ $and: [{ email: 'u8@x' }, { team: 't8' }] }).examined).to.equal(1);
    expect(examined({ 'tags.label': 'l4' }).examined).to.equal(1000);
    expect(examined({ team: { $regex: 't' } }).examined).to.equal(10000);
    coll.replace(coll.getById(7)!, { _id: 7, email: 'changed@x', team: 't3' });
    expect(examined({ email: 'u7@x' }).examined).to.equal(0);
    expect(examined({ email: 'changed@x' })).to.deep.equal({ ids: [7], examined: 1 });
    coll.remove(coll.getById(7)!);
    expect(examined({ email: 'changed@x' }).examined).to.equal(0);
  });
});
