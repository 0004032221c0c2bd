// Query matching through mingo, on the "view" of documents (bson number wrappers as numbers).
import { Query } from 'mingo';
import { refuseNewerOperators } from './compat.js';
import { MongoError, toMongoError } from './errors.js';
import { type Doc, bsonTypeOf, collectPath, isPlainObject, toView, valuesEqual } from './values.js';

const MINGO_OPTIONS = { scriptEnabled: false, useStrictMode: true };

const UNSUPPORTED_OPERATORS: Record<string, string> = {
  $text: '$text queries are not supported by localdb (no text indexes); use $regex instead',
  $near: '$near is not supported by localdb (no geospatial indexes)',
  $nearSphere: '$nearSphere is not supported by localdb (no geospatial indexes)',
  $geoWithin: '$geoWithin is not supported by localdb (no geospatial indexes)',
  $geoIntersects: '$geoIntersects is not supported by localdb (no geospatial indexes)',
  $where: '$where is not supported by localdb (no server-side JavaScript)',
};

const viewCache = new WeakMap<object, unknown>();

/** The mingo view of a stored (frozen, immutable) document, cached. */
export function viewOf(doc: Doc): Doc {
  let v = viewCache.get(doc);
  if (v === undefined) {
    v = toView(doc);
    viewCache.set(doc, v);
  }
  return v as Doc;
}

function checkSupported(filter: unknown): void {
  if (Array.isArray(filter)) {
    for (const x of filter) checkSupported(x);
    return;
  }
  if (!isPlainObject(filter)) return;
  for (const k of Object.keys(filter)) {
    const reason = UNSUPPORTED_OPERATORS[k];
    if (reason) throw new MongoError(2, reason);
    checkSupported(filter[k]);
  }
}

/** Removes top-level $comment, which mingo does not know. */
function stripComment(filter: Doc): Doc {
  if (!('$comment' in filter)) return filter;
  const { $comment: _ignored, ...rest } = filter;
  return rest;
}

/** A scalar whose equality semantics localdb evaluates itself (no null, arrays, documents, regexes). */
function isSimpleScalar(v: unknown): boolean {
  const t = typeof v;
  if (t === 'string' || t === 'number' || t === 'boolean') return true;
  if (v instanceof Date) return true;
  const b = bsonTypeOf(v);
  return b === 'ObjectId' || b === 'Long' || b === 'Double' || b === 'Decimal128' || b === 'Binary';
}

/**
 * For filters made only of `{field: scalar}`, `{field: {$eq: scalar}}` and `{field: {$in: [scalars]}}`
 * conditions (the common lookups), a predicate that avoids compiling a mingo query.
 */
function simpleEquality(filter: Doc): ((doc: Doc) => boolean) | null {
  const conds: { path: string; values: unknown[] }[] = [];
  for (const path of Object.keys(filter)) {
    if (path.startsWith('$')) return null;
    const c = filter[path];
    if (isSimpleScalar(c)) conds.push({ path, values: [c] });
    else if (isPlainObject(c) && Object.keys(c).length === 1 && '$eq' in c && isSimpleScalar(c.$eq))
      conds.push({ path, values: [c.$eq] });
    else if (isPlainObject(c) && Object.keys(c).length === 1 && Array.isArray(c.$in) && c.$in.every(isSimpleScalar))
      conds.push({ path, values: c.$in });
    else return null;
  }
  const hit = (v: unknown, values: unknown[]) => values.some((x) => valuesEqual(v, x));
  return (doc) =>
    conds.every(({ path, values }) => {
      for (const v of collectPath(doc, path)) {
        if (Array.isArray(v) ? v.some((el) => hit(el, values)) : v !== undefined && hit(v, values)) return true;
      }
      return false;
    });
}

export class Matcher {
  readonly filter: Doc;
  readonly matchesAll: boolean;
  readonly #query: Query | null;
  readonly #simple: ((doc: Doc) => boolean) | null;

  /** `variables`: the command's `let` document, for `$$name` in `$expr`. */
  constructor(filter: unknown, variables?: Doc) {
    if (filter === undefined || filter === null) filter = {};
    if (!isPlainObject(filter)) throw new MongoError(2, 'query filter must be an object');
    this.filter = stripComment(filter);
    checkSupported(this.filter);
    refuseNewerOperators(this.filter);
    this.matchesAll = Object.keys(this.filter).length === 0;
    this.#simple = this.matchesAll ? null : simpleEquality(this.filter);
    try {
      const options = variables ? { ...MINGO_OPTIONS, variables: toView(variables) as Doc } : MINGO_OPTIONS;
      this.#query = this.matchesAll || this.#simple ? null : new Query(toView(this.filter) as Doc, options);
    } catch (e) {
      throw toMongoError(e);
    }
  }

  /** Tests a stored document. */
  test(doc: Doc): boolean {
    if (this.#simple) return this.#simple(doc);
    if (!this.#query) return true;
    try {
      return this.#query.test(viewOf(doc));
    } catch (e) {
      throw toMongoError(e);
    }
  }

  /** Tests a value that is not a stored document (e.g. a document being built). */
  testValue(value: Doc): boolean {
    if (this.#simple) return this.#simple(value);
    if (!this.#query) return true;
    try {
      return this.#query.test(toView(value) as Doc);
    } catch (e) {
      throw toMongoError(e);
    }
  }
}
