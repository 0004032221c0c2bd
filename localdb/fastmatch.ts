// Predicates for the filters applications send most (equality, `$in`, `$nin`, `$ne`, null,
// `$exists`, ranges, and `$and`/`$or`/`$nor` of those), evaluated directly on stored documents
// with MongoDB's semantics, so that the common query does not compile and run a mingo Query.
// Anything else (regexes, `$elemMatch`, `$expr`, documents or arrays as values, dotted paths
// with anything but equality) returns null, and the query goes to mingo as before.
import { type Doc, bsonTypeOf, collectPath, compareValues, isPlainObject, typeRank } from './values.js';

export type Predicate = (doc: Doc) => boolean;

/** A scalar whose comparison localdb evaluates itself (no null, arrays, documents or regexes). */
export function isSimpleScalar(v: unknown): boolean {
  const t = typeof v;
  if (t === 'string' || t === 'boolean') return true;
  if (t === 'number') return !Number.isNaN(v);
  if (v instanceof Date) return !Number.isNaN(v.getTime());
  const b = bsonTypeOf(v);
  return b === 'ObjectId' || b === 'Long' || b === 'Double' || b === 'Decimal128' || b === 'Binary';
}

const equal = (a: unknown, b: unknown) => compareValues(a, b) === 0;

/** The values a document holds at a path: through arrays of documents for dotted paths. */
function valuesAt(doc: Doc, path: string, dotted: boolean): unknown[] {
  if (!dotted) return [doc[path]];
  return collectPath(doc, path);
}

/** Some value (or array element) equals one of `xs`. */
function holdsAny(doc: Doc, path: string, dotted: boolean, xs: unknown[]): boolean {
  for (const v of valuesAt(doc, path, dotted)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) {
      for (const el of v) for (const x of xs) if (equal(el, x)) return true;
    }
    for (const x of xs) if (equal(v, x)) return true;
  }
  return false;
}

/** `{path: null}`: missing, null, or an array holding null (top-level paths only). */
function holdsNull(doc: Doc, path: string): boolean {
  const v = doc[path];
  if (v === undefined || v === null) return true;
  return Array.isArray(v) && v.some((el) => el === null || el === undefined);
}

type RangeOp = '$gt' | '$gte' | '$lt' | '$lte';

function inRange(v: unknown, op: RangeOp, x: unknown, rank: number): boolean {
  if (typeRank(v) !== rank) return false;
  if (typeof v === 'number' && Number.isNaN(v)) return false;
  const c = compareValues(v, x);
  return op === '$gt' ? c > 0 : op === '$gte' ? c >= 0 : op === '$lt' ? c < 0 : c <= 0;
}

function condition(path: string, cond: unknown): Predicate | null {
  const dotted = path.includes('.');
  if (isSimpleScalar(cond)) return (doc) => holdsAny(doc, path, dotted, [cond]);
  if (cond === null) return dotted ? null : (doc) => holdsNull(doc, path);
  if (!isPlainObject(cond)) return null;
  const ops = Object.keys(cond);
  if (ops.length === 0 || !ops.every((op) => op.startsWith('$'))) return null;
  const parts: Predicate[] = [];
  for (const op of ops) {
    const x = cond[op];
    let p: Predicate | null = null;
    switch (op) {
      case '$eq':
      case '$ne': {
        const eq = isSimpleScalar(x)
          ? (doc: Doc) => holdsAny(doc, path, dotted, [x])
          : x === null && !dotted
            ? (doc: Doc) => holdsNull(doc, path)
            : null;
        p = eq && op === '$ne' ? (doc) => !eq(doc) : eq;
        break;
      }
      case '$in':
      case '$nin': {
        if (!Array.isArray(x)) break;
        const scalars = x.filter(isSimpleScalar);
        const withNull = x.some((v) => v === null);
        if (scalars.length + (withNull ? 1 : 0) !== x.length || (withNull && dotted)) break;
        const any = (doc: Doc) => holdsAny(doc, path, dotted, scalars) || (withNull && holdsNull(doc, path));
        p = op === '$nin' ? (doc) => !any(doc) : any;
        break;
      }
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte': {
        if (dotted || !isSimpleScalar(x) || bsonTypeOf(x) === 'Binary') break;
        const rank = typeRank(x);
        p = (doc) => {
          const v = doc[path];
          if (Array.isArray(v)) return v.some((el) => inRange(el, op, x, rank));
          return inRange(v, op, x, rank);
        };
        break;
      }
      case '$exists':
        if (dotted || typeof x !== 'boolean') break;
        p = x ? (doc) => doc[path] !== undefined : (doc) => doc[path] === undefined;
        break;
    }
    if (!p) return null;
    parts.push(p);
  }
  return parts.length === 1 ? parts[0]! : (doc) => parts.every((p) => p(doc));
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
