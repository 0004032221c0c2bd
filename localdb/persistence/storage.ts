// Durable storage for a data directory: snapshot + journal generations.
//
// Files: snapshot.db (records of a full copy of the data, covering journal generations below
// the `gen` written in its header) and journal-NNNNNNNN.log (effects since). Start-up loads the
// snapshot, then replays journals from `gen` upwards. A torn tail of the newest journal (a
// write cut short by a crash) is logged and cut; damage anywhere else stops the start-up with
// LocalDbDamagedError (see salvage.ts).
// Compaction: rotate the journal (the state at the switch point is captured without copying,
// documents being immutable), write snapshot.db.tmp, fsync it, rename it over snapshot.db, fsync
// the directory, and only then delete the journals it covers. A crash at any step leaves either
// the old snapshot with all its journals or the new snapshot with the journals after it.
import { mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Binary } from 'bson';
import type { LogFn } from '../log.js';
import type { Store, StoreSink } from '../store.js';
import type { Doc } from '../values.js';
import { fsyncDir } from './files.js';
import { Journal, journalName, parseJournalName } from './journal.js';
import { delRecord, metaRecord, nextValidRecord, putRecord, readRecords } from './records.js';
import { LocalDbDamagedError, SNAPSHOT, type SalvageReport, salvageDataDir } from './salvage.js';

const SNAPSHOT_TMP = 'snapshot.db.tmp';
const CHUNK_BYTES = 4 * 1024 * 1024;

interface CollectionState {
  db: string;
  name: string;
  options: Doc;
  uuid: Binary;
  indexes: Doc[];
  docs: Doc[];
}

export interface StorageOptions {
  dir: string;
  log: LogFn;
  /** Compact when the current journal grows past this many bytes. */
  compactAfterBytes: number;
  /** Set damaged parts aside first (see salvage.ts) instead of refusing to start. */
  salvage?: boolean;
}

export class DurableStorage implements StoreSink {
  readonly #store: Store;
  readonly #opts: StorageOptions;
  readonly #journal: Journal;
  #compacting: Promise<void> | null = null;
  #closed = false;
  /** Journals older than the current one hold records the snapshot does not cover yet. */
  #olderJournals = false;
  /** What salvage set aside, when it was asked for. */
  salvaged: SalvageReport | null = null;

  private constructor(store: Store, opts: StorageOptions, journal: Journal) {
    this.#store = store;
    this.#opts = opts;
    this.#journal = journal;
    journal.onFlushed = () => {
      if (this.#journal.bytes > this.#opts.compactAfterBytes) void this.compact();
    };
  }

  /** Loads the data directory into `store` and opens a fresh journal generation. */
  static async open(store: Store, opts: StorageOptions): Promise<DurableStorage> {
    const { dir, log } = opts;
    await mkdir(dir, { recursive: true });
    await rm(path.join(dir, SNAPSHOT_TMP), { force: true });
    const salvaged = opts.salvage ? await salvageDataDir(dir, log) : null;
    const started = Date.now();
    const gen = await loadSnapshot(store, dir);
    const files: { f: string; gen: number }[] = [];
    for (const f of await readdir(dir)) {
      const g = parseJournalName(f);
      if (g === null) continue;
      if (g < gen || (await stat(path.join(dir, f))).size === 0) {
        // Covered by the snapshot, or empty (left by a clean stop): nothing to replay.
        await rm(path.join(dir, f), { force: true });
        continue;
      }
      files.push({ f, gen: g });
    }
    files.sort((a, b) => a.gen - b.gen);
    let replayed = 0;
    for (const [i, { f }] of files.entries()) {
      replayed += await replayJournal(store, dir, f, i === files.length - 1, log);
    }
    const lastGen = files.length ? files[files.length - 1].gen : gen - 1;
    const journal = await Journal.open(dir, Math.max(gen, lastGen + 1));
    const storage = new DurableStorage(store, opts, journal);
    storage.salvaged = salvaged;
    storage.#olderJournals = files.length > 0;
    let docs = 0;
    for (const colls of store.dbs.values()) for (const c of colls.values()) docs += c.docs.size;
    log('info', 'localdb: data loaded', { dir, documents: docs, journalRecords: replayed, ms: Date.now() - started });
    if (replayed > 0) setImmediate(() => void storage.compact());
    return storage;
  }

  put(ns: string, doc: Doc): void {
    this.#journal.append(putRecord(ns, doc));
  }

  del(ns: string, id: unknown): void {
    this.#journal.append(delRecord(ns, id));
  }

  meta(record: Doc): void {
    this.#journal.append(metaRecord(record));
  }

  commit(): Promise<void> {
    return this.#journal.commit();
  }

  /** Writes a new snapshot and drops the journals it covers. Runs one at a time. */
  compact(): Promise<void> {
    if (this.#compacting) return this.#compacting;
    const run = (async () => {
      try {
        const state = await this.#journal.rotate(() => captureState(this.#store));
        this.#olderJournals = true;
        await writeSnapshot(this.#opts.dir, this.#journal.gen, state);
        this.#olderJournals = false;
        for (const f of await readdir(this.#opts.dir)) {
          const g = parseJournalName(f);
          if (g !== null && g < this.#journal.gen) await rm(path.join(this.#opts.dir, f), { force: true });
        }
        await fsyncDir(this.#opts.dir);
      } catch (e) {
        this.#opts.log('error', 'localdb: compaction failed', { error: (e as Error).message });
        if (this.#closed) throw e;
      } finally {
        this.#compacting = null;
      }
    })();
    this.#compacting = run;
    return run;
  }

  /** Flushes, compacts and closes the journal. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#compacting?.catch(() => undefined);
    this.#closed = true;
    let compacted = false;
    try {
      await this.#journal.commit().catch(() => undefined);
      if (!this.#journal.failed && (this.#journal.bytes > 0 || this.#olderJournals)) {
        await this.compact();
        compacted = true;
      }
    } finally {
      await this.#journal.close();
    }
    // The snapshot holds everything: the fresh journal it left behind is empty.
    if (compacted && this.#journal.bytes === 0) {
      await rm(path.join(this.#opts.dir, journalName(this.#journal.gen)), { force: true });
      await fsyncDir(this.#opts.dir);
    }
  }
}

function captureState(store: Store): CollectionState[] {
  const out: CollectionState[] = [];
  for (const [db, colls] of store.dbs) {
    for (const [name, coll] of colls) {
      out.push({
        db,
        name,
        options: coll.options,
        uuid: coll.uuid,
        indexes: coll.secondary.map((ix) => ix.spec),
        docs: Array.from(coll.docs.values()),
      });
    }
  }
  return out;
}

async function writeSnapshot(dir: string, gen: number, state: CollectionState[]): Promise<void> {
  const tmp = path.join(dir, SNAPSHOT_TMP);
  const fh = await open(tmp, 'w');
  try {
    let chunk: Buffer[] = [];
    let size = 0;
    const push = async (b: Buffer) => {
      chunk.push(b);
      size += b.length;
      if (size >= CHUNK_BYTES) await flush();
    };
    const flush = async () => {
      if (!chunk.length) return;
      const data = Buffer.concat(chunk);
      chunk = [];
      size = 0;
      let off = 0;
      while (off < data.length) off += (await fh.write(data, off, data.length - off)).bytesWritten;
      await new Promise((r) => setImmediate(r));
    };
    let documents = 0;
    await push(metaRecord({ op: 'snapshot', gen, version: 1, createdAt: new Date() }));
    for (const c of state) {
      const ns = `${c.db}.${c.name}`;
      await push(metaRecord({ op: 'create', db: c.db, coll: c.name, options: c.options, uuid: c.uuid }));
      for (const spec of c.indexes) await push(metaRecord({ op: 'createIndex', db: c.db, coll: c.name, spec }));
      for (const doc of c.docs) {
        await push(putRecord(ns, doc));
        documents++;
      }
    }
    await push(metaRecord({ op: 'end', collections: state.length, documents }));
    await flush();
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path.join(dir, SNAPSHOT));
  await fsyncDir(dir);
}

/** Loads snapshot.db if present; returns the first journal generation still to replay. */
async function loadSnapshot(store: Store, dir: string): Promise<number> {
  let buf: Buffer;
  try {
    buf = await readFile(path.join(dir, SNAPSHOT));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 1;
    throw e;
  }
  const { records, problem } = readRecords(buf);
  const head = records[0];
  const tail = records[records.length - 1];
  if (
    problem ||
    head?.type !== 'meta' ||
    head.meta.op !== 'snapshot' ||
    tail?.type !== 'meta' ||
    tail.meta.op !== 'end'
  ) {
    // A snapshot only becomes snapshot.db by an atomic rename after fsync, so this is damage from
    // outside; starting empty would silently lose data.
    const { validBytes } = readRecords(buf);
    throw new LocalDbDamagedError(
      dir,
      SNAPSHOT,
      validBytes,
      problem ?? 'incomplete: no end record',
      'a snapshot is only ever written whole, so this is damage from outside (or restore it from a backup)',
    );
  }
  for (const r of records.slice(1, -1)) {
    if (r.type === 'put') store.applyPut(r.ns, r.doc);
    else if (r.type === 'del') store.applyDel(r.ns, r.id);
    else store.applyMeta(r.meta);
  }
  return Number(head.meta.gen);
}

/**
 * Replays one journal file. A torn tail of the newest journal (no valid record after the bad
 * one) is cut off; any other damage throws LocalDbDamagedError. Returns the number of records.
 */
async function replayJournal(store: Store, dir: string, name: string, newest: boolean, log: LogFn): Promise<number> {
  const file = path.join(dir, name);
  const buf = await readFile(file);
  const { records, validBytes, problem } = readRecords(buf);
  if (problem) {
    const resumes = nextValidRecord(buf, validBytes);
    if (!newest || resumes !== -1) {
      throw new LocalDbDamagedError(
        dir,
        name,
        validBytes,
        problem,
        resumes !== -1
          ? `valid records follow from byte ${resumes}, so this is not the torn end of a write cut short by a crash`
          : 'newer journals follow it, so this is not the torn end of a write cut short by a crash',
      );
    }
  }
  for (const r of records) {
    if (r.type === 'put') store.applyPut(r.ns, r.doc);
    else if (r.type === 'del') store.applyDel(r.ns, r.id);
    else store.applyMeta(r.meta);
  }
  if (problem) {
    log('warn', 'localdb: torn journal tail dropped (a write cut short by a crash, never acknowledged)', {
      file: name,
      problem,
      keptBytes: validBytes,
      droppedBytes: buf.length - validBytes,
    });
    const fh = await open(file, 'r+');
    try {
      await fh.truncate(validBytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
  }
  return records.length;
}
