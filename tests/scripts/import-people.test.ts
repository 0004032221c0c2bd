import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { MongoClient } from 'mongodb';
import { scratchDatabases, testMongoUri, type TestDb } from '../support/db.js';
import { runCommand } from '../support/cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = path.join(ROOT, 'scripts/import-people.ts');
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const TSX = import.meta.resolve('tsx');

const HEADER =
  'email,displayName,givenName,surname,jobTitle,department,officeLocation,businessPhone,mobilePhone,skills,managerEmail,aadObjectId,roles';

describe('scripts/import-people (npm run import:people)', function () {
  this.timeout(60_000);
  let db: TestDb;
  let client: MongoClient;
  let dir: string;
  let databases: ReturnType<typeof scratchDatabases>;

  /** A fresh database for each test, as MONGODB_DB. */
  const freshDb = () => databases.next();
  const storeEnv = (dbName: string) => ({ MONGODB_URI: db.uri, MONGODB_DB: dbName });
  const cli = (args: string[], env: Record<string, string>, cwd = ROOT) =>
    runCommand(process.execPath, ['--import', TSX, SCRIPT, ...args], { cwd, env });
  const people = (dbName: string) => client.db(dbName).collection('people');

  before(async () => {
    db = await testMongoUri();
    databases = scratchDatabases(db, 'cli');
    client = new MongoClient(db.uri);
    await client.connect();
    dir = await mkdtemp(path.join(os.tmpdir(), 'ids-import-'));
  });

  after(async () => {
    await databases.dropAll(client);
    await client.close();
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('imports a comma-separated file (exit 0), and a second run changes nothing', async () => {
    const file = path.join(dir, 'people.csv');
    await writeFile(
      file,
      [
        HEADER,
        'jelte.deboer@gemeente-ids.nl,Jelte de Boer,Jelte,de Boer,boomverzorger,Boomverzorging,Gemeentewerf,,06-41235678,boomveiligheid;klimmen,hylke.terpstra@gemeente-ids.nl,,ambassador',
        'hylke.terpstra@gemeente-ids.nl,Hylke Terpstra,Hylke,Terpstra,teamleider boomverzorging,Boomverzorging,Gemeentewerf,0515 48 12 34,,,,,manager',
        'femke.dijkstra@gemeente-ids.nl,Femke Dijkstra,Femke,Dijkstra,communicatieadviseur,Communicatie,Stadhuis,0515 48 12 00,,"social media;campagnes",,,communicator;ambassador',
      ].join('\n'),
    );
    const dbName = freshDb();
    const first = await cli([file], storeEnv(dbName));
    expect(first.stderr).to.equal('');
    expect(first.code).to.equal(0);
    expect(first.stdout).to.match(/created:\s+3\n/);
    expect(first.stdout).to.match(/rejected:\s+0\n/);
    expect(first.stdout).to.include('new departments: Boomverzorging, Communicatie');
    expect(await people(dbName).countDocuments()).to.equal(3);
    const jelte = await people(dbName).findOne({ email: 'jelte.deboer@gemeente-ids.nl' });
    const hylke = await people(dbName).findOne({ email: 'hylke.terpstra@gemeente-ids.nl' });
    expect(String(jelte!.managerId)).to.equal(String(hylke!._id));

    const second = await cli([file], storeEnv(dbName));
    expect(second.code).to.equal(0);
    expect(second.stdout).to.match(/created:\s+0\n\s+updated:\s+0\n\s+unchanged:\s+3\n/);
  });

  it('exits 2 naming each rejected row of a Windows-1252 semicolon file, and imports the others', async () => {
    const file = path.join(dir, 'excel.csv');
    const text = [
      'email;displayName;department;mobilePhone;roles', // 1
      'jeroen.bruns@gemeente-ids.nl;Jeroen Brüns;Financiën;06 12345678;', // 2
      'siebe@gemeente-ids.nl;Siebe Hoekstra;Financiën;06-1234;', // 3
      'noelle@gemeente-ids.nl;"Noëlle', // 4
      'Brinkman";Communicatie;;"communicator;baas"', // 5
      'rene@gemeente-ids.nl;René Café;Financiën;;', // 6
      'Jeroen.Bruns@gemeente-ids.nl;Jeroen Brüns;P&O;;', // 7
    ].join('\r\n');
    await writeFile(file, iconv.encode(text, 'win1252'));
    const dbName = freshDb();
    const result = await cli([file], storeEnv(dbName));
    expect(result.code).to.equal(2);
    expect(result.stdout).to.include('windows-1252, ";"-separated, 5 rows');
    expect(result.stdout).to.include(
      'line 3 (siebe@gemeente-ids.nl): mobilePhone "06-1234" is not a valid phone number',
    );
    expect(result.stdout).to.include('line 4 (noelle@gemeente-ids.nl): unknown role "baas"');
    expect(result.stdout).to.include(
      'line 7 (jeroen.bruns@gemeente-ids.nl): email jeroen.bruns@gemeente-ids.nl is already on line 2',
    );
    expect(result.stdout).to.match(/created:\s+2\n/);
    const names = (await people(dbName).find().toArray()).map((p) => p.displayName).sort();
    expect(names).to.deep.equal(['Jeroen Brüns', 'René Café']);
  });

  it('takes a relative path from the folder npm was run in', async function () {
    this.timeout(90_000);
    const dbName = freshDb();
    // npm runs the script in the package folder; the file is named relative to where npm was typed.
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = await runCommand(npm, ['run', '--silent', 'import:people', '--', 'people-relative.csv'], {
      cwd: FIXTURES,
      env: storeEnv(dbName),
    });
    expect(result.stderr).to.equal('');
    expect(result.code).to.equal(0);
    expect(result.stdout).to.include(
      `${path.join(FIXTURES, 'people-relative.csv')} (utf-8 with BOM, ";"-separated, 3 rows)`,
    );
    expect(result.stdout).to.match(/created:\s+3\n/);
    const noelle = await people(dbName).findOne({ email: 'noelle.brinkman@gemeente-ids.nl' });
    expect(noelle!.displayName).to.equal('Noëlle Brinkman');
    expect(noelle!.mobilePhone).to.deep.equal({ display: '+31 (0)6 12 34 56 78', e164: '+31612345678' });
  });

  it('takes a relative path from the current folder when run directly', async () => {
    await writeFile(path.join(dir, 'direct.csv'), 'email,displayName\nsjoerd@gemeente-ids.nl,Sjoerd Wiersma\n');
    const result = await cli(['direct.csv'], storeEnv(freshDb()), dir);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.match(/created:\s+1\n/);
  });

  it('exits 1 when the file is missing, saying where it looked', async () => {
    const result = await cli(['missing.csv'], { ...storeEnv(freshDb()), INIT_CWD: dir });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.include(`File not found: ${path.join(dir, 'missing.csv')}`);
    expect(result.stderr).to.include('relative path is taken from the folder you ran the command in');
  });

  it('exits 1 when the header has no email column, writing nothing', async () => {
    const file = path.join(dir, 'no-email.csv');
    await writeFile(file, 'name;phone\nJelte;06-41235678\n');
    const dbName = freshDb();
    const result = await cli([file], storeEnv(dbName));
    expect(result.code).to.equal(1);
    expect(result.stderr).to.include('has no "email" column');
    expect(await people(dbName).countDocuments()).to.equal(0);
  });

  it('exits 1 when the store cannot be reached', async () => {
    const file = path.join(dir, 'ok.csv');
    await writeFile(file, 'email\na@x.nl\n');
    const result = await cli([file], {
      MONGODB_URI: 'mongodb://127.0.0.1:1/?directConnection=true&serverSelectionTimeoutMS=1000',
      MONGODB_DB: 'x',
    });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.include('Cannot reach the store');
    expect(result.stderr).to.include('Check MONGODB_URI');
  });
});
