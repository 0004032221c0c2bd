import { expect } from 'chai';
import { startTestServer, type TestServer } from '../support/server.js';
import { startEntraStandIn, type EntraStandIn } from '../support/entra.js';
import { aPerson } from '../support/factories.js';
import { teamsEnv } from '../support/teams-host.js';
import { Person } from '../../models/person.js';

/**
 * A person's first sign-in binds their Entra object id by the email Entra vouches for. The tab
 * sends its first requests at once ("who am I" and the feed), so the binding must hold when
 * several requests race to make it.
 */
describe('server: first sign-in with several requests at once', () => {
  let server: TestServer;
  let entra: EntraStandIn;
  before(async function () {
    this.timeout(60_000);
    entra = await startEntraStandIn();
    server = await startTestServer({ SEED_DEMO: 'false', ...teamsEnv(entra) });
  });
  after(async () => {
    await server?.stop();
    await entra?.stop();
  });

  it('answers every concurrent first request as the person, and binds them once', async () => {
    const person = await aPerson();
    const oid = '4d3c2b1a-0000-4000-8000-00000000abcd';
    const token = await entra.token({ oid, preferred_username: person.email.toUpperCase() });
    const answers = await Promise.all(
      ['/api/me', '/api/feed', '/api/me', '/api/groups', '/api/me'].map((path) =>
        fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } }),
      ),
    );
    expect(answers.map((r) => r.status)).to.deep.equal([200, 200, 200, 200, 200]);
    expect((await answers[0]!.json()).email).to.equal(person.email);
    expect((await Person.findById(person._id).lean())?.aadObjectId).to.equal(oid);
  });
});
