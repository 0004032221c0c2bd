import { expect } from 'chai';
import { startTestServer, type TestServer } from '../support/server.js';
import { startBotConnector, type BotConnectorStandIn } from '../support/bot-connector.js';
import { startEntraStandIn, type EntraStandIn } from '../support/entra.js';
import { startGraphInstallStandIn, type GraphInstallStandIn } from '../support/graph-install.js';
import { aDepartment, aPerson, type PersonRecord } from '../support/factories.js';
import { ConversationRef, Delivery } from '../../models/delivery.js';

const TEAMS_APP_ID = '0b6e7900-1d5a-4c3e-9f00-000000000001';

/**
 * Reaching colleagues who never opened Ids: the delivery worker installs the app for them through
 * Graph (with the consented resource-specific permission), takes the chat Graph names, and sends
 * the card there — within Graph's answers: 409 installed already, 429 Retry-After, 403, 404.
 */
describe('delivery: installing Ids through Graph for people without it', function () {
  this.timeout(60000);
  let entra: EntraStandIn;
  let graph: GraphInstallStandIn;
  let connector: BotConnectorStandIn;
  let server: TestServer;
  let communicator: PersonRecord;
  const catalogId = 'catalog-app-ids';

  before(async () => {
    entra = await startEntraStandIn();
    graph = await startGraphInstallStandIn({ validToken: (t) => entra.appTokenValid(t) });
    graph.catalog.set(TEAMS_APP_ID, catalogId);
    // Ids is installed for nobody yet: the Bot Connector cannot open a chat with anyone.
    connector = await startBotConnector({ installedFor: new Set() });
    server = await startTestServer({
      SEED_DEMO: 'false',
      ENTRA_TENANT_ID: entra.tenantId,
      ENTRA_CLIENT_ID: entra.clientId,
      ENTRA_CLIENT_SECRET: entra.clientSecret,
      ENTRA_AUTHORITY: entra.authority,
      TEAMS_APP_ID,
      GRAPH_URL: graph.url,
      TEAMS_SERVICE_URL: connector.serviceUrl,
      DELIVERY_POLL_MS: '50',
      DELIVERY_RETRY_BASE_MS: '50',
    });
    communicator = await aPerson({ roles: ['communicator'], aadObjectId: '0b6e7900-0000-4000-8000-00000000c0mm' });
  });
  after(async () => {
    await server?.stop();
    await connector?.stop();
    await graph?.stop();
    await entra?.stop();
  });
  beforeEach(() => {
    graph.clear();
    connector.clear();
  });

  const api = async (method: string, path: string, body?: unknown) => {
    const token = await entra.token({ oid: communicator.aadObjectId, tid: entra.tenantId });
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    expect(res.status, await res.clone().text()).to.be.within(200, 299);
    return res.json();
  };
  async function publishTo(people: number, title: string) {
    const dept = await aDepartment();
    const recipients: PersonRecord[] = [];
    for (let i = 0; i < people; i++)
      recipients.push(
        await aPerson({
          department: dept,
          aadObjectId: `0b6e7900-${String(i).padStart(4, '0')}-4000-8000-${Date.now().toString(16).padStart(12, '0')}`,
        }),
      );
    const post = await api('POST', '/api/posts', {
      kind: 'department',
      title,
      body: 'x',
      notify: true,
      audience: { departmentIds: [dept._id.toString()] },
    });
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline) {
      const made = await Delivery.countDocuments({ postId: post.id });
      const open = await Delivery.countDocuments({ postId: post.id, queued: true });
      if (made === people && open === 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    return { post, recipients };
  }
  const installs = () => graph.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/installedApps'));

  it('installs the app with the consented permission, looks the catalog up once, and sends to the chat Graph names', async () => {
    const { post, recipients } = await publishTo(2, 'Via Graph');
    expect(installs()).to.have.length(2);
    expect(installs()[0]!.body).to.deep.equal({
      'teamsApp@odata.bind': `${graph.url}/v1.0/appCatalogs/teamsApps/${catalogId}`,
      consentedPermissionSet: {
        resourceSpecificPermissions: [
          { permissionValue: 'ChatMessageReadReceipt.Read.Chat', permissionType: 'Application' },
        ],
      },
    });
    expect(graph.requests.filter((r) => r.path.startsWith('/v1.0/appCatalogs'))).to.have.length(1);
    const cards = connector.sent.filter((a) => a.body.summary?.endsWith('Via Graph'));
    expect(cards.map((c) => c.conversationId).sort()).to.deep.equal(
      recipients.map((p) => graph.chatOf(p.aadObjectId!)).sort(),
    );
    const ref = await ConversationRef.findOne({ personId: recipients[0]!._id }).lean();
    expect(ref?.conversationId).to.equal(graph.chatOf(recipients[0]!.aadObjectId!));
    const report = await api('GET', `/api/posts/${post.id}/delivery`);
    expect(report.totals).to.include({ sent: 2, notInstalled: 0 });
  });

  it('takes the chat of an installation that exists already (409), and waits out a 429', async () => {
    const dept = await aDepartment();
    const person = await aPerson({ department: dept, aadObjectId: '0b6e7900-aaaa-4000-8000-000000000409' });
    graph.installed.set(person.aadObjectId!, new Map([[catalogId, 'installation-by-policy']]));
    graph.fail({ status: 429, retryAfter: 1, on: 'install' });
    const post = await api('POST', '/api/posts', {
      kind: 'department',
      title: 'Al geïnstalleerd',
      body: 'x',
      notify: true,
      audience: { departmentIds: [dept._id.toString()] },
    });
    await connector.until(
      () => connector.sent.some((a) => a.body.summary?.endsWith('Al geïnstalleerd')),
      15000,
      'the card',
    );
    const tries = installs();
    expect(tries.map((r) => r.status)).to.deep.equal([429, 409]);
    expect(tries[1]!.at - tries[0]!.at).to.be.at.least(990);
    expect(connector.sent.at(-1)!.conversationId).to.equal(graph.chatOf(person.aadObjectId!));
    expect(post.notify).to.equal(true);
  });

  it('records "not installed" for someone Graph does not know (404), and stops trying after a 403', async () => {
    graph.users = new Set();
    try {
      const unknown = await publishTo(1, 'Onbekend');
      const totals = (await api('GET', `/api/posts/${unknown.post.id}/delivery`)).totals;
      expect(totals).to.include({ notInstalled: 1 });
    } finally {
      graph.users = undefined;
    }
    // Without the permission Graph refuses every installation.
    graph.clear();
    graph.fail({ status: 403, on: 'install', count: 100 });
    const refused = await publishTo(3, 'Geweigerd');
    const report = await api('GET', `/api/posts/${refused.post.id}/delivery`);
    expect(report.totals).to.include({ audience: 3, notInstalled: 3, sent: 0 });
    // Once refused, Ids does not ask Graph again for every person (for ten minutes).
    const asked = installs().length;
    expect(asked).to.be.within(1, 3);
    const later = await publishTo(2, 'Later');
    expect((await api('GET', `/api/posts/${later.post.id}/delivery`)).totals).to.include({ notInstalled: 2 });
    expect(installs()).to.have.length(asked);
    const failed = await Delivery.findOne({ postId: refused.post.id, lastError: /graph/ }).lean();
    expect(failed?.lastError).to.match(/install_forbidden/);
    expect(server.logLines.some((l) => l.includes('Graph refused to install'))).to.equal(true);
  });
});
