// GET /metrics (Prometheus) and what it counts; its protection (a token, or a port of its own);
// request and turn ids on every log line a request causes, and no personal data in either.
import { expect } from 'chai';
import { startBotConnector, type BotConnectorStandIn } from '../support/bot-connector.js';
import { aDepartment, aPerson, type PersonRecord } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { scrape as scrapeRegistry } from '../../core/metrics.js';

const TOKEN = 'metrics-token-for-the-test-0123456789';

async function scrape(server: TestServer): Promise<string> {
  const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).to.equal(200);
  return res.text();
}

/** The value of one sample (name with its labels as Prometheus prints them), or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const ok = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (ok) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('ops: metrics and logs', function () {
  this.timeout(60_000);

  describe('with METRICS_TOKEN', () => {
    let server: TestServer;
    let connector: BotConnectorStandIn;
    let people: PersonRecord[];
    before(async () => {
      connector = await startBotConnector();
      server = await startTestServer({
        SEED_DEMO: 'false',
        METRICS_TOKEN: TOKEN,
        RATE_LIMIT_PER_MINUTE: '6',
        LOG_LEVEL: 'debug',
      });
      const department = await aDepartment({ name: 'Burgerzaken' });
      people = [];
      for (let i = 0; i < 3; i++)
        people.push(await aPerson({ department, givenName: `Marieke${i}`, surname: 'Jansen' }));
      await server.services.directory.refreshChanged();
    });
    after(async () => {
      await server?.stop();
      await connector?.stop();
    });

    it('is refused without the token, or with another, as 401 with WWW-Authenticate', async () => {
      const none = await fetch(`${server.url}/metrics`);
      expect(none.status).to.equal(401);
      expect(none.headers.get('www-authenticate')).to.match(/^Bearer/);
      expect(await none.text()).to.not.contain('ids_');
      const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } });
      expect(wrong.status).to.equal(401);
    });

    it('counts HTTP requests by route pattern and status, with latency histograms', async () => {
      const before = sample(await scrape(server), 'ids_http_requests_total', {
        route: '/api/people/:id',
        status: '200',
      });
      const res = await fetch(`${server.url}/api/people/${people[1]!._id}`, {
        headers: { 'x-ids-dev-user': people[0]!.email },
      });
      expect(res.status).to.equal(200);
      const text = await scrape(server);
      expect(
        sample(text, 'ids_http_requests_total', { route: '/api/people/:id', method: 'GET', status: '200' }),
      ).to.equal((before ?? 0) + 1);
      expect(
        sample(text, 'ids_http_request_duration_seconds_count', { route: '/api/people/:id', status: '200' }),
      ).to.be.at.least(1);
      expect(text).to.contain('ids_http_request_duration_seconds_bucket{le="0.05",route="/api/people/:id"');
      // Ids and names never become labels.
      expect(text).to.not.contain(String(people[1]!._id));
      expect(text).to.not.contain('Marieke');
    });

    it('counts bot turns by kind, 429s by limit, and reads the directory, outbox, store and instances', async () => {
      const activity = {
        type: 'message',
        id: 'metrics-turn-1',
        channelId: 'msteams',
        serviceUrl: connector.serviceUrl,
        from: { id: '29:someone' },
        recipient: { id: '28:ids' },
        conversation: { id: 'a:personal-someone', conversationType: 'personal' },
        text: 'help',
      };
      const turn = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      expect(turn.status).to.equal(200);
      // One person over RATE_LIMIT_PER_MINUTE (6).
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        const r = await fetch(`${server.url}/api/me`, { headers: { 'x-ids-dev-user': people[2]!.email } });
        statuses.push(r.status);
      }
      expect(statuses.at(-1)).to.equal(429);

      const text = await scrape(server);
      expect(sample(text, 'ids_bot_turns_total', { kind: 'message', outcome: 'ok' })).to.be.at.least(1);
      expect(sample(text, 'ids_bot_turn_duration_seconds_count', { kind: 'message' })).to.be.at.least(1);
      expect(sample(text, 'ids_rate_limited_total', { limit: 'person' })).to.be.at.least(1);
      // Refused before any route matched: counted under "other", never under the URL.
      expect(sample(text, 'ids_http_requests_total', { route: 'other', status: '429' })).to.be.at.least(1);
      expect(sample(text, 'ids_directory_people')).to.equal(3);
      for (const status of ['pending', 'sent', 'failed']) {
        expect(sample(text, 'ids_outbox_deliveries', { status }), status).to.equal(0);
      }
      expect(sample(text, 'ids_store_up')).to.equal(1);
      expect(sample(text, 'ids_store_ping_seconds')).to.be.above(0);
      expect(sample(text, 'ids_store_command_duration_seconds_count', { command: 'find' })).to.be.above(0);
      expect(sample(text, 'ids_instances')).to.equal(1);
      expect(sample(text, 'ids_ready')).to.equal(1);
      expect(text).to.contain('nodejs_eventloop_lag_seconds');
      for (const p of people) expect(text).to.not.contain(p.email);
    });

    it('puts the request id on every log line a request causes, keeps a proxy’s, and logs no names', async () => {
      server.logLines.length = 0;
      const res = await fetch(`${server.url}/api/people/search?q=Marieke1`, {
        headers: { 'x-ids-dev-user': people[0]!.email, 'x-request-id': 'proxy-req-0001' },
      });
      expect(res.status).to.equal(200);
      expect(res.headers.get('x-request-id')).to.equal('proxy-req-0001');
      const ownLines = server.logLines.filter((l) => l.includes('proxy-req-0001'));
      expect(ownLines.length).to.be.at.least(1);
      const request = ownLines.map((l) => JSON.parse(l)).find((e) => e.msg === 'request');
      expect(request).to.include({ route: '/api/people/search', status: 200, reqId: 'proxy-req-0001' });
      for (const line of server.logLines) {
        expect(line).to.not.contain('Marieke');
        expect(line).to.not.contain(people[0]!.email);
      }

      server.logLines.length = 0;
      const turn = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          id: 'turn-with-logs',
          channelId: 'msteams',
          serviceUrl: connector.serviceUrl,
          from: { id: '29:someone' },
          recipient: { id: '28:ids' },
          conversation: { id: 'a:personal-someone', conversationType: 'personal' },
          text: 'wat is het nummer van Marieke2',
        }),
      });
      expect(turn.status).to.equal(200);
      const reqId = turn.headers.get('x-request-id');
      const entries = server.logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const caused = entries.filter((e) => e.reqId === reqId);
      expect(caused.map((e) => e.msg)).to.include.members(['bot turn', 'request']);
      // Every line the turn caused carries both ids; no line is left without them.
      for (const e of caused.filter((x) => x.msg !== 'request')) {
        expect(e.turnId, JSON.stringify(e)).to.equal('turn-with-logs');
        expect(e.activity).to.equal('message');
      }
      expect(entries.filter((e) => e.reqId === undefined && e.component === undefined)).to.deep.equal([]);
      for (const line of server.logLines) expect(line).to.not.contain('Marieke');
    });
  });

  describe('directory syncs', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ SEED_DEMO: 'false', METRICS_TOKEN: TOKEN });
    });
    after(async () => server?.stop());

    it('counts the syncs and the people they bring in, written by anyone', async () => {
      const changes = () =>
        scrape(server).then((t) =>
          sample(t, 'ids_directory_sync_changes_total', { source: 'store', change: 'changed' }),
        );
      const runs = () =>
        scrape(server).then((t) => sample(t, 'ids_directory_sync_runs_total', { source: 'store', result: 'ok' }));
      const changesBefore = (await changes()) ?? 0;
      // Written to the store directly (as an import or another instance would), not through this server.
      await aPerson({ givenName: 'Sanne', surname: 'Visser' });
      await aPerson({ givenName: 'Sanne', surname: 'de Wit' });
      const deadline = Date.now() + 10_000;
      while (((await changes()) ?? 0) < changesBefore + 2 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
      }
      const text = await scrape(server);
      expect(sample(text, 'ids_directory_sync_changes_total', { source: 'store', change: 'changed' })).to.equal(
        changesBefore + 2,
      );
      expect(sample(text, 'ids_directory_people')).to.equal(2);
      expect(await runs()).to.be.at.least(1);
      expect(text).to.not.contain('Sanne');
    });
  });

  describe('without METRICS_TOKEN', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ SEED_DEMO: 'false', METRICS_PORT: '0' });
    });
    after(async () => server?.stop());

    it('answers 404 on the main port, and serves the metrics on METRICS_PORT only', async () => {
      expect((await fetch(`${server.url}/metrics`)).status).to.equal(404);
      expect(server.metricsPort).to.be.a('number');
      const res = await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`);
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
      expect(await res.text()).to.contain('ids_http_requests_total');
      expect((await fetch(`http://127.0.0.1:${server.metricsPort}/api/me`)).status).to.equal(404);
      expect((await fetch(`http://127.0.0.1:${server.metricsPort}/healthz`)).status).to.equal(404);
    });
  });
  describe('with neither METRICS_TOKEN nor METRICS_PORT', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ SEED_DEMO: 'false' });
    });
    after(async () => server?.stop());

    it('does not time store commands, which nobody could read (the driver would decode every reply twice)', async () => {
      const finds = async () =>
        sample(await scrapeRegistry(), 'ids_store_command_duration_seconds_count', { command: 'find' }) ?? 0;
      const person = await aPerson();
      const before = await finds();
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${server.url}/api/feed`, { headers: { 'x-ids-dev-user': person.email } });
        expect(res.status).to.equal(200);
      }
      expect((await fetch(`${server.url}/metrics`)).status).to.equal(404);
      expect(await finds()).to.equal(before);
    });
  });
});
