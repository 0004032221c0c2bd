// Damage in a data folder: a torn tail (the last record cut short by a crash) is dropped as
// before; damage anywhere else stops the start-up with a message naming the file and the offset,
// and the salvage command sets the damaged part aside (keeping a copy) and starts from every
// intact record. The figures for these cases are in bench/README.md (npm run bench:journal-damage).
import { expect } from 'chai';
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalDbDamagedError, startLocalDb } from '../../localdb/index.js';
import { type Rec, scanRecords } from '../../localdb/persistence/records.js';
import { kill9, lastJournal, readItems, startWriter, useTempDirs } from './fixtures/writer-process.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ITEMS = 607;

/** The state of each item that replaying `records` gives: n → version. */
function replay(records: Rec[]): Map<number, number> {
  const items = new Map<number, number>();
  for (const r of records)
    if (r.type === 'put' && r.ns === 'durability.items') items.set(Number(r.doc.n), Number(r.doc.version));
  return items;
}

function sameItems(actual: Map<number, { version: number }>, expected: Map<number, number>): void {
  expect(actual.size, 'number of items').to.equal(expected.size);
  for (const [n, version] of expected) {
    expect(actual.has(n), `item ${n} is missing`).to.equal(true);
    expect(actual.get(n)!.version, `version of item ${n}`).to.equal(version);
  }
}

/** Overwrites four bytes at `offset`; returns the records of the intact file that the damage touches. */
function damage(file: string, offset: number): { original: Buffer; hit: number[] } {
  const original = readFileSync(file);
  const bytes = Buffer.from(original);
  bytes.write('XXXX', offset, 'latin1');
  writeFileSync(file, bytes);
  const { offsets } = scanRecords(original);
  const hit = offsets.map((start, i) => ({ start, end: offsets[i + 1] ?? original.length, i }));
  return { original, hit: hit.filter((r) => r.start < offset + 4 && r.end > offset).map((r) => r.i) };
}

function startCli(args: string[]): { proc: ChildProcess; uri: Promise<string>; output: () => string } {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'localdb', 'cli.ts'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const uri = new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /MONGODB_URI=(\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.once('exit', (code) => reject(new Error(`localdb exited (${code}): ${out}`)));
  });
  return { proc, uri, output: () => out };
}

function stopCli(proc: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    proc.once('exit', (code) => resolve(code));
    proc.kill('SIGTERM');
  });
}

describe('localdb: damage in the data folder', function () {
  this.timeout(120000);
  const tmp = useTempDirs('localdb-damage-');
  let base: string;
  const copyOfBase = () => {
    const dir = tmp();
    cpSync(base, dir, { recursive: true });
    rmSync(path.join(dir, 'localdb.lock'), { force: true });
    return dir;
  };

  before(async () => {
    base = tmp();
    const w = startWriter(base, [String(ITEMS), '1']);
    await w.until((l) => l === 'done');
    await kill9(w);
    expect(w.acked.size).to.equal(ITEMS);
  });

  it('a torn tail (the last record cut short, as a crash mid-write leaves it): starts, drops only that record', async () => {
    const dir = copyOfBase();
    const journal = lastJournal(dir);
    const { records } = scanRecords(readFileSync(journal));
    truncateSync(journal, statSync(journal).size - 5);
    const warnings: Record<string, unknown>[] = [];
    const db = await startLocalDb({
      dataDir: dir,
      log: (level, _m, extra) => level === 'warn' && warnings.push(extra ?? {}),
    });
    try {
      sameItems(await readItems(db), replay(records.slice(0, -1)));
      expect(warnings).to.have.length(1);
      expect(warnings[0].droppedBytes).to.be.above(0);
    } finally {
      await db.close();
    }
  });

  it('four bytes overwritten in the middle of the journal: refuses to start, naming the file and the offset, and changes nothing', async () => {
    const dir = copyOfBase();
    const journal = lastJournal(dir);
    const size = statSync(journal).size;
    const { original, hit } = damage(journal, Math.floor(size / 2));
    const damaged = readFileSync(journal);
    const err = await startLocalDb({ dataDir: dir, log: () => undefined }).catch((e) => e);
    expect(err).to.be.instanceOf(LocalDbDamagedError);
    expect(err.file).to.equal(path.basename(journal));
    expect(err.offset).to.equal(scanRecords(original).offsets[hit[0]]);
    expect(err.message).to.contain(`${path.basename(journal)} in ${dir} is damaged at byte ${err.offset}`);
    expect(err.message).to.contain('npm run localdb -- --salvage');
    // Nothing cut, compacted or deleted; the lock is released.
    expect(readFileSync(journal).equals(damaged)).to.equal(true);
    expect(existsSync(path.join(dir, 'snapshot.db'))).to.equal(false);
    expect(existsSync(path.join(dir, 'localdb.lock'))).to.equal(false);
  });

  it('npm run localdb -- --salvage sets the damaged record aside (a copy kept) and starts from every intact record', async () => {
    const dir = copyOfBase();
    const journal = lastJournal(dir);
    const { original, hit } = damage(journal, Math.floor(statSync(journal).size / 2));
    const damaged = readFileSync(journal);
    const { records } = scanRecords(original);
    const expected = replay(records.filter((_, i) => !hit.includes(i)));
    // A mid-journal overwrite costs at most the items whose last record it hit.
    expect(expected.size).to.be.at.least(ITEMS - hit.length);

    const cli = startCli(['--salvage', '--data-dir', dir, '--port', '0']);
    const uri = await cli.uri;
    try {
      sameItems(await readItems({ uri }), expected);
      expect(cli.output()).to.match(/kept \d+ intact records, set aside \d+ bytes at byte \d+/);
    } finally {
      expect(await stopCli(cli.proc)).to.equal(0);
    }
    const [folder] = readdirSync(dir).filter((f) => f.startsWith('salvaged-'));
    expect(folder, 'a salvaged-* folder').to.be.a('string');
    expect(readFileSync(path.join(dir, folder, path.basename(journal))).equals(damaged)).to.equal(true);
    const report = JSON.parse(readFileSync(path.join(dir, folder, 'salvage.json'), 'utf8'));
    expect(report.files[0].damaged[0].offset).to.equal(scanRecords(original).offsets[hit[0]]);

    // From then on it starts as any clean folder does.
    const warnings: string[] = [];
    const again = await startLocalDb({ dataDir: dir, log: (level, msg) => level !== 'info' && warnings.push(msg) });
    try {
      sameItems(await readItems(again), expected);
      expect(warnings).to.deep.equal([]);
    } finally {
      await again.close();
    }
  });

  it('a damaged snapshot: refuses to start, and salvage keeps every other document', async () => {
    const dir = copyOfBase();
    const clean = await startLocalDb({ dataDir: dir, log: () => undefined });
    await clean.close(); // compacts everything into snapshot.db
    const snapshot = path.join(dir, 'snapshot.db');
    const { original, hit } = damage(snapshot, Math.floor(statSync(snapshot).size / 2));
    const err = await startLocalDb({ dataDir: dir, log: () => undefined }).catch((e) => e);
    expect(err).to.be.instanceOf(LocalDbDamagedError);
    expect(err.file).to.equal('snapshot.db');
    const { records } = scanRecords(original);
    const db = await startLocalDb({ dataDir: dir, salvage: true, log: () => undefined });
    try {
      sameItems(await readItems(db), replay(records.filter((_, i) => !hit.includes(i))));
      expect(db.salvaged?.files.map((f) => f.file)).to.deep.equal(['snapshot.db']);
    } finally {
      await db.close();
    }
  });

  it('a bad record at the end of an older journal is not a torn tail: newer journals follow it', async () => {
    const dir = copyOfBase();
    const journal = lastJournal(dir);
    const buf = readFileSync(journal);
    const { offsets } = scanRecords(buf);
    const cut = offsets[Math.floor(offsets.length / 2)];
    const gen = Number(/journal-(\d+)\.log$/.exec(journal)![1]);
    writeFileSync(journal, buf.subarray(0, cut - 3)); // the older generation, its last record torn
    writeFileSync(path.join(dir, `journal-${String(gen + 1).padStart(8, '0')}.log`), buf.subarray(cut));
    const err = await startLocalDb({ dataDir: dir, log: () => undefined }).catch((e) => e);
    expect(err).to.be.instanceOf(LocalDbDamagedError);
    expect(err.file).to.equal(path.basename(journal));
    expect(err.message).to.contain('newer journals follow it');
  });
});
