import { expect } from 'chai';
import pino from 'pino';
import sharp from 'sharp';
import { Person } from '../../models/person.js';
import { Department } from '../../models/department.js';
import { SyncState } from '../../models/sync-state.js';
import type { GraphClient } from '../../core/graph/index.js';
import { syncFromEntra, type EntraSyncSettings } from '../../core/people/entra-sync.js';
import { writeFile } from 'node:fs/promises';
import { setProfilePhoto } from '../../core/people/photo.js';
import { Uploads } from '../../core/media/uploads.js';
import { loadDirectory } from '../../core/directory/index.js';
import { mediaFiles } from '../../core/media/store.js';
import { actorFromPerson } from '../../core/identity.js';
import { useTestStore } from '../support/db.js';
import { appGraphClient, startGraphStandIn, type GraphStandIn } from '../support/graph.js';
import { EntraDirectory, type EntraUser } from '../support/graph-directory.js';
import { aPerson } from '../support/factories.js';
import { importPeople } from '../../core/people/import.js';
import { parsePeopleFile } from '../../core/people/import-file.js';

const silent = pino({ level: 'silent' });
const HOUR = 3_600_000;

async function jpeg(colour: string): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 64, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();
}

describe('core/people: the directory synced from Entra ID', function () {
  this.timeout(60_000);
  useTestStore();

  let graphServer: GraphStandIn;
  let entra: EntraDirectory;
  let graph: GraphClient;
  let settings: EntraSyncSettings;
  let clock: Date;

  const uploads = new Uploads({ perPerson: 4, atOnce: 8, quotaBytes: 100 * 1024 * 1024 });
  after(() => uploads.close());
  const sync = (over: Partial<EntraSyncSettings> = {}) =>
    syncFromEntra({ graph, settings: { ...settings, ...over }, log: silent, uploads, now: () => clock });
  const person = (u: EntraUser) => Person.findOne({ aadObjectId: u.id }).lean();

  beforeEach(async () => {
    await Person.deleteMany({});
    await Department.deleteMany({});
    await SyncState.deleteMany({});
    graphServer = await startGraphStandIn();
    entra = new EntraDirectory({ pageSize: 3 });
    graphServer.use(entra.routes);
    graph = appGraphClient(graphServer);
    settings = { photoCheckMs: 0 };
    clock = new Date('2025-06-02T08:00:00Z');
  });
  afterEach(() => graphServer.stop());

  function smallOrganisation() {
    const hylke = entra.addUser({
      displayName: 'Hylke Terpstra',
      givenName: 'Hylke',
      surname: 'Terpstra',
      jobTitle: 'teamleider boomverzorging',
      department: 'Boomverzorging',
      officeLocation: 'Gemeentewerf',
      businessPhones: ['0515 48 12 34'],
    });
    const jelte = entra.addUser({
      displayName: 'Jelte de Boer',
      givenName: 'Jelte',
      surname: 'de Boer',
      jobTitle: 'boomverzorger',
      department: 'Boomverzorging',
      officeLocation: 'Gemeentewerf',
      mobilePhone: '06-41235678',
      managerId: hylke.id,
    });
    const anne = entra.addUser({
      displayName: 'Anne-Roos van der Vooren',
      givenName: 'Anne-Roos',
      surname: 'van der Vooren',
      jobTitle: 'klantadviseur',
      department: 'Klantcontactcentrum',
      businessPhones: ['+31 515 48 23 45'],
    });
    const guest = entra.addUser({
      displayName: 'Gast Adviesbureau',
      userType: 'Guest',
      userPrincipalName: 'gast_adviesbureau.nl#EXT#@gemeenteids.onmicrosoft.com',
      mail: 'gast@adviesbureau.nl',
    });
    const disabled = entra.addUser({ displayName: 'Oud Account', accountEnabled: false });
    return { hylke, jelte, anne, guest, disabled };
  }

  it('first sync: colleagues with their fields and manager; guests and disabled accounts are not imported', async () => {
    const { hylke, jelte, anne, guest, disabled } = smallOrganisation();
    const summary = await sync();

    expect(summary).to.include({ outcome: 'done', mode: 'full', restarted: false, added: 3, deactivated: 0 });
    expect(summary.ignored).to.deep.equal({ guests: 1, disabled: 1, notStaff: 0 });
    expect(summary.failed).to.deep.equal([]);
    // 5 users in pages of 3: two delta pages.
    expect(summary.requests).to.equal(2);

    const j = await person(jelte);
    expect(j).to.include({
      displayName: 'Jelte de Boer',
      givenName: 'Jelte',
      surname: 'de Boer',
      jobTitle: 'boomverzorger',
      department: 'Boomverzorging',
      officeLocation: 'Gemeentewerf',
      active: true,
      email: jelte.userPrincipalName.toLowerCase(),
    });
    expect(j!.mobilePhone).to.deep.equal({ display: '06-41235678', e164: '+31641235678' });
    const h = await person(hylke);
    expect(String(j!.managerId)).to.equal(String(h!._id));
    expect(h!.businessPhone).to.deep.equal({ display: '0515 48 12 34', e164: '+31515481234' });
    expect((await person(anne))!.department).to.equal('Klantcontactcentrum');
    expect(await Department.countDocuments()).to.equal(2);
    expect(await person(guest)).to.equal(null);
    expect(await person(disabled)).to.equal(null);
    expect(await Person.countDocuments({ email: 'gast@adviesbureau.nl' })).to.equal(0);

    // Found by the directory as colleagues are.
    const directory = await loadDirectory();
    expect(directory.search('Jelte')[0]?.person.displayName).to.equal('Jelte de Boer');
    expect(directory.search('Gast')).to.have.length(0);
  });

  it('a re-run without changes makes one Graph request and writes no person', async () => {
    smallOrganisation();
    await sync();
    const before = await Person.find({}, { updatedAt: 1 }).sort({ _id: 1 }).lean();
    const again = await sync();
    expect(again).to.include({ mode: 'delta', requests: 1, writes: 0, added: 0, updated: 0, deactivated: 0 });
    const after = await Person.find({}, { updatedAt: 1 }).sort({ _id: 1 }).lean();
    expect(after.map((p) => p.updatedAt.getTime())).to.deep.equal(before.map((p) => p.updatedAt.getTime()));
  });

  it('a delta brings changes, newcomers and removals only; leavers become inactive, nothing is deleted', async () => {
    const { jelte, anne, hylke } = smallOrganisation();
    await sync();
    const untouched = (await person(hylke))!.updatedAt;
    entra.updateUser(jelte.id, { jobTitle: 'senior boomverzorger', officeLocation: 'Stadhuis' });
    entra.deleteUser(anne.id);
    const newcomer = entra.addUser({
      displayName: 'Sietse Bakker',
      department: 'Groenvoorziening',
      managerId: hylke.id,
    });
    graphServer.log.length = 0;

    const summary = await sync();
    expect(summary).to.include({ mode: 'delta', added: 1, updated: 1, deactivated: 1 });
    // Two changed users and a removal, in pages of three: one request.
    expect(graphServer.log.map((r) => r.path)).to.deep.equal(['/users/delta']);
    expect((await person(jelte))!).to.include({ jobTitle: 'senior boomverzorger', officeLocation: 'Stadhuis' });
    const gone = await person(anne);
    expect(gone).to.include({ active: false, displayName: 'Anne-Roos van der Vooren' });
    expect(gone!.entra!.inactiveReason).to.equal('removed');
    const sietse = await person(newcomer);
    expect(String(sietse!.managerId)).to.equal(String((await person(hylke))!._id));
    expect((await person(hylke))!.updatedAt.getTime()).to.equal(untouched.getTime());
    expect(await Person.countDocuments()).to.equal(4);
  });

  it('an expired delta link starts a full read, and someone removed meanwhile still becomes inactive', async () => {
    const { jelte, anne } = smallOrganisation();
    await sync();
    entra.deleteUser(anne.id);
    entra.updateUser(jelte.id, { jobTitle: 'boomverzorger / klimmer' });
    entra.expireDeltaTokens();

    const summary = await sync();
    expect(summary).to.include({ restarted: true, mode: 'full', deactivated: 1, updated: 1, added: 0 });
    expect(graphServer.log.some((r) => r.status === 410)).to.equal(true);
    expect((await person(anne))!.active).to.equal(false);
    expect((await person(jelte))!.jobTitle).to.equal('boomverzorger / klimmer');

    // The new link works: the next run is a delta again.
    expect(await sync()).to.include({ mode: 'delta', requests: 1, writes: 0 });
  });

  it('honours throttling (429 and 503 with Retry-After) and finishes the same', async () => {
    smallOrganisation();
    graphServer.throttle({ times: 1, status: 429, retryAfter: 1 });
    graphServer.throttle({ times: 1, status: 503, retryAfter: 0 });
    const started = Date.now();
    const summary = await sync();
    expect(Date.now() - started).to.be.at.least(950);
    expect(summary).to.include({ added: 3, throttled: 2 });
    expect(summary.requests).to.equal(4);
    expect(graphServer.log.filter((r) => r.status === 429 || r.status === 503)).to.have.length(2);
  });

  it('renews the token once when Graph answers 401', async () => {
    smallOrganisation();
    await sync();
    graphServer.revokeTokens();
    const issued = graphServer.tokensIssued();
    expect(await sync()).to.include({ writes: 0 });
    expect(graphServer.tokensIssued()).to.equal(issued + 1);
  });

  it('a disabled account becomes inactive, and active again when enabled', async () => {
    const { jelte } = smallOrganisation();
    await sync();
    entra.updateUser(jelte.id, { accountEnabled: false });
    expect(await sync()).to.include({ deactivated: 1 });
    const off = await person(jelte);
    expect(off).to.include({ active: false });
    expect(off!.entra!.inactiveReason).to.equal('disabled');
    expect((await loadDirectory()).search('Jelte')).to.have.length(0);

    entra.updateUser(jelte.id, { accountEnabled: true });
    expect(await sync()).to.include({ reactivated: 1 });
    expect((await person(jelte))!.active).to.equal(true);
  });

  it("never overwrites a person's own edits: skills, about, mobile visibility, an uploaded photo", async () => {
    const { jelte } = smallOrganisation();
    entra.setPhoto(jelte.id, await jpeg('#2a7'));
    await sync({ photoCheckMs: HOUR });
    const stored = (await person(jelte))!;
    expect(stored.photoSource).to.equal('entra');
    await Person.updateOne(
      { _id: stored._id },
      { $set: { skills: ['klimmen'], bio: 'Bel me gerust.', mobileVisibility: 'organisation' } },
    );
    const own = await jpeg('#c33');
    const uploaded = await setProfilePhoto(actorFromPerson(stored), uploads, async (tempPath) => {
      await writeFile(tempPath, own);
      return { name: 'mij.jpg', size: own.length };
    });

    entra.updateUser(jelte.id, { jobTitle: 'senior boomverzorger', mobilePhone: '06 4123 5679' });
    entra.setPhoto(jelte.id, await jpeg('#33c'));
    clock = new Date(clock.getTime() + 2 * HOUR);
    const summary = await sync({ photoCheckMs: HOUR });
    expect(summary.updated).to.equal(1);
    const after = (await person(jelte))!;
    expect(after).to.include({
      jobTitle: 'senior boomverzorger',
      bio: 'Bel me gerust.',
      mobileVisibility: 'organisation',
    });
    expect(after.skills).to.deep.equal(['klimmen']);
    expect(after.mobilePhone!.e164).to.equal('+31641235679');
    expect(String(after.photoId)).to.equal(String(uploaded.photoId));
    expect(after.photoSource).to.equal(undefined);
  });

  it('photos: fetched when new or changed (by mediaEtag), not otherwise, removed when Entra has none', async () => {
    const { jelte, anne } = smallOrganisation();
    entra.setPhoto(jelte.id, await jpeg('#2a7'));
    const first = await sync({ photoCheckMs: HOUR });
    expect(first.photos).to.deep.equal({ checked: 3, updated: 1, removed: 0, failed: 0 });
    const j = (await person(jelte))!;
    expect(j.photoId).to.not.equal(undefined);
    // Stored like an upload: a thumbnail of at most 400 px, marked as the person's profile photo.
    const thumb = await mediaFiles().findOne({ _id: j.photoId! });
    expect(thumb!.metadata).to.include({ role: 'thumbnail', contentType: 'image/jpeg' });
    expect(String(thumb!.metadata.profileOf)).to.equal(String(j._id));
    expect(await person(anne)).to.not.have.property('photoId');

    // Within the check interval nothing is looked at.
    clock = new Date(clock.getTime() + HOUR / 2);
    graphServer.log.length = 0;
    expect((await sync({ photoCheckMs: HOUR })).photos.checked).to.equal(0);
    expect(graphServer.log.map((r) => r.path)).to.deep.equal(['/users/delta']);

    // Due again, same photos: metadata only (one $batch), no download.
    clock = new Date(clock.getTime() + HOUR);
    graphServer.log.length = 0;
    const same = await sync({ photoCheckMs: HOUR });
    expect(same.photos).to.include({ checked: 3, updated: 0 });
    expect(graphServer.log.filter((r) => r.path.endsWith('/$value'))).to.have.length(0);
    expect(graphServer.log.filter((r) => r.path === '/$batch')).to.have.length(0);
    expect(same.requests).to.equal(2);

    // A changed photo is downloaded once; one taken away in Entra disappears in Ids.
    entra.setPhoto(anne.id, await jpeg('#999'));
    entra.setPhoto(jelte.id, undefined);
    clock = new Date(clock.getTime() + 2 * HOUR);
    graphServer.log.length = 0;
    const changed = await sync({ photoCheckMs: HOUR });
    expect(changed.photos).to.include({ updated: 1, removed: 1 });
    expect(graphServer.log.filter((r) => r.path.endsWith('/$value'))).to.have.length(1);
    expect((await person(anne))!.photoSource).to.equal('entra');
    expect(await person(jelte)).to.not.have.property('photoId');
    expect(await mediaFiles().countDocuments({ _id: j.photoId! })).to.equal(0);
  });

  it('throttled items inside a photo $batch are asked again after Retry-After', async () => {
    const { jelte } = smallOrganisation();
    entra.setPhoto(jelte.id, await jpeg('#2a7'));
    graphServer.throttle({ times: 2, status: 429, retryAfter: 1, match: (r) => r.inBatch });
    const summary = await sync({ photoCheckMs: HOUR });
    expect(summary.photos).to.include({ checked: 3, updated: 1, failed: 0 });
    expect(summary.throttled).to.equal(2);
  });

  it('staff as a group: only members come in; leaving the group makes inactive, joining brings in', async () => {
    const { hylke, jelte, anne } = smallOrganisation();
    const group = '7b0b4b0e-1111-4222-8333-944444444444';
    entra.addToGroup(group, hylke.id);
    entra.addToGroup(group, jelte.id);
    const first = await sync({ staffGroupId: group });
    expect(first).to.include({ added: 2 });
    expect(first.ignored.notStaff).to.equal(1);
    expect(await person(anne)).to.equal(null);

    entra.removeFromGroup(group, jelte.id);
    entra.addToGroup(group, anne.id);
    const second = await sync({ staffGroupId: group });
    expect(second).to.include({ added: 1, deactivated: 1 });
    expect((await person(jelte))!.entra!.inactiveReason).to.equal('not_staff');
    expect((await person(anne))!).to.include({ active: true, jobTitle: 'klantadviseur' });
    // Nothing changed: the group's delta and the users' delta, one request each.
    expect(await sync({ staffGroupId: group })).to.include({ requests: 2, writes: 0 });
  });

  it('staff by an attribute: employeeType decides, and a change of it is followed', async () => {
    const { jelte, anne } = smallOrganisation();
    for (const u of entra.all()) entra.updateUser(u.id, { employeeType: u.id === anne.id ? 'Inhuur' : 'Medewerker' });
    const staffAttribute = { name: 'employeeType', value: 'Medewerker' };
    expect(await sync({ staffAttribute })).to.include({ added: 2 });
    expect(await person(anne)).to.equal(null);
    entra.updateUser(jelte.id, { employeeType: 'Inhuur' });
    entra.updateUser(anne.id, { employeeType: 'Medewerker' });
    expect(await sync({ staffAttribute })).to.include({ added: 1, deactivated: 1 });
  });

  it('manager changes and removals arrive through manager@delta', async () => {
    const { hylke, jelte, anne } = smallOrganisation();
    await sync();
    entra.updateUser(jelte.id, { managerId: anne.id });
    await sync();
    expect(String((await person(jelte))!.managerId)).to.equal(String((await person(anne))!._id));
    entra.updateUser(jelte.id, { managerId: undefined });
    await sync();
    expect(await person(jelte)).to.not.have.property('managerId');
    expect(hylke.id).to.be.a('string');
  });

  it('binds people imported earlier by their email, keeping what Ids decides (roles) and their history', async () => {
    const { jelte } = smallOrganisation();
    const imported = await aPerson({
      email: jelte.userPrincipalName.toLowerCase(),
      givenName: 'Jelte',
      surname: 'de Boer',
      roles: ['ambassador'],
      skills: ['snoeien'],
    });
    const summary = await sync();
    expect(summary).to.include({ added: 2, updated: 1 });
    const bound = (await Person.findById(imported._id).lean())!;
    expect(bound).to.include({ aadObjectId: jelte.id, jobTitle: 'boomverzorger' });
    expect(bound.roles).to.deep.equal(['ambassador']);
    expect(bound.skills).to.deep.equal(['snoeien']);
  });

  it('a CSV import while the sync is on leaves what Entra owns and takes the rest', async () => {
    const { jelte } = smallOrganisation();
    await sync();
    const csv = `email,jobTitle,skills,mobileVisibility\n${jelte.userPrincipalName},directeur,klimmen;snoeien,organisation\n`;
    const summary = await importPeople(parsePeopleFile(Buffer.from(csv)).rows, { entraSyncOn: true });
    expect(summary.updated).to.equal(1);
    expect(summary.warnings.map((w) => w.message)).to.deep.equal([
      `${jelte.userPrincipalName.toLowerCase()} comes from Entra ID: jobTitle left as Entra has them`,
    ]);
    const after = (await person(jelte))!;
    expect(after).to.include({ jobTitle: 'boomverzorger', mobileVisibility: 'organisation' });
    expect(after.skills).to.deep.equal(['klimmen', 'snoeien']);
  });

  it('runs once at a time: a second run while one holds the lease does nothing', async () => {
    smallOrganisation();
    await SyncState.create({ _id: 'entra', lease: { owner: 'elsewhere', until: new Date(Date.now() + 60_000) } });
    const summary = await sync();
    expect(summary.outcome).to.equal('locked');
    expect(graphServer.httpRequests()).to.equal(0);
    expect(await Person.countDocuments()).to.equal(0);
  });

  it('a person without a usable id or email is named in the summary; the others are taken', async () => {
    smallOrganisation();
    const existing = await aPerson({
      email: 'bezet@gemeente-ids.nl',
      aadObjectId: '0d0d0d0d-0000-4000-8000-000000000001',
    });
    entra.addUser({
      displayName: 'Dubbel',
      userPrincipalName: 'dubbel@gemeente-ids.nl',
      mail: 'bezet@gemeente-ids.nl',
    });
    const summary = await sync();
    expect(summary.added).to.equal(3);
    expect(summary.failed).to.have.length(1);
    expect(summary.failed[0]!.reason).to.match(/another person already has this/);
    expect((await Person.findById(existing._id).lean())!.displayName).to.equal(existing.displayName);
  });
});
