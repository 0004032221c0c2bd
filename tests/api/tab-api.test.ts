import { expect } from 'chai';
import { startTestServer, type TestServer } from '../support/server.js';
import { startBotConnector, type BotConnectorStandIn } from '../support/bot-connector.js';
import { postActivity, teamsMessage } from '../support/activities.js';
import { actingAs } from '../support/social.js';
import { aDepartment, aGroup, aPerson, aPost, type DepartmentRecord, type PersonRecord } from '../support/factories.js';
import { validateCard } from '../../cards/validate.js';
import { Person } from '../../models/person.js';

/**
 * What the tab's screens ask of the API beyond the social routes: post search (and the bot's
 * "zoek nieuws over …" from the same search), one's own profile, departments with their people,
 * and a colleague's page.
 */
describe('api: post search, profile, departments and person pages for the tab', function () {
  this.timeout(30000);
  let server: TestServer;
  let connector: BotConnectorStandIn;
  let groen: DepartmentRecord;
  let burgerzaken: DepartmentRecord;
  let communicator: PersonRecord;
  let manager: PersonRecord;
  let gardener: PersonRecord;
  let clerk: PersonRecord;
  const as = (who: PersonRecord) => actingAs(server.url, who.email);

  before(async function () {
    this.timeout(120000);
    connector = await startBotConnector();
    server = await startTestServer({ SEED_DEMO: 'false' });
    groen = await aDepartment({ name: 'Groenbeheer' });
    burgerzaken = await aDepartment({ name: 'Burgerzaken' });
    communicator = await aPerson({ roles: ['communicator'], department: burgerzaken, givenName: 'Cora' });
    manager = await aPerson({ department: groen, givenName: 'Mara', surname: 'Bakker', jobTitle: 'Teamleider groen' });
    gardener = await aPerson({
      department: groen,
      givenName: 'Gijs',
      surname: 'Hovenier',
      manager,
      bio: 'Ik snoei de lindes in het centrum.',
      aadObjectId: '0f0e0d0c-0000-4000-8000-000000000001',
      mobilePhone: { display: '06 12345678', e164: '+31612345678' },
    });
    clerk = await aPerson({ department: burgerzaken, givenName: 'Kees', surname: 'Loket' });
    await server.services.directory.refreshChanged();
  });
  after(async () => {
    await server?.stop();
    await connector?.stop();
  });

  describe('GET /api/posts/search', () => {
    let parking: string;
    let parkingForGroen: string;
    let closedPost: string;
    let cafe: string;

    before(async () => {
      parking = (
        await aPost(communicator, {
          title: 'Parkeren bij het stadhuis: nieuwe regels',
          body: 'Vanaf maandag parkeren bezoekers op het **achterterrein**.',
        })
      )._id.toString();
      parkingForGroen = (
        await aPost(communicator, {
          kind: 'department',
          title: 'Werkbussen',
          body: 'De bussen van groen parkeren voortaan bij de werf.',
          audience: { departmentIds: [groen._id] },
        })
      )._id.toString();
      const closed = await aGroup({ visibility: 'closed', admins: [manager] });
      closedPost = (
        await aPost(manager, { group: closed, body: 'Parkeren voor het MT wordt duurder.' })
      )._id.toString();
      cafe = (await aPost(communicator, { title: 'Het café in de hal', body: 'Koffie voor iedereen.' }))._id.toString();
    });

    const search = async (who: PersonRecord, q: string) =>
      (
        await as(who)
          .get(`/api/posts/search?q=${encodeURIComponent(q)}`)
          .expect(200)
      ).body as {
        results: Array<{ post: { id: string; title: string | null }; matched: string[]; snippet: string }>;
      };

    it('finds posts by title, summary and body, title matches first, saying where it matched', async () => {
      const found = await search(gardener, 'parkeren');
      const ids = found.results.map((r) => r.post.id);
      expect(ids).to.include.members([parking, parkingForGroen]);
      expect(ids.indexOf(parking), 'a title match ranks above a body-only match').to.be.below(
        ids.indexOf(parkingForGroen),
      );
      const hit = found.results.find((r) => r.post.id === parking)!;
      expect(hit.matched).to.include('title');
      expect(hit.snippet).to.contain('achterterrein').and.not.contain('**');
    });

    it('shows nobody a post they may not read: another department’s news, a closed group’s posts', async () => {
      const clerkIds = (await search(clerk, 'parkeren')).results.map((r) => r.post.id);
      expect(clerkIds).to.include(parking);
      expect(clerkIds).not.to.include(parkingForGroen);
      expect(clerkIds).not.to.include(closedPost);
      expect((await search(manager, 'parkeren')).results.map((r) => r.post.id)).to.include(closedPost);
    });

    it('matches every word, whatever the accents or case', async () => {
      expect((await search(clerk, 'CAFE hal')).results.map((r) => r.post.id)).to.deep.equal([cafe]);
      expect((await search(clerk, 'café parkeren')).results).to.deep.equal([]);
    });

    it('answers an empty query with nothing and refuses an oversize one', async () => {
      expect((await search(clerk, '  ')).results).to.deep.equal([]);
      await as(clerk)
        .get(`/api/posts/search?q=${'a'.repeat(201)}`)
        .expect(400);
    });

    it('the bot answers "zoek nieuws over parkeren" from the same search, as a news card into the tab', async () => {
      connector.clear();
      const res = await postActivity(
        server.url,
        teamsMessage(connector.serviceUrl, gardener, { text: 'zoek nieuws over parkeren' }),
      );
      expect(res.status).to.equal(200);
      const [reply] = await connector.waitFor(1);
      const card = reply!.body.attachments[0].content;
      expect(validateCard(card).warnings).to.deep.equal([]);
      const text = JSON.stringify(card);
      expect(text).to.contain('Nieuws over ‘parkeren’');
      expect(text).to.contain('Parkeren bij het stadhuis: nieuwe regels');
      expect(text).to.contain('Werkbussen');
      expect(text).not.to.contain('duurder');
      expect(text).to.contain(`post=${parking}`);
    });

    it('the bot says so in English when nothing matches "search news about ..."', async () => {
      connector.clear();
      await postActivity(
        server.url,
        teamsMessage(connector.serviceUrl, gardener, { text: 'search news about zeppelins', locale: 'en-US' }),
      );
      const [reply] = await connector.waitFor(1);
      expect(JSON.stringify(reply!.body)).to.contain('I found no news about ‘zeppelins’');
    });
  });

  describe('PATCH /api/me', () => {
    it('stores the profile fields a person may set, and GET /api/me shows them for the form', async () => {
      const res = await as(clerk)
        .patch('/api/me', {
          jobTitle: '  Medewerker   burgerzaken ',
          officeLocation: 'Stadhuis',
          businessPhone: '0515 481234',
          mobilePhone: '06-87654321',
          mobileVisibility: 'organisation',
          skills: ['Paspoorten', 'rijbewijzen', 'paspoorten', ' '],
          bio: 'Ik help je aan de balie.',
        })
        .expect(200);
      expect(res.body.person).to.include({ jobTitle: 'Medewerker burgerzaken', officeLocation: 'Stadhuis' });
      expect(res.body.person.skills).to.deep.equal(['Paspoorten', 'rijbewijzen']);
      const me = (await as(clerk).get('/api/me').expect(200)).body;
      expect(me.profile).to.include({
        businessPhone: '0515 481234',
        mobilePhone: '06-87654321',
        mobileVisibility: 'organisation',
        bio: 'Ik help je aan de balie.',
        department: 'Burgerzaken',
      });
      const stored = await Person.findById(clerk._id).lean();
      expect(stored?.mobilePhone).to.deep.equal({ display: '06-87654321', e164: '+31687654321' });
      // Colleagues see it at once (the directory index took the change), mobile included now.
      const seen = (await as(gardener).get(`/api/people/${clerk._id}`).expect(200)).body;
      expect(seen.phones.map((p: { e164: string }) => p.e164)).to.include('+31687654321');
    });

    it('refuses a malformed phone number with a localized message per field and stores nothing', async () => {
      const before = await Person.findById(gardener._id).lean();
      const nl = await as(gardener)
        .patch('/api/me', { jobTitle: 'Boomverzorger', mobilePhone: '06 1234 567' })
        .expect(400);
      expect(nl.body.error.code).to.equal('validation_failed');
      expect(nl.body.error.message).to.equal(
        'Je profiel is niet opgeslagen. Pas aan wat hieronder staat en probeer het opnieuw.',
      );
      expect(nl.body.error.details).to.deep.equal([
        {
          field: 'mobilePhone',
          code: 'invalid_phone',
          message:
            '‘06 1234 567’ is geen geldig mobiel nummer. Schrijf het zoals je het zou bellen, bijvoorbeeld 06 12345678.',
        },
      ]);
      const en = await as(gardener)
        .patch('/api/me', { businessPhone: 'bel me maar' })
        .set('Accept-Language', 'en-US,en;q=0.9')
        .expect(400);
      expect(en.body.error.details[0].message).to.match(/^‘bel me maar’ is not a valid phone number/);
      const after = await Person.findById(gardener._id).lean();
      expect(after?.jobTitle, 'the valid field beside the bad one was not stored either').to.equal(before?.jobTitle);
      expect(after?.mobilePhone).to.deep.equal(before?.mobilePhone);
    });

    it('refuses what a person may not set (department, roles) and over-long text', async () => {
      const res = await as(gardener)
        .patch('/api/me', { department: 'Directie', roles: ['admin'], bio: 'x'.repeat(2001) })
        .expect(400);
      expect(res.body.error.details.map((d: { field: string; code: string }) => `${d.field}:${d.code}`)).to.deep.equal([
        'department:unknown_field',
        'roles:unknown_field',
        'bio:too_long',
      ]);
      const stored = await Person.findById(gardener._id).lean();
      expect(stored?.roles).to.deep.equal([]);
      expect(stored?.department).to.equal('Groenbeheer');
    });

    it('clears a field given as null or empty', async () => {
      await as(clerk).patch('/api/me', { officeLocation: '', bio: null }).expect(200);
      const stored = await Person.findById(clerk._id).lean();
      expect(stored?.officeLocation).to.equal(undefined);
      expect(stored?.bio).to.equal(undefined);
    });
  });

  describe('GET /api/departments and GET /api/people/:id', () => {
    it('lists departments with their people by name, a private mobile hidden from colleagues', async () => {
      const res = await as(clerk).get('/api/departments').expect(200);
      const names = res.body.departments.map((d: { name: string }) => d.name);
      expect(names).to.deep.equal(['Burgerzaken', 'Groenbeheer']);
      const green = res.body.departments.find((d: { name: string }) => d.name === 'Groenbeheer');
      expect(green.personCount).to.equal(2);
      expect(green.people.map((p: { displayName: string }) => p.displayName)).to.deep.equal([
        'Gijs Hovenier',
        'Mara Bakker',
      ]);
      expect(JSON.stringify(res.body)).not.to.contain('+31612345678');
    });

    it('a person page has the bio, the manager and the colleagues in the same department', async () => {
      const page = (await as(clerk).get(`/api/people/${gardener._id}`).expect(200)).body;
      expect(page).to.include({ displayName: 'Gijs Hovenier', bio: 'Ik snoei de lindes in het centrum.' });
      expect(page.departmentId).to.equal(groen._id.toString());
      expect(page.manager).to.include({ displayName: 'Mara Bakker', jobTitle: 'Teamleider groen' });
      expect(page.colleagues.map((p: { displayName: string }) => p.displayName)).to.deep.equal(['Mara Bakker']);
      expect(page.colleagueCount).to.equal(1);
      expect(JSON.stringify(page)).not.to.contain('+31612345678');
      const own = (await as(gardener).get(`/api/people/${gardener._id}`).expect(200)).body;
      expect(own.phones.map((p: { kind: string }) => p.kind)).to.include('mobile');
    });
  });
});
