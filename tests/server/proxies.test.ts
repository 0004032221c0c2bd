import { expect } from 'chai';
import { type EntraStandIn, startEntraStandIn } from '../support/entra.js';
import { productionEnv, startTestServer, type TestServer } from '../support/server.js';

const APP_ID = '44444444-5555-4666-8777-888888888888';

/** A production server whose per-address allowance is 20 requests a minute. */
async function productionServer(entra: EntraStandIn, env: Record<string, string> = {}): Promise<TestServer> {
  return startTestServer({ ...productionEnv(entra, APP_ID), RATE_LIMIT_PER_MINUTE: '2', ...env });
}

async function statuses(server: TestServer, forwardedFor: (i: number) => string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    out.push((await fetch(`${server.url}/api/config`, { headers: { 'x-forwarded-for': forwardedFor(i) } })).status);
  }
  return out;
}

describe('server: forwarded addresses', () => {
  let entra: EntraStandIn;
  before(async () => {
    entra = await startEntraStandIn();
  });
  after(async () => entra?.stop());

  it('believes X-Forwarded-For from nobody by default: a rotating header escapes no limit', async function () {
    this.timeout(60_000);
    const server = await productionServer(entra);
    try {
      const answers = await statuses(server, (i) => `203.0.113.${i + 1}`, 22);
      expect(answers.slice(0, 20)).to.deep.equal(Array(20).fill(200));
      expect(answers.slice(20)).to.deep.equal([429, 429]);
    } finally {
      await server.stop();
    }
  });

  it('believes it from the proxies in TRUSTED_PROXIES, counting each client behind them', async function () {
    this.timeout(60_000);
    const server = await productionServer(entra, { TRUSTED_PROXIES: '127.0.0.0/8' });
    try {
      // Many clients behind the proxy: each has its own allowance.
      expect(await statuses(server, (i) => `203.0.113.${i + 1}`, 22)).to.deep.equal(Array(22).fill(200));
      // One client behind it is limited, whatever it puts in front of the header itself.
      const one = await statuses(server, (i) => `198.51.100.${i + 1}, 192.0.2.7`, 21);
      expect(one.slice(0, 20)).to.deep.equal(Array(20).fill(200));
      expect(one[20]).to.equal(429);
    } finally {
      await server.stop();
    }
  });
});
