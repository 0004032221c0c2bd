import type { WriteCounter } from '../models/writes.js';

/**
 * How long an instance keeps what it read of people and groups for authentication and
 * visibility. A write through this instance drops the copies at once (models/writes.ts); one
 * through another instance is seen within this time (issue 14 allows 2 s).
 */
export const RECENT_MS = 1_000;

interface Entry<V> {
  value: Promise<V | undefined>;
  generation: number;
  until: number;
}

/**
 * Values read from the store, kept for a short time so that requests in quick succession (a
 * person scrolling the feed) do not read the same person or groups again on each one. A value
 * counts only while no write to its collection was made through this process since it was read
 * (and its read started after the last one); absent values are not kept.
 */
export class RecentReads<K, V> {
  private readonly entries = new Map<K, Entry<V>>();

  constructor(
    private readonly writes: WriteCounter,
    private readonly maxEntries = 10_000,
    private readonly ttlMs = RECENT_MS,
  ) {}

  get(key: K, read: () => Promise<V | undefined>): Promise<V | undefined> {
    const now = Date.now();
    const generation = this.writes.generation;
    const kept = this.entries.get(key);
    if (kept && kept.generation === generation && kept.until > now) return kept.value;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const value = read();
    const entry: Entry<V> = { value, generation, until: now + this.ttlMs };
    // Requests that arrive while it is being read share the read.
    this.entries.set(key, entry);
    value.then(
      (v) => {
        if (v === undefined && this.entries.get(key) === entry) this.entries.delete(key);
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return value;
  }

  /** Forgets everything (tests). */
  clear(): void {
    this.entries.clear();
  }
}
