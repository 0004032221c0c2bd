import { expect } from 'chai';
import { startTestServer, type TestServer } from '../support/server.js';
import { startBotConnector, type BotConnectorStandIn } from '../support/bot-connector.js';
import { postActivity, teamsMessage } from '../support/activities.js';
import { actingAs } from '../support/social.js';
import { aPerson } from '../support/factories.js';
import { testMongoUri } from '../support/db.js';
import { Delivery } from '../../models/delivery.js';
import { Group } from '../../models/group.js';

/** Answer notices go through the outbox: a restart before they were sent loses none. */
describe('delivery: answer notices', function () {
  this.timeout(60000);
  let connector: BotConnectorStandIn;
  before(async () => {
    connector = await startBotConnector();
  });
  after(() => connector?.stop());
  const env = (serviceUrl: string) => ({
    SEED_DEMO: 'false',
    DELIVERY_POLL_MS: '50',
    DELIVERY_RETRY_BASE_MS: '50',
    TEAMS_SERVICE_URL: serviceUrl,
  });
  const chatOf = (who: { _id: { toString(): string } }) => `a:personal-${who._id}`;

  it('survive a restart of the server before they were sent', async () => {
    const store = await testMongoUri();
    const silent = await startTestServer({ ...env(connector.serviceUrl), DELIVERY_WORKER: 'false' }, { store });
    let revived: TestServer | undefined;
    try {
      const asker = await aPerson({ aadObjectId: `aad-asker-${Date.now()}` });
      const helper = await aPerson();
      const qa = await Group.create({
        name: 'Vraag Ids',
        slug: `vraag-${Date.now()}`,
        kind: 'qa',
        members: [asker._id, helper._id],
      });
      await postActivity(
        silent.url,
        teamsMessage(connector.serviceUrl, asker, { type: 'installationUpdate', action: 'add', text: undefined }),
      );
      const question = (
        await actingAs(silent.url, asker.email)
          .post('/api/posts', {
            kind: 'question',
            groupId: qa._id.toString(),
            body: 'Waar vind ik het verlofformulier?',
          })
          .expect(201)
      ).body;
      connector.clear();
      await actingAs(silent.url, helper.email)
        .post(`/api/posts/${question.id}/comments`, { body: 'Op de tab HR.' })
        .expect(201);
      const deadline = Date.now() + 5000;
      while ((await Delivery.countDocuments({ kind: 'notice', personId: asker._id })) === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      await silent.stop();
      expect(connector.sent).to.deep.equal([]);

      revived = await startTestServer(env(connector.serviceUrl), { store });
      const [notice] = await connector.waitFor(1, 10000);
      expect(notice!.conversationId).to.equal(chatOf(asker));
      expect(notice!.body.text).to.include('Op de tab HR.');
    } finally {
      await revived?.stop();
      await silent.stop().catch(() => undefined);
      await store.stop();
    }
  });
});
