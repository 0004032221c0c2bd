// Two Ids servers on one store (`npm run localdb`) behave as one: what is written through one is
// found through the other, rate limits are counted once, a scheduled job runs once, signed media
// URLs of one are served by the other, and an instance whose media URL key differs refuses to
// start. How soon a change is seen through the other (the "within 2 s") is a figure of
// `npm run bench:instances` (bench/README.md); here a deadline only keeps a hang from passing.
import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import {
  type AppProcess,
  ROOT,
  appEnv,
  runScript,
  spawnApp,
  startApp,
  startLocalDbProcess,
  stopApp,
} from '../support/app-process.js';
import { jpegWithGps } from '../support/social-files.js';

const SECRET = 'two-instances-media-url-secret-0123456789abcdef';

/** Polls until `probe` gives a value; a deadline of SEEN_WITHIN_MS keeps a hang from passing. */
const SEEN_WITHIN_MS = 20_000;
async function seen<T>(what: string, probe: () => Promise<T | undefined>): Promise<void> {
  const started = Date.now();
  for (;;) {
    if ((await probe()) !== undefined) return;
    if (Date.now() - started > SEEN_WITHIN_MS) throw new Error(`${what}: not seen within ${SEEN_WITHIN_MS} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const as = (email: string) => ({ 'x-ids-dev-user': email });

describe('ops: two servers on one store', function () {
  this.timeout(180_000);
  let localdb: { proc: ChildProcess; uri: string };
  let a: AppProcess;
  let b: AppProcess;
  let client: MongoClient;
  let tmp: string;
  const email = 'anne-roos.visser@gemeente.test';

  before(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'ids-two-'));
    localdb = await startLocalDbProcess();
    const env = { MONGODB_URI: localdb.uri, MEDIA_URL_SECRET: SECRET, RATE_LIMIT_PER_MINUTE: '40' };
    a = await startApp(env);
    b = await startApp(env);
    client = new MongoClient(localdb.uri);
    await client.connect();
    // The first person, through an Ids process (the CSV import), while both serve.
    const csv = path.join(tmp, 'people.csv');
    writeFileSync(
      csv,
      'email;displayName;givenName;surname;department;jobTitle;roles\n' +
        `${email};Anne-Roos Visser;Anne-Roos;Visser;Burgerzaken;teamleider;communicator\n` +
        'jelte.deboer@gemeente.test;Jelte de Boer;Jelte;de Boer;Groen;boomverzorger;\n',
    );
    const imported = await runScript('import:people', [csv], appEnv({ MONGODB_URI: localdb.uri }));
    expect(imported.code, imported.stderr).to.equal(0);
    expect(imported.stdout).to.contain('Ids is running on this store (2 servers)');
  });

  after(async () => {
    await client?.close();
    for (const app of [a, b]) if (app) await stopApp(app);
    localdb?.proc.kill('SIGTERM');
    rmSync(tmp, { recursive: true, force: true });
  });

  it('a person imported while both run is found through each', async () => {
    for (const app of [a, b]) {
      await seen(`search on ${app.url}`, async () => {
        const res = await fetch(`${app.url}/api/people/search?q=jelte`, { headers: as(email) });
        if (res.status !== 200) return undefined;
        const body = (await res.json()) as { results?: Array<{ person?: { email?: string } }> };
        return JSON.stringify(body).includes('jelte.deboer@gemeente.test') ? true : undefined;
      });
    }
  });

  it('a post created through one is read through the other, in its feed too', async () => {
    const created = await fetch(`${a.url}/api/posts`, {
      method: 'POST',
      headers: { ...as(email), 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'news', title: 'Nieuwe openingstijden', body: 'Vanaf maandag' }),
    });
    expect(created.status).to.equal(201);
    const { id } = (await created.json()) as { id: string };
    await seen('the post through b', async () => {
      const res = await fetch(`${b.url}/api/posts/${id}`, { headers: as('jelte.deboer@gemeente.test') });
      return res.status === 200 ? true : undefined;
    });
    await seen('the post in b’s feed', async () => {
      const res = await fetch(`${b.url}/api/feed`, { headers: as('jelte.deboer@gemeente.test') });
      return (await res.text()).includes(id) ? true : undefined;
    });
  });

  it('a photo uploaded through one: its signed URL (for cards) is served by the other', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await jpegWithGps(400, 300))], { type: 'image/jpeg' }), 'ik.jpg');
    const upload = await fetch(`${a.url}/api/media`, { method: 'POST', headers: as(email), body: form });
    expect(upload.status).to.equal(201);
    const { signedThumbnailUrl } = (await upload.json()) as { signedThumbnailUrl: string };
    const onB = signedThumbnailUrl.replace(/^https?:\/\/[^/]+/, b.url);
    const image = await fetch(onB);
    expect(image.status).to.equal(200);
    expect(image.headers.get('content-type')).to.match(/^image\//);
    // Tampered: refused by both alike.
    expect((await fetch(`${onB.slice(0, -2)}xx`)).status).to.be.oneOf([403, 404]);
  });

  it('counts a person’s requests once across both: the limit holds whichever instance they reach', async () => {
    const who = as('jelte.deboer@gemeente.test');
    // Some of the allowance went to the tests before; use up the rest alternating, then both refuse.
    const statuses: number[] = [];
    for (let i = 0; i < 42; i++) {
      const res = await fetch(`${(i % 2 === 0 ? a : b).url}/api/me`, { headers: who });
      statuses.push(res.status);
    }
    const firstRefusal = statuses.indexOf(429);
    expect(firstRefusal, statuses.join(',')).to.be.within(1, 40);
    expect(statuses.slice(firstRefusal).every((s) => s === 429)).to.equal(true);
    expect((await fetch(`${a.url}/api/me`, { headers: who })).status).to.equal(429);
    expect((await fetch(`${b.url}/api/me`, { headers: who })).status).to.equal(429);
  });

  it('runs a scheduled job once for both instances', async () => {
    const job = await client
      .db('ids')
      .collection('jobs')
      .findOne({ _id: 'media clean-up' as never });
    expect(job?.runs).to.equal(1);
    const instances = await client.db('ids').collection('instances').find().toArray();
    expect(instances.map((i) => i.pid).sort()).to.deep.equal([a.proc.pid, b.proc.pid].sort());
    expect(String(job?.lastRunBy)).to.be.oneOf(instances.map((i) => String(i._id)));
  });

  it('npm run seed refuses to wipe the store the servers serve, and says what to do instead', async () => {
    const seeded = await runScript('seed', [], appEnv({ MONGODB_URI: localdb.uri }));
    expect(seeded.code).to.equal(1);
    expect(seeded.stderr).to.contain('Ids is running on this store');
    expect(seeded.stderr).to.contain('Stop Ids first');
    expect(seeded.stderr).to.contain('npm run import:people');
    // Nothing was wiped: the imported people are still there.
    expect(await client.db('ids').collection('people').countDocuments()).to.equal(2);
  });

  it('refuses to start a third instance without MEDIA_URL_SECRET, saying what to set', async () => {
    const third = await spawnApp(
      process.execPath,
      [path.join(ROOT, 'scripts/run.mjs'), 'server/main'],
      appEnv({ MONGODB_URI: localdb.uri, MEDIA_URL_SECRET: undefined }),
      { until: 'exit' },
    );
    expect(await third.exited).to.equal(1);
    expect(third.lines.join('\n')).to.contain('MEDIA_URL_SECRET is required when more than one instance runs');
    expect(await client.db('ids').collection('instances').countDocuments()).to.equal(2);
  });
});
