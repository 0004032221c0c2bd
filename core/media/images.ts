import path from 'node:path';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import type { ImageJob, ImageJobResult } from './image-job.js';

/** Raised when a file cannot be decoded as the image it claims to be (or its worker gave up on it). */
export class UnreadableImageError extends Error {
  override name = 'UnreadableImageError';
}

export interface ImageWorkersOptions {
  /** Images re-encoded at the same time (one worker process each); more wait their turn. */
  readonly atOnce: number;
  /** A worker with nothing to do for this long exits, and its memory goes back to the system. */
  readonly idleMs: number;
  /** A worker is replaced after this many images (the allocator keeps what it once held). */
  readonly jobsPerWorker: number;
  /** A worker that takes longer than this on one image is killed and the image refused. */
  readonly timeoutMs: number;
}

const DEFAULTS: ImageWorkersOptions = { atOnce: 2, idleMs: 15_000, jobsPerWorker: 50, timeoutMs: 60_000 };

// The worker is this folder's image-worker, with this file's extension (.ts under tsx, .js when built).
const here = fileURLToPath(import.meta.url);
const WORKER = path.join(path.dirname(here), `image-worker${path.extname(here)}`);

interface Worker {
  readonly child: ChildProcess;
  jobs: number;
  idleTimer?: NodeJS.Timeout;
}

/**
 * A small pool of image worker processes (image-worker.ts). Decoding a photo holds the whole
 * picture in memory (a 12-megapixel photo is about 36 MB, and libvips takes several times that
 * while it works); in worker processes that memory never lands in the server, the workers'
 * allocator is told to keep little (MALLOC_ARENA_MAX), and an idle worker exits so what it held
 * goes back to the system. A worker that crashes or hangs on a hostile file is killed; the
 * server carries on.
 */
export class ImageWorkers {
  private readonly opts: ImageWorkersOptions;
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly idle: Worker[] = [];
  private readonly all = new Set<Worker>();
  private nextId = 1;

  constructor(opts: Partial<ImageWorkersOptions> = {}) {
    this.opts = { ...DEFAULTS, ...opts };
    this.limit = pLimit(this.opts.atOnce);
  }

  /** Worker processes alive now (busy or idle). */
  get processes(): number[] {
    return [...this.all].map((w) => w.child.pid ?? 0);
  }

  /**
   * Re-encodes `inPath` (upright, without metadata) into `outPath` and writes its thumbnail to
   * `thumbPath`. Throws UnreadableImageError when the file is not a readable image.
   */
  reencode(job: Omit<ImageJob, 'id'>): Promise<{ width: number; height: number }> {
    return this.limit(() => this.run({ ...job, id: this.nextId++ }));
  }

  /** Stops every worker (the server is stopping; an image still being read is refused). */
  async close(): Promise<void> {
    await Promise.all([...this.all].map((w) => this.retire(w, 'now')));
  }

  private run(job: ImageJob): Promise<{ width: number; height: number }> {
    const worker = this.take();
    const { child } = worker;
    return new Promise((resolve, reject) => {
      const done = (err: Error | undefined, result?: { width: number; height: number }) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (err) reject(err);
        else resolve(result!);
      };
      const onMessage = (msg: ImageJobResult) => {
        if (msg.id !== job.id) return;
        worker.jobs++;
        this.release(worker);
        done(
          msg.ok ? undefined : new UnreadableImageError(),
          msg.ok ? { width: msg.width, height: msg.height } : undefined,
        );
      };
      const onExit = () => {
        this.forget(worker);
        done(new UnreadableImageError('The image worker stopped on this file.'));
      };
      const timer = setTimeout(() => {
        child.off('exit', onExit);
        void this.retire(worker, 'now');
        done(new UnreadableImageError('The image took too long to read.'));
      }, this.opts.timeoutMs);
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.channel?.ref();
      child.send(job);
    });
  }

  private take(): Worker {
    const worker = this.idle.pop();
    if (worker) {
      clearTimeout(worker.idleTimer);
      return worker;
    }
    const child = fork(WORKER, [], {
      execArgv: process.execArgv,
      env: { ...process.env, MALLOC_ARENA_MAX: '2' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    // Never keep the server alive for a worker's sake.
    child.unref();
    const fresh: Worker = { child, jobs: 0 };
    this.all.add(fresh);
    child.once('exit', () => this.forget(fresh));
    return fresh;
  }

  private release(worker: Worker): void {
    worker.child.channel?.unref();
    if (worker.jobs >= this.opts.jobsPerWorker) {
      void this.retire(worker);
      return;
    }
    worker.idleTimer = setTimeout(() => void this.retire(worker), this.opts.idleMs);
    worker.idleTimer.unref();
    this.idle.push(worker);
  }

  private forget(worker: Worker): void {
    clearTimeout(worker.idleTimer);
    this.all.delete(worker);
    const i = this.idle.indexOf(worker);
    if (i >= 0) this.idle.splice(i, 1);
  }

  /** Lets a worker go: an idle one is told (it exits by itself), a stuck one is killed. */
  private async retire(worker: Worker, how: 'gently' | 'now' = 'gently'): Promise<void> {
    this.forget(worker);
    const { child } = worker;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (how === 'gently' && child.connected) {
      child.disconnect();
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    } else child.kill('SIGKILL');
    await exited;
  }
}
