// localdb on a thread of its own (localdb/thread.ts), as the server starts it: the same store as
// openLocalDb over the same wire, its errors of the same classes, its log lines on this thread.
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { MongoClient } from 'mongodb';
import { LocalDbLockedError, startLocalDb } from '../../localdb/index.js';
import { openLocalDbThread } from '../../localdb/thread.js';
import { holdWithoutServing, useTempDirs } from './fixtures/writer-process.js';

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });

describe('localdb on a thread of its own', function () {
  this.timeout(30000);
  const tmp = useTempDirs('localdb-thread-');

  it('serves a data folder over the wire, keeps what was written across a restart, and stops listening when closed', async () => {
    const dir = tmp();
    const logs: { level: string; msg: string; thread: number }[] = [];
    const db = await openLocalDbThread({
      dataDir: dir,
      log: (level, msg) => logs.push({ level, msg, thread: threadId }),
    });
    expect(db.owned).to.equal(true);
    expect(db.dataDir).to.equal(path.resolve(dir));
    const client = new MongoClient(db.uri);
    try {
      await client.connect();
      const things = client.db('t').collection('things');
      await things.insertMany([{ n: 1 }, { n: 2 }, { n: 3 }]);
      await things.createIndex({ n: -1 });
      expect(
        (
          await things
            .find({ n: { $gte: 2 } })
            .sort({ n: -1 })
            .toArray()
        ).map((d) => d.n),
      ).to.deep.equal([3, 2]);
    } finally {
      await client.close();
      await db.close();
    }
    // The thread's log lines arrived here, on this thread.
    expect(logs.some((l) => l.msg === 'localdb: listening' && l.thread === threadId)).to.equal(true);
    expect(await refused(db.port)).to.equal(true);
    expect(existsSync(path.join(dir, 'localdb.lock')), 'the folder is released').to.equal(false);
    // close() twice is one close.
    await db.close();

    const again = await openLocalDbThread({ dataDir: dir, log: () => undefined });
    const check = new MongoClient(again.uri);
    try {
      await check.connect();
      expect(await check.db('t').collection('things').countDocuments()).to.equal(3);
    } finally {
      await check.close();
      await again.close();
    }
  });

  it('follows a folder another server already serves (owned: false)', async () => {
    const dir = tmp();
    const holder = await startLocalDb({ dataDir: dir, log: () => undefined });
    const follower = await openLocalDbThread({ dataDir: dir, log: () => undefined });
    const client = new MongoClient(follower.uri);
    try {
      expect(follower.owned).to.equal(false);
      await client.connect();
      await client.db('t').collection('x').insertOne({ via: 'follower' });
    } finally {
      await client.close();
      await follower.close();
    }
    const direct = new MongoClient(holder.uri);
    try {
      await direct.connect();
      expect(
        await direct
          .db('t')
          .collection('x')
          .findOne({}, { projection: { _id: 0 } }),
      ).to.deep.equal({ via: 'follower' });
    } finally {
      await direct.close();
      await holder.close();
    }
  });

  it('rejects with the error openLocalDb throws, of its class and with its fields', async () => {
    const dir = tmp();
    holdWithoutServing(dir);
    const err = await openLocalDbThread({ dataDir: dir, log: () => undefined }).catch((e) => e);
    expect(err).to.be.instanceOf(LocalDbLockedError);
    expect(err.name).to.equal('LocalDbLockedError');
    expect(err.pid).to.equal(process.pid);
    expect(err.dataDir).to.equal(path.resolve(dir));
    expect(err.message).to.contain('DATA_DIR');
  });
});
