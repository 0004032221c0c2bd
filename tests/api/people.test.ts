import { expect } from 'chai';
import { refreshDirectory, startTestServer, type TestServer } from '../support/server.js';
import { aDepartment, aPerson, type PersonRecord } from '../support/factories.js';
import { Person } from '../../models/person.js';

describe('tab API: people', () => {
  let server: TestServer;
  let owner: PersonRecord;
  let colleague: PersonRecord;
  const ownersMobile = '06 1234 5678';
  before(async function () {
    this.timeout(60_000);
    server = await startTestServer({ SEED_DEMO: 'false' });
    const burgerzaken = await aDepartment({ name: 'Burgerzaken' });
    const elsewhere = await aDepartment({ name: 'Sociaal Domein' });
    await aPerson({ givenName: 'Jelte', surname: 'Zijlstra', department: elsewhere });
    await aPerson({ givenName: 'Jelmer', surname: 'Tjeerdsma', department: elsewhere });
    for (let i = 0; i < 6; i++) await aPerson({ department: burgerzaken });
    for (let i = 0; i < 3; i++) await aPerson({ department: elsewhere });
    owner = await aPerson({ mobilePhone: ownersMobile, mobileVisibility: 'private', department: burgerzaken });
    colleague = await aPerson({ department: elsewhere });
    await refreshDirectory(server);
  });
  after(async () => server?.stop());

  const get = (path: string, as: PersonRecord) =>
    fetch(`${server.url}${path}`, { headers: { 'x-ids-dev-user': as.email } });

  it('finds a colleague by name, and says why they matched', async () => {
    const res = await get(`/api/people/search?q=${encodeURIComponent('jelte')}`, colleague);
    expect(res.status).to.equal(200);
    const body = await res.json();
    expect(body.people[0].person.displayName).to.match(/^Jelte /);
    expect(body.people[0].matched[0]).to.include({ field: 'name' });
  });

  it('filters by department and honours the limit', async () => {
    const res = await get(`/api/people/search?q=&department=Burgerzaken&limit=5`, colleague);
    const body = await res.json();
    expect(body.people).to.have.length(5);
    for (const p of body.people) expect(p.person.department).to.equal('Burgerzaken');
  });

  it('shows a private mobile number to its owner only', async () => {
    const mine = await (await get(`/api/people/${owner._id}`, owner)).json();
    expect(mine.phones.map((p: { display: string }) => p.display)).to.include(ownersMobile);
    expect(mine.self).to.equal(true);
    const theirs = await (await get(`/api/people/${owner._id}`, colleague)).json();
    expect(theirs.phones.map((p: { kind: string }) => p.kind)).not.to.include('mobile');
    // Not in any format: neither as typed nor as E.164.
    expect(JSON.stringify(theirs)).not.to.match(/1234\s?5678/);
    const found = await (await get(`/api/people/search?q=${encodeURIComponent(owner.displayName)}`, colleague)).json();
    expect(found.people.map((p: { person: { id: string } }) => p.person.id)).to.include(owner._id.toString());
    expect(JSON.stringify(found)).not.to.match(/1234\s?5678/);
  });

  it('does not find anyone by a private mobile number', async () => {
    const res = await get(`/api/people/search?q=${encodeURIComponent(ownersMobile)}`, colleague);
    const body = await res.json();
    expect(body.people.map((p: { person: { id: string } }) => p.person.id)).not.to.include(owner._id.toString());
  });

  it('answers a malformed id with 400 and an unknown one with 404', async () => {
    const bad = await get('/api/people/not-an-id', colleague);
    expect(bad.status).to.equal(400);
    expect((await bad.json()).error.code).to.equal('validation_failed');
    const unknown = await get('/api/people/0123456789abcdef01234567', colleague);
    expect(unknown.status).to.equal(404);
  });

  it('refuses an oversize query with 400', async () => {
    const res = await get(`/api/people/search?q=${'a'.repeat(500)}`, colleague);
    expect(res.status).to.equal(400);
  });

  it('sees a new person within a second of their import', async () => {
    await Person.create({
      email: 'wiebren.nieuw@gemeente-ids.nl',
      displayName: 'Wiebren Nieuwenhuis',
      givenName: 'Wiebren',
      surname: 'Nieuwenhuis',
    });
    const deadline = Date.now() + 2_000;
    let found = false;
    while (!found && Date.now() < deadline) {
      const body = await (await get('/api/people/search?q=wiebren', colleague)).json();
      found = body.people.some(
        (p: { person: { displayName: string } }) => p.person.displayName === 'Wiebren Nieuwenhuis',
      );
      if (!found) await new Promise((r) => setTimeout(r, 100));
    }
    expect(found).to.equal(true);
  });
});
