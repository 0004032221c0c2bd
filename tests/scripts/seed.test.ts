import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { testMongoUri, type TestDb } from '../support/db.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function seed(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', ...env };
  delete childEnv.LOG_LEVEL;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/seed.ts')], {
      cwd: ROOT,
      env: childEnv,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

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
