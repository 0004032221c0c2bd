// Secondary indexes. Every ascending/descending index keeps its keys in index order
// (ordered.ts), so equality, ranges and sorts walk a key range in order (planner.ts); unique
// indexes also map their full key to the owning document (enforcing E11000). Text, 2dsphere and
// hashed indexes are kept as metadata only.
import { MongoError } from './errors.js';
import { Matcher } from './matcher.js';
import { EMPTY_ARRAY, type KeyEntry, OrderedKeys, compareKeyValues } from './ordered.js';
import { type Doc, collectPath, formatValue, isPlainObject, keyOf, toNumber } from './values.js';

export interface IndexSpec {
  v: number;
  key: Doc;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Doc;
  expireAfterSeconds?: number;
  [option: string]: unknown;
}

/** Options that make two indexes on the same key different indexes. */
const SIGNIFICANT_OPTIONS = [
  'unique',
  'sparse',
  'partialFilterExpression',
  'collation',
  'weights',
  'default_language',
  'language_override',
];
/** Options that can differ between otherwise equivalent indexes (MongoDB changes them with collMod). */
const MODIFIABLE_OPTIONS = ['expireAfterSeconds', 'hidden'];
const ALLOWED_OPTIONS = new Set([
  'v',
  'key',
  'name',
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'background',
  'hidden',
  'collation',
  'weights',
  'default_language',
  'language_override',
  'textIndexVersion',
  '2dsphereIndexVersion',
  'bits',
  'min',
  'max',
  'wildcardProjection',
  'storageEngine',
  'ns',
]);

/** What one document contributes to an index. */
export interface Entry {
  /** Unique indexes: the full key, canonical (one per combination for multikey documents). */
  full: { key: string; values: unknown[] }[];
  /** The key tuples in the ordered list (several for a multikey document). */
  tuples: unknown[][];
  /** Per field: whether the document holds several keys there (an array of several values). */
  multi: boolean[];
}

export function defaultIndexName(key: Doc): string {
  return Object.keys(key)
    .map((k) => `${k}_${String(typeof key[k] === 'number' || typeof key[k] === 'string' ? key[k] : toNumber(key[k]))}`)
    .join('_');
}

/** Validates a createIndexes spec and fills in defaults. */
export function normalizeSpec(raw: unknown): IndexSpec {
  if (!isPlainObject(raw)) throw new MongoError(2, 'index specification must be an object');
  const key = raw.key;
  if (!isPlainObject(key) || Object.keys(key).length === 0)
    throw new MongoError(67, "The 'key' field must be a non-empty object");
  for (const field of Object.keys(key)) {
    const dir = key[field];
    const ok =
      typeof dir === 'string'
        ? ['text', '2d', '2dsphere', 'hashed', 'geoHaystack'].includes(dir)
        : toNumber(dir) !== 0 && !Number.isNaN(toNumber(dir));
    if (!ok) throw new MongoError(67, `Values in the index key pattern can't be 0 or invalid: ${formatValue(key)}`);
  }
  for (const opt of Object.keys(raw)) {
    if (!ALLOWED_OPTIONS.has(opt))
      throw new MongoError(
        67,
        `The field '${opt}' is not valid for an index specification. Specification: ${formatValue(raw)}`,
      );
  }
  if (raw.collation !== undefined && !(isPlainObject(raw.collation) && raw.collation.locale === 'simple')) {
    throw new MongoError(2, 'index collation is not supported by localdb');
  }
  const name = raw.name === undefined ? defaultIndexName(key) : raw.name;
  if (typeof name !== 'string' || name === '') throw new MongoError(67, 'index name must be a non-empty string');
  const spec: IndexSpec = { v: 2, key, name };
  for (const opt of Object.keys(raw)) {
    if (opt === 'v' || opt === 'key' || opt === 'name' || opt === 'ns' || opt === 'background') continue;
    const boolean = opt === 'unique' || opt === 'sparse' || opt === 'hidden';
    if (boolean && !raw[opt]) continue;
    spec[opt] = boolean ? true : raw[opt];
  }
  if (spec.partialFilterExpression !== undefined) {
    if (!isPlainObject(spec.partialFilterExpression))
      throw new MongoError(67, 'partialFilterExpression must be an object');
    new Matcher(spec.partialFilterExpression);
  }
  if (spec.expireAfterSeconds !== undefined) spec.expireAfterSeconds = toNumber(spec.expireAfterSeconds);
  return spec;
}

const optionsEqual = (a: IndexSpec, b: IndexSpec, options: string[]) =>
  options.every((o) => keyOf(a[o] ?? null) === keyOf(b[o] ?? null));

/** True when two specs on the same key describe equivalent indexes. */
export function sameOptions(a: IndexSpec, b: IndexSpec): boolean {
  return optionsEqual(a, b, SIGNIFICANT_OPTIONS);
}

/** True when the options MongoDB can change in place also match. */
export function identicalOptions(a: IndexSpec, b: IndexSpec): boolean {
  return optionsEqual(a, b, SIGNIFICANT_OPTIONS) && optionsEqual(a, b, MODIFIABLE_OPTIONS);
}

export function sameKey(a: IndexSpec, b: IndexSpec): boolean {
  const ka = Object.keys(a.key);
  const kb = Object.keys(b.key);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && keyOf(a.key[k]) === keyOf(b.key[kb[i]]));
}

export class Index {
  readonly spec: IndexSpec;
  readonly fields: string[];
  /** Per field: 1 ascending, -1 descending. */
  readonly dirs: number[];
  readonly isId: boolean;
  /** False for text/geo/hashed indexes, which localdb accepts but does not use. */
  readonly isOrdered: boolean;
  readonly unique: boolean;
  readonly sparse: boolean;
  readonly partial: Matcher | null;
  /** The keys in index order (ordered secondary indexes only). */
  readonly keys: OrderedKeys;
  readonly #uniqueMap = new Map<string, string>();
  /** Per field: how many documents hold several keys there. */
  readonly #multikeyDocs: number[];

  constructor(spec: IndexSpec) {
    this.spec = spec;
    this.fields = Object.keys(spec.key);
    this.isId = spec.name === '_id_';
    this.isOrdered = this.fields.every((f) => typeof spec.key[f] !== 'string');
    this.dirs = this.fields.map((f) => (this.isOrdered && toNumber(spec.key[f]) < 0 ? -1 : 1));
    this.unique = !!spec.unique && this.isOrdered && !this.isId;
    this.sparse = !!spec.sparse;
    this.partial = spec.partialFilterExpression ? new Matcher(spec.partialFilterExpression) : null;
    this.keys = new OrderedKeys(this.dirs);
    this.#multikeyDocs = this.fields.map(() => 0);
  }

  get name(): string {
    return this.spec.name;
  }

  /** Whether queries may walk this index: ordered, not _id (a hash map), complete (not partial). */
  get walkable(): boolean {
    return this.isOrdered && !this.isId && !this.partial;
  }

  /** Whether some document holds several keys in field `f` (then ranges and sorts on it need care). */
  isMultikey(f: number): boolean {
    return this.#multikeyDocs[f]! > 0;
  }

  entryFor(doc: Doc): Entry | null {
    if (this.isId || !this.isOrdered) return null;
    if (this.partial && !this.partial.test(doc)) return null;
    const perField = this.fields.map((f) => fieldKeys(doc, f));
    if (this.sparse && perField.every((p) => p.missing)) return null;
    let combos: { key: string[]; values: unknown[] }[] = [{ key: [], values: [] }];
    for (const p of perField) {
      const next: typeof combos = [];
      for (const c of combos)
        for (const item of p.items) next.push({ key: [...c.key, item.key], values: [...c.values, item.value] });
      combos = next.slice(0, 10000);
    }
    const tuples = combos.map((c) => c.values);
    const multi = perField.map((p) => p.items.length > 1);
    if (!this.unique) return { full: [], tuples, multi };
    const full = combos.map((c) => ({
      key: JSON.stringify(c.key),
      values: c.values.map((v) => (v === EMPTY_ARRAY ? undefined : v)),
    }));
    return { full, tuples, multi };
  }

  /** True when two entries index a document identically (an update that left the keys alone). */
  sameEntry(a: Entry | null, b: Entry | null): boolean {
    if (a === null || b === null) return a === b;
    if (a.tuples.length !== b.tuples.length || a.full.length !== b.full.length) return false;
    for (let t = 0; t < a.tuples.length; t++) {
      const x = a.tuples[t]!;
      const y = b.tuples[t]!;
      for (let f = 0; f < x.length; f++) {
        if (compareKeyValues(x[f], y[f]) !== 0) return false;
      }
    }
    for (let k = 0; k < a.full.length; k++) if (a.full[k]!.key !== b.full[k]!.key) return false;
    return true;
  }

  /** Throws E11000 if adding `entry` for document `id` would duplicate a unique key. */
  check(ns: string, id: string, entry: Entry | null): void {
    if (!entry || !this.unique) return;
    for (const f of entry.full) {
      const holder = this.#uniqueMap.get(f.key);
      if (holder !== undefined && holder !== id) throw duplicateKeyError(ns, this, f.values);
    }
  }

  add(id: string, entry: Entry | null): void {
    if (!entry) return;
    for (const f of entry.full) this.#uniqueMap.set(f.key, id);
    for (const key of entry.tuples) this.keys.insert({ key, id });
    entry.multi.forEach((m, f) => {
      if (m) this.#multikeyDocs[f]!++;
    });
  }

  remove(id: string, entry: Entry | null): void {
    if (!entry) return;
    for (const f of entry.full) if (this.#uniqueMap.get(f.key) === id) this.#uniqueMap.delete(f.key);
    for (const key of entry.tuples) this.keys.remove({ key, id });
    entry.multi.forEach((m, f) => {
      if (m) this.#multikeyDocs[f]!--;
    });
  }

  /** Builds the index over many documents at once (a new index, a loaded snapshot). */
  build(ns: string, docs: Iterable<[string, Doc]>): void {
    this.clear();
    const all: KeyEntry[] = [];
    for (const [id, doc] of docs) {
      const entry = this.entryFor(doc);
      if (!entry) continue;
      this.check(ns, id, entry);
      for (const f of entry.full) this.#uniqueMap.set(f.key, id);
      for (const key of entry.tuples) all.push({ key, id });
      entry.multi.forEach((m, f) => {
        if (m) this.#multikeyDocs[f]!++;
      });
    }
    this.keys.load(all);
  }

  clear(): void {
    this.#uniqueMap.clear();
    this.keys.clear();
    this.#multikeyDocs.fill(0);
  }
}

function fieldKeys(doc: Doc, field: string): { items: { key: string; value: unknown }[]; missing: boolean } {
  const found = collectPath(doc, field);
  const items = new Map<string, unknown>();
  let missing = true;
  for (const v of found) {
    if (v !== undefined) missing = false;
    if (Array.isArray(v)) {
      if (v.length === 0) items.set('u', EMPTY_ARRAY);
      for (const el of v) items.set(keyOf(el), el ?? null);
    } else {
      items.set(keyOf(v), v ?? null);
    }
  }
  return { items: [...items].map(([key, value]) => ({ key, value })), missing };
}

export function duplicateKeyError(
  ns: string,
  index: { name: string; fields: string[]; spec: { key: Doc } },
  values: unknown[],
): MongoError {
  const keyValue: Doc = {};
  for (const [i, f] of index.fields.entries()) keyValue[f] = values[i] === undefined ? null : values[i];
  const shown = index.fields
    .map((f, i) => `${f}: ${values[i] === undefined ? 'undefined' : formatValue(values[i])}`)
    .join(', ');
  return new MongoError(
    11000,
    `E11000 duplicate key error collection: ${ns} index: ${index.name} dup key: { ${shown} }`,
    {
      keyPattern: { ...index.spec.key },
      keyValue,
    },
  );
}
