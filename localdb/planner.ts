// Query planning: which documents a query looks at, and in which order. A filter's equality,
// `$in` and range conditions become key ranges of an index; a sort that an index's order
// provides is met by walking those ranges in order (merging the runs of an `$in`, as MongoDB's
// SORT_MERGE does) and stopping at the limit, instead of collecting and sorting every candidate.
// Every document found is still tested against the whole filter: bounds only narrow the search,
// so they may be looser than the filter but never tighter.
import type { Collection } from './collection.js';
import type { Index } from './indexes.js';
import { type KeyEntry, type OrderedKeys, TypeEdge, compareKeyValues } from './ordered.js';
import type { SortField } from './sort.js';
import { type Doc, bsonTypeOf, isPlainObject, keyOf, typeRank } from './values.js';

// ---------------------------------------------------------------- bounds from a filter

interface Endpoint {
  value: unknown;
  inclusive: boolean;
}

/** What a condition requires of a field's value: one of `points`, or a range (either end open). */
interface Bound {
  points?: unknown[];
  lo?: Endpoint;
  hi?: Endpoint;
}

const MAX_POINTS = 1000;

/** A value an equality can look up in an index (no null, arrays, documents or regexes). */
function isPoint(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  const t = typeof v;
  if (t === 'string' || t === 'number' || t === 'boolean') return true;
  if (v instanceof Date) return !Number.isNaN(v.getTime());
  const b = bsonTypeOf(v);
  return b === 'ObjectId' || b === 'Long' || b === 'Double' || b === 'Decimal128' || b === 'Int32' || b === 'Binary';
}

/** A value a range operator compares with inside its own BSON type (MongoDB's type bracketing). */
function isRangeValue(v: unknown): boolean {
  return isPoint(v) && !(typeof v === 'number' && Number.isNaN(v)) && bsonTypeOf(v) !== 'Binary';
}

function conditionBounds(cond: unknown): Bound[] {
  if (isPoint(cond)) return [{ points: [cond] }];
  if (!isPlainObject(cond)) return [];
  const ops = Object.keys(cond);
  if (ops.length === 0 || !ops.every((op) => op.startsWith('$'))) return [];
  const out: Bound[] = [];
  for (const op of ops) {
    const v = cond[op];
    switch (op) {
      case '$eq':
        if (isPoint(v)) out.push({ points: [v] });
        break;
      case '$in':
        if (Array.isArray(v) && v.length <= MAX_POINTS && v.every(isPoint)) out.push({ points: v });
        break;
      case '$gt':
      case '$gte':
        if (isRangeValue(v))
          out.push({
            lo: { value: v, inclusive: op === '$gte' },
            hi: { value: new TypeEdge(typeRank(v), 1), inclusive: true },
          });
        break;
      case '$lt':
      case '$lte':
        if (isRangeValue(v))
          out.push({
            lo: { value: new TypeEdge(typeRank(v), -1), inclusive: true },
            hi: { value: v, inclusive: op === '$lte' },
          });
        break;
    }
  }
  return out;
}

type FieldBounds = Map<string, Bound[]>;

/** The bounds every matching document satisfies, per field path (each list is AND-ed). */
export function filterBounds(filter: Doc): FieldBounds {
  const out: FieldBounds = new Map();
  for (const key of Object.keys(filter)) {
    const cond = filter[key];
    if (key === '$and' && Array.isArray(cond)) {
      for (const c of cond) if (isPlainObject(c)) for (const [p, b] of filterBounds(c)) addBounds(out, p, b);
    } else if (key === '$or' && Array.isArray(cond) && cond.length > 0 && cond.every(isPlainObject)) {
      // A field every branch bounds is bounded by their union.
      const branches = cond.map((c) => filterBounds(c as Doc));
      for (const path of branches[0]!.keys()) {
        const each = branches.map((b) => b.get(path)?.[0]);
        if (each.every((b) => b !== undefined)) addBounds(out, path, [union(each as Bound[])]);
      }
    } else if (!key.startsWith('$')) {
      addBounds(out, key, conditionBounds(cond));
    }
  }
  return out;
}

function addBounds(out: FieldBounds, path: string, bounds: Bound[]): void {
  if (bounds.length === 0) return;
  const list = out.get(path);
  if (list) list.push(...bounds);
  else out.set(path, [...bounds]);
}

function union(bounds: Bound[]): Bound {
  if (bounds.every((b) => b.points)) return { points: bounds.flatMap((b) => b.points!) };
  let lo: Endpoint | undefined;
  let hi: Endpoint | undefined;
  let openLo = false;
  let openHi = false;
  for (const b of bounds) {
    const [l, h] = b.points ? pointHull(b.points) : [b.lo, b.hi];
    if (!l) openLo = true;
    else if (!lo || lower(l, lo) === l) lo = l;
    if (!h) openHi = true;
    else if (!hi || higher(h, hi) === h) hi = h;
  }
  return { lo: openLo ? undefined : lo, hi: openHi ? undefined : hi };
}

function pointHull(points: unknown[]): [Endpoint | undefined, Endpoint | undefined] {
  if (points.length === 0) return [undefined, undefined];
  let min = points[0];
  let max = points[0];
  for (const p of points) {
    if (compareKeyValues(p, min) < 0) min = p;
    if (compareKeyValues(p, max) > 0) max = p;
  }
  return [
    { value: min, inclusive: true },
    { value: max, inclusive: true },
  ];
}

/** The lower of two lower ends for a union (an inclusive end reaches further). */
function lower(a: Endpoint, b: Endpoint): Endpoint {
  const c = compareKeyValues(a.value, b.value);
  return c < 0 || (c === 0 && a.inclusive) ? a : b;
}

function higher(a: Endpoint, b: Endpoint): Endpoint {
  const c = compareKeyValues(a.value, b.value);
  return c > 0 || (c === 0 && a.inclusive) ? a : b;
}

function sortedPoints(points: unknown[]): unknown[] {
  const sorted = [...points].sort(compareKeyValues);
  return sorted.filter((p, i) => i === 0 || compareKeyValues(p, sorted[i - 1]) !== 0);
}

function inRange(v: unknown, lo: Endpoint | undefined, hi: Endpoint | undefined): boolean {
  if (lo) {
    const c = compareKeyValues(v, lo.value);
    if (c < 0 || (c === 0 && !lo.inclusive)) return false;
  }
  if (hi) {
    const c = compareKeyValues(v, hi.value);
    if (c > 0 || (c === 0 && !hi.inclusive)) return false;
  }
  return true;
}

/**
 * One bound for a field from the AND-ed list. On a single-valued field the bounds intersect; on a
 * multikey field different conditions may hold for different elements, so one is chosen whole.
 */
function combine(bounds: Bound[], multikey: boolean): Bound {
  const withPoints = bounds.filter((b) => b.points);
  const ranges = bounds.filter((b) => !b.points);
  if (multikey) {
    if (withPoints.length) {
      const fewest = withPoints.reduce((a, b) => (b.points!.length < a.points!.length ? b : a));
      return { points: sortedPoints(fewest.points!) };
    }
    return ranges[0]!;
  }
  let lo: Endpoint | undefined;
  let hi: Endpoint | undefined;
  for (const r of ranges) {
    if (r.lo && (!lo || higherLo(r.lo, lo) === r.lo)) lo = r.lo;
    if (r.hi && (!hi || lowerHi(r.hi, hi) === r.hi)) hi = r.hi;
  }
  if (withPoints.length) {
    let points = sortedPoints(withPoints[0]!.points!);
    for (const b of withPoints.slice(1))
      points = points.filter((p) => b.points!.some((q) => compareKeyValues(p, q) === 0));
    return { points: points.filter((p) => inRange(p, lo, hi)) };
  }
  if (lo && hi) {
    const c = compareKeyValues(lo.value, hi.value);
    if (c > 0 || (c === 0 && !(lo.inclusive && hi.inclusive))) return { points: [] };
  }
  return { lo, hi };
}

/** The tighter of two lower ends for an intersection. */
function higherLo(a: Endpoint, b: Endpoint): Endpoint {
  const c = compareKeyValues(a.value, b.value);
  return c > 0 || (c === 0 && !a.inclusive) ? a : b;
}

function lowerHi(a: Endpoint, b: Endpoint): Endpoint {
  const c = compareKeyValues(a.value, b.value);
  return c < 0 || (c === 0 && !a.inclusive) ? a : b;
}

// ---------------------------------------------------------------- plans

/** A key range of an index, in index order; tuples are prefixes of the index key. */
export interface Interval {
  start: unknown[];
  startStrict: boolean;
  end: unknown[];
  endStrict: boolean;
}

export interface IndexPlan {
  kind: 'index';
  index: Index;
  intervals: Interval[];
  /** How many leading fields are fixed by equality (points). */
  fixed: number;
  /** Entries within the intervals. */
  count: number;
  /** Whether walking gives documents in the requested sort order, and which way to walk. */
  sorted: boolean;
  dir: 1 | -1;
  /** Runs to merge on the key from field `fixed` on (several intervals, a sort that spans them). */
  merge: boolean;
}

export type Plan =
  | IndexPlan
  | { kind: 'ids'; ids: unknown[]; count: number; sorted: false }
  | { kind: 'scan'; count: number; sorted: false };

const MAX_INTERVALS = 1000;

function countInterval(keys: OrderedKeys, iv: Interval): number {
  const before = keys.rank((e) => keys.compareKey(e.key, iv.start), iv.startStrict);
  const through = keys.rank((e) => keys.compareKey(e.key, iv.end), !iv.endStrict);
  return Math.max(0, through - before);
}

/** A field fixed by equality to one value, and single-valued: constant among the results. */
function isConstant(index: Index, fixedPoints: unknown[][], path: string): boolean {
  const f = index.fields.indexOf(path);
  return f >= 0 && f < fixedPoints.length && fixedPoints[f]!.length === 1 && !index.isMultikey(f);
}

/**
 * Entries counted per leading fields fixed by equality (same filter, so same points): two indexes
 * that start alike hold as many entries for them, counted once.
 */
type CountMemo = Map<string, number>;

function indexPlan(index: Index, bounds: FieldBounds, sort: SortField[], memo?: CountMemo): IndexPlan | null {
  const { fields, dirs } = index;
  const fixedPoints: unknown[][] = [];
  let combos = 1;
  let range: Bound | undefined;
  for (let f = 0; f < fields.length; f++) {
    const list = bounds.get(fields[f]!);
    if (!list) break;
    const b = combine(list, index.isMultikey(f));
    if (b.points) {
      if (combos * b.points.length > MAX_INTERVALS) break;
      combos *= b.points.length;
      fixedPoints.push(b.points);
      continue;
    }
    range = b;
    break;
  }
  const fixed = fixedPoints.length;
  // Which way a walk gives the sort: fields fixed to one value (single-valued) drop out of it.
  const rest = sort.filter((s) => !isConstant(index, fixedPoints, s.path));
  let sorted = rest.length === 0;
  let dir: 1 | -1 = 1;
  if (rest.length > 0 && fixed + rest.length <= fields.length) {
    const w = rest[0]!.dir * dirs[fixed]!;
    sorted = rest.every((s, j) => s.path === fields[fixed + j] && s.dir * dirs[fixed + j]! === w);
    dir = w === 1 ? 1 : -1;
  }
  // A multikey document sorts by its smallest (largest) element: a walk that skips elements
  // outside a range would place it by another one, so a sorted walk takes the field whole.
  if (sorted && rest.length > 0 && range && index.isMultikey(fixed)) range = undefined;
  // A walk of the whole index is worth it only for its order (a sparse index lacks documents).
  if (fixed === 0 && !range && (index.sparse || sort.length === 0 || !sorted)) return null;

  let prefixes: unknown[][] = [[]];
  for (const points of fixedPoints) prefixes = prefixes.flatMap((p) => points.map((v) => [...p, v]));
  const intervals: Interval[] = prefixes.map((prefix) => {
    if (!range) return { start: prefix, startStrict: false, end: prefix, endStrict: false };
    const d = dirs[fixed]!;
    const first = d === 1 ? range.lo : range.hi;
    const last = d === 1 ? range.hi : range.lo;
    return {
      start: first ? [...prefix, first.value] : prefix,
      startStrict: first ? !first.inclusive : false,
      end: last ? [...prefix, last.value] : prefix,
      endStrict: last ? !last.inclusive : false,
    };
  });
  // A unique index fixed on every field holds at most one entry per interval (a multikey one,
  // one per element): no need to count them.
  const exact = index.unique && fixed === fields.length && !fields.some((_, f) => index.isMultikey(f));
  const memoKey = range ? undefined : fields.slice(0, fixed).join('\u0000');
  let count = memoKey === undefined ? undefined : memo?.get(memoKey);
  if (count === undefined) {
    count = 0;
    if (exact) count = intervals.length;
    else for (const iv of intervals) count += countInterval(index.keys, iv);
    if (memoKey !== undefined) memo?.set(memoKey, count);
  }
  return {
    kind: 'index',
    index,
    intervals,
    fixed,
    count,
    sorted,
    dir,
    merge: sorted && rest.length > 0 && intervals.length > 1,
  };
}

export interface Choice {
  /** The plan to run first. */
  plan: Plan;
  /** When `plan` is a sorted walk that may take long: the plan to fall back to, and after how many keys. */
  fallback?: { plan: Plan; after: number };
}

/**
 * Chooses how to run a query. Without a sort: the plan that touches the fewest entries. With a
 * sort that an index provides: its ordered walk, which stops at the limit; when another plan
 * touches fewer entries, the walk gets as many keys as that plan would touch before it gives way
 * to it (then the candidates are sorted), so a walk never costs more than twice the best plan.
 */
export function choosePlan(coll: Collection, filter: Doc, sort: SortField[], limit: number): Choice {
  const scan: Plan = { kind: 'scan', count: coll.docs.size, sorted: false };
  if (sort[0]?.path === '$natural') return { plan: scan };
  const bounds = filterBounds(filter);
  let best: Plan = scan;
  const idBounds = bounds.get('_id');
  if (idBounds) {
    const b = combine(idBounds, false);
    if (b.points) best = { kind: 'ids', ids: b.points, count: b.points.length, sorted: false };
    // A few _id look-ups beat any index walk: no need to weigh the others.
    if (best.kind === 'ids' && best.count <= 64) return { plan: best };
  }
  let bestSorted: IndexPlan | null = null;
  const memo: CountMemo = new Map();
  for (const index of coll.secondary) {
    if (!index.walkable) continue;
    const plan = indexPlan(index, bounds, sort, memo);
    if (!plan) continue;
    // A handful of unique keys (a like by one person on a page of posts): nothing walks less.
    if (plan.count <= 64 && plan.index.unique && plan.fixed === plan.index.fields.length && sort.length === 0)
      return { plan };
    if (plan.count < best.count) best = plan;
    if (sort.length > 0 && plan.sorted && (!bestSorted || plan.count < bestSorted.count)) bestSorted = plan;
  }
  if (sort.length === 0 || !bestSorted) return { plan: best };
  if (bestSorted.count <= best.count) return { plan: bestSorted };
  if (!Number.isFinite(limit)) return { plan: bestSorted.count <= 2 * best.count ? bestSorted : best };
  return { plan: bestSorted, fallback: { plan: best, after: Math.max(best.count, 64) } };
}

// ---------------------------------------------------------------- walking

/** Entries of one interval, in index order (dir 1) or backwards. */
function* walkInterval(keys: OrderedKeys, iv: Interval, dir: 1 | -1): Generator<KeyEntry> {
  const walker =
    dir === 1
      ? keys.walk(1, (e) => keys.compareKey(e.key, iv.start), iv.startStrict)
      : keys.walk(-1, (e) => keys.compareKey(e.key, iv.end), iv.endStrict);
  for (;;) {
    const e = walker.next();
    if (!e) return;
    if (dir === 1) {
      const c = keys.compareKey(e.key, iv.end);
      if (c > 0 || (c === 0 && iv.endStrict)) return;
    } else {
      const c = keys.compareKey(e.key, iv.start);
      if (c < 0 || (c === 0 && iv.startStrict)) return;
    }
    yield e;
  }
}

/** The entries of an index plan: interval after interval, or merged into one sorted run. */
export function* planEntries(plan: IndexPlan): Generator<KeyEntry> {
  const keys = plan.index.keys;
  const order = plan.dir === 1 ? plan.intervals : [...plan.intervals].reverse();
  if (!plan.merge) {
    for (const iv of order) yield* walkInterval(keys, iv, plan.dir);
    return;
  }
  // k-way merge on the key after the fixed fields (the runs differ only in their fixed prefix).
  const heap = new RunHeap(keys.dirs, plan.fixed, plan.dir);
  for (const iv of order) heap.add(walkInterval(keys, iv, plan.dir));
  for (let e = heap.next(); e; e = heap.next()) yield e;
}

/** Ordered runs merged into one (a binary heap of their heads). */
class RunHeap {
  readonly #heads: KeyEntry[] = [];
  readonly #runs: Generator<KeyEntry>[] = [];
  readonly #dirs: readonly number[];
  readonly #from: number;
  readonly #dir: 1 | -1;

  constructor(dirs: readonly number[], from: number, dir: 1 | -1) {
    this.#dirs = dirs;
    this.#from = from;
    this.#dir = dir;
  }

  add(run: Generator<KeyEntry>): void {
    const first = run.next();
    if (first.done) return;
    this.#heads.push(first.value);
    this.#runs.push(run);
    this.#up(this.#heads.length - 1);
  }

  /** The least head; its run moves on. */
  next(): KeyEntry | undefined {
    const heads = this.#heads;
    if (heads.length === 0) return undefined;
    const top = heads[0]!;
    const following = this.#runs[0]!.next();
    if (following.done) {
      const lastHead = heads.pop()!;
      const lastRun = this.#runs.pop()!;
      if (heads.length > 0) {
        heads[0] = lastHead;
        this.#runs[0] = lastRun;
      }
    } else heads[0] = following.value;
    this.#down(0);
    return top;
  }

  #cmp(a: KeyEntry, b: KeyEntry): number {
    for (let f = this.#from; f < a.key.length; f++) {
      const c = compareKeyValues(a.key[f], b.key[f]);
      if (c !== 0) return (this.#dirs[f] === 1 ? c : -c) * this.#dir;
    }
    return (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * this.#dir;
  }

  #swap(i: number, j: number): void {
    const heads = this.#heads;
    const runs = this.#runs;
    [heads[i], heads[j]] = [heads[j]!, heads[i]!];
    [runs[i], runs[j]] = [runs[j]!, runs[i]!];
  }

  #up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.#cmp(this.#heads[parent]!, this.#heads[i]!) <= 0) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(i: number): void {
    const heads = this.#heads;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heads.length && this.#cmp(heads[l]!, heads[m]!) < 0) m = l;
      if (r < heads.length && this.#cmp(heads[r]!, heads[m]!) < 0) m = r;
      if (m === i) return;
      this.#swap(i, m);
      i = m;
    }
  }
}

/** A short description of a plan, for explain. */
export function describePlan(plan: Plan): Doc {
  if (plan.kind === 'scan') return { stage: 'COLLSCAN' };
  if (plan.kind === 'ids') return { stage: 'IDHACK', keys: plan.ids.length };
  const scan = {
    stage: 'IXSCAN',
    indexName: plan.index.name,
    keyPattern: plan.index.spec.key,
    isMultiKey: plan.index.fields.some((_, f) => plan.index.isMultikey(f)),
    direction: plan.dir === 1 ? 'forward' : 'backward',
    intervals: plan.intervals.length,
  };
  return { stage: 'FETCH', inputStage: plan.merge ? { stage: 'SORT_MERGE', inputStage: scan } : scan };
}

/** The _id keys of an ids plan, present in the collection. */
export function planIdKeys(plan: { ids: unknown[] }): string[] {
  return [...new Set(plan.ids.map((v) => keyOf(v)))];
}
