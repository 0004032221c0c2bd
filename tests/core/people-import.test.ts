import { expect } from 'chai';
import iconv from 'iconv-lite';
import { Department, Person } from '../../models/index.js';
import { parsePeopleFile } from '../../core/people/import-file.js';
import { importPeople, type ImportOptions } from '../../core/people/import.js';
import { demoPeopleCsv, generateDemoOrganisation } from '../../demo/index.js';
import { useTestStore } from '../support/db.js';

const HEADER =
  'email,displayName,givenName,surname,jobTitle,department,officeLocation,businessPhone,mobilePhone,skills,managerEmail,aadObjectId,roles';
const GUID_A = '6f9619ff-8b86-d011-b42d-00c04fc964ff';
const GUID_B = '0c8a7a92-76ad-564d-ba94-228f2e7e0885';

const run = (text: string | Buffer, options?: ImportOptions) =>
  importPeople(parsePeopleFile(typeof text === 'string' ? Buffer.from(text) : text).rows, options);

describe('core/people: importing people into the store', () => {
  useTestStore();

  beforeEach(async () => {
    await Person.deleteMany({});
    await Department.deleteMany({});
  });

  it('creates people with their department, phones, skills, roles and a manager further down the file', async () => {
    const summary = await run(
      [
        HEADER,
        `jelte.deboer@gemeente-ids.nl,Jelte de Boer,Jelte,de Boer,boomverzorger,Boomverzorging,Gemeentewerf,,06-41235678,boomveiligheid;klimmen,hylke.terpstra@gemeente-ids.nl,${GUID_A},ambassador`,
        `Hylke.Terpstra@Gemeente-Ids.nl,Hylke Terpstra,Hylke,Terpstra,teamleider boomverzorging,boomverzorging,Gemeentewerf,0515 48 12 34,,,,${GUID_B},manager`,
      ].join('\n'),
    );
    expect(summary).to.include({ total: 2, created: 2, updated: 0, unchanged: 0 });
    expect(summary.rejected).to.deep.equal([]);
    expect(summary.warnings).to.deep.equal([]);
    expect(summary.departmentsCreated).to.deep.equal(['Boomverzorging']);

    const jelte = await Person.findOne({ email: 'jelte.deboer@gemeente-ids.nl' }).lean();
    const hylke = await Person.findOne({ email: 'hylke.terpstra@gemeente-ids.nl' }).lean();
    expect(jelte).to.include({
      displayName: 'Jelte de Boer',
      department: 'Boomverzorging',
      aadObjectId: GUID_A,
    });
    // No column, no choice: nothing stored, so MOBILE_VISIBILITY decides.
    expect(jelte).not.to.have.property('mobileVisibility');
    expect(jelte!.mobilePhone).to.deep.equal({ display: '06-41235678', e164: '+31641235678' });
    expect(jelte!.skills).to.deep.equal(['boomveiligheid', 'klimmen']);
    expect(jelte!.roles).to.deep.equal(['ambassador']);
    expect(String(jelte!.managerId)).to.equal(String(hylke!._id));
    expect(String(hylke!.departmentId)).to.equal(String(jelte!.departmentId));
    expect(hylke!.businessPhone).to.deep.equal({ display: '0515 48 12 34', e164: '+31515481234' });
    expect(await Department.countDocuments()).to.equal(1);
  });

  it('is idempotent: a second run changes nothing', async () => {
    const csv = demoPeopleCsv(generateDemoOrganisation().people.slice(0, 60));
    const first = await run(csv);
    expect(first).to.include({ total: 60, created: 60, updated: 0, unchanged: 0 });
    const before = await Person.find().sort({ email: 1 }).lean();
    const second = await run(csv);
    expect(second).to.include({ total: 60, created: 0, updated: 0, unchanged: 60 });
    expect(second.rejected).to.deep.equal([]);
    expect(second.departmentsCreated).to.deep.equal([]);
    const after = await Person.find().sort({ email: 1 }).lean();
    expect(after.map((p) => p.updatedAt.getTime())).to.deep.equal(before.map((p) => p.updatedAt.getTime()));
  });

  it('leaves a value alone when its cell is blank, and people missing from the file alone', async () => {
    await run(
      [
        HEADER,
        `anne@x.nl,Anne de Jong,Anne,de Jong,klantadviseur,Klantcontactcentrum,Stadhuis,0515 48 11 11,06 11111111,Wmo;BRP,,,ambassador`,
        `sjoerd@x.nl,Sjoerd Bosma,Sjoerd,Bosma,hovenier,Groenvoorziening,Gemeentewerf,,,,,,`,
      ].join('\n'),
    );
    await Person.updateOne({ email: 'anne@x.nl' }, { $set: { mobileVisibility: 'organisation', bio: 'Hoi!' } });

    const summary = await run(
      ['email;jobTitle;mobilePhone;skills;roles;department', 'anne@x.nl;;06-22222222;;;'].join('\n'),
    );
    expect(summary).to.include({ total: 1, created: 0, updated: 1, unchanged: 0 });
    const anne = await Person.findOne({ email: 'anne@x.nl' }).lean();
    expect(anne).to.include({
      jobTitle: 'klantadviseur',
      department: 'Klantcontactcentrum',
      mobileVisibility: 'organisation',
      bio: 'Hoi!',
    });
    expect(anne!.mobilePhone).to.deep.equal({ display: '06-22222222', e164: '+31622222222' });
    expect(anne!.businessPhone!.e164).to.equal('+31515481111');
    expect(anne!.skills).to.deep.equal(['Wmo', 'BRP']);
    expect(anne!.roles).to.deep.equal(['ambassador']);
    expect(await Person.findOne({ email: 'sjoerd@x.nl' }).lean()).to.include({ jobTitle: 'hovenier' });
  });

  it('rejects bad rows with their line and reason and imports the rest', async () => {
    await Person.create({ email: 'owner@x.nl', displayName: 'Owner', aadObjectId: GUID_B });
    const summary = await run(
      [
        'email,displayName,mobilePhone,roles,aadObjectId,managerEmail', // 1
        'good@x.nl,Goed,06 12345678,,,', // 2
        'not-an-email,Slecht,,,,', // 3
        'phone@x.nl,Telefoon,06-123,,,', // 4
        'role@x.nl,Rol,,"communicator;baas",,', // 5
        'GOOD@x.nl,Dubbel,,,,', // 6
        `guid@x.nl,Guid,,,not-a-guid,`, // 7
        `taken@x.nl,Bezet,,,${GUID_B},`, // 8
        'nameless@x.nl,,,,,', // 9
        'orphan@x.nl,Wees,,,,nobody@x.nl', // 10
        'also-good@x.nl,Ook goed,"+31 (0)6 87 65 43 21",admin,,good@x.nl', // 11
      ].join('\r\n'),
    );
    expect(summary).to.include({ total: 10, created: 3, updated: 0, unchanged: 0 });
    expect(summary.rejected.map((r) => [r.line, r.reason])).to.deep.equal([
      [3, 'email "not-an-email" is not a valid email address'],
      [4, 'mobilePhone "06-123" is not a valid phone number'],
      [5, 'unknown role "baas" (known: communicator, manager, admin, ambassador)'],
      [6, 'email good@x.nl is already on line 2'],
      [7, 'aadObjectId "not-a-guid" is not a GUID'],
      [8, `aadObjectId ${GUID_B} already belongs to owner@x.nl`],
      [9, 'a new person needs a displayName (or givenName and surname)'],
    ]);
    expect(summary.warnings).to.deep.equal([
      { line: 10, message: 'manager nobody@x.nl is not in the store or the file; manager left as it was' },
    ]);
    const emails = (await Person.find().lean()).map((p) => p.email).sort();
    expect(emails).to.deep.equal(['also-good@x.nl', 'good@x.nl', 'orphan@x.nl', 'owner@x.nl']);
    const alsoGood = await Person.findOne({ email: 'also-good@x.nl' }).lean();
    expect(alsoGood!.roles).to.deep.equal(['admin']);
    expect(alsoGood!.mobilePhone!.e164).to.equal('+31687654321');
  });

  it('matches departments by key and keeps the stored spelling', async () => {
    await Department.create({ name: 'Financiën', key: 'financien' });
    const summary = await run('email,displayName,department\na@x.nl,A,financien \nb@x.nl,B,FINANCIËN\n');
    expect(summary.departmentsCreated).to.deep.equal([]);
    const people = await Person.find().lean();
    expect(people.map((p) => p.department)).to.deep.equal(['Financiën', 'Financiën']);
    expect(await Department.countDocuments()).to.equal(1);
  });

  it('reads a Windows-1252 file with accented names', async () => {
    const bytes = iconv.encode(
      'email;displayName;department\njeroen@x.nl;Jeroen Brüns;Financiën\nnoelle@x.nl;Noëlle Hoekstra;Café de Werf\n',
      'win1252',
    );
    const summary = await run(bytes);
    expect(summary.created).to.equal(2);
    expect((await Person.findOne({ email: 'jeroen@x.nl' }).lean())!.displayName).to.equal('Jeroen Brüns');
    expect((await Person.findOne({ email: 'noelle@x.nl' }).lean())!.department).to.equal('Café de Werf');
  });

  it('changes only the manager when that is all that changed', async () => {
    await run(
      'email,displayName,managerEmail\nboss@x.nl,Boss,\nnew-boss@x.nl,New boss,\nworker@x.nl,Worker,boss@x.nl\n',
    );
    const summary = await run('email,displayName,managerEmail\nworker@x.nl,Worker,new-boss@x.nl\n');
    expect(summary).to.include({ updated: 1, unchanged: 0 });
    const [worker, newBoss] = await Promise.all([
      Person.findOne({ email: 'worker@x.nl' }).lean(),
      Person.findOne({ email: 'new-boss@x.nl' }).lean(),
    ]);
    expect(String(worker!.managerId)).to.equal(String(newBoss!._id));
  });

  it('writes nothing on a dry run', async () => {
    const summary = await run('email,displayName,department,managerEmail\na@x.nl,A,Nieuw,b@x.nl\nb@x.nl,B,Nieuw,\n', {
      dryRun: true,
    });
    expect(summary).to.include({ created: 2, dryRun: true });
    expect(summary.warnings).to.deep.equal([]);
    expect(summary.departmentsCreated).to.deep.equal(['Nieuw']);
    expect(await Person.countDocuments()).to.equal(0);
    expect(await Department.countDocuments()).to.equal(0);
  });

  it('imports the 450 people of the demo organisation, reporting progress (how fast: npm run bench:people-import)', async () => {
    const csv = demoPeopleCsv(generateDemoOrganisation().people, { delimiter: ';' });
    const rows = parsePeopleFile(Buffer.from(csv)).rows;
    const seen: number[] = [];
    const summary = await importPeople(rows, { onProgress: (p) => seen.push(p.done) });
    expect(summary).to.include({ total: 450, created: 450 });
    expect(summary.rejected).to.deep.equal([]);
    expect(summary.warnings).to.deep.equal([]);
    expect(seen.at(-1)).to.equal(450);
    expect(seen.length).to.be.greaterThan(1);
    const jelte = await Person.findOne({ givenName: 'Jelte' }).lean();
    const hylke = await Person.findOne({ email: 'hylke.terpstra@gemeente-ids.nl' }).lean();
    expect(String(jelte!.managerId)).to.equal(String(hylke!._id));
    expect(await Department.countDocuments()).to.equal(13);
  });
});
