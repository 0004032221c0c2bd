// Damage in a data folder, and its salvage.
//
// A crash can only tear the end of the newest journal (the last, unacknowledged group of
// records): start-up drops that quietly. Anything else (a bad record followed by valid ones, a
// bad record in an older journal, a damaged snapshot) is damage from outside; dropping it would
// silently lose acknowledged writes, so start-up refuses with LocalDbDamagedError, naming the
// file and the offset. Salvage (`npm run localdb -- --salvage`, or `startLocalDb({ salvage:
// true })`) copies every damaged file into a `salvaged-<time>` folder inside the data folder,
// rewrites it with every intact record (skipping only the damaged byte ranges), and lets the
// start-up continue from there.
import { copyFile, mkdir, open, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LogFn } from '../log.js';
import { fsyncDir } from './files.js';
import { parseJournalName } from './journal.js';
import { type DamagedRange, type Rec, delRecord, metaRecord, putRecord, readRecords, scanRecords } from './records.js';

export const SNAPSHOT = 'snapshot.db';

/** The command that salvages `dataDir`, as the refusal names it. */
export function salvageCommand(dataDir: string): string {
  return `npm run localdb -- --salvage --data-dir ${JSON.stringify(dataDir)}`;
}

export class LocalDbDamagedError extends Error {
  readonly dataDir: string;
  readonly file: string;
  readonly offset: number;
  readonly problem: string;

  constructor(dataDir: string, file: string, offset: number, problem: string, why: string) {
    super(
      `localdb: ${file} in ${dataDir} is damaged at byte ${offset} (${problem}); ${why}. ` +
        'localdb does not start on it, since dropping the rest would lose acknowledged writes. ' +
        `To set the damaged part aside (a copy of each damaged file is kept in a salvaged-* folder inside ${dataDir}) ` +
        `and start from everything intact, run: ${salvageCommand(dataDir)}`,
    );
    this.name = 'LocalDbDamagedError';
    this.dataDir = dataDir;
    this.file = file;
    this.offset = offset;
    this.problem = problem;
  }
}

export interface SalvagedFile {
  file: string;
  /** Intact records kept. */
  records: number;
  /** Byte ranges set aside (they remain in the copy). */
  damaged: DamagedRange[];
}

export interface SalvageReport {
  /** Where the damaged files were copied; null when nothing was damaged. */
  folder: string | null;
  files: SalvagedFile[];
}

function timestamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

async function writeDurably(file: string, data: Buffer): Promise<void> {
  const tmp = `${file}.salvage-tmp`;
  const fh = await open(tmp, 'w');
  try {
    let off = 0;
    while (off < data.length) off += (await fh.write(data, off, data.length - off)).bytesWritten;
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
}

function encode(r: Rec): Buffer {
  if (r.type === 'put') return putRecord(r.ns, r.doc);
  if (r.type === 'del') return delRecord(r.ns, r.id);
  return metaRecord(r.meta);
}

/** The journal files to replay, oldest first, with the generation the snapshot covers. */
async function journalsOf(dir: string): Promise<{ file: string; gen: number; size: number }[]> {
  const out: { file: string; gen: number; size: number }[] = [];
  for (const file of await readdir(dir)) {
    const gen = parseJournalName(file);
    if (gen !== null) out.push({ file, gen, size: (await stat(path.join(dir, file))).size });
  }
  return out.sort((a, b) => a.gen - b.gen);
}

/**
 * Sets aside the damaged parts of a data folder (see the top of this file). The caller holds
 * the folder's lock. A torn tail of the newest journal is left to the normal start-up.
 */
export async function salvageDataDir(dir: string, log: LogFn): Promise<SalvageReport> {
  const report: SalvageReport = { folder: null, files: [] };
  const aside = async (file: string) => {
    report.folder ??= path.join(dir, `salvaged-${timestamp()}`);
    await mkdir(report.folder, { recursive: true });
    await copyFile(path.join(dir, file), path.join(report.folder, file));
  };
  const journals = await journalsOf(dir);

  let snapshotGen: number | null = null;
  const snapshotPath = path.join(dir, SNAPSHOT);
  const snapshot = await readFile(snapshotPath).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  if (snapshot) {
    const whole = readRecords(snapshot);
    const head = whole.records[0];
    const tail = whole.records[whole.records.length - 1];
    const sound =
      !whole.problem &&
      head?.type === 'meta' &&
      head.meta.op === 'snapshot' &&
      tail?.type === 'meta' &&
      tail.meta.op === 'end';
    if (sound) {
      snapshotGen = Number(head.meta.gen);
    } else {
      const scan = scanRecords(snapshot);
      const first = scan.records[0];
      snapshotGen =
        first?.type === 'meta' && first.meta.op === 'snapshot'
          ? Number(first.meta.gen)
          : (journals.find((j) => j.size > 0)?.gen ?? 1);
      const kept = scan.records.filter(
        (r) => !(r.type === 'meta' && (r.meta.op === 'snapshot' || r.meta.op === 'end')),
      );
      await aside(SNAPSHOT);
      const damaged = scan.damaged.length
        ? scan.damaged
        : [{ offset: snapshot.length, length: 0, problem: 'incomplete (no end record)' }];
      const rebuilt = Buffer.concat([
        metaRecord({ op: 'snapshot', gen: snapshotGen, version: 1, createdAt: new Date(), salvaged: true }),
        ...kept.map(encode),
        metaRecord({
          op: 'end',
          collections: kept.filter((r) => r.type === 'meta' && r.meta.op === 'create').length,
          documents: kept.filter((r) => r.type === 'put').length,
        }),
      ]);
      await writeDurably(snapshotPath, rebuilt);
      report.files.push({ file: SNAPSHOT, records: kept.length, damaged });
    }
  }

  const live = journals.filter((j) => j.size > 0 && (snapshotGen === null || j.gen >= snapshotGen));
  for (const [i, j] of live.entries()) {
    const file = path.join(dir, j.file);
    const buf = await readFile(file);
    const scan = scanRecords(buf);
    if (scan.damaged.length === 0) continue;
    const onlyTornTail =
      i === live.length - 1 &&
      scan.damaged.length === 1 &&
      scan.damaged[0].offset + scan.damaged[0].length === buf.length;
    if (onlyTornTail) continue; // the normal start-up drops it
    await aside(j.file);
    await writeDurably(file, Buffer.concat(scan.intact.map((r) => buf.subarray(r.offset, r.offset + r.length))));
    report.files.push({ file: j.file, records: scan.records.length, damaged: scan.damaged });
  }

  if (report.folder) {
    await writeFile(
      path.join(report.folder, 'salvage.json'),
      `${JSON.stringify({ salvagedAt: new Date(), dataDir: dir, files: report.files }, null, 2)}\n`,
    );
    await fsyncDir(dir);
    log('warn', 'localdb: damaged data set aside; starting from every intact record', {
      dir,
      copies: report.folder,
      files: report.files.map((f) => ({
        file: f.file,
        keptRecords: f.records,
        damagedBytes: f.damaged.reduce((n, d) => n + d.length, 0),
        at: f.damaged.map((d) => d.offset),
      })),
    });
  } else {
    log('info', 'localdb: salvage found no damage', { dir });
  }
  return report;
}
