// Secondary indexes. Every ascending/descending index keeps hash maps, not B-trees:
// - unique indexes map their full key to the owning document (enforcing E11000),
// - every index maps the key of its first field to the set of documents holding it, which
//   turns `{field: value}` filters into lookups instead of collection scans.
// Range queries and sorts still scan. Text, 2dsphere and hashed indexes are kept as metadata only.
import { MongoError } from './errors.js';
import { Matcher } from './matcher.js';
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

interface Entry {
  /** Keys of the full index key (one per combination for multikey documents). */
  full: { key: string; values: unknown[] }[];
  /** Keys of the first field. */
  prefix: string[];
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
  readonly isId: boolean;
  /** False for text/geo/hashed indexes, which localdb accepts but does not use. */
  readonly isOrdered: boolean;
  readonly unique: boolean;
  readonly sparse: boolean;
  readonly partial: Matcher | null;
  readonly #uniqueMap = new Map<string, string>();
  readonly #prefixMap = new Map<string, Set<string>>();

  constructor(spec: IndexSpec) {
    this.spec = spec;
    this.fields = Object.keys(spec.key);
    this.isId = spec.name === '_id_';
    this.isOrdered = this.fields.every((f) => typeof spec.key[f] !== 'string');
    this.unique = !!spec.unique && this.isOrdered && !this.isId;
    this.sparse = !!spec.sparse;
    this.partial = spec.partialFilterExpression ? new Matcher(spec.partialFilterExpression) : null;
  }

  get name(): string {
    return this.spec.name;
  }

  /** Whether equality lookups on `field` may use this index's prefix map. */
  servesEquality(field: string): boolean {
    return this.isOrdered && !this.isId && !this.partial && this.fields[0] === field;
  }

  /** Documents whose first indexed field holds `value` (a whole value or an array element). */
  lookup(value: unknown): Iterable<string> {
    if (this.unique && this.fields.length === 1) {
      const id = this.#uniqueMap.get(JSON.stringify([keyOf(value)]));
      return id === undefined ? [] : [id];
    }
    return this.#prefixMap.get(keyOf(value)) ?? [];
  }

  entryFor(doc: Doc): Entry | null {
    if (this.isId || !this.isOrdered) return null;
    if (this.partial && !this.partial.test(doc)) return null;
    const perField = this.fields.map((f) => fieldKeys(doc, f));
    if (this.sparse && perField.every((p) => p.missing)) return null;
    const prefix = perField[0].items.map((i) => i.key);
    if (!this.unique) return { full: [], prefix };
    let combos: { key: string[]; values: unknown[] }[] = [{ key: [], values: [] }];
    for (const p of perField) {
      const next: typeof combos = [];
      for (const c of combos)
        for (const item of p.items) next.push({ key: [...c.key, item.key], values: [...c.values, item.value] });
      combos = next.slice(0, 10000);
    }
    return { full: combos.map((c) => ({ key: JSON.stringify(c.key), values: c.values })), prefix };
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
    if (this.unique && this.fields.length === 1) return;
    for (const k of entry.prefix) {
      let set = this.#prefixMap.get(k);
      if (!set) this.#prefixMap.set(k, (set = new Set()));
      set.add(id);
    }
  }

  remove(id: string, entry: Entry | null): void {
    if (!entry) return;
    for (const f of entry.full) if (this.#uniqueMap.get(f.key) === id) this.#uniqueMap.delete(f.key);
    for (const k of entry.prefix) {
      const set = this.#prefixMap.get(k);
      if (set) {
        set.delete(id);
        if (set.size === 0) this.#prefixMap.delete(k);
      }
    }
  }

  clear(): void {
    this.#uniqueMap.clear();
    this.#prefixMap.clear();
  }
}

function fieldKeys(doc: Doc, field: string): { items: { key: string; value: unknown }[]; missing: boolean } {
  const found = collectPath(doc, field);
  const items = new Map<string, unknown>();
  let missing = true;
  for (const v of found) {
    if (v !== undefined) missing = false;
    if (Array.isArray(v)) {
      if (v.length === 0) items.set('u', undefined);
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
