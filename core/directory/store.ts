import { Person } from '../../models/person.js';
import { DirectoryIndex, type DirectoryIndexOptions, type PersonSource } from './directory-index.js';
import type { DirectoryPersonInput } from './types.js';

/** The fields the directory reads: nothing else (no bio, manager, Teams id) leaves the store for it. */
export const DIRECTORY_FIELDS = {
  email: 1,
  displayName: 1,
  givenName: 1,
  surname: 1,
  jobTitle: 1,
  department: 1,
  departmentId: 1,
  officeLocation: 1,
  businessPhone: 1,
  mobilePhone: 1,
  mobileVisibility: 1,
  managerId: 1,
  skills: 1,
  photoId: 1,
  aadObjectId: 1,
  roles: 1,
  active: 1,
  updatedAt: 1,
} as const;

/** People as the store holds them, read through mongoose. */
export const personStore: Required<PersonSource> & { allActive(): Promise<DirectoryPersonInput[]> } = {
  async allActive() {
    return Person.find({ active: true }, DIRECTORY_FIELDS).lean<DirectoryPersonInput[]>();
  },
  async changedSince(since: Date) {
    // Inactive people too: a deactivation is a change that must remove someone.
    return Person.find({ updatedAt: { $gt: since } }, DIRECTORY_FIELDS)
      .sort({ updatedAt: 1 })
      .lean<DirectoryPersonInput[]>();
  },
  async activeIds() {
    const rows = await Person.find({ active: true }, { _id: 1 }).lean<{ _id: { toString(): string } }[]>();
    return rows.map((r) => r._id.toString());
  },
};

/**
 * Builds the directory from the store at start-up. The index remembers the latest change
 * timestamp it saw, and refreshes from the store after it.
 */
export async function loadDirectory(options: Omit<DirectoryIndexOptions, 'source'> = {}): Promise<DirectoryIndex> {
  // The index's watermark is the newest change stamp among these people; the first refresh
  // looks back from it (with the clock-skew margin), so a write made while they were read
  // is picked up then.
  return DirectoryIndex.build(await personStore.allActive(), { ...options, source: personStore });
}

export interface DirectorySync {
  /** Stops the timer; resolves when a refresh in progress has finished. */
  stop(): Promise<void>;
}

/**
 * Keeps an index in step with the store (changes written by this or any other instance):
 * refreshes every `intervalMs` (default 1 s), and every `reconcileEveryMs` (default 5 min)
 * drops people deleted outright. Runs never overlap; each finished run is reported to
 * `onRefreshed` (people changed, people dropped), a failure to `onError` and retried on the next tick.
 */
export function startDirectorySync(
  index: DirectoryIndex,
  options: {
    intervalMs?: number;
    reconcileEveryMs?: number;
    onRefreshed?: (run: { changed: number; dropped: number }) => void;
    onError?: (err: unknown) => void;
  } = {},
): DirectorySync {
  const intervalMs = options.intervalMs ?? 1_000;
  const reconcileEveryMs = options.reconcileEveryMs ?? 300_000;
  let running: Promise<unknown> | undefined;
  let stopped = false;
  let lastReconcile = Date.now();
  const timer = setInterval(() => {
    if (stopped || running) return;
    const reconcile = Date.now() - lastReconcile >= reconcileEveryMs;
    running = (async () => {
      const changed = await index.refreshChanged();
      let dropped = 0;
      if (reconcile) {
        lastReconcile = Date.now();
        dropped = await index.reconcile();
      }
      options.onRefreshed?.({ changed, dropped });
    })()
      .catch((err: unknown) => options.onError?.(err))
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  // The sync must not keep a process alive on its own (tests, CLI scripts).
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
