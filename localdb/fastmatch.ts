// Predicates for the filters applications send most (equality, `$in`, `$nin`, `$ne`, null,
// `$exists`, ranges, `$elemMatch`, and `$and`/`$or`/`$nor` of those), evaluated directly on
// stored documents with MongoDB's semantics, so that the common query does not compile and run
// a mingo Query. Anything else (regexes, `$expr`, documents or arrays as values, dotted paths
// with anything but equality) returns null, and the query goes to mingo as before.
import type { ObjectId } from 'bson';
import {
  type Doc,
  bsonTypeOf,
  collectPath,
  compareObjectIds,
  compareValues,
  isPlainObject,
  typeRank,
} from './values.js';

export type Predicate = (doc: Doc) => boolean;
/** A test of the value a document holds at one path (undefined: the field is missing). */
type ValueTest = (v: unknown) => boolean;

/** A scalar whose comparison localdb evaluates itself (no null, arrays, documents or regexes). */
export function isSimpleScalar(v: unknown): boolean {
  const t = typeof v;
  if (t === 'string' || t === 'boolean') return true;
  if (t === 'number') return !Number.isNaN(v);
  if (v instanceof Date) return !Number.isNaN(v.getTime());
  const b = bsonTypeOf(v);
  return b === 'ObjectId' || b === 'Long' || b === 'Double' || b === 'Decimal128' || b === 'Binary';
}

/** Equality with one scalar, with a fast path for the common types. */
function equalsTo(x: unknown): (v: unknown) => boolean {
  if (typeof x === 'string' || typeof x === 'boolean') return (v) => v === x;
  if (bsonTypeOf(x) === 'ObjectId')
    return (v) => bsonTypeOf(v) === 'ObjectId' && compareObjectIds(v as ObjectId, x as ObjectId) === 0;
  return (v) => v !== undefined && compareValues(v, x) === 0;
}

/** The value or, for an array, one of its elements passes `test` (MongoDB's array matching). */
function anyOf(test: (v: unknown) => boolean): ValueTest {
  return (v) => {
    if (Array.isArray(v)) {
      for (const el of v) if (test(el)) return true;
    }
    return test(v);
  };
}

/** `{path: null}`: missing, null, or an array holding null. */
const isNullish: ValueTest = (v) =>
  v === undefined || v === null || (Array.isArray(v) && v.some((el) => el === null || el === undefined));

type RangeOp = '$gt' | '$gte' | '$lt' | '$lte';

function rangeTest(op: RangeOp, x: unknown): (v: unknown) => boolean {
  const rank = typeRank(x);
  return (v) => {
    if (typeRank(v) !== rank) return false;
    if (typeof v === 'number' && Number.isNaN(v)) return false;
    const c = compareValues(v, x);
    return op === '$gt' ? c > 0 : op === '$gte' ? c >= 0 : op === '$lt' ? c < 0 : c <= 0;
  };
}

/** A test of a field's value for one condition; `dotted`: the path crosses documents (equality only). */
function valueTest(cond: unknown, dotted: boolean): ValueTest | null {
  if (isSimpleScalar(cond)) return anyOf(equalsTo(cond));
  if (cond === null) return dotted ? null : isNullish;
  if (!isPlainObject(cond)) return null;
  const ops = Object.keys(cond);
  if (ops.length === 0 || !ops.every((op) => op.startsWith('$'))) return null;
  const parts: ValueTest[] = [];
  for (const op of ops) {
    const x = cond[op];
    let t: ValueTest | null = null;
    switch (op) {
      case '$eq':
      case '$ne': {
        // Across documents a negation is of the whole path, not of each value: left to mingo.
        if (dotted && op === '$ne') break;
        const eq = isSimpleScalar(x) ? anyOf(equalsTo(x)) : x === null && !dotted ? isNullish : null;
        t = eq && op === '$ne' ? (v) => !eq(v) : eq;
        break;
      }
      case '$in':
      case '$nin': {
        if (!Array.isArray(x) || (dotted && op === '$nin')) break;
        const scalars = x.filter(isSimpleScalar);
        const withNull = x.some((v) => v === null);
        if (scalars.length + (withNull ? 1 : 0) !== x.length || (withNull && dotted)) break;
        const tests = scalars.map(equalsTo);
        const inScalars = anyOf((v) => tests.some((eq) => eq(v)));
        const any = withNull ? (v: unknown) => inScalars(v) || isNullish(v) : inScalars;
        t = op === '$nin' ? (v) => !any(v) : any;
        break;
      }
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        if (dotted || !isSimpleScalar(x) || bsonTypeOf(x) === 'Binary') break;
        t = anyOf(rangeTest(op, x));
        break;
      case '$elemMatch': {
        // Some element of the array matches: operators apply to the element itself, a document
        // form to elements that are documents.
        if (dotted || !isPlainObject(x) || Object.keys(x).length === 0) break;
        if (Object.keys(x).every((k) => k.startsWith('$'))) {
          const sub = valueTest(x, false);
          if (sub) t = (v) => Array.isArray(v) && v.some(sub);
        } else {
          const sub = compileFast(x);
          if (sub) t = (v) => Array.isArray(v) && v.some((el) => isPlainObject(el) && sub(el));
        }
        break;
      }
      case '$exists':
        if (dotted || typeof x !== 'boolean') break;
        t = x ? (v) => v !== undefined : (v) => v === undefined;
        break;
    }
    if (!t) return null;
    parts.push(t);
  }
  return parts.length === 1 ? parts[0]! : (v) => parts.every((t) => t(v));
}

function condition(path: string, cond: unknown): Predicate | null {
  const dotted = path.includes('.');
  const test = valueTest(cond, dotted);
  if (!test) return null;
  if (!dotted) return (doc) => test(doc[path]);
  // Through arrays of documents: some value found at the path passes (missing ones do not).
  return (doc) => collectPath(doc, path).some((v) => v !== undefined && test(v));
}

/** A predicate for `filter`, or null when it uses something this file does not evaluate. */
export function compileFast(filter: Doc): Predicate | null {
  const parts: Predicate[] = [];
  for (const key of Object.keys(filter)) {
    const cond = filter[key];
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (!Array.isArray(cond) || cond.length === 0 || !cond.every(isPlainObject)) return null;
      const subs: Predicate[] = [];
      for (const c of cond) {
        const sub = compileFast(c as Doc);
        if (!sub) return null;
        subs.push(sub);
      }
      if (key === '$and') parts.push((doc) => subs.every((s) => s(doc)));
      else if (key === '$or') parts.push((doc) => subs.some((s) => s(doc)));
      else parts.push((doc) => !subs.some((s) => s(doc)));
      continue;
    }
    if (key.startsWith('$') || key === '' || key.split('.').some((part) => part === '' || part.startsWith('$')))
      return null;
    const p = condition(key, cond);
    if (!p) return null;
    parts.push(p);
  }
  if (parts.length === 1) return parts[0]!;
  return (doc) => {
    for (const p of parts) if (!p(doc)) return false;
    return true;
  };
}
