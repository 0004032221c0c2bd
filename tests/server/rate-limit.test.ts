import { expect } from 'chai';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { rateLimit } from '../../server/rate-limit.js';
import { errorHandler } from '../../server/errors.js';
import { createLogger } from '../../server/logger.js';
import { startTestServer } from '../support/server.js';

describe('server: rate limit', () => {
  it('answers 429 JSON with Retry-After past the limit, per client', async () => {
    const app = express();
    app.set('trust proxy', true);
    app.use(rateLimit({ perMinute: 3 }));
    app.get('/x', (_req, res) => res.json({ ok: true }));
    app.use(errorHandler(createLogger('silent')));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await fetch(url, { headers: { 'x-forwarded-for': '10.0.0.1' } })).status);
      expect(statuses).to.deep.equal([200, 200, 200, 429, 429]);
      const limited = await fetch(url, { headers: { 'x-forwarded-for': '10.0.0.1' } });
      expect(Number(limited.headers.get('retry-after'))).to.be.within(1, 60);
      expect((await limited.json()).error.code).to.equal('rate_limited');
      expect((await fetch(url, { headers: { 'x-forwarded-for': '10.0.0.2' } })).status).to.equal(200);
    } finally {
      server.close();
    }
  });
});

describe('server: rate limits in the app', () => {
  it('counts per person once authenticated, so made-up credentials buy no extra requests', async function () {
    this.timeout(60_000);
    const server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '5' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        statuses.push(
          (
            await fetch(`${server.url}/api/people/search?q=jelte`, {
              headers: { 'x-ids-dev-user': `femke.dijkstra@gemeente-ids.nl`, authorization: `Bearer made-up-${i}` },
            })
          ).status,
        );
      }
      expect(statuses.slice(0, 5)).to.deep.equal([200, 200, 200, 200, 200]);
      expect(statuses.slice(5)).to.deep.equal([429, 429, 429]);
      // Someone else still gets through.
      const other = await fetch(`${server.url}/api/me`, {
        headers: { 'x-ids-dev-user': 'jelte.deboer@gemeente-ids.nl' },
      });
      expect(other.status).to.equal(200);
    } finally {
      await server.stop();
    }
  });
});
