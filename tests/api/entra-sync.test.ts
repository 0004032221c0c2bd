import { expect } from 'chai';
import { Person } from '../../models/person.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { startEntraStandIn, type EntraStandIn } from '../support/entra.js';
import { startGraphStandIn, type GraphStandIn } from '../support/graph.js';
import { EntraDirectory, type EntraUser } from '../support/graph-directory.js';

/**
 * The sync as `npm start` runs it (ENTRA_SYNC=on): people arrive from Graph on their own, the
 * fields Entra owns are marked read-only in GET /api/me, and a person's own choice of who sees
 * their mobile number (PATCH /api/me) decides what colleagues see and find.
 */
describe('api: the directory from Entra ID inside npm start', function () {
  this.timeout(60_000);
  let server: TestServer;
  let sso: EntraStandIn;
  let graph: GraphStandIn;
  let entra: EntraDirectory;
  let jelte: EntraUser;
  let hylke: EntraUser;

  before(async () => {
    sso = await startEntraStandIn();
    graph = await startGraphStandIn({ tenantId: sso.tenantId, clientId: sso.clientId, keysFrom: sso.authority });
    entra = new EntraDirectory();
    graph.use(entra.routes);
    hylke = entra.addUser({
      displayName: 'Hylke Terpstra',
      jobTitle: 'teamleider boomverzorging',
      department: 'Boomverzorging',
      businessPhones: ['0515 48 12 34'],
    });
    jelte = entra.addUser({
      displayName: 'Jelte de Boer',
      givenName: 'Jelte',
      surname: 'de Boer',
      jobTitle: 'boomverzorger',
      department: 'Boomverzorging',
      mobilePhone: '06-41235678',
      managerId: hylke.id,
    });
    server = await startTestServer({
      SEED_DEMO: 'false',
      ENTRA_TENANT_ID: sso.tenantId,
      ENTRA_CLIENT_ID: sso.clientId,
      ENTRA_CLIENT_SECRET: graph.clientSecret,
      ENTRA_AUTHORITY: graph.authority,
      GRAPH_URL: graph.url,
      ENTRA_SYNC: 'on',
      ENTRA_SYNC_INTERVAL_MINUTES: '60',
      ENTRA_SYNC_PHOTO_HOURS: '0',
    });
    // The scheduled run shortly after start-up brings them in.
    const deadline = Date.now() + 20_000;
    while ((await Person.countDocuments({ active: true })) < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    await server.services.directory.refreshChanged();
  });
  after(async () => {
    await server?.stop();
    await graph?.stop();
    await sso?.stop();
  });

  const as = async (user: EntraUser) => ({
    authorization: `Bearer ${await sso.token({ oid: user.id, iss: `${graph.authority}/${sso.tenantId}/v2.0` })}`,
  });
  const get = async (user: EntraUser, path: string) =>
    fetch(`${server.url}${path}`, { headers: await as(user) }).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));
  const patch = async (user: EntraUser, body: unknown) =>
    fetch(`${server.url}/api/me`, {
      method: 'PATCH',
      headers: { ...(await as(user)), 'content-type': 'application/json', origin: server.config.publicUrl },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: await r.json() }));

  it('the scheduled sync brought the colleagues in, with their manager', async () => {
    const me = await get(jelte, '/api/me');
    expect(me.status).to.equal(200);
    expect(me.body.person).to.include({ displayName: 'Jelte de Boer', jobTitle: 'boomverzorger' });
    const stored = await Person.findOne({ aadObjectId: jelte.id }).lean();
    const boss = await Person.findOne({ aadObjectId: hylke.id }).lean();
    expect(String(stored!.managerId)).to.equal(String(boss!._id));
  });

  it('marks the fields Entra owns as read-only in the profile, and refuses edits to them', async () => {
    const me = await get(jelte, '/api/me');
    const locked = me.body.profile.locked as Array<{ field: string; owner: string }>;
    for (const field of ['displayName', 'jobTitle', 'department', 'officeLocation', 'businessPhone', 'mobilePhone'])
      expect(locked, field).to.deep.include({ field, owner: 'entra' });
    expect(locked.map((l) => l.field)).to.not.include('mobileVisibility');
    expect(locked.map((l) => l.field)).to.not.include('skills');
    const refused = await patch(jelte, { jobTitle: 'directeur' });
    expect(refused.status).to.equal(400);
    expect((await Person.findOne({ aadObjectId: jelte.id }).lean())!.jobTitle).to.equal('boomverzorger');
  });

  it("the owner's choice decides who sees and finds the mobile number", async () => {
    const jelteId = (await get(jelte, '/api/me')).body.id as string;
    const before = await get(hylke, `/api/people/${jelteId}`);
    expect(before.body.phones.map((p: { kind: string }) => p.kind)).to.not.include('mobile');
    expect((await get(hylke, '/api/people/search?q=0641235678')).body.people).to.have.length(0);
    expect((await get(jelte, '/api/me')).body.profile).to.include({
      mobileVisibility: 'private',
      mobileVisibilityChoice: null,
    });

    const chosen = await patch(jelte, { mobileVisibility: 'organisation' });
    expect(chosen.status).to.equal(200);
    expect(chosen.body.profile).to.include({
      mobileVisibility: 'organisation',
      mobileVisibilityChoice: 'organisation',
    });
    const after = await get(hylke, `/api/people/${jelteId}`);
    expect(after.body.phones.map((p: { kind: string }) => p.kind)).to.include('mobile');
    const found = await get(hylke, '/api/people/search?q=06-41235678');
    expect(found.body.people.map((p: { person: { id: string } }) => p.person.id)).to.deep.equal([jelteId]);

    // A sync afterwards leaves the choice alone.
    entra.updateUser(jelte.id, { mobilePhone: '06-41235679' });
    await server.services.entraSync!.runNow();
    const synced = await get(hylke, `/api/people/${jelteId}`);
    expect(synced.body.phones.find((p: { kind: string }) => p.kind === 'mobile').e164).to.equal('+31641235679');
    expect((await get(jelte, '/api/me')).body.profile.mobileVisibilityChoice).to.equal('organisation');
  });

  it('a change in Entra shows at once after a run; a leaver can no longer sign in or be found', async () => {
    entra.updateUser(hylke.id, { jobTitle: 'teamleider bomen' });
    entra.deleteUser(jelte.id);
    const summary = await server.services.entraSync!.runNow();
    expect(summary).to.include({ updated: 1, deactivated: 1 });
    expect((await get(hylke, '/api/me')).body.person.jobTitle).to.equal('teamleider bomen');
    expect((await get(hylke, '/api/people/search?q=Jelte')).body.people).to.have.length(0);
    expect((await get(jelte, '/api/me')).status).to.equal(403);
    expect(await Person.countDocuments({ aadObjectId: jelte.id, active: false })).to.equal(1);
  });
});
