// localdb on a thread of its own: openLocalDb run on a worker thread of this process, so the
// store's work (planning, walking indexes, encoding replies, its side of the socket) runs on
// another core than the server's event loop, as a MongoDB server would, and a long query no
// longer holds up every other request. The server still speaks to it only through the driver
// over a socket: what openLocalDbThread returns is what openLocalDb would (bench/README.md,
// "The feed under load", for what it changes).
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { LocalDbDamagedError, LocalDbLockedError, type LocalDbOptions, type LogFn, openLocalDb } from './index.js';
import { defaultLog } from './log.js';

type ThreadOptions = Omit<LocalDbOptions, 'log'>;
type Opened = Awaited<ReturnType<typeof openLocalDb>>;

interface ThrownError {
  name: string;
  message: string;
  stack?: string;
  /** The error's own fields that cross threads as they are (a damaged file's name and offset, a pid). */
  fields: Record<string, unknown>;
}

type FromThread =
  | { kind: 'ready'; db: Omit<Opened, 'close'> }
  | { kind: 'failed'; error: ThrownError }
  | { kind: 'log'; level: Parameters<LogFn>[0]; msg: string; extra?: Record<string, unknown> }
  | { kind: 'closed'; error?: string };

/** The errors openLocalDb throws that callers tell apart by class. */
const KNOWN_ERRORS: Record<string, { prototype: Error }> = {
  LocalDbLockedError,
  LocalDbDamagedError,
};

/**
 * Starts openLocalDb(opts) on a worker thread and resolves once it serves (or rejects with the
 * error openLocalDb threw, of the same class). Its log lines come back to opts.log. A thread that
 * fails after that stops this process, as a failure of an in-process store would.
 */
export async function openLocalDbThread(opts: LocalDbOptions = {}): Promise<Opened> {
  const { log = defaultLog, ...rest } = opts;
  const self = import.meta.url;
  const data = { localdbThread: rest satisfies ThreadOptions };
  // From the sources (npm start in development, the tests) the thread registers tsx's loader
  // first, as scripts/run.mjs does: a loader registered on this thread does not reach a new one.
  const worker = self.endsWith('.ts')
    ? new Worker(
        `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(self)}); })`,
        { eval: true, workerData: data },
      )
    : new Worker(new URL(self), { workerData: data });
  let closing: Promise<void> | null = null;
  let failed = false;
  let onClosed: ((m: { error?: string }) => void) | null = null;
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  const ready = new Promise<Omit<Opened, 'close'>>((resolve, reject) => {
    let serving = false;
    worker.on('message', (m: FromThread) => {
      if (m.kind === 'log') log(m.level, m.msg, m.extra);
      else if (m.kind === 'ready') {
        serving = true;
        resolve(m.db);
      } else if (m.kind === 'failed') reject(revive(m.error));
      else if (m.kind === 'closed') onClosed?.(m);
    });
    worker.on('error', (err) => {
      if (!serving) return reject(err);
      if (closing) return;
      failed = true;
      // The store is gone: fail as an uncaught error in an in-process store would.
      process.nextTick(() => {
        throw err;
      });
    });
    void exited.then((code) => {
      if (!serving)
        return reject(new Error(`localdb: its thread stopped (exit code ${code}) before the store was served`));
      if (closing || failed) return;
      process.nextTick(() => {
        throw new Error(`localdb: its thread stopped (exit code ${code}) while serving; restart the server`);
      });
    });
  });
  let db: Omit<Opened, 'close'>;
  try {
    db = await ready;
  } catch (e) {
    await worker.terminate();
    throw e;
  }
  return {
    ...db,
    close: () =>
      (closing ??= (async () => {
        const closed = new Promise<{ error?: string }>((resolve) => {
          onClosed = resolve;
          void exited.then(() => resolve({ error: 'its thread stopped before the store was closed' }));
        });
        worker.postMessage('close');
        const { error } = await closed;
        await worker.terminate();
        if (error) throw new Error(`localdb: ${error}`);
      })()),
  };
}

/** The thread's error as the class openLocalDb would have thrown here, with its fields. */
function revive(e: ThrownError): Error {
  const known = KNOWN_ERRORS[e.name];
  const err: Error = known ? Object.create(known.prototype) : new Error();
  Object.assign(err, e.fields, { message: e.message });
  Object.defineProperty(err, 'stack', {
    value: e.stack ?? `${e.name}: ${e.message}`,
    writable: true,
    configurable: true,
  });
  if (!known) err.name = e.name;
  return err;
}

async function serveOnThisThread(opts: ThreadOptions): Promise<void> {
  const port = parentPort!;
  const send = (m: FromThread) => port.postMessage(m);
  let db: Opened;
  try {
    db = await openLocalDb({ ...opts, log: (level, msg, extra) => send({ kind: 'log', level, msg, extra }) });
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const fields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(err))
      if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) fields[k] = v;
    send({ kind: 'failed', error: { name: err.name, message: err.message, stack: err.stack, fields } });
    return;
  }
  const { close, ...served } = db;
  port.on('message', (m) => {
    if (m !== 'close') return;
    close().then(
      () => send({ kind: 'closed' }),
      (e: Error) => send({ kind: 'closed', error: e.message }),
    );
  });
  send({ kind: 'ready', db: served });
}

if (!isMainThread && (workerData as { localdbThread?: ThreadOptions } | null)?.localdbThread)
  void serveOnThisThread((workerData as { localdbThread: ThreadOptions }).localdbThread);
