// Sorting as MongoDB does it: BSON type order, and an array field sorts by its smallest element
// ascending or its largest element descending.
import { MongoError } from './errors.js';
import { type Doc, collectPath, compareValues, isPlainObject, toNumber } from './values.js';

const EMPTY_ARRAY = Symbol('emptyArray');

export interface SortField {
  path: string;
  dir: 1 | -1;
}

export function parseSort(spec: unknown): SortField[] {
  if (spec === undefined || spec === null) return [];
  if (!isPlainObject(spec)) throw new MongoError(2, 'sort must be an object');
  return Object.keys(spec).map((path) => {
    const raw = spec[path];
    if (isPlainObject(raw) && '$meta' in raw) throw new MongoError(2, '$meta sort is not supported by localdb');
    const n = toNumber(raw);
    if (n !== 1 && n !== -1)
      throw new MongoError(2, '$sort key ordering must be 1 (for ascending) or -1 (for descending)');
    return { path, dir: n };
  });
}

function sortKey(doc: Doc, field: SortField): unknown {
  const found = collectPath(doc, field.path);
  let best: unknown;
  let have = false;
  let sawEmptyArray = false;
  const consider = (v: unknown) => {
    if (!have || compareValues(v, best) * field.dir < 0) {
      best = v;
      have = true;
    }
  };
  for (const v of found) {
    if (Array.isArray(v)) {
      if (v.length === 0) sawEmptyArray = true;
      for (const el of v) consider(el);
    } else {
      consider(v ?? null);
    }
  }
  if (!have) return sawEmptyArray ? EMPTY_ARRAY : null;
  return best;
}

function compareKeys(a: unknown, b: unknown): number {
  if (a === EMPTY_ARRAY || b === EMPTY_ARRAY) return a === b ? 0 : a === EMPTY_ARRAY ? -1 : 1;
  return compareValues(a, b);
}

/** Sorts documents (stable) by the sort spec. */
export function sortDocs<T extends Doc>(docs: T[], fields: SortField[]): T[] {
  if (fields.length === 0 || docs.length < 2) return docs;
  // {$natural: 1 | -1}: insertion order, possibly reversed.
  if (fields[0].path === '$natural') return fields[0].dir === 1 ? docs : [...docs].reverse();
  const keyed = docs.map((doc) => ({ doc, keys: fields.map((f) => sortKey(doc, f)) }));
  keyed.sort((x, y) => {
    for (let i = 0; i < fields.length; i++) {
      const r = compareKeys(x.keys[i], y.keys[i]);
      if (r) return r * fields[i].dir;
    }
    return 0;
  });
  return keyed.map((k) => k.doc);
}

/** Comparator on plain values for $push's $sort. */
export function compareForPushSort(spec: unknown): (a: unknown, b: unknown) => number {
  if (isPlainObject(spec)) {
    const fields = parseSort(spec);
    return (a, b) => {
      for (const f of fields) {
        const r = compareKeys(isPlainObject(a) ? sortKey(a, f) : null, isPlainObject(b) ? sortKey(b, f) : null);
        if (r) return r * f.dir;
      }
      return 0;
    };
  }
  const dir = toNumber(spec);
  if (dir !== 1 && dir !== -1) throw new MongoError(2, 'The $sort element value must be either 1 or -1');
  return (a, b) => compareValues(a, b) * dir;
}
