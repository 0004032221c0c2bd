import { deleteOrphanedPostMedia } from './attach.js';
import { deleteUnattachedMedia } from './media.js';
import { removeStaleTempFiles } from './uploads.js';

/** Temporary upload files older than this were left by a process that stopped mid-upload. */
const STALE_TEMP_MS = 3600_000;

export interface MediaSweepResult {
  /** Uploads never attached to a post, past their time. */
  readonly unattached: number;
  /** Files of deleted posts (or of posts never stored) that were still there. */
  readonly orphaned: number;
  /** Temporary upload files left behind. */
  readonly tempFiles: number;
}

/**
 * The media clean-up (each step is a set of idempotent deletes, so two instances sweeping at once
 * remove nothing twice and nothing they should not).
 */
export async function sweepMedia(opts: { unattachedBefore: Date; now?: number }): Promise<MediaSweepResult> {
  return { ...(await sweepStoredMedia(opts)), tempFiles: await sweepTempFiles() };
}

/** The store's part: one instance per period does it (a scheduled job, core/jobs.ts). */
export async function sweepStoredMedia(opts: {
  unattachedBefore: Date;
  now?: number;
}): Promise<Omit<MediaSweepResult, 'tempFiles'>> {
  const unattached = await deleteUnattachedMedia(opts.unattachedBefore);
  const orphaned = await deleteOrphanedPostMedia(opts.now);
  return { unattached, orphaned };
}

/** This machine's part: temporary files of uploads cut off mid-way; every instance does its own. */
export function sweepTempFiles(): Promise<number> {
  return removeStaleTempFiles(STALE_TEMP_MS);
}
