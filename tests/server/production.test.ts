import { expect } from 'chai';
import { productionEnv, startTestServer, type TestServer } from '../support/server.js';
import { startEntraStandIn, type EntraStandIn } from '../support/entra.js';
import { startBotConnector, type BotConnectorStandIn } from '../support/bot-connector.js';
import { Person } from '../../models/person.js';

const APP_ID = '44444444-5555-6666-7777-888888888888';

describe('server: production mode', () => {
  let server: TestServer;
  let entra: EntraStandIn;
  let connector: BotConnectorStandIn;
  before(async function () {
    this.timeout(60_000);
    entra = await startEntraStandIn();
    connector = await startBotConnector();
    server = await startTestServer(productionEnv(entra, APP_ID));
  });
  after(async () => {
    await server?.stop();
    await entra?.stop();
    await connector?.stop();
  });

  const activity = (tenantId: string) => ({
    type: 'message',
    id: 'm1',
    channelId: 'msteams',
    serviceUrl: connector.serviceUrl,
    from: { id: '29:someone', aadObjectId: '99999999-0000-0000-0000-000000000001' },
    recipient: { id: `28:${APP_ID}` },
    conversation: { id: 'a:1', conversationType: 'personal', tenantId },
    channelData: { tenant: { id: tenantId } },
    text: 'nummer van Jelte',
  });

  it('does not seed demo data', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).to.equal(200);
    expect(await Person.countDocuments()).to.equal(0);
    const me = await fetch(`${server.url}/api/me`, { headers: { 'x-ids-dev-user': 'femke.dijkstra@gemeente-ids.nl' } });
    expect(me.status).to.equal(401);
  });

  it('refuses bot activities from another tenant', async () => {
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity('00000000-0000-0000-0000-0000000000ff')),
    });
    expect(res.status).to.equal(403);
    expect((await res.json()).error.code).to.equal('forbidden');
    expect(connector.sent).to.have.length(0);
  });

  it('refuses activities of its own tenant that carry no Bot Connector token', async () => {
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity(entra.tenantId)),
    });
    expect(res.status).to.equal(401);
    expect((await res.json()).error.code).to.equal('unauthenticated');
    expect(connector.sent).to.have.length(0);
  });

  it('refuses activities with a forged Bot Connector token', async () => {
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await entra.token({ aud: APP_ID })}` },
      body: JSON.stringify(activity(entra.tenantId)),
    });
    expect(res.status).to.equal(401);
    expect(connector.sent).to.have.length(0);
  });
});
