import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import type { Actor } from '../actor.js';
import { AppError } from '../errors.js';
import { storeUpload, type StoreOptions, type StoredMedia } from './media.js';
import { bytesStoredBy } from './store.js';
import { ImageWorkers } from './images.js';

export interface UploadLimits {
  /** Uploads one person may send at the same time. */
  readonly perPerson: number;
  /** Uploads this instance receives at the same time. */
  readonly atOnce: number;
  /** Bytes one person may keep stored. */
  readonly quotaBytes: number;
}

/** What a door received into the temporary file it was given: not yet checked. */
export interface ReceivedFile {
  /** The name the sender gave it. */
  readonly name: string;
  readonly path: string;
  readonly size: number;
}

/**
 * Writes the incoming file to `tempPath` (refusing it past the size limits: refuseTooLarge in media.ts)
 * and says what it received. The temporary file is removed afterwards whatever happens.
 */
export type Receive = (tempPath: string) => Promise<{ name: string; size: number }>;

/** Multipart framing around a file: a declared body this much larger than the room left may still fit. */
const FRAMING_BYTES = 16 * 1024;
const MB = 1024 * 1024;

/** Where uploads wait while they are checked (TMPDIR, or the system's temporary folder). */
export function uploadTempDir(): string {
  return path.join(os.tmpdir(), 'ids-uploads');
}

const megabytes = (bytes: number) => Math.ceil(bytes / MB);

/**
 * The way into the media store for every door (tab uploads, profile photos, photos sent to the
 * bot): bounds how many uploads run at once, per person and on this instance (429 beyond), holds
 * each person to their storage quota (413), lets the door stream the file to a temporary file,
 * then checks and stores it (storeUpload) and removes the temporary file, also on error or abort.
 *
 * The bounds count on this instance; several instances each apply them. The quota is counted in
 * the store, so it holds across instances (give or take uploads running at that moment elsewhere).
 */
export class Uploads {
  private readonly running = new Map<string, number>();
  /** Bytes of uploads received and being stored, per person (not yet in bytesStoredBy). */
  private readonly storing = new Map<string, number>();
  private total = 0;
  private dirReady: Promise<void> | undefined;

  constructor(
    readonly limits: UploadLimits,
    readonly tempDir = uploadTempDir(),
    /** Where images are re-encoded: worker processes, a few at a time. */
    readonly images = new ImageWorkers(),
  ) {}

  /** Stops the image workers (the server is stopping). */
  close(): Promise<void> {
    return this.images.close();
  }

  /** Uploads being received or stored now. */
  get inProgress(): number {
    return this.total;
  }

  async accept(
    actor: Actor,
    receive: Receive,
    opts: StoreOptions & { readonly declaredBytes?: number } = {},
  ): Promise<StoredMedia> {
    const leave = this.enter(actor);
    const tempPath = path.join(this.tempDir, `${process.pid}-${randomBytes(12).toString('hex')}`);
    let reserved = 0;
    try {
      await this.checkQuota(actor, Math.max(0, (opts.declaredBytes ?? 0) - FRAMING_BYTES));
      await this.ensureDir();
      const received = await receive(tempPath);
      await this.checkQuota(actor, received.size);
      reserved = received.size;
      this.reserve(actor, reserved);
      return await storeUpload(actor, { name: received.name, path: tempPath, size: received.size }, this.images, opts);
    } finally {
      if (reserved) this.reserve(actor, -reserved);
      leave();
      await rm(tempPath, { force: true });
    }
  }

  /** Takes a place, or refuses at once with 429 (the client has not sent much yet). */
  private enter(actor: Actor): () => void {
    const key = actor.personId.toString();
    const mine = this.running.get(key) ?? 0;
    if (mine >= this.limits.perPerson)
      throw new AppError('rate_limited', { key: 'media.tooManyAtOnce', params: { count: mine } }, 429);
    if (this.total >= this.limits.atOnce) throw new AppError('rate_limited', { key: 'media.busy' }, 429);
    this.running.set(key, mine + 1);
    this.total++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.total--;
      const now = (this.running.get(key) ?? 1) - 1;
      if (now > 0) this.running.set(key, now);
      else this.running.delete(key);
    };
  }

  private reserve(actor: Actor, bytes: number): void {
    const key = actor.personId.toString();
    const now = (this.storing.get(key) ?? 0) + bytes;
    if (now > 0) this.storing.set(key, now);
    else this.storing.delete(key);
  }

  /** 413 when `incoming` more bytes would not fit in the person's quota. */
  private async checkQuota(actor: Actor, incoming: number): Promise<void> {
    const quota = this.limits.quotaBytes;
    const used = (await bytesStoredBy(actor.personId)) + (this.storing.get(actor.personId.toString()) ?? 0);
    if (used >= quota)
      throw new AppError(
        'quota_exceeded',
        { key: 'media.quotaFull', params: { used: megabytes(used), quota: megabytes(quota) } },
        413,
      );
    if (used + incoming > quota)
      throw new AppError(
        'quota_exceeded',
        {
          key: 'media.quotaTooSmall',
          params: { size: megabytes(incoming), used: megabytes(used), quota: megabytes(quota) },
        },
        413,
      );
  }

  private ensureDir(): Promise<void> {
    this.dirReady ??= mkdir(this.tempDir, { recursive: true, mode: 0o700 }).then(
      () => undefined,
      (err: unknown) => {
        this.dirReady = undefined;
        throw err;
      },
    );
    return this.dirReady;
  }
}

/**
 * Removes temporary upload files left older than `olderThanMs` (a process killed mid-upload
 * leaves its file behind; a live upload is never that old, since a request may take at most a few
 * minutes). Returns how many were removed.
 */
export async function removeStaleTempFiles(olderThanMs: number, dir = uploadTempDir()): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  const cutoff = Date.now() - olderThanMs;
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      if ((await stat(file)).mtimeMs < cutoff) {
        await rm(file, { force: true });
        removed++;
      }
    } catch {
      // Gone in the meantime.
    }
  }
  return removed;
}
