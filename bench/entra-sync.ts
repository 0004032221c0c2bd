/**
 * Entra ID sync figures, against the Graph stand-in (tests/support/graph.ts) on an in-memory
 * localdb: a first sync of 10,000 users, a delta of 500 changes, a re-run with no changes, and
 * the daily photo check; for each, wall time, Graph requests (delta pages, $batch requests,
 * photo downloads) and person documents written. Wall time, and CPU time of the process (sync,
 * Graph stand-in and localdb together) plus that of the image workers it forked (photos are
 * re-encoded there, as uploads are; counted once they exit, so each run ends by closing them).
 *
 *   npm run bench:entra-sync
 *   npm run bench:entra-sync -- --users 10000 --changes 500 --page-size 200 --photos 0.2
 *
 * Figures are printed, never asserted (CONVENTIONS 11).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import pino from 'pino';
import sharp from 'sharp';
import { startLocalDb } from '../localdb/index.js';
import { Person } from '../models/person.js';
import { generateSyntheticPeople } from '../demo/index.js';
import { createRandom } from '../demo/random.js';
import { syncFromEntra, type EntraSyncSummary } from '../core/people/entra-sync.js';
import { Uploads } from '../core/media/uploads.js';
import { appGraphClient, startGraphStandIn } from '../tests/support/graph.js';
import { EntraDirectory } from '../tests/support/graph-directory.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const USERS = Number(option('users', '10000'));
const CHANGES = Number(option('changes', '500'));
const PAGE_SIZE = Number(option('page-size', '200'));
const PHOTO_SHARE = Number(option('photos', '0.2'));
const HOUR = 3_600_000;

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** CPU seconds of exited, waited-for child processes (the image workers): cutime + cstime of /proc/self/stat. */
function childCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields after the command name start at field 3 (state); cutime and cstime are fields 16 and 17.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

async function main(): Promise<void> {
  const db = await startLocalDb();
  await mongoose.connect(db.uri, { dbName: 'bench_entra' });
  await Promise.all(Object.values(mongoose.models).map((m) => m.init()));
  const graphServer = await startGraphStandIn();
  const entra = new EntraDirectory({ pageSize: PAGE_SIZE });
  graphServer.use(entra.routes);
  const graph = appGraphClient(graphServer);

  // 10,000 users as an HR system would have put them in Entra: departments, managers, phones.
  const rnd = createRandom('bench:entra');
  const people = generateSyntheticPeople(USERS, 'entra');
  const idOf = new Map<string, string>();
  const photo = (i: number) =>
    sharp({ create: { width: 96, height: 96, channels: 3, background: { r: i % 256, g: (i * 7) % 256, b: 90 } } })
      .jpeg()
      .toBuffer();
  for (const p of people) {
    const u = entra.addUser({
      displayName: p.displayName,
      givenName: p.givenName,
      surname: p.surname,
      jobTitle: p.jobTitle,
      department: p.department,
      officeLocation: p.officeLocation,
      businessPhones: p.businessPhone ? [p.businessPhone] : [],
      mobilePhone: p.mobilePhone ?? null,
      userPrincipalName: p.email,
    });
    idOf.set(p.email, u.id);
  }
  for (const p of people)
    if (p.managerEmail) entra.updateUser(idOf.get(p.email)!, { managerId: idOf.get(p.managerEmail) });
  const ids = [...idOf.values()];
  let photos = 0;
  for (const [i, id] of ids.entries())
    if (rnd.chance(PHOTO_SHARE)) {
      entra.setPhoto(id, await photo(i));
      photos++;
    }

  const settings = { photoCheckMs: 24 * HOUR };
  // As in npm start (MEDIA_QUOTA_MB, UPLOADS_PER_PERSON, UPLOADS_AT_ONCE defaults).
  const uploads = new Uploads({ perPerson: 2, atOnce: 32, quotaBytes: 250 * 1024 * 1024 });
  let clock = new Date('2025-06-02T06:00:00Z');
  const rows: string[] = [];
  async function measure(label: string): Promise<EntraSyncSummary> {
    graphServer.log.length = 0;
    const before = graphServer.httpRequests();
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const w0 = childCpuSeconds();
    const s = await syncFromEntra({ graph, settings, log: pino({ level: 'silent' }), uploads, now: () => clock });
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    await uploads.close();
    const workersCpu = childCpuSeconds() - w0;
    const top = graphServer.log.filter((r) => !r.inBatch);
    const pages = top.filter((r) => r.path === '/users/delta').length;
    const downloads = top.filter((r) => r.path.endsWith('/$value')).length;
    const requests = graphServer.httpRequests() - before;
    const batches = requests - pages - downloads;
    rows.push(
      `| ${label} | ${(ms / 1000).toFixed(2)} s | ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s | ${workersCpu.toFixed(2)} s | ${requests} | ${pages} | ${batches} | ${downloads} | ${s.writes} | ${s.added} / ${s.updated} / ${s.deactivated} | ${s.photos.checked} / ${s.photos.updated} |`,
    );
    return s;
  }

  const loadBefore = load();
  await measure(`first sync of ${USERS.toLocaleString('en')} users`);

  // A delta of CHANGES changes: 80% edits (title, phone, department, manager), 10% newcomers, 10% leavers.
  clock = new Date(clock.getTime() + HOUR);
  const edits = Math.round(CHANGES * 0.8);
  const newcomers = Math.round(CHANGES * 0.1);
  const leavers = CHANGES - edits - newcomers;
  const shuffled = [...ids].sort(() => rnd.next() - 0.5);
  for (const id of shuffled.slice(0, edits)) {
    const kind = rnd.int(0, 3);
    if (kind === 0) entra.updateUser(id, { jobTitle: `${entra.get(id)!.jobTitle ?? ''} (senior)` });
    else if (kind === 1) entra.updateUser(id, { mobilePhone: `06 ${String(rnd.int(10_000_000, 99_999_999))}` });
    else if (kind === 2) entra.updateUser(id, { department: rnd.pick(people).department });
    else entra.updateUser(id, { managerId: rnd.pick(ids) });
  }
  for (const id of shuffled.slice(edits, edits + leavers)) entra.deleteUser(id);
  for (let i = 0; i < newcomers; i++)
    entra.addUser({
      displayName: `Nieuwe Collega ${i}`,
      department: rnd.pick(people).department,
      managerId: rnd.pick(ids),
    });
  // The users delta does not report photos: these are found by the daily photo check below.
  const changedPhotos = Math.round(CHANGES * 0.1);
  for (const [i, id] of shuffled.slice(edits + leavers, edits + leavers + changedPhotos).entries())
    entra.setPhoto(id, await photo(100_000 + i));
  await measure(`delta of ${CHANGES} changes (${edits} edits, ${newcomers} new, ${leavers} removed)`);

  clock = new Date(clock.getTime() + HOUR);
  await measure('re-run, no changes');

  clock = new Date(clock.getTime() + 25 * HOUR);
  await measure(`daily photo check (${changedPhotos} photos changed meanwhile)`);

  process.stdout.write(
    [
      `Entra ID sync bench — node ${process.version}, ${os.cpus()[0]?.model.trim() ?? '?'} ×${os.cpus().length}; localdb in memory; Graph stand-in, pages of ${PAGE_SIZE}, photos for ${photos} users`,
      `load average: ${loadBefore} before, ${load()} after`,
      '',
      '| run | time | CPU | image workers CPU | Graph requests | delta pages | $batch | photo downloads | people written | added / changed / deactivated | photos checked / stored |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
      `Active people at the end: ${await Person.countDocuments({ active: true })}; inactive (kept): ${await Person.countDocuments({ active: false })}.`,
      '',
    ].join('\n'),
  );
  await uploads.close();
  await mongoose.disconnect();
  await graphServer.stop();
  await db.close();
}

await main();
