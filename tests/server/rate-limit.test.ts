import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import mongoose, { type Connection } from 'mongoose';
import { errorHandler } from '../../server/errors.js';
import { createLogger } from '../../server/logger.js';
import {
  createLimiter,
  createRateLimitIndexes,
  FLUSH_MS,
  type Limiter,
  RATE_LIMIT_COLLECTION,
  rateLimit,
} from '../../server/rate-limit.js';
import { type TestDb, testMongoUri } from '../support/db.js';
import { aPerson } from '../support/factories.js';
import { startTestServer } from '../support/server.js';

/** An Ids-like instance: its own express app and limiter, as a second process would have. */
async function instance(limiter: Limiter): Promise<{ url: string; close(): void }> {
  const app = express();
  app.set('trust proxy', true);
  app.use(rateLimit(limiter, (req) => req.ip ?? 'unknown'));
  app.get('/x', (_req, res) => res.json({ ok: true }));
  app.use(errorHandler(createLogger('silent')));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`, close: () => server.close() };
}

const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });

describe('server: rate limit', () => {
  it('answers 429 JSON with Retry-After past the limit, per client', async () => {
    const one = await instance(createLimiter({ name: 'unit', perMinute: 3 }));
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetch(one.url, from('10.0.0.1'))).status);
      expect(statuses).to.deep.equal([200, 200, 200, 429, 429]);
      const limited = await fetch(one.url, from('10.0.0.1'));
      expect(Number(limited.headers.get('retry-after'))).to.be.within(1, 60);
      expect(limited.headers.get('content-type')).to.match(/application\/json/);
      const body = await limited.json();
      expect(body.error.code).to.equal('rate_limited');
      expect(body.error.details.retryAfterSeconds).to.equal(Number(limited.headers.get('retry-after')));
      expect((await fetch(one.url, from('10.0.0.2'))).status).to.equal(200);
    } finally {
      one.close();
    }
  });

  describe('in the shared store (MongoDB, or localdb)', () => {
    let db: TestDb;
    let first: Connection;
    let second: Connection;
    before(async () => {
      db = await testMongoUri();
      // Two connections, as two Ids instances behind a load balancer would have.
      first = await mongoose.createConnection(db.uri, { dbName: db.dbName }).asPromise();
      second = await mongoose.createConnection(db.uri, { dbName: db.dbName }).asPromise();
      await createRateLimitIndexes(first);
    });
    after(async () => {
      await first?.close();
      await second?.close();
      await db?.stop();
    });

    it('holds across several instances: the limit is shared, not multiplied', async () => {
      const a = await instance(createLimiter({ name: 'shared', perMinute: 4, connection: first }));
      const b = await instance(createLimiter({ name: 'shared', perMinute: 4, connection: second }));
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 8; i++) statuses.push((await fetch(i % 2 ? b.url : a.url, from('10.0.0.7'))).status);
        expect(statuses).to.deep.equal([200, 200, 200, 200, 429, 429, 429, 429]);
        const limited = await fetch(a.url, from('10.0.0.7'));
        expect(limited.status).to.equal(429);
        expect(Number(limited.headers.get('retry-after'))).to.be.within(1, 60);
        expect((await limited.json()).error.code).to.equal('rate_limited');
        // Another client still gets through on either instance.
        expect((await fetch(b.url, from('10.0.0.8'))).status).to.equal(200);
      } finally {
        a.close();
        b.close();
      }
    });

    it('counts concurrent requests exactly once each', async () => {
      const a = createLimiter({ name: 'burst', perMinute: 10, connection: first });
      const b = createLimiter({ name: 'burst', perMinute: 10, connection: second });
      const verdicts = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).take('one client')));
      expect(verdicts.filter((v) => v.allowed)).to.have.length(10);
    });

    it('far from the limit, counts in memory and writes the tally within a second, still counting each request once', async () => {
      const a = createLimiter({ name: 'tally', perMinute: 800, connection: first });
      const b = createLimiter({ name: 'tally', perMinute: 800, connection: second });
      const stored = async () =>
        (await first.collection(RATE_LIMIT_COLLECTION).findOne({ key: /^tally:/ }))?.points as number | undefined;
      for (let i = 0; i < 60; i++) expect((await (i % 2 ? b : a).take('busy client')).allowed).to.equal(true);
      // The first request on each instance was counted in the store; the rest wait for the flush.
      expect(await stored()).to.be.below(10);
      await new Promise((r) => setTimeout(r, FLUSH_MS + 300));
      expect(await stored()).to.equal(60);
      // Written once: flushing again adds nothing.
      await Promise.all([a.flush(), b.flush()]);
      expect(await stored()).to.equal(60);
    });

    it('near the limit, counts every request in the store: two instances together let exactly the limit through', async () => {
      const a = createLimiter({ name: 'near', perMinute: 80, connection: first });
      const b = createLimiter({ name: 'near', perMinute: 80, connection: second });
      const verdicts = [];
      for (let i = 0; i < 100; i++) verdicts.push(await (i % 2 ? b : a).take('one client'));
      const allowed = verdicts.filter((v) => v.allowed).length;
      expect(allowed).to.equal(80);
      // Refused from the first refusal on, on both instances.
      expect(verdicts.slice(80).every((v) => !v.allowed)).to.equal(true);
      const remaining = verdicts.slice(0, 80).map((v) => (v.allowed ? v.remaining : -1));
      expect(remaining.at(-1)).to.equal(0);
    });

    it('keeps no client address or id in the store, and lets each window expire', async () => {
      const limiter = createLimiter({ name: 'privacy', perMinute: 1, connection: first });
      await limiter.take('10.1.2.3');
      const docs = await first.collection(RATE_LIMIT_COLLECTION).find({}).toArray();
      expect(JSON.stringify(docs)).not.to.include('10.1.2.3');
      const indexes = await first.collection(RATE_LIMIT_COLLECTION).indexes();
      expect(indexes.find((i) => i.expireAfterSeconds === 0)?.key).to.deep.equal({ expire: -1 });
      expect(indexes.find((i) => i.unique)?.key).to.deep.equal({ key: 1 });

      // A window that has passed but that the TTL monitor has not removed yet starts afresh.
      const over = await limiter.take('10.1.2.3');
      expect(over.allowed).to.equal(false);
      await first
        .collection(RATE_LIMIT_COLLECTION)
        .updateMany({ key: /^privacy:/ }, { $set: { expire: new Date(Date.now() - 1000) } });
      const fresh = createLimiter({ name: 'privacy', perMinute: 1, connection: second });
      expect((await fresh.take('10.1.2.3')).allowed).to.equal(true);
      expect((await fresh.take('10.1.2.3')).allowed).to.equal(false);
    });
  });
});

describe('server: rate limits in the app', () => {
  it('counts per person once authenticated, so made-up credentials buy no extra requests', async function () {
    this.timeout(60_000);
    const server = await startTestServer({ SEED_DEMO: 'false', RATE_LIMIT_PER_MINUTE: '5' });
    try {
      const asker = await aPerson();
      const someoneElse = await aPerson();
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        statuses.push(
          (
            await fetch(`${server.url}/api/people/search?q=jelte`, {
              headers: { 'x-ids-dev-user': asker.email, authorization: `Bearer made-up-${i}` },
            })
          ).status,
        );
      }
      expect(statuses.slice(0, 5)).to.deep.equal([200, 200, 200, 200, 200]);
      expect(statuses.slice(5)).to.deep.equal([429, 429, 429]);
      // Someone else still gets through.
      const other = await fetch(`${server.url}/api/me`, {
        headers: { 'x-ids-dev-user': someoneElse.email },
      });
      expect(other.status).to.equal(200);
      // The counts are in the store the server runs on.
      expect(await mongoose.connection.collection(RATE_LIMIT_COLLECTION).countDocuments()).to.be.greaterThan(0);
    } finally {
      await server.stop();
    }
  });
});
