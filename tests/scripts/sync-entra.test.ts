import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import sharp from 'sharp';
import { scratchDatabases, testMongoUri, type TestDb } from '../support/db.js';
import { runScript } from '../support/cli.js';
import { entraSyncEnv, startGraphStandIn, type GraphStandIn } from '../support/graph.js';
import { EntraDirectory } from '../support/graph-directory.js';

/**
 * npm run sync:entra as an administrator runs it: against the Graph stand-in and a store of its
 * own, it shows progress, ends with a summary, and says by its exit code whether everyone came in.
 */
describe('scripts/sync-entra (npm run sync:entra)', function () {
  this.timeout(90_000);
  let db: TestDb;
  let client: MongoClient;
  let graph: GraphStandIn;
  let entra: EntraDirectory;
  let databases: ReturnType<typeof scratchDatabases>;

  /** A fresh database for each test, as MONGODB_DB. */
  const freshDb = () => databases.next();
  const env = (dbName: string, over: Record<string, string> = {}) => ({
    MONGODB_URI: db.uri,
    MONGODB_DB: dbName,
    ...entraSyncEnv(graph),
    ...over,
  });
  const sync = (dbName: string, args: string[] = [], over: Record<string, string> = {}) =>
    runScript('scripts/sync-entra.ts', args, env(dbName, over));
  const people = (dbName: string) => client.db(dbName).collection('people');

  before(async () => {
    db = await testMongoUri();
    databases = scratchDatabases(db, 'entra');
    client = new MongoClient(db.uri);
    await client.connect();
    graph = await startGraphStandIn();
    entra = new EntraDirectory();
    graph.use(entra.routes);
    const hylke = entra.addUser({
      displayName: 'Hylke Terpstra',
      jobTitle: 'teamleider boomverzorging',
      department: 'Boomverzorging',
    });
    const jelte = entra.addUser({
      displayName: 'Jelte de Boer',
      department: 'Boomverzorging',
      mobilePhone: '06-41235678',
      managerId: hylke.id,
    });
    entra.addUser({ displayName: 'Gast Extern', userType: 'Guest', mail: 'gast@elders.nl' });
    entra.setPhoto(
      jelte.id,
      await sharp({ create: { width: 64, height: 64, channels: 3, background: '#2a7' } })
        .jpeg()
        .toBuffer(),
    );
  });

  after(async () => {
    await databases.dropAll(client);
    await client.close();
    await graph.stop();
    await db.stop();
  });

  it('a first run reads everyone with progress and a summary (exit 0); the next brings only changes', async () => {
    const dbName = freshDb();
    const first = await sync(dbName);
    expect(first.stderr).to.equal('');
    expect(first.code).to.equal(0);
    // Not a terminal: a line per phase.
    expect(first.stdout).to.match(/^users: \d+/m);
    expect(first.stdout).to.match(/^photos: \d+\/2/m);
    expect(first.stdout).to.include('Entra ID sync: full read');
    expect(first.stdout).to.match(/ {2}added: +2\n/);
    expect(first.stdout).to.match(/ {2}deactivated: +0\n/);
    expect(first.stdout).to.include('not imported: 1 guest, 0 disabled, 0 not staff');
    expect(first.stdout).to.include('photos:      2 checked, 1 new, 0 removed');
    expect(first.stdout).to.match(/ {2}failed: +0\n/);
    const stored = await people(dbName)
      .find({}, { projection: { displayName: 1, active: 1, photoId: 1 } })
      .sort({ displayName: 1 })
      .toArray();
    expect(stored.map((p) => [p.displayName, p.active, Boolean(p.photoId)])).to.deep.equal([
      ['Hylke Terpstra', true, false],
      ['Jelte de Boer', true, true],
    ]);

    const again = await sync(dbName);
    expect(again.code).to.equal(0);
    expect(again.stdout).to.include('Entra ID sync: changes since the last sync');
    expect(again.stdout).to.match(/, 1 Graph request\b/);
    expect(again.stdout).to.match(/ {2}added: +0\n/);
    expect(again.stdout).to.match(/ {2}changed: +0\n/);

    // --full reads everyone again, changing nothing that did not change.
    const full = await sync(dbName, ['--full']);
    expect(full.code).to.equal(0);
    expect(full.stdout).to.include('Entra ID sync: full read');
    expect(full.stdout).to.match(/ {2}added: +0\n/);
    expect(full.stdout).to.match(/ {2}unchanged: +2\n/);
  });

  it('a user that cannot be taken is named by object id, and the exit code says so (2)', async () => {
    const dbName = freshDb();
    await people(dbName).insertOne({
      email: 'bezet@gemeente-ids.nl',
      displayName: 'Al Bezet',
      aadObjectId: '0d0d0d0d-0000-4000-8000-000000000001',
      active: true,
      roles: [],
      skills: [],
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    const clash = entra.addUser({
      displayName: 'Dubbel',
      userPrincipalName: 'dubbel@gemeente-ids.nl',
      mail: 'bezet@gemeente-ids.nl',
    });
    try {
      const run = await sync(dbName);
      expect(run.code).to.equal(2);
      expect(run.stdout).to.match(/ {2}added: +2\n/);
      expect(run.stdout).to.match(/ {2}failed: +1\n/);
      expect(run.stdout).to.include(`    ${clash.id}: `);
      // No personal data in what it prints about the one it could not take.
      expect(run.stdout).not.to.include('bezet@gemeente-ids.nl');
    } finally {
      entra.deleteUser(clash.id);
    }
  });

  it('refuses to run while the sync is off, saying how to turn it on (exit 1)', async () => {
    const run = await sync(freshDb(), [], { ENTRA_SYNC: 'off' });
    expect(run.code).to.equal(1);
    expect(run.stderr).to.include('The Entra ID sync is off. Set ENTRA_SYNC=on');
  });
});
