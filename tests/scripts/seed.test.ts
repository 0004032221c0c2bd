import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { testMongoUri, type TestDb } from '../support/db.js';
import { runScript } from '../support/cli.js';

const seed = (env: Record<string, string>) => runScript('scripts/seed.ts', [], env);

describe('scripts/seed (npm run seed)', function () {
  this.timeout(60_000);
  let db: TestDb;
  let client: MongoClient;

  before(async () => {
    db = await testMongoUri();
    client = new MongoClient(db.uri);
    await client.connect();
  });

  after(async () => {
    await client
      .db(db.dbName)
      .dropDatabase()
      .catch(() => undefined);
    await client.close();
    await db.stop();
  });

  it('wipes and re-seeds the demo organisation, printing a summary', async () => {
    const env = { MONGODB_URI: db.uri, MONGODB_DB: db.dbName };
    await client
      .db(db.dbName)
      .collection('people')
      .insertOne({ email: 'stranger@example.org', displayName: 'Stranger' });

    const first = await seed(env);
    expect(first.stderr).to.equal('');
    expect(first.code).to.equal(0);
    expect(first.stdout).to.include('450 people');
    expect(first.stdout).to.include('femke.dijkstra@gemeente-ids.nl');
    const people = client.db(db.dbName).collection('people');
    expect(await people.countDocuments()).to.equal(450);
    expect(await people.countDocuments({ email: 'stranger@example.org' })).to.equal(0);

    const second = await seed(env);
    expect(second.code).to.equal(0);
    expect(await people.countDocuments()).to.equal(450);
  });
});
