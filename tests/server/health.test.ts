import { expect } from 'chai';
import { parseConfig } from '../../config/index.js';
import { createLogger } from '../../server/logger.js';
import { startServer } from '../../server/start.js';
import { startLocalDb } from '../../localdb/index.js';

describe('server: health when the store goes away', () => {
  it('answers 503 with db down while the store is unreachable, and keeps serving', async function () {
    this.timeout(60_000);
    const db = await startLocalDb();
    const config = parseConfig({
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      SEED_DEMO: 'false',
      MONGODB_URI: db.uri,
      MONGODB_DB: 'ids_health',
    });
    const server = await startServer(config, { log: createLogger('silent') });
    try {
      await server.ready;
      const up = await fetch(`${server.url}/healthz`);
      expect(up.status).to.equal(200);
      expect(await up.json()).to.deep.equal({ status: 'ok', db: 'up' });

      await db.close();
      // Answered, not held until the driver gives up on the store (a hang fails the test by its timeout).
      const down = await fetch(`${server.url}/healthz`);
      expect(down.status).to.equal(503);
      expect((await down.json()).db).to.equal('down');

      const config2 = await fetch(`${server.url}/api/config`);
      expect(config2.status).to.equal(200);

      // A request that needs the store gets a 503 that says to try again, not a 500.
      const me = await fetch(`${server.url}/api/me`);
      expect(me.status).to.equal(503);
      expect((await me.json()).error.code).to.equal('store_unavailable');
    } finally {
      await server.stop().catch(() => undefined);
    }
  });
});
