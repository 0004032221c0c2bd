// Journal damage: how many acknowledged writes a data folder keeps in each kind of damage.
// Writes N documents (one acknowledged insert each) into a localdb data folder, copies the folder
// as a crash would leave it (journal only, no snapshot), then for each case damages a copy and
// counts what comes back:
//   torn tail   the last record cut short (what a crash in the middle of a write leaves)
//   mid-journal four bytes overwritten in the middle of the journal (the probe)
//   snapshot    four bytes overwritten in the middle of snapshot.db (after a clean stop)
// For the damage cases it shows what cutting at the first bad record (localdb before it told
// the two apart) would keep, whether start-up now refuses, and what salvage keeps.
//   npm run bench:journal-damage [-- --writes N]
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { LocalDbDamagedError, startLocalDb } from '../localdb/index.js';
import { readRecords } from '../localdb/persistence/records.js';

const { values } = parseArgs({ options: { writes: { type: 'string', default: '607' } } });
const WRITES = Number(values.writes);
const quiet = () => undefined;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'bench-journal-damage-'));

async function countDocs(uri: string): Promise<number> {
  const client = new MongoClient(uri);
  try {
    await client.connect();
    return await client.db('bench').collection('likes').countDocuments();
  } finally {
    await client.close();
  }
}

function copy(from: string, name: string): string {
  const dir = path.join(scratch, name);
  cpSync(from, dir, { recursive: true });
  rmSync(path.join(dir, 'localdb.lock'), { force: true });
  return dir;
}

function journalOf(dir: string): string {
  return path.join(
    dir,
    readdirSync(dir).find((f) => /^journal-\d+\.log$/.test(f) && statSync(path.join(dir, f)).size > 0)!,
  );
}

function overwriteMiddle(file: string): void {
  const bytes = readFileSync(file);
  bytes.write('XXXX', Math.floor(bytes.length / 2), 'latin1');
  writeFileSync(file, bytes);
}

/** Documents in the records before the first bad one: what cutting there would keep. */
function keptByCutting(file: string): number {
  return readRecords(readFileSync(file)).records.filter((r) => r.type === 'put' && r.ns === 'bench.likes').length;
}

async function startAs(dir: string, salvage = false): Promise<{ kept: number } | { refused: string }> {
  try {
    const db = await startLocalDb({ dataDir: dir, salvage, log: quiet });
    try {
      return { kept: await countDocs(db.uri) };
    } finally {
      await db.close();
    }
  } catch (e) {
    if (e instanceof LocalDbDamagedError) return { refused: `${e.file} at byte ${e.offset}` };
    throw e;
  }
}

const describe = (r: { kept: number } | { refused: string }) =>
  'refused' in r ? `refuses to start (${r.refused})` : `starts, keeps ${r.kept} of ${WRITES} (${WRITES - r.kept} lost)`;

// The folder a crash leaves: every write acknowledged, all of them in the journal.
const original = path.join(scratch, 'original');
const writer = await startLocalDb({ dataDir: original, log: quiet });
const client = new MongoClient(writer.uri);
await client.connect();
const likes = client.db('bench').collection('likes');
for (let i = 0; i < WRITES; i++) await likes.insertOne({ post: i % 50, person: `p${i % 97}`, at: new Date() });
const crashed = copy(original, 'crashed');
await client.close();
await writer.close();

console.log(`journal damage — ${WRITES} acknowledged writes (one insert each); node ${process.version}`);
console.log(`journal: ${statSync(journalOf(crashed)).size} bytes\n`);

const torn = copy(crashed, 'torn');
truncateSync(journalOf(torn), statSync(journalOf(torn)).size - 5);
console.log(`torn tail (last record cut by 5 bytes): ${describe(await startAs(torn))}`);
console.log('  (the cut record stands for the write a crash interrupted, which was never acknowledged)\n');

const mid = copy(crashed, 'mid');
overwriteMiddle(journalOf(mid));
console.log('4 bytes overwritten mid-journal:');
console.log(`  cut at the first bad record (before):  keeps ${keptByCutting(journalOf(mid))} of ${WRITES}`);
console.log(`  start-up now:                          ${describe(await startAs(mid))}`);
console.log(`  npm run localdb -- --salvage:          ${describe(await startAs(mid, true))}\n`);

const snap = copy(crashed, 'snapshot');
await (await startLocalDb({ dataDir: snap, log: quiet })).close(); // a clean stop writes snapshot.db
overwriteMiddle(path.join(snap, 'snapshot.db'));
console.log('4 bytes overwritten mid-snapshot:');
console.log(`  start-up now:                          ${describe(await startAs(snap))}`);
console.log(`  npm run localdb -- --salvage:          ${describe(await startAs(snap, true))}`);

rmSync(scratch, { recursive: true, force: true });
