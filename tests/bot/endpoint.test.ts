import { expect } from 'chai';
import { type BotConnectorStandIn, startBotConnector } from '../support/bot-connector.js';
import { type BotFrameworkAuthStandIn, startBotFrameworkAuth } from '../support/bot-framework-auth.js';
import { closedPort } from '../support/net.js';
import { startTestServer, type TestServer } from '../support/server.js';

const APP_ID = '44444444-5555-4666-8777-888888888888';
const TENANT_ID = '11111111-2222-3333-4444-555555555555';
const BOT = {
  SEED_DEMO: 'false',
  MicrosoftAppId: APP_ID,
  MicrosoftAppPassword: 'not-a-real-secret',
  MicrosoftAppTenantId: TENANT_ID,
};

function typing(serviceUrl: string, from: string) {
  return {
    type: 'typing',
    id: `t-${Math.random()}`,
    channelId: 'msteams',
    serviceUrl,
    from: { id: from },
    recipient: { id: `28:${APP_ID}` },
    conversation: { id: `a:${from}`, conversationType: 'personal' },
    channelData: { tenant: { id: TENANT_ID } },
  };
}

async function post(server: TestServer, body: unknown, token?: string): Promise<Response> {
  return fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

/** Everything written to stderr while `work` runs (the server runs in this process). */
async function capturingStderr(work: () => Promise<void>): Promise<string> {
  const chunks: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stderr.write;
  try {
    await work();
  } finally {
    process.stderr.write = write;
  }
  return chunks.join('');
}

const errorLogs = (server: TestServer) => server.logLines.filter((l) => l.includes('"level":50'));

describe('bot endpoint: Bot Connector tokens and per-sender limits', () => {
  let auth: BotFrameworkAuthStandIn;
  let connector: BotConnectorStandIn;
  let server: TestServer;
  before(async function () {
    this.timeout(60_000);
    auth = await startBotFrameworkAuth();
    connector = await startBotConnector();
    server = await startTestServer({ ...BOT, BOT_OPENID_METADATA_URL: auth.metadataUrl, RATE_LIMIT_PER_MINUTE: '3' });
  });
  after(async () => {
    await server?.stop();
    await connector?.stop();
    await auth?.stop();
  });

  it('takes an activity whose token the published keys verify', async () => {
    const res = await post(
      server,
      typing(connector.serviceUrl, '29:someone'),
      await auth.token(APP_ID, connector.serviceUrl),
    );
    expect(res.status).to.equal(200);
  });

  it('answers 401, never 500, to a well-formed token signed with a key the Bot Framework does not publish', async () => {
    const forged = await auth.token(APP_ID, connector.serviceUrl, { key: 'unpublished' });
    const res = await post(server, typing(connector.serviceUrl, '29:someone'), forged);
    expect(res.status).to.equal(401);
    expect((await res.json()).error.code).to.equal('unauthenticated');
    // Nor do tokens for another bot, or for another service URL, get in.
    const otherBot = await auth.token('99999999-5555-4666-8777-888888888888', connector.serviceUrl);
    expect((await post(server, typing(connector.serviceUrl, '29:someone'), otherBot)).status).to.equal(401);
    const otherService = await auth.token(APP_ID, 'https://smba.elsewhere.example/');
    expect((await post(server, typing(connector.serviceUrl, '29:someone'), otherService)).status).to.equal(401);
    expect(errorLogs(server)).to.deep.equal([]);
  });

  it('writes no signing key and no token to stderr for a forged, expired or misaddressed token, and answers 401 JSON', async () => {
    const tokens = [
      await auth.token(APP_ID, connector.serviceUrl, { key: 'unpublished' }),
      await auth.token(APP_ID, connector.serviceUrl, { expiresAt: Math.floor(Date.now() / 1000) - 3600 }),
      await auth.token('99999999-5555-4666-8777-888888888888', connector.serviceUrl),
    ];
    const stderr = await capturingStderr(async () => {
      for (const token of tokens) {
        const res = await post(server, typing(connector.serviceUrl, '29:someone'), token);
        expect(res.status).to.equal(401);
        expect(res.headers.get('content-type')).to.match(/^application\/json/);
        expect((await res.json()).error.code).to.equal('unauthenticated');
      }
      console.error('anything else still reaches stderr');
    });
    expect(stderr).to.include('anything else still reaches stderr');
    expect(stderr).not.to.match(/BEGIN|PUBLIC KEY|Available keys|TokenExpiredError|jwt expired/);
    const logs = server.logLines.join('\n');
    for (const [payload, signature] of tokens.map((t) => t.split('.').slice(1))) {
      expect(stderr).not.to.include(payload).and.not.to.include(signature);
      expect(logs).not.to.include(payload).and.not.to.include(signature);
    }
  });

  it('counts a sender only once the token is verified: forged activities naming them use up nothing', async () => {
    const forged = await auth.token(APP_ID, connector.serviceUrl, { key: 'unpublished' });
    for (let i = 0; i < 6; i++) {
      const res = await post(server, typing(connector.serviceUrl, '29:victim'), forged);
      expect(res.status, `forged activity ${i + 1}`).to.equal(401);
    }
    const genuine = await auth.token(APP_ID, connector.serviceUrl);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await post(server, typing(connector.serviceUrl, '29:victim'), genuine)).status);
    expect(statuses).to.deep.equal([200, 200, 200, 429]);
    const limited = await post(server, typing(connector.serviceUrl, '29:victim'), genuine);
    expect(limited.status).to.equal(429);
    expect(Number(limited.headers.get('retry-after'))).to.be.within(1, 60);
    expect((await limited.json()).error.code).to.equal('rate_limited');
    // Another sender is not affected.
    expect((await post(server, typing(connector.serviceUrl, '29:colleague'), genuine)).status).to.equal(200);
  });

  it('limits unauthenticated traffic per address only', async () => {
    // The per-address allowance is ten times the per-person one (30 a minute here), shared by
    // everything this address sent in the tests above.
    const statuses: number[] = [];
    for (let i = 0; i < 31 && !statuses.includes(429); i++) {
      statuses.push((await post(server, typing(connector.serviceUrl, `29:made-up-${i}`), 'made-up')).status);
    }
    expect(statuses.at(-1)).to.equal(429);
    expect(new Set(statuses.slice(0, -1))).to.deep.equal(new Set([401]));
  });
});

describe('bot endpoint: when the signing keys cannot be fetched', () => {
  let auth: BotFrameworkAuthStandIn;
  let failing: BotFrameworkAuthStandIn;
  before(async () => {
    auth = await startBotFrameworkAuth();
    failing = await startBotFrameworkAuth();
    failing.keysAnswer(500);
  });
  after(async () => {
    await auth?.stop();
    await failing?.stop();
  });

  const cases: Array<[string, () => Promise<string>]> = [
    [
      'nothing answers at the metadata address',
      async () => `http://127.0.0.1:${await closedPort()}/v1/.well-known/openidconfiguration`,
    ],
    ['the keys endpoint answers 500', async () => failing.metadataUrl],
  ];
  for (const [what, metadataUrl] of cases) {
    it(`answers 503 with Retry-After when ${what}, so the Bot Connector tries again`, async function () {
      this.timeout(60_000);
      const server = await startTestServer({ ...BOT, BOT_OPENID_METADATA_URL: await metadataUrl() });
      try {
        const serviceUrl = 'https://smba.trafficmanager.net/emea/';
        const res = await post(server, typing(serviceUrl, '29:someone'), await auth.token(APP_ID, serviceUrl));
        expect(res.status).to.equal(503);
        expect(Number(res.headers.get('retry-after'))).to.be.within(1, 300);
        const body = await res.json();
        expect(body.error.code).to.equal('auth_unavailable');
        expect(JSON.stringify(body)).not.to.match(/at .*\.(ts|js):\d+/);
      } finally {
        await server.stop();
      }
    });
  }
});
