// What MongoDB 7.0 refuses to store, with its error codes and messages, so that a write localdb
// accepts is one MongoDB accepts too: the `_id` value (no regex, array or undefined; no
// `$`-prefixed field inside it, DBRefs excepted), the nesting depth and the document size.
// Field names with dots and `$`-prefixed names elsewhere in a document are accepted, as in 5.0+.
// Also what MongoDB changes on insert: an empty timestamp in a top-level field is filled in.
import { Timestamp, calculateObjectSize } from 'bson';
import { MongoError } from './errors.js';
import { type Doc, bsonTypeOf, isPlainObject, setOwn } from './values.js';

/** BSONObjMaxUserSize. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
/** BSONDepth::getMaxDepthForUserStorage(): 200 levels, less 20 kept for the system. */
export const MAX_DEPTH = 180;

/** BSONObj::storageValidEmbedded: the first `$`-prefixed field name not allowed in `obj`, if any. */
function invalidDollarField(obj: Doc | unknown[]): string | null {
  if (Array.isArray(obj)) {
    for (const v of obj) {
      const bad = nested(v);
      if (bad) return bad;
    }
    return null;
  }
  const keys = Object.keys(obj);
  let i = 0;
  // A DBRef ({$ref: "coll", $id: ..., $db: "db"}) is the one allowed use of `$` names.
  if (keys[0] === '$ref' && typeof obj.$ref === 'string' && keys[1] === '$id') {
    i = 2;
    if (keys[2] === '$db' && typeof obj.$db === 'string') i = 3;
    if (keys[i]?.startsWith('$')) return keys[i];
  }
  for (const k of keys.slice(0, i)) {
    const bad = nested(obj[k]);
    if (bad) return bad;
  }
  for (const k of keys.slice(i)) {
    if (k.startsWith('$')) return k;
    const bad = nested(obj[k]);
    if (bad) return bad;
  }
  return null;
}

function nested(v: unknown): string | null {
  return Array.isArray(v) || (isPlainObject(v) && bsonTypeOf(v) === undefined) ? invalidDollarField(v as Doc) : null;
}

/** storage_validation::storageValidIdField. */
export function checkIdValue(id: unknown): void {
  let type: string | null = null;
  if (id === undefined) type = 'undefined';
  else if (Array.isArray(id)) type = 'array';
  else if (id instanceof RegExp || bsonTypeOf(id) === 'BSONRegExp') type = 'regex';
  if (type) throw new MongoError(53, `The '_id' value cannot be of type ${type}`);
  if (isPlainObject(id) && bsonTypeOf(id) === undefined) {
    const bad = invalidDollarField(id);
    if (bad)
      throw new MongoError(52, `_id fields may not contain '$'-prefixed fields: ${bad} is not valid for storage.`);
  }
}

/** The deepest nesting of documents and arrays in `v` (a document alone is depth 1). */
function depthOf(v: unknown, limit: number, depth = 0): number {
  if (depth > limit) return depth;
  if (Array.isArray(v)) {
    let max = depth + 1;
    for (const x of v) max = Math.max(max, depthOf(x, limit, depth + 1));
    return max;
  }
  if (isPlainObject(v) && bsonTypeOf(v) === undefined) {
    let max = depth + 1;
    for (const k of Object.keys(v)) max = Math.max(max, depthOf(v[k], limit, depth + 1));
    return max;
  }
  return depth;
}

/** fixDocumentForInsert: the checks MongoDB makes before inserting (also for upserts). */
export function checkInsertable(doc: Doc): void {
  const bytes = calculateObjectSize(doc);
  if (bytes > MAX_DOCUMENT_BYTES)
    throw new MongoError(2, `object to insert too large. size in bytes: ${bytes}, max size: ${MAX_DOCUMENT_BYTES}`);
  if (depthOf(doc, MAX_DEPTH) > MAX_DEPTH)
    throw new MongoError(15, `cannot insert document because it exceeds ${MAX_DEPTH} levels of nesting`);
  checkIdValue(doc._id);
}

/** The checks on the document an update produces. `bytes`: its BSON size, when already known. */
export function checkUpdated(doc: Doc, bytes = calculateObjectSize(doc)): void {
  if (bytes > MAX_DOCUMENT_BYTES)
    throw new MongoError(17419, `Resulting document after update is larger than ${MAX_DOCUMENT_BYTES}`);
  if (depthOf(doc, MAX_DEPTH) > MAX_DEPTH)
    throw new MongoError(15, `Document exceeds maximum nesting depth of ${MAX_DEPTH}`);
}

/**
 * A replacement document may not have `$`-prefixed top-level fields (MongoDB reads a document
 * whose first field starts with `$` as update operators, so only later fields get here).
 */
export function checkReplacement(replacement: Doc): void {
  for (const k of Object.keys(replacement)) {
    if (k.startsWith('$'))
      throw new MongoError(
        52,
        `The dollar ($) prefixed field '${k}' in '${k}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`,
      );
  }
}

let lastSeconds = 0;
let lastIncrement = 0;

/** The next cluster-time-like timestamp: seconds now, with an increment that keeps it increasing. */
function nextTimestamp(): Timestamp {
  const seconds = Math.floor(Date.now() / 1000);
  if (seconds > lastSeconds) {
    lastSeconds = seconds;
    lastIncrement = 0;
  }
  lastIncrement++;
  return new Timestamp({ t: lastSeconds, i: lastIncrement });
}

/**
 * fixDocumentForInsert fills an empty timestamp, Timestamp(0, 0), in a top-level field other
 * than `_id` with the current time. Returns the document to insert (a copy when changed).
 */
export function fillEmptyTimestamps(doc: Doc): Doc {
  let out: Doc | null = null;
  for (const k of Object.keys(doc)) {
    const v = doc[k];
    if (k === '_id' || bsonTypeOf(v) !== 'Timestamp' || !(v as Timestamp).isZero()) continue;
    out ??= { ...doc };
    setOwn(out, k, nextTimestamp());
  }
  return out ?? doc;
}
