// Durability of localdb's data folder: acknowledged writes survive kill -9, a torn or corrupt
// journal tail is dropped, compaction keeps everything, and the folder lock behaves.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { LocalDbLockedError, openLocalDb, startLocalDb } from '../../localdb/index.js';
import {
  expectItems,
  holdWithoutServing,
  kill9,
  lastJournal,
  readItems,
  startWriter,
  useTempDirs,
} from './fixtures/writer-process.js';

describe('localdb durability', function () {
  this.timeout(60000);
  const tmp = useTempDirs('localdb-test-');

  it('keeps every acknowledged write when the process is killed with SIGKILL mid-stream (with compactions)', async () => {
    const dir = tmp();
    const w = startWriter(dir, [], { LOCALDB_COMPACT_BYTES: '60000' });
    await w.until((l) => l === 'acked 250');
    await kill9(w);
    const acked = [...w.acked];
    expect(acked.length).to.be.at.least(250);
    expect(existsSync(path.join(dir, 'snapshot.db')), 'the writer compacted at least once').to.equal(true);
    const warnings: string[] = [];
    const db = await startLocalDb({ dataDir: dir, log: (level, msg) => level !== 'info' && warnings.push(msg) });
    try {
      expectItems(await readItems(db), acked);
      expect(warnings.some((m) => m.includes('dead process'))).to.equal(true);
    } finally {
      await db.close();
    }
    expect(existsSync(path.join(dir, 'snapshot.db'))).to.equal(true);
    expect(existsSync(path.join(dir, 'localdb.lock'))).to.equal(false);
  });

  describe('a journal with a damaged tail', () => {
    let base: string;

    before(async () => {
      base = tmp();
      const w = startWriter(base, ['41', '1']);
      await w.until((l) => l === 'done');
      await kill9(w);
    });

    it('replays up to the last whole record when the tail is cut mid-record', async () => {
      const dir = tmp();
      cpSync(base, dir, { recursive: true });
      const journal = lastJournal(dir);
      truncateSync(journal, statSync(journal).size - 5);
      const warnings: Record<string, unknown>[] = [];
      const db = await startLocalDb({
        dataDir: dir,
        log: (level, msg, extra) => level === 'warn' && msg.includes('journal') && warnings.push(extra ?? {}),
      });
      try {
        const items = await readItems(db);
        expectItems(
          items,
          Array.from({ length: 40 }, (_, i) => i),
        );
        expect(items.has(40)).to.equal(false);
        expect(warnings.length).to.equal(1);
        expect(warnings[0].droppedBytes).to.be.above(0);
      } finally {
        await db.close();
      }
      const again = await startLocalDb({ dataDir: dir });
      try {
        expect((await readItems(again)).size).to.equal(40);
      } finally {
        await again.close();
      }
    });

    it('drops a tail record whose checksum does not match', async () => {
      const dir = tmp();
      cpSync(base, dir, { recursive: true });
      const journal = lastJournal(dir);
      const bytes = readFileSync(journal);
      bytes[bytes.length - 20] ^= 0xff;
      writeFileSync(journal, bytes);
      const warnings: string[] = [];
      const db = await startLocalDb({
        dataDir: dir,
        log: (level, _msg, extra) => level === 'warn' && warnings.push(String(extra?.problem)),
      });
      try {
        const items = await readItems(db);
        expectItems(
          items,
          Array.from({ length: 40 }, (_, i) => i),
        );
        expect(items.has(40)).to.equal(false);
        expect(warnings.join()).to.contain('checksum');
      } finally {
        await db.close();
      }
    });

    it('loses nothing when the journal is intact', async () => {
      const dir = tmp();
      cpSync(base, dir, { recursive: true });
      const db = await startLocalDb({ dataDir: dir, log: () => undefined });
      try {
        expectItems(
          await readItems(db),
          Array.from({ length: 41 }, (_, i) => i),
        );
      } finally {
        await db.close();
      }
    });
  });

  it('keeps data, indexes and deletions across compactions and restarts', async () => {
    const dir = tmp();
    const first = await startLocalDb({ dataDir: dir, compactAfterBytes: 32 * 1024 });
    const client = new MongoClient(first.uri);
    try {
      await client.connect();
      const c = client.db('app').collection('things');
      await c.createIndex({ key: 1 }, { unique: true });
      for (let batch = 0; batch < 10; batch++) {
        await c.insertMany(Array.from({ length: 200 }, (_, i) => ({ key: batch * 200 + i, body: 'y'.repeat(100) })));
      }
      await c.updateMany({ key: { $lt: 100 } }, { $set: { touched: true } });
      await c.deleteMany({ key: { $gte: 1900 } });
      await client.db('app').collection('gone').insertOne({ a: 1 });
      await client.db('app').collection('gone').drop();
    } finally {
      await client.close();
      await first.close();
    }
    const journals = readdirSync(dir).filter((f) => f.startsWith('journal-'));
    expect(journals.length).to.be.at.most(1);
    const second = await startLocalDb({ dataDir: dir });
    const client2 = new MongoClient(second.uri);
    try {
      await client2.connect();
      const c = client2.db('app').collection('things');
      expect(await c.countDocuments()).to.equal(1900);
      expect(await c.countDocuments({ touched: true })).to.equal(100);
      expect((await client2.db('app').listCollections().toArray()).map((x) => x.name)).to.deep.equal(['things']);
      const err = await c.insertOne({ key: 5 }).catch((e) => e);
      expect(err.code).to.equal(11000);
    } finally {
      await client2.close();
      await second.close();
    }
  });

  describe('the data folder lock', () => {
    it('takes over the lock of a dead process', async () => {
      const dir = tmp();
      const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
      writeFileSync(
        path.join(dir, 'localdb.lock'),
        JSON.stringify({ pid: dead, hostname: os.hostname(), host: '127.0.0.1', port: 1, startedAt: 'x' }),
      );
      const db = await startLocalDb({ dataDir: dir, log: () => undefined });
      try {
        expect(JSON.parse(readFileSync(path.join(dir, 'localdb.lock'), 'utf8')).pid).to.equal(process.pid);
      } finally {
        await db.close();
      }
    });

    it('attaches a second openLocalDb to the live server (owned: false) and refuses a second start', async () => {
      const dir = tmp();
      const first = await startLocalDb({ dataDir: dir });
      try {
        const second = await openLocalDb({ dataDir: dir });
        expect(second.owned).to.equal(false);
        expect(second.port).to.not.equal(first.port); // its own forwarding port (follow.ts)
        const client = new MongoClient(second.uri);
        await client.connect();
        await client.db('x').collection('y').insertOne({ via: 'second' });
        await client.close();
        await second.close();
        const check = new MongoClient(first.uri);
        await check.connect();
        expect(await check.db('x').collection('y').countDocuments({ via: 'second' })).to.equal(1);
        await check.close();
        const err = await startLocalDb({ dataDir: dir }).catch((e) => e);
        expect(err).to.be.instanceOf(LocalDbLockedError);
      } finally {
        await first.close();
      }
    });

    it('a follower reaches the store at its new address when the owner restarts, and takes it over when nobody serves it', async () => {
      const dir = tmp();
      const logs: string[] = [];
      let owner = await startLocalDb({ dataDir: dir });
      const follower = await openLocalDb({ dataDir: dir, log: (_level, msg) => logs.push(msg) });
      const client = new MongoClient(follower.uri, { serverSelectionTimeoutMS: 5_000 });
      try {
        await client.connect();
        const things = client.db('x').collection<{ _id: number }>('things');
        // A write in flight when a connection breaks fails once (a standalone server has no
        // retryable writes); an idempotent upsert is simply asked again.
        const put = async (id: number) => {
          const deadline = Date.now() + 5_000;
          for (;;) {
            try {
              return await things.updateOne({ _id: id }, { $set: { id } }, { upsert: true });
            } catch (e) {
              if (Date.now() > deadline) throw e;
            }
          }
        };
        await put(1);
        const oldPort = owner.port;
        await owner.close();
        owner = await startLocalDb({ dataDir: dir });
        expect(owner.port).to.not.equal(oldPort);
        await put(2);
        expect(await things.countDocuments()).to.equal(2);
        expect(JSON.parse(readFileSync(path.join(dir, 'localdb.lock'), 'utf8')).port).to.equal(owner.port);

        await owner.close();
        await put(3);
        expect(await things.countDocuments()).to.equal(3);
        expect(logs.some((m) => m.includes('this process serves it now'))).to.equal(true);
      } finally {
        await client.close();
        await follower.close();
        await owner.close();
      }
      // The follower's close() stopped the server it took over: lock released, data durable.
      expect(existsSync(path.join(dir, 'localdb.lock'))).to.equal(false);
      const check = await startLocalDb({ dataDir: dir });
      try {
        const c = new MongoClient(check.uri);
        await c.connect();
        expect(await c.db('x').collection('things').countDocuments()).to.equal(3);
        await c.close();
      } finally {
        await check.close();
      }
    });

    it('refuses a folder held by a live process that does not answer', async () => {
      const dir = tmp();
      holdWithoutServing(dir);
      const err = await openLocalDb({ dataDir: dir }).catch((e) => e);
      expect(err).to.be.instanceOf(LocalDbLockedError);
      expect(err.message).to.contain(`process ${process.pid}`);
      expect(err.message).to.contain('DATA_DIR');
    });
  });
});
