import { expect } from 'chai';
import { startTestServer, type TestServer } from '../support/server.js';
import { actingAs } from '../support/social.js';
import {
  aDepartment,
  aPerson,
  actorOf,
  completeProfile,
  withPhoto,
  type DepartmentRecord,
  type PersonRecord,
} from '../support/factories.js';
import { viewIncompleteList } from '../../core/policies/completeness.js';
import { personCard } from '../../cards/person-card.js';
import { validateCard } from '../../cards/validate.js';

/** The tab's side of completeness: GET /api/me, the leaderboard, the ambassadors' and admins' lists, campaigns. */
describe('nudges: the API', function () {
  this.timeout(60000);
  let server: TestServer;
  let dept: DepartmentRecord;
  let other: DepartmentRecord;
  let ambassador: PersonRecord;
  let plain: PersonRecord;
  let admin: PersonRecord;
  let communicator: PersonRecord;
  let noManager: PersonRecord;

  async function member(
    d: DepartmentRecord,
    leave: Array<keyof typeof completeProfile> = [],
    roles: PersonRecord['roles'] = [],
  ) {
    const fields = Object.fromEntries(Object.entries(completeProfile).filter(([k]) => !leave.includes(k as never)));
    const p = await aPerson({ ...fields, department: d, manager: admin, roles });
    await withPhoto(p);
    return p;
  }

  before(async () => {
    server = await startTestServer({ SEED_DEMO: 'false', AMBASSADOR_LISTS: 'true' });
    admin = await aPerson({ ...completeProfile, roles: ['admin'] });
    dept = await aDepartment({ name: 'Burgerzaken' });
    other = await aDepartment({ name: 'Belastingen' });
    ambassador = await member(dept, [], ['ambassador']);
    plain = await member(dept, ['businessPhone', 'bio']);
    for (let i = 0; i < 3; i++) await member(dept);
    for (let i = 0; i < 5; i++) await member(other);
    communicator = await member(other, [], ['communicator']);
    noManager = await aPerson({ ...completeProfile, department: other });
    await server.services.directory.refreshChanged();
  });
  after(async () => {
    await server?.stop();
  });
  const as = (who: PersonRecord) => actingAs(server.url, who.email);

  it('GET /api/me: the score, the missing fields by value (what each adds, whether I can add it) and the next step', async () => {
    const me = (await as(plain).get('/api/me').expect(200)).body;
    expect(me.completeness).to.deep.equal({
      score: 70,
      complete: false,
      missing: [
        { field: 'businessPhone', weight: 20, askable: true },
        { field: 'bio', weight: 10, askable: true },
      ],
      next: 'businessPhone',
      threshold: 100,
      nudges: true,
    });
    await as(plain).put('/api/me/nudges').send({ wanted: false }).expect(200);
    expect((await as(plain).get('/api/me/completeness').expect(200)).body.nudges).to.equal(false);
    await as(plain).put('/api/me/nudges').send({ wanted: 'no' }).expect(400);
    const gaps = (await as(noManager).get('/api/me').expect(200)).body.completeness;
    expect(gaps.missing).to.deep.include({ field: 'manager', weight: 10, askable: false });
    expect(gaps.next).to.equal('photo');
  });

  it('GET /api/me says what the tab may offer: the department list to its ambassador, the gaps to admins', async () => {
    const can = async (who: PersonRecord) => (await as(who).get('/api/me').expect(200)).body;
    expect(await can(ambassador)).to.deep.include({
      departmentId: dept._id.toString(),
      can: { viewAnalytics: false, viewProfileGaps: false, viewIncompleteList: true },
    });
    expect((await can(plain)).can).to.deep.equal({
      viewAnalytics: false,
      viewProfileGaps: false,
      viewIncompleteList: false,
    });
    // An admin is no ambassador by office; a communicator sees the analytics.
    expect((await can(admin)).can).to.deep.equal({
      viewAnalytics: true,
      viewProfileGaps: true,
      viewIncompleteList: false,
    });
    expect((await can(communicator)).can.viewAnalytics).to.equal(true);
  });

  it('GET /api/departments/completeness: departments by their share of complete profiles, mine marked', async () => {
    const board = (await as(plain).get('/api/departments/completeness').expect(200)).body;
    const rows = board.departments.map((d: { name: string; completeShare: number; rank: number; yours: boolean }) => [
      d.name,
      d.completeShare,
      d.rank,
      d.yours,
    ]);
    // Belastingen: 6 complete and one without a photo or manager; Burgerzaken: 4 of 5.
    expect(rows).to.deep.equal([
      ['Belastingen', 85, 1, false],
      ['Burgerzaken', 80, 2, true],
    ]);
    expect(board.can.manageCampaign).to.equal(false);
    expect(board.campaign).to.equal(null);
    expect((await as(communicator).get('/api/departments/completeness').expect(200)).body.can.manageCampaign).to.equal(
      true,
    );
  });

  it('an ambassador sees their own department’s incomplete profiles: names and what is missing, nothing else', async () => {
    const list = (await as(ambassador).get(`/api/departments/${dept._id}/incomplete`).expect(200)).body.people;
    expect(list).to.deep.equal([
      { id: plain._id.toString(), displayName: plain.displayName, missing: ['businessPhone', 'bio'] },
    ]);
    // Not another department's, and nobody else sees such a list, admins included.
    await as(ambassador).get(`/api/departments/${other._id}/incomplete`).expect(403);
    await as(plain).get(`/api/departments/${dept._id}/incomplete`).expect(403);
    const refused = await as(admin).get(`/api/departments/${dept._id}/incomplete`).expect(403);
    expect(refused.body.error.message).to.contain('ambassadeurs');
    // Off unless the organisation switched it on.
    expect(viewIncompleteList(actorOf(ambassador), dept._id, { ambassadorLists: false }).ok).to.equal(false);
  });

  it('admins see who misses what only the organisation can fill in; nobody else does', async () => {
    const gaps = (await as(admin).get('/api/profile-gaps?field=manager').expect(200)).body.people;
    const ids = gaps.map((g: { id: string }) => g.id);
    expect(ids).to.include(noManager._id.toString());
    expect(ids).to.not.include(plain._id.toString());
    expect(gaps.find((g: { id: string }) => g.id === noManager._id.toString()).gaps).to.deep.equal(['manager']);
    await as(communicator).get('/api/profile-gaps').expect(403);
    await as(admin).get('/api/profile-gaps?field=shoeSize').expect(400);
  });

  it('ambassadors are shown as such on their profile and in their card', async () => {
    const page = (await as(plain).get(`/api/people/${ambassador._id}`).expect(200)).body;
    expect(page.ambassador ?? page.person?.ambassador).to.equal(true);
    const other = (await as(ambassador).get(`/api/people/${plain._id}`).expect(200)).body;
    expect(other.ambassador ?? other.person?.ambassador).to.equal(undefined);
    const card = personCard(page.person ?? page, { locale: 'nl' });
    expect(validateCard(card).warnings).to.deep.equal([]);
    expect(JSON.stringify(card)).to.contain('Ambassadeur');
  });

  it('campaigns: communicators start and end them, one at a time; others may not', async () => {
    await as(plain).post('/api/campaigns').send({ name: 'Smoothies' }).expect(403);
    const started = (await as(communicator).post('/api/campaigns').send({ name: 'Smoothies' }).expect(201)).body
      .campaign;
    expect(started).to.include({ name: 'Smoothies', running: true });
    const again = await as(communicator).post('/api/campaigns').send({}).expect(409);
    expect(again.body.error.message).to.contain('Er loopt al een campagne');
    expect((await as(plain).get('/api/departments/completeness').expect(200)).body.campaign.name).to.equal('Smoothies');
    await as(plain).post('/api/campaigns/current/end').send({}).expect(403);
    const ended = (await as(communicator).post('/api/campaigns/current/end').send({}).expect(200)).body.campaign;
    expect(ended.running).to.equal(false);
    const list = (await as(communicator).get('/api/campaigns').expect(200)).body;
    expect(list.running).to.equal(null);
    expect(list.past[0].name).to.equal('Smoothies');
  });
});
