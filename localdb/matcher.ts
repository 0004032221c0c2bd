// Query matching through mingo, on the "view" of documents (bson number wrappers as numbers).
import { Query } from 'mingo';
import { refuseNewerOperators } from './compat.js';
import { MongoError, toMongoError } from './errors.js';
import { compileFast } from './fastmatch.js';
import { type Doc, isPlainObject, toView } from './values.js';

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
    this.#simple = this.matchesAll ? null : compileFast(this.filter);
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
