// The append-only journal with group commit: records appended during one turn of the event loop
// (or while a previous fsync runs) are written together and fsynced once; commit() resolves
// after the fsync that covers everything appended before it was called.
// All file operations run one after the other through a small queue, which also makes
// rotation (switching to a new journal generation) atomic with respect to appends.
import { type FileHandle, open } from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir } from './files.js';

export function journalName(gen: number): string {
  return `journal-${String(gen).padStart(8, '0')}.log`;
}

export function parseJournalName(file: string): number | null {
  const m = /^journal-(\d+)\.log$/.exec(file);
  return m ? Number(m[1]) : null;
}

interface Waiter {
  resolve: () => void;
  reject: (e: Error) => void;
}

export class Journal {
  readonly dir: string;
  gen: number;
  /** Bytes written to the current generation. */
  bytes = 0;
  #fh: FileHandle;
  #pending: Buffer[] = [];
  #waiters: Waiter[] = [];
  #queue: Promise<unknown> = Promise.resolve();
  #scheduled = false;
  #failure: Error | null = null;
  #closed = false;
  onFlushed: (() => void) | null = null;

  private constructor(dir: string, gen: number, fh: FileHandle, bytes: number) {
    this.dir = dir;
    this.gen = gen;
    this.#fh = fh;
    this.bytes = bytes;
  }

  static async open(dir: string, gen: number): Promise<Journal> {
    const file = path.join(dir, journalName(gen));
    const fh = await open(file, 'a');
    await fh.sync();
    await fsyncDir(dir);
    const { size } = await fh.stat();
    return new Journal(dir, gen, fh, size);
  }

  get failed(): Error | null {
    return this.#failure;
  }

  append(record: Buffer): void {
    if (this.#closed) throw new Error('journal is closed');
    this.#pending.push(record);
  }

  /** Resolves once everything appended so far is on disk. */
  commit(): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#enqueue(() => this.#flushRound());
    });
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #flushRound(): Promise<void> {
    const buffers = this.#pending;
    const waiters = this.#waiters;
    this.#pending = [];
    this.#waiters = [];
    if (waiters.length === 0 && buffers.length === 0) return;
    try {
      if (this.#failure) throw this.#failure;
      this.bytes += await this.#writeAndSync(this.#fh, buffers);
      for (const w of waiters) w.resolve();
      this.onFlushed?.();
    } catch (e) {
      this.#failure ??= e as Error;
      for (const w of waiters) w.reject(this.#failure);
    }
  }

  async #writeAndSync(fh: FileHandle, buffers: Buffer[]): Promise<number> {
    let written = 0;
    if (buffers.length) {
      const data = buffers.length === 1 ? buffers[0] : Buffer.concat(buffers);
      while (written < data.length) {
        const { bytesWritten } = await fh.write(data, written, data.length - written);
        written += bytesWritten;
      }
    }
    await fh.datasync();
    return written;
  }

  /**
   * Switches to generation gen+1. `capture` runs synchronously at the switch point: it sees
   * exactly the state whose records went to the old generation (the snapshot to write).
   */
  rotate<T>(capture: () => T): Promise<T> {
    return this.#enqueue(async () => {
      if (this.#failure) throw this.#failure;
      const nextGen = this.gen + 1;
      const nextFh = await open(path.join(this.dir, journalName(nextGen)), 'a');
      await nextFh.sync();
      await fsyncDir(this.dir);
      // Synchronous switch: records appended from now on belong to the next generation.
      const oldFh = this.#fh;
      const buffers = this.#pending;
      const waiters = this.#waiters;
      this.#pending = [];
      this.#waiters = [];
      const captured = capture();
      this.#fh = nextFh;
      this.gen = nextGen;
      this.bytes = 0;
      try {
        await this.#writeAndSync(oldFh, buffers);
        await oldFh.close();
        for (const w of waiters) w.resolve();
      } catch (e) {
        this.#failure ??= e as Error;
        for (const w of waiters) w.reject(this.#failure);
        throw e;
      }
      if (this.#waiters.length) this.#schedule();
      return captured;
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.commit().catch(() => undefined);
    this.#closed = true;
    await this.#enqueue(() => this.#fh.close());
  }
}
