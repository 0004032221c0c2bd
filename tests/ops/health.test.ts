// /livez and /healthz as a load balancer and a process manager read them: liveness is "the
// process answers", readiness says what it still waits for, and that it is stopping.
import { expect } from 'chai';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { parseConfig } from '../../config/index.js';
import { createApp } from '../../server/app.js';
import { createLogger } from '../../server/logger.js';
import { createRateLimits } from '../../server/rate-limit.js';

describe('ops: /livez and /healthz', () => {
  const state = { ready: false, db: true, waiting: ['demo data', 'directory index'], stopping: false };
  let server: Server;
  let url: string;

  before(async () => {
    const app = createApp({
      config: parseConfig({ NODE_ENV: 'test' }),
      log: createLogger('silent'),
      readiness: {
        ready: () => state.ready,
        ping: async () => state.db,
        waiting: () => state.waiting,
        stopping: () => state.stopping,
      },
      botHandler: (_req, res) => res.status(200).end(),
      rateLimits: await createRateLimits({ perMinute: 1000 }),
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const get = async (path: string) => {
    const res = await fetch(`${url}${path}`);
    return { status: res.status, body: await res.json(), cache: res.headers.get('cache-control') };
  };

  it('says what start-up still waits for, then ok', async () => {
    expect(await get('/healthz')).to.deep.equal({
      status: 503,
      body: { status: 'starting', db: 'up', waiting: ['demo data', 'directory index'] },
      cache: 'no-store',
    });
    state.waiting = ['directory index'];
    expect((await get('/healthz')).body.waiting).to.deep.equal(['directory index']);
    state.ready = true;
    state.waiting = [];
    expect(await get('/healthz')).to.deep.equal({ status: 200, body: { status: 'ok', db: 'up' }, cache: 'no-store' });
  });

  it('names the store when it cannot be reached, while /livez still answers', async () => {
    state.db = false;
    expect(await get('/healthz')).to.deep.include({
      status: 503,
      body: { status: 'starting', db: 'down', waiting: ['store'] },
    });
    expect(await get('/livez')).to.deep.include({ status: 200, body: { status: 'ok' } });
    state.db = true;
  });

  it('says it is stopping, so a load balancer takes it out, and closes connections as it answers', async () => {
    state.stopping = true;
    expect((await get('/healthz')).body).to.deep.equal({ status: 'stopping', db: 'up' });
    const res = await fetch(`${url}/livez`);
    expect(res.headers.get('connection')).to.equal('close');
    state.stopping = false;
  });
});
