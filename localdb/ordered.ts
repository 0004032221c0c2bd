// The ordered part of an index: its keys (one tuple per document, or several for a multikey
// document) kept sorted in the index's order, so that a query walks a key range in order and
// stops when it has what it needs. A sorted list of bounded chunks (a flat B+tree): finding a
// position is two binary searches, an insert or a removal moves at most one chunk's entries.
import { ObjectId } from 'bson';
import { compareObjectIds, compareValues, typeRank } from './values.js';

/** The index key of an empty array: below every value, as an empty array sorts (sort.ts). */
export const EMPTY_ARRAY: unique symbol = Symbol('emptyArray');

/** A bound between BSON types: just below (side -1) or above (side 1) every value of one type rank. */
export class TypeEdge {
  constructor(
    readonly rank: number,
    readonly side: -1 | 1,
  ) {}
}

/** Compares two index key values: BSON order, with EMPTY_ARRAY lowest and TypeEdges between types. */
export function compareKeyValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  // Fast paths for the common keys (strings, numbers, dates, ObjectIds of the same type).
  const ta = typeof a;
  if (ta === typeof b) {
    if (ta === 'string') return (a as string) < (b as string) ? -1 : 1;
    if (ta === 'number') {
      if ((a as number) < (b as number)) return -1;
      if ((a as number) > (b as number)) return 1;
      if (a === b) return 0; // else NaN: below every number, as compareValues says
    }
    if (a instanceof Date && b instanceof Date) {
      const x = a.getTime();
      const y = b.getTime();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    if (a instanceof ObjectId && b instanceof ObjectId) return compareObjectIds(a, b);
  }
  if (a === EMPTY_ARRAY) return -1;
  if (b === EMPTY_ARRAY) return 1;
  if (a instanceof TypeEdge) {
    if (b instanceof TypeEdge) return Math.sign(a.rank - b.rank) || Math.sign(a.side - b.side);
    return Math.sign(a.rank - typeRank(b)) || a.side;
  }
  if (b instanceof TypeEdge) return -compareKeyValues(b, a);
  return compareValues(a, b);
}

/** One index entry: the key tuple (one value per indexed field) and the document's _id key. */
export interface KeyEntry {
  readonly key: readonly unknown[];
  readonly id: string;
}

/** A position in the list: chunk and offset. */
interface Position {
  c: number;
  i: number;
}

const MAX_CHUNK = 256;

export class OrderedKeys {
  /** Per field: 1 ascending, -1 descending (the index's key pattern). */
  readonly dirs: readonly number[];
  #chunks: KeyEntry[][] = [];
  #size = 0;
  /** Changes on every insert or removal, so that walkers know to find their place again. */
  #version = 0;
  #starts: number[] | null = null;

  constructor(dirs: readonly number[]) {
    this.dirs = dirs;
  }

  get size(): number {
    return this.#size;
  }

  get version(): number {
    return this.#version;
  }

  /** Index order on whole entries (key, then _id key: every entry is distinct). */
  compare(a: KeyEntry, b: KeyEntry): number {
    return this.compareKey(a.key, b.key) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  }

  /** Index order on key tuples, over the fields both have (a shorter tuple is a prefix bound). */
  compareKey(a: readonly unknown[], b: readonly unknown[]): number {
    const n = Math.min(a.length, b.length);
    for (let f = 0; f < n; f++) {
      const c = compareKeyValues(a[f], b[f]);
      if (c !== 0) return this.dirs[f] === 1 ? c : -c;
    }
    return 0;
  }

  insert(entry: KeyEntry): void {
    this.#touch();
    this.#size++;
    if (this.#chunks.length === 0) {
      this.#chunks.push([entry]);
      return;
    }
    const { c, i } = this.#search((e) => this.compare(e, entry), false);
    const ci = c === this.#chunks.length ? c - 1 : c;
    const chunk = this.#chunks[ci]!;
    chunk.splice(c === ci ? i : chunk.length, 0, entry);
    if (chunk.length > MAX_CHUNK) this.#chunks.splice(ci + 1, 0, chunk.splice(MAX_CHUNK >> 1));
  }

  remove(entry: KeyEntry): boolean {
    const { c, i } = this.#search((e) => this.compare(e, entry), false);
    const chunk = this.#chunks[c];
    if (!chunk || i >= chunk.length || this.compare(chunk[i]!, entry) !== 0) return false;
    this.#touch();
    this.#size--;
    chunk.splice(i, 1);
    if (chunk.length === 0) this.#chunks.splice(c, 1);
    return true;
  }

  /** Replaces the contents by `entries` (any order): sorting once beats inserting one by one. */
  load(entries: KeyEntry[]): void {
    this.#touch();
    entries.sort((a, b) => this.compare(a, b));
    this.#chunks = [];
    for (let i = 0; i < entries.length; i += MAX_CHUNK >> 1) this.#chunks.push(entries.slice(i, i + (MAX_CHUNK >> 1)));
    this.#size = entries.length;
  }

  clear(): void {
    this.#touch();
    this.#chunks = [];
    this.#size = 0;
  }

  /**
   * How many entries lie before the first one whose `probe` is >= 0 (or > 0 when `strict`).
   * `probe(e)` compares an entry with the place sought and must not decrease along the list.
   */
  rank(probe: (e: KeyEntry) => number, strict: boolean): number {
    const { c, i } = this.#search(probe, strict);
    if (!this.#starts) {
      const starts: number[] = [];
      let n = 0;
      for (const chunk of this.#chunks) {
        starts.push(n);
        n += chunk.length;
      }
      this.#starts = starts;
    }
    return c >= this.#chunks.length ? this.#size : this.#starts[c]! + i;
  }

  /**
   * Walks entries in index order (dir 1) or backwards (dir -1), starting at the first entry
   * whose `start` probe is >= 0 (> 0 when `strictStart`); going backwards, at the last entry
   * whose probe is <= 0 (< 0 when strict). Survives changes to the list between steps: after
   * one, it finds its place again from the last entry it returned.
   */
  walk(dir: 1 | -1, start: (e: KeyEntry) => number, strictStart: boolean): KeyWalker {
    return new KeyWalker(this, dir, start, strictStart);
  }

  /** @internal */
  at(p: Position): KeyEntry | undefined {
    return this.#chunks[p.c]?.[p.i];
  }

  /** @internal the position after `p` (dir 1) or before it (dir -1); c = -1 or past the end when none. */
  step(p: Position, dir: 1 | -1): void {
    if (dir === 1) {
      p.i++;
      const chunk = this.#chunks[p.c];
      if (chunk && p.i >= chunk.length) {
        p.c++;
        p.i = 0;
      }
    } else {
      p.i--;
      if (p.i < 0) {
        p.c--;
        p.i = p.c >= 0 ? this.#chunks[p.c]!.length - 1 : 0;
      }
    }
  }

  /** @internal first position where probe >= 0 (> 0 when strict); past the end when none. */
  seekForward(probe: (e: KeyEntry) => number, strict: boolean): Position {
    return this.#search(probe, strict);
  }

  /** @internal last position where probe <= 0 (< 0 when strict); c = -1 when none. */
  seekBackward(probe: (e: KeyEntry) => number, strict: boolean): Position {
    const p = this.#search(probe, !strict);
    if (p.c >= this.#chunks.length) {
      const c = this.#chunks.length - 1;
      return { c, i: c >= 0 ? this.#chunks[c]!.length - 1 : 0 };
    }
    this.step(p, -1);
    return p;
  }

  #touch(): void {
    this.#version++;
    this.#starts = null;
  }

  /** First position whose entry has probe >= 0 (or > 0 when strict). */
  #search(probe: (e: KeyEntry) => number, strict: boolean): Position {
    const chunks = this.#chunks;
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const chunk = chunks[mid]!;
      const v = probe(chunk[chunk.length - 1]!);
      if (strict ? v > 0 : v >= 0) hi = mid;
      else lo = mid + 1;
    }
    if (lo === chunks.length) return { c: lo, i: 0 };
    const chunk = chunks[lo]!;
    let a = 0;
    let b = chunk.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      const v = probe(chunk[mid]!);
      if (strict ? v > 0 : v >= 0) b = mid;
      else a = mid + 1;
    }
    return { c: lo, i: a };
  }
}

/** A walk over an OrderedKeys list; see OrderedKeys.walk. */
export class KeyWalker {
  readonly #keys: OrderedKeys;
  readonly #dir: 1 | -1;
  readonly #start: (e: KeyEntry) => number;
  readonly #strictStart: boolean;
  #pos: Position;
  #version: number;
  #last: KeyEntry | undefined;

  constructor(keys: OrderedKeys, dir: 1 | -1, start: (e: KeyEntry) => number, strictStart: boolean) {
    this.#keys = keys;
    this.#dir = dir;
    this.#start = start;
    this.#strictStart = strictStart;
    this.#pos = this.#seek(start, strictStart);
    this.#version = keys.version;
  }

  #seek(probe: (e: KeyEntry) => number, strict: boolean): Position {
    return this.#dir === 1 ? this.#keys.seekForward(probe, strict) : this.#keys.seekBackward(probe, strict);
  }

  /** The next entry, or undefined at the end of the list. */
  next(): KeyEntry | undefined {
    const keys = this.#keys;
    if (this.#version !== keys.version) {
      this.#version = keys.version;
      const last = this.#last;
      this.#pos = last ? this.#seek((e) => keys.compare(e, last), true) : this.#seek(this.#start, this.#strictStart);
      this.#last = undefined;
    } else if (this.#last) {
      keys.step(this.#pos, this.#dir);
    }
    const e = keys.at(this.#pos);
    if (e) this.#last = e;
    return e;
  }
}
