// How long filling a store takes: seeding the demo organisation (what `npm start` does on an empty
// store, and what every test that starts a server with the demo pays), and importing people from
// a CSV file (`npm run import:people`): the demo's 450 into an empty store, the same file again
// (nothing changes), and a synthetic 10,000. Each figure is the best of RUNS runs, wall time and
// CPU time of this process (store included: an in-memory localdb, or MONGODB_URI). These figures
// were timed tests once; on a shared machine they measured the load as much as the code.
// Run: npm run bench:people-import [-- --runs 3 --synthetic 10000]
import { cpus, loadavg } from 'node:os';
import mongoose from 'mongoose';
import { startLocalDb } from '../localdb/index.js';
import { Department, Person } from '../models/index.js';
import { seedDemoOrganisation } from '../demo/seed.js';
import { demoPeopleCsv, generateDemoOrganisation, generateSyntheticPeople } from '../demo/index.js';
import { parsePeopleFile } from '../core/people/import-file.js';
import { importPeople } from '../core/people/import.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RUNS = option('runs', 3);
const SYNTHETIC = option('synthetic', 10_000);

interface Timing {
  wallMs: number;
  cpuMs: number;
}

async function timed(work: () => Promise<unknown>): Promise<Timing> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  await work();
  const { user, system } = process.cpuUsage(cpu);
  return { wallMs: performance.now() - wall, cpuMs: (user + system) / 1000 };
}

/** Best of RUNS, each after `prepare` (not timed). */
async function best(prepare: () => Promise<unknown>, work: () => Promise<unknown>): Promise<Timing> {
  let fastest: Timing | undefined;
  for (let i = 0; i < RUNS; i++) {
    await prepare();
    const t = await timed(work);
    if (!fastest || t.wallMs < fastest.wallMs) fastest = t;
  }
  return fastest!;
}

const external = process.env.MONGODB_URI;
const local = external ? undefined : await startLocalDb();
await mongoose.connect(external ?? local!.uri, { dbName: `ids_bench_import_${process.pid}` });
const empty = async () => {
  await Promise.all(Object.values(mongoose.models).map((m) => m.deleteMany({})));
};

try {
  await Promise.all(Object.values(mongoose.models).map((m) => m.init()));
  const demo = generateDemoOrganisation();
  const demoRows = parsePeopleFile(Buffer.from(demoPeopleCsv(demo.people, { delimiter: ';' }))).rows;
  const syntheticRows = parsePeopleFile(
    Buffer.from(demoPeopleCsv(generateSyntheticPeople(SYNTHETIC, 'bench'), { delimiter: ';' })),
  ).rows;

  const rows: Array<[string, Timing]> = [];
  rows.push([
    `seed the demo organisation (${demo.people.length} people, ${demo.posts.length} posts)`,
    await best(empty, () => seedDemoOrganisation({ organisation: demo })),
  ]);
  rows.push([`import ${demoRows.length} people into an empty store`, await best(empty, () => importPeople(demoRows))]);
  rows.push([
    `import the same ${demoRows.length} again (all unchanged)`,
    await best(
      async () => {
        if ((await Person.countDocuments()) !== demoRows.length) {
          await empty();
          await importPeople(demoRows);
        }
      },
      () => importPeople(demoRows),
    ),
  ]);
  rows.push([
    `import ${syntheticRows.length.toLocaleString('en')} synthetic people into an empty store`,
    await best(empty, () => importPeople(syntheticRows)),
  ]);

  console.log(`node ${process.version}; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; best of ${RUNS}`);
  console.log(`store: ${external ? 'MongoDB (MONGODB_URI)' : 'localdb, in memory'}`);
  console.log(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  for (const [what, t] of rows) {
    console.log(`${what.padEnd(58)} ${t.wallMs.toFixed(0).padStart(6)} ms  (${t.cpuMs.toFixed(0)} ms of CPU)`);
  }
  console.log(`people in the store after the last import: ${await Person.countDocuments()}`);
  console.log(`departments: ${await Department.countDocuments()}`);
} finally {
  if (external) await mongoose.connection.db?.dropDatabase();
  await mongoose.disconnect();
  await local?.close();
}
