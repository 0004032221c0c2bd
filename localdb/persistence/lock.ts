// One writer per data directory: DATA_DIR/localdb.lock, created with O_EXCL, holding the owner's
// pid, host name, and (once listening) the address it serves. A lock whose pid is dead on this
// machine is taken over.
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync, fsyncSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LogFn } from '../log.js';

export const LOCK_FILE = 'localdb.lock';

export interface LockInfo {
  pid: number;
  hostname: string;
  host: string | null;
  port: number | null;
  startedAt: string;
}

export class LockHeld extends Error {
  readonly info: LockInfo;
  readonly lockPath: string;
  constructor(lockPath: string, info: LockInfo) {
    super(`${lockPath} is held by process ${info.pid} on ${info.hostname}`);
    this.info = info;
    this.lockPath = lockPath;
  }
}

export function readLock(dir: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')) as LockInfo;
    return typeof info.pid === 'number' ? info : null;
  } catch {
    return null;
  }
}

/** Whether a process with this pid exists (EPERM means it exists but belongs to someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export class DataDirLock {
  readonly dir: string;
  readonly path: string;
  readonly info: LockInfo;
  #released = false;

  private constructor(dir: string, info: LockInfo) {
    this.dir = dir;
    this.path = path.join(dir, LOCK_FILE);
    this.info = info;
  }

  /** Takes the lock or throws LockHeld when a live process holds it. */
  static acquire(dir: string, log: LogFn): DataDirLock {
    const lockPath = path.join(dir, LOCK_FILE);
    const info: LockInfo = {
      pid: process.pid,
      hostname: os.hostname(),
      host: null,
      port: null,
      startedAt: new Date().toISOString(),
    };
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        const fd = openSync(lockPath, 'wx');
        try {
          writeSync(fd, JSON.stringify(info));
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        return new DataDirLock(dir, info);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const holder = readLock(dir);
      if (!holder) {
        // Being written by a starting process, or garbage: wait a little, then treat as stale.
        if (attempt < 10) {
          sleepSync(50);
          continue;
        }
        log('warn', 'localdb: unreadable lock file removed', { lockPath });
        rmSync(lockPath, { force: true });
        continue;
      }
      const sameMachine = holder.hostname === os.hostname();
      if (!sameMachine || holder.pid === process.pid || isAlive(holder.pid)) throw new LockHeld(lockPath, holder);
      log('warn', 'localdb: taking over the lock of a dead process', { lockPath, pid: holder.pid });
      // Move the stale lock aside and check it is still the one we judged stale (another
      // process may have taken it over meanwhile); if not, put it back.
      const aside = `${lockPath}.stale-${process.pid}-${Date.now()}`;
      try {
        renameSync(lockPath, aside);
      } catch {
        continue;
      }
      const moved = (() => {
        try {
          return JSON.parse(readFileSync(aside, 'utf8')) as LockInfo;
        } catch {
          return null;
        }
      })();
      if (moved && (moved.pid !== holder.pid || moved.startedAt !== holder.startedAt)) {
        try {
          renameSync(aside, lockPath);
        } catch {
          // ignore: retry below decides
        }
        continue;
      }
      rmSync(aside, { force: true });
    }
    throw new Error(`localdb: could not acquire ${lockPath}`);
  }

  /** Records the address being served, atomically replacing the lock file's content. */
  setAddress(host: string, port: number): void {
    this.info.host = host;
    this.info.port = port;
    const tmp = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify(this.info));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    const current = readLock(this.dir);
    if (current && current.pid === this.info.pid && current.startedAt === this.info.startedAt)
      rmSync(this.path, { force: true });
  }
}
