// localdb: an embedded server speaking the MongoDB wire protocol, so the real mongodb driver and
// mongoose work over a real socket where no MongoDB binary can be installed. See README.md.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { CursorRegistry } from './cursors.js';
import { type LogFn, defaultLog } from './log.js';
import { StoreFollower } from './follow.js';
import { DataDirLock, type LockInfo, LockHeld, readLock } from './persistence/lock.js';
import type { SalvageReport } from './persistence/salvage.js';
import { DurableStorage } from './persistence/storage.js';
import { ping } from './ping.js';
import { WireServer } from './server.js';
import { Store } from './store.js';
import { expireTtl } from './ttl.js';

export type { LogFn } from './log.js';
export { LocalDbDamagedError, type SalvageReport, salvageCommand } from './persistence/salvage.js';

export interface LocalDbOptions {
  /** Data directory; null or undefined keeps everything in memory. */
  dataDir?: string | null;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Port; default 0 (a random free port). */
  port?: number;
  log?: (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;
  /** Advanced: compact (snapshot + new journal) once the journal passes this size. Default 64 MiB. */
  compactAfterBytes?: number;
  /** Advanced: interval of the TTL index sweep. Default 60 s. */
  ttlIntervalMs?: number;
  /**
   * Set damaged parts of the data folder aside (copies kept in a salvaged-* folder inside it)
   * and start from every intact record, instead of refusing to start with LocalDbDamagedError.
   */
  salvage?: boolean;
}

export interface LocalDb {
  /** e.g. mongodb://127.0.0.1:PORT/?directConnection=true (no database name). */
  uri: string;
  port: number;
  host: string;
  dataDir: string | null;
  /** What `salvage` set aside (null when it was not asked for). */
  salvaged?: SalvageReport | null;
  close(): Promise<void>;
}

/** The data directory belongs to another live process (which could not be attached to). */
export class LocalDbLockedError extends Error {
  readonly pid: number;
  readonly dataDir: string;
  constructor(dataDir: string, info: Pick<LockInfo, 'pid' | 'hostname'>, detail = '') {
    super(
      `localdb: the data folder ${dataDir} is used by process ${info.pid} on ${info.hostname}${detail}; stop it or set DATA_DIR to another folder` +
        ` (if that process is not localdb, delete ${path.join(dataDir, 'localdb.lock')})`,
    );
    this.name = 'LocalDbLockedError';
    this.pid = info.pid;
    this.dataDir = dataDir;
  }
}

const DEFAULT_COMPACT_BYTES = 64 * 1024 * 1024;

function uriFor(host: string, port: number): string {
  const h = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `mongodb://${h.includes(':') ? `[${h}]` : h}:${port}/?directConnection=true`;
}

/** Starts a server (in memory, or owning `dataDir`). Throws LocalDbLockedError if `dataDir` is taken. */
export async function startLocalDb(opts: LocalDbOptions = {}): Promise<LocalDb> {
  const log: LogFn = opts.log ?? defaultLog;
  const host = opts.host ?? '127.0.0.1';
  const dataDir = opts.dataDir ? path.resolve(opts.dataDir) : null;
  const store = new Store();
  let lock: DataDirLock | null = null;
  let storage: DurableStorage | null = null;
  if (dataDir) {
    await mkdir(dataDir, { recursive: true });
    try {
      lock = DataDirLock.acquire(dataDir, log);
    } catch (e) {
      if (e instanceof LockHeld) throw new LocalDbLockedError(dataDir, e.info);
      throw e;
    }
    try {
      storage = await DurableStorage.open(store, {
        dir: dataDir,
        log,
        compactAfterBytes: opts.compactAfterBytes ?? DEFAULT_COMPACT_BYTES,
        salvage: opts.salvage,
      });
      store.sink = storage;
    } catch (e) {
      lock.release();
      throw e;
    }
  }
  const cursors = new CursorRegistry();
  const server = new WireServer(store, cursors, log);
  let port: number;
  try {
    port = await server.listen(host, opts.port ?? 0);
    lock?.setAddress(host, port);
  } catch (e) {
    cursors.close();
    await storage?.close().catch(() => undefined);
    lock?.release();
    throw e;
  }
  const ttl = setInterval(() => void expireTtl(store, log), opts.ttlIntervalMs ?? 60_000);
  ttl.unref();
  const uri = uriFor(host, port);
  log('info', 'localdb: listening', { uri, dataDir });

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(ttl);
      await server.close();
      cursors.close();
      try {
        await storage?.close();
      } finally {
        lock?.release();
        log('info', 'localdb: stopped', { dataDir });
      }
    })());
  return { uri, port, host, dataDir, salvaged: storage?.salvaged ?? null, close };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts a server on `dataDir`, or follows the live process that already serves it
 * (`owned: false`). A follower listens on a local port of its own and forwards each connection
 * to whichever process serves the folder when the connection opens (read from the lock file),
 * so it survives the holder restarting on another port; when nobody serves the folder any more,
 * the follower takes it over and serves it itself (see follow.ts). Its close() stops the
 * forwarding and any server it took over. Throws LocalDbLockedError when the holder does not
 * answer at first.
 */
export async function openLocalDb(opts: LocalDbOptions = {}): Promise<LocalDb & { owned: boolean }> {
  for (let attempt = 0; ; attempt++) {
    let locked: LocalDbLockedError;
    try {
      return { ...(await startLocalDb(opts)), owned: true };
    } catch (e) {
      if (!(e instanceof LocalDbLockedError)) throw e;
      locked = e;
    }
    const dataDir = locked.dataDir;
    // The holder writes its port once it listens; loading a big data folder takes a while.
    const deadline = Date.now() + 15_000;
    let failedPings = 0;
    for (;;) {
      const info = readLock(dataDir);
      if (!info) break; // released meanwhile: try to start again
      if (info.port) {
        const host = !info.host || info.host === '0.0.0.0' ? '127.0.0.1' : info.host === '::' ? '::1' : info.host;
        if (await ping(host, info.port)) return follow(dataDir, opts);
        if (++failedPings >= 3)
          throw new LocalDbLockedError(dataDir, info, ` but does not answer on port ${info.port}`);
      } else if (Date.now() > deadline) {
        throw new LocalDbLockedError(dataDir, info, ' but is not serving it');
      }
      await sleep(100);
    }
    if (attempt >= 3) throw locked;
  }
}

async function follow(dataDir: string, opts: LocalDbOptions): Promise<LocalDb & { owned: false }> {
  const log: LogFn = opts.log ?? defaultLog;
  let taken: LocalDb | null = null;
  const follower = new StoreFollower({
    dataDir,
    log,
    takeOver: async () => {
      taken = await startLocalDb({ ...opts, dataDir, port: 0 });
      return { host: taken.host === '0.0.0.0' ? '127.0.0.1' : taken.host, port: taken.port };
    },
    isLocked: (e) => e instanceof LocalDbLockedError,
  });
  const host = opts.host ?? '127.0.0.1';
  const port = await follower.listen(host);
  log('info', 'localdb: following the process that serves the data folder', { dataDir, port });
  return {
    uri: uriFor(host, port),
    port,
    host,
    dataDir,
    owned: false,
    async close() {
      await follower.close();
      await (taken as LocalDb | null)?.close();
    },
  };
}
