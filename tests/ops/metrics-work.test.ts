// What GET /metrics says about the work behind the requests: the delivery worker's sends, 429s,
// retries and failures by reason as the Bot Connector stand-in answers them, the outbox by
// status, and the Entra ID sync's runs and the people they change, driven through the real paths.
import { expect } from 'chai';
import type { Types } from 'mongoose';
import { scrape as readRegistry } from '../../core/metrics.js';
import { Delivery } from '../../models/delivery.js';
import { Post } from '../../models/post.js';
import { postActivity, teamsMessage } from '../support/activities.js';
import { startBotConnector, type BotConnectorStandIn } from '../support/bot-connector.js';
import { aDepartment, aPerson, type PersonRecord } from '../support/factories.js';
import { entraSyncEnv, startGraphStandIn, type GraphStandIn } from '../support/graph.js';
import { EntraDirectory } from '../support/graph-directory.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { actingAs } from '../support/social.js';

const TOKEN = 'metrics-token-for-the-test-0123456789';

async function scrape(server: TestServer): Promise<string> {
  const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).to.equal(200);
  return res.text();
}

/** The value of one series (exactly these labels), 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    if ((m[2] ?? '').split(',').filter(Boolean).sort().join(',') === want) return Number(m[3]);
  }
  return 0;
}

/** Each metric once, each series once: what Prometheus needs to take the page at all. */
function expectWellFormed(text: string): void {
  const types = text.split('\n').filter((l) => l.startsWith('# TYPE '));
  expect(new Set(types.map((l) => l.split(' ')[2])).size).to.equal(types.length);
  const series = text.split('\n').filter((l) => l && !l.startsWith('#'));
  expect(new Set(series.map((l) => l.slice(0, l.lastIndexOf(' ')))).size).to.equal(series.length);
}

/** Colleagues in one department, each with Ids installed in their personal chat (as Teams tells the bot). */
async function installedTeam(server: TestServer, connector: BotConnectorStandIn, name: string, n: number) {
  const dept = await aDepartment({ name });
  const people: PersonRecord[] = [];
  for (let i = 0; i < n; i++) {
    const p = await aPerson({ department: dept, aadObjectId: `aad-${dept._id}-${i}` });
    const installed = { type: 'installationUpdate', action: 'add', text: undefined };
    const res = await postActivity(server.url, teamsMessage(connector.serviceUrl, p, installed));
    expect(res.status).to.equal(200);
    people.push(p);
  }
  connector.clear(); // the welcome messages
  return { dept, people };
}

describe('ops: metrics of deliveries and the Entra ID sync', function () {
  this.timeout(60_000);

  describe('the delivery worker against the Bot Connector', () => {
    let connector: BotConnectorStandIn;
    let server: TestServer;
    let communicator: PersonRecord;
    before(async () => {
      connector = await startBotConnector();
      server = await startTestServer({
        SEED_DEMO: 'false',
        METRICS_TOKEN: TOKEN,
        DELIVERY_POLL_MS: '50',
        DELIVERY_RETRY_BASE_MS: '50',
        DELIVERY_MAX_ATTEMPTS: '3',
        TEAMS_SERVICE_URL: connector.serviceUrl,
      });
      communicator = await aPerson({ roles: ['communicator'], aadObjectId: 'aad-metrics-communicator' });
    });
    after(async () => {
      await server?.stop();
      await connector?.stop();
    });

    const chatOf = (who: { _id: Types.ObjectId }) => `a:personal-${who._id}`;

    it('counts the cards Teams took, its 429s, the 5xx retried and the failures by reason, and the outbox by status', async () => {
      const { dept, people } = await installedTeam(server, connector, 'Wijkteams', 5);
      const [ok, throttled, flaky, removed, down] = people as [
        PersonRecord,
        PersonRecord,
        PersonRecord,
        PersonRecord,
        PersonRecord,
      ];
      const before = await scrape(server);
      // 200 for the first; one 429 then 200; one 503 then 200; the bot removed from the chat; 503 every time.
      connector.inject({ status: 429, retryAfter: 0, ops: ['send'], conversationId: chatOf(throttled) });
      connector.inject({ status: 503, ops: ['send'], conversationId: chatOf(flaky) });
      connector.inject({
        status: 403,
        code: 'BotNotInConversationRoster',
        ops: ['send'],
        conversationId: chatOf(removed),
      });
      connector.inject({ status: 503, count: 3, ops: ['send'], conversationId: chatOf(down) });

      const post = (
        await actingAs(server.url, communicator.email)
          .post('/api/posts', {
            kind: 'department',
            title: 'Nieuwe werkplekken',
            body: 'Vanaf maandag op de tweede verdieping.',
            notify: true,
            audience: { departmentIds: [dept._id.toString()] },
          })
          .expect(201)
      ).body as { id: string };
      const deadline = Date.now() + 20_000;
      for (;;) {
        const pending = await Delivery.countDocuments({ postId: post.id, queued: true });
        const p = await Post.findById(post.id, { fanoutDue: 1 }).lean();
        if (pending === 0 && !p?.fanoutDue) break;
        if (Date.now() > deadline) throw new Error('the deliveries did not settle');
        await new Promise((r) => setTimeout(r, 50));
      }
      const sentTo = new Set(connector.sent.map((a) => a.conversationId));
      expect([ok, throttled, flaky].every((p) => sentTo.has(chatOf(p)))).to.equal(true);
      expect(sentTo.has(chatOf(removed)) || sentTo.has(chatOf(down))).to.equal(false);

      const after = await scrape(server);
      expectWellFormed(after);
      const delta = (name: string, labels: Record<string, string> = {}) =>
        sample(after, name, labels) - sample(before, name, labels);
      expect(delta('ids_delivery_sent_total', { kind: 'news' })).to.equal(3);
      expect(delta('ids_delivery_throttled_total', { service: 'bot' })).to.equal(1);
      // Each transient failure: flaky's one, and down's three (the third used up its tries: given up).
      expect(delta('ids_delivery_retries_total', { reason: '503' })).to.equal(4);
      expect(delta('ids_delivery_failed_total', { reason: 'bot_removed' })).to.equal(1);
      expect(delta('ids_delivery_failed_total', { reason: 'gave_up' })).to.equal(1);
      // 5 first tries, 1 after the 429, 1 after flaky's 503, 2 more for down.
      expect(delta('ids_delivery_bot_calls_total', { op: 'send' })).to.equal(9);
      const statuses = await Delivery.aggregate<{ _id: string; n: number }>([
        { $group: { _id: '$status', n: { $sum: 1 } } },
      ]);
      for (const { _id, n } of statuses) expect(sample(after, 'ids_outbox_deliveries', { status: _id })).to.equal(n);
      expect(sample(after, 'ids_outbox_deliveries', { status: 'failed' })).to.be.at.least(2);
      expect(sample(after, 'ids_outbox_deliveries', { status: 'pending' })).to.equal(0);
      // Store round trips are timed as they happen.
      expect(sample(after, 'ids_store_command_duration_seconds_count', { command: 'update' })).to.be.greaterThan(
        sample(before, 'ids_store_command_duration_seconds_count', { command: 'update' }),
      );
    });
  });

  describe('a stop while cards wait for their slot', () => {
    let connector: BotConnectorStandIn;
    let server: TestServer | undefined;
    before(async () => {
      connector = await startBotConnector();
    });
    after(async () => {
      await server?.stop();
      await connector?.stop();
    });

    it('hands the waiting deliveries back and counts them', async () => {
      // Two sends a second: six cards take three seconds, so most still wait when the stop comes.
      server = await startTestServer({
        SEED_DEMO: 'false',
        METRICS_TOKEN: TOKEN,
        DELIVERY_POLL_MS: '50',
        DELIVERY_APP_PER_SECOND: '2',
        TEAMS_SERVICE_URL: connector.serviceUrl,
      });
      const communicator = await aPerson({ roles: ['communicator'] });
      const { dept } = await installedTeam(server, connector, 'Publiekszaken', 6);
      const before = await readRegistry();
      await actingAs(server.url, communicator.email)
        .post('/api/posts', {
          kind: 'department',
          title: 'Sluiting balie',
          body: 'Vrijdag is de balie dicht.',
          notify: true,
          audience: { departmentIds: [dept._id.toString()] },
        })
        .expect(201);
      const deadline = Date.now() + 10_000;
      while (connector.sent.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(connector.sent).to.have.length.greaterThan(0);
      const stopping = server.stop();
      server = undefined;
      await stopping;
      const after = await readRegistry();
      const released =
        sample(after, 'ids_delivery_leases_released_total') - sample(before, 'ids_delivery_leases_released_total');
      expect(released).to.be.at.least(2);
      // Every card either left before the stop or was handed back for another instance to send.
      expect(connector.sent.length + released).to.equal(6);
    });
  });

  describe('the Entra ID sync inside npm start', () => {
    let graph: GraphStandIn;
    let entra: EntraDirectory;
    let server: TestServer;
    /** The process's counters before this server started (other tests' syncs counted into them too). */
    let start: string;
    before(async () => {
      start = await readRegistry();
      graph = await startGraphStandIn();
      entra = new EntraDirectory();
      graph.use(entra.routes);
      entra.addUser({ displayName: 'Wietske Hoekstra', department: 'Beheer openbare ruimte' });
      entra.addUser({ displayName: 'Durk van der Meer', department: 'Beheer openbare ruimte' });
      server = await startTestServer({
        SEED_DEMO: 'false',
        METRICS_TOKEN: TOKEN,
        ...entraSyncEnv(graph),
        ENTRA_SYNC_INTERVAL_MINUTES: '60',
        ENTRA_SYNC_PHOTO_HOURS: '0',
      });
    });
    after(async () => {
      await server?.stop();
      await graph?.stop();
    });

    it('counts runs that went well and failed, and the people they added, changed and made inactive', async () => {
      const since = (text: string, name: string, labels: Record<string, string>) =>
        sample(text, name, labels) - sample(start, name, labels);
      const runs = (text: string, result: string) =>
        since(text, 'ids_directory_sync_runs_total', { source: 'entra', result });
      // The scheduled run shortly after start-up.
      const deadline = Date.now() + 20_000;
      while (runs(await scrape(server), 'ok') < 1 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      const first = await scrape(server);
      expect(runs(first, 'ok')).to.equal(1);
      expect(since(first, 'ids_directory_sync_changes_total', { source: 'entra', change: 'added' })).to.equal(2);

      const [wietske, durk] = entra.all();
      entra.updateUser(wietske!.id, { jobTitle: 'wijkbeheerder' });
      entra.deleteUser(durk!.id);
      entra.addUser({ displayName: 'Sjoerd Bakker', department: 'Beheer openbare ruimte' });
      await server.services.entraSync!.runNow();
      const second = await scrape(server);
      const change = (c: string) =>
        sample(second, 'ids_directory_sync_changes_total', { source: 'entra', change: c }) -
        sample(first, 'ids_directory_sync_changes_total', { source: 'entra', change: c });
      expect(change('added')).to.equal(1);
      expect(change('updated')).to.equal(1);
      expect(change('deactivated')).to.equal(1);
      expect(runs(second, 'ok')).to.equal(2);

      // Graph answering 503 past the client's retries: the run fails, and says so.
      graph.throttle({ times: 50, status: 503, retryAfter: 0 });
      const failed = await server.services.entraSync!.runNow().then(
        () => false,
        () => true,
      );
      expect(failed).to.equal(true);
      const third = await scrape(server);
      expect(runs(third, 'failed')).to.equal(1);
      expect(runs(third, 'ok')).to.equal(2);
      expectWellFormed(third);
      expect(third).to.not.contain('Wietske').and.not.contain('Hoekstra');
    });
  });
});
