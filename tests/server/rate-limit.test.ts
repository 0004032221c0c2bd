import { expect } from 'chai';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { rateLimit } from '../../server/rate-limit.js';
import { errorHandler } from '../../server/errors.js';
import { createLogger } from '../../server/logger.js';

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
      for (let i = 0; i < 5; i++) statuses.push((await fetch(url, { headers: { 'x-forwarded-for': '10.0.0.1' } })).status);
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
