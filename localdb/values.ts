// How localdb holds BSON values in memory, compares them and keys them.
//
// Stored representation: BSON is decoded with `promoteValues: false`, then every number is turned
// into a plain JS number when bson would serialize that number back to the same BSON type (int32
// for integral values in int32 range, double otherwise). Only values that would change type keep
// their bson wrapper: Long (int64), Decimal128 and integral Doubles (e.g. 5.0). So an int64
// stays an int64 and a double stays a double on the way back, while most documents hold only
// plain values that mingo understands. mingo sees a "view" where the remaining wrappers are
// numbers (see toView).
import { Binary, type Decimal128, type Double, type Long, type ObjectId } from 'bson';

export type Doc = Record<string, unknown>;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

export function isPlainObject(v: unknown): v is Doc {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function bsonTypeOf(v: unknown): string | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const t = (v as { _bsontype?: unknown })._bsontype;
  return typeof t === 'string' ? t : undefined;
}

/** True when bson would serialize the plain number `n` as an int32. */
export function serializesAsInt32(n: number): boolean {
  return Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX && !Object.is(n, -0);
}

/** Sets a property even when its name is `__proto__`. */
export function setOwn(obj: Doc, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** Normalizes, in place, a value freshly decoded with `promoteValues: false`. */
export function normalizeDecoded(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = normalizeDecoded(v[i]);
    return v;
  }
  const t = bsonTypeOf(v);
  if (t === undefined) {
    if (isPlainObject(v)) for (const k of Object.keys(v)) setOwn(v, k, normalizeDecoded(v[k]));
    return v;
  }
  switch (t) {
    case 'Int32':
      return (v as { value: number }).value;
    case 'Double': {
      const x = (v as Double).value;
      return serializesAsInt32(x) ? v : x;
    }
    default:
      return v;
  }
}

export function isNumeric(v: unknown): boolean {
  if (typeof v === 'number') return true;
  const t = bsonTypeOf(v);
  return t === 'Long' || t === 'Double' || t === 'Decimal128' || t === 'Int32';
}

/** The (approximate) JS number of a numeric value. */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  switch (bsonTypeOf(v)) {
    case 'Long':
      return (v as Long).toNumber();
    case 'Double':
    case 'Int32':
      return (v as Double).value;
    case 'Decimal128':
      return Number((v as Decimal128).toString());
  }
  return NaN;
}

/**
 * A Binary that mingo compares correctly: mingo tests equality of class instances through
 * toString(), which for Binary decodes the bytes as UTF-8 (so different UUIDs could look equal).
 * Still a bson Binary, so it serializes unchanged.
 */
class ComparableBinary extends Binary {
  override toString(encoding?: 'hex' | 'base64' | 'utf8' | 'utf-8'): string {
    return encoding ? super.toString(encoding) : `${this.sub_type}:${super.toString('base64')}`;
  }
}

/** The value mingo evaluates: wrappers become numbers. Returns the same reference when nothing changes. */
export function toView(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      const y = toView(x);
      if (y !== x) (out ??= v.slice())[i] = y;
    }
    return out ?? v;
  }
  const t = bsonTypeOf(v);
  if (t === undefined) {
    if (!isPlainObject(v)) return v;
    let out: Doc | undefined;
    for (const k of Object.keys(v)) {
      const x = v[k];
      const y = toView(x);
      if (y !== x) {
        out ??= copyObject(v);
        setOwn(out, k, y);
      }
    }
    return out ?? v;
  }
  if (t === 'Long' || t === 'Double' || t === 'Decimal128' || t === 'Int32') return toNumber(v);
  if (t === 'Binary' && !(v instanceof ComparableBinary))
    return new ComparableBinary((v as Binary).value(), (v as Binary).sub_type);
  return v;
}

function copyObject(v: Doc): Doc {
  const out: Doc = {};
  for (const k of Object.keys(v)) setOwn(out, k, v[k]);
  return out;
}

/** Deep copy of plain objects, arrays and dates; bson wrappers are shared (never mutated). */
export function cloneValue<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(cloneValue) as T;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (isPlainObject(v)) {
    const out: Doc = {};
    for (const k of Object.keys(v)) setOwn(out, k, cloneValue(v[k]));
    return out as T;
  }
  return v;
}

/** Freezes plain objects and arrays so that no code path can mutate a stored document. */
export function deepFreeze<T>(v: T): T {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return v;
  if (Array.isArray(v)) {
    for (const x of v) deepFreeze(x);
    return Object.freeze(v);
  }
  if (isPlainObject(v)) {
    for (const k of Object.keys(v)) deepFreeze(v[k]);
    return Object.freeze(v);
  }
  return v;
}

// ---- ordering (MongoDB's canonical BSON order) ----

export function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 5;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 10;
    case 'string':
      return 15;
    case 'boolean':
      return 40;
  }
  if (Array.isArray(v)) return 25;
  if (v instanceof Date) return 45;
  if (v instanceof RegExp) return 50;
  switch (bsonTypeOf(v)) {
    case undefined:
      return 20;
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return 10;
    case 'BSONSymbol':
      return 15;
    case 'Binary':
      return 30;
    case 'ObjectId':
      return 35;
    case 'Timestamp':
      return 47;
    case 'BSONRegExp':
      return 50;
    case 'Code':
      return 60;
    case 'MinKey':
      return 1;
    case 'MaxKey':
      return 100;
    default:
      return 20;
  }
}

const cmp = <T>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);

type ObjectIdWords = { i0?: unknown; i1: number; i2: number; i3: number };

/**
 * ObjectId order (their 12 bytes). bson 7 keeps them as four 24-bit numbers (i0…i3), compared
 * here without the 12-byte buffer that `id` and `toHexString()` allocate on every call.
 */
export function compareObjectIds(a: ObjectId, b: ObjectId): number {
  const x = a as unknown as ObjectIdWords & { i0: number };
  const y = b as unknown as ObjectIdWords & { i0: number };
  if (typeof x.i0 === 'number' && typeof y.i0 === 'number')
    return cmp(x.i0, y.i0) || cmp(x.i1, y.i1) || cmp(x.i2, y.i2) || cmp(x.i3, y.i3);
  return cmp(a.toHexString(), b.toHexString());
}

function compareNumbers(a: unknown, b: unknown): number {
  if (bsonTypeOf(a) === 'Long' && bsonTypeOf(b) === 'Long') return (a as Long).compare(b as Long);
  const x = toNumber(a);
  const y = toNumber(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
  return cmp(x, y);
}

function compareObjects(a: Doc, b: Doc): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const va = a[ka[i]];
    const vb = b[kb[i]];
    const r = typeRank(va) - typeRank(vb) || cmp(ka[i], kb[i]) || compareValues(va, vb);
    if (r) return r < 0 ? -1 : 1;
  }
  return cmp(ka.length, kb.length);
}

/** Compares two values in MongoDB's BSON order (no array "min/max" sort semantics). */
export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 5:
    case 1:
    case 100:
      return 0;
    case 10:
      return compareNumbers(a, b);
    case 15:
      return cmp(String(a), String(b));
    case 40:
      return cmp(Number(a), Number(b));
    case 45:
      return cmp((a as Date).getTime(), (b as Date).getTime());
    case 35:
      return compareObjectIds(a as ObjectId, b as ObjectId);
    case 30: {
      const x = a as Binary;
      const y = b as Binary;
      return cmp(x.length(), y.length()) || cmp(x.sub_type, y.sub_type) || Buffer.compare(x.value(), y.value());
    }
    case 25: {
      const x = a as unknown[];
      const y = b as unknown[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const r = typeRank(x[i]) - typeRank(y[i]) || compareValues(x[i], y[i]);
        if (r) return r < 0 ? -1 : 1;
      }
      return cmp(x.length, y.length);
    }
    case 47: {
      const x = a as { t: number; i: number };
      const y = b as { t: number; i: number };
      return cmp(x.t, y.t) || cmp(x.i, y.i);
    }
    case 50: {
      const x = a as { source?: string; pattern?: string; flags?: string; options?: string };
      const y = b as typeof x;
      return (
        cmp(x.source ?? x.pattern ?? '', y.source ?? y.pattern ?? '') ||
        cmp(x.flags ?? x.options ?? '', y.flags ?? y.options ?? '')
      );
    }
    case 60:
      return cmp(String((a as { code: unknown }).code), String((b as { code: unknown }).code));
    default:
      return compareObjects(a as Doc, b as Doc);
  }
}

/** Value equality as MongoDB sees it (1, 1.0 and NumberLong(1) are equal; field order matters). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  return compareValues(a, b) === 0;
}

// ---- canonical keys (for _id and index maps) ----

function numberKey(n: number): string {
  if (Number.isNaN(n)) return 'nNaN';
  return `n${String(n === 0 ? 0 : n)}`;
}

/**
 * A string that is equal for two values exactly when MongoDB considers them equal
 * (up to decimal precision beyond a double). Used as Map key for _id and index entries.
 */
export function keyOf(v: unknown): string {
  if (v === undefined || v === null) return 'z';
  switch (typeof v) {
    case 'number':
      return numberKey(v);
    case 'string':
      return `s${v}`;
    case 'boolean':
      return v ? 'b1' : 'b0';
    case 'bigint':
      return Number.isSafeInteger(Number(v)) ? numberKey(Number(v)) : `n${v.toString()}`;
  }
  if (Array.isArray(v)) return `a${JSON.stringify(v.map(keyOf))}`;
  if (v instanceof Date) return `t${v.getTime()}`;
  if (v instanceof RegExp) return `r${v.source}/${v.flags}`;
  switch (bsonTypeOf(v)) {
    case undefined:
      return `d${JSON.stringify(Object.keys(v as Doc).flatMap((k) => [k, keyOf((v as Doc)[k])]))}`;
    case 'ObjectId':
      return `o${(v as ObjectId).toHexString()}`;
    case 'Long': {
      const n = (v as Long).toNumber();
      return Number.isSafeInteger(n) ? numberKey(n) : `n${(v as Long).toString()}`;
    }
    case 'Double':
    case 'Int32':
    case 'Decimal128':
      return numberKey(toNumber(v));
    case 'Binary':
      return `x${(v as Binary).sub_type}:${Buffer.from((v as Binary).value()).toString('base64')}`;
    case 'Timestamp':
      return `T${(v as { t: number }).t}:${(v as { i: number }).i}`;
    case 'BSONSymbol':
      return `s${String((v as { value: unknown }).value)}`;
    case 'MinKey':
      return '-';
    case 'MaxKey':
      return '+';
    case 'BSONRegExp':
      return `r${(v as { pattern: string }).pattern}/${(v as { options: string }).options}`;
    case 'Code':
      return `c${String((v as { code: unknown }).code)}`;
    default:
      return `d${JSON.stringify(Object.keys(v as Doc).flatMap((k) => [k, keyOf((v as Doc)[k])]))}`;
  }
}

// ---- paths ----

/** Reads a dotted path without array traversal except numeric components. */
export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(part)) return undefined;
      cur = cur[Number(part)];
    } else {
      if (!Object.hasOwn(cur, part)) return undefined;
      cur = (cur as Doc)[part];
    }
  }
  return cur;
}

/**
 * All values found at a dotted path, traversing arrays of documents the way MongoDB indexes
 * do. Missing values are reported as `undefined`; arrays at the end of the path are returned
 * as they are.
 */
export function collectPath(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  walkPath(doc, path.split('.'), 0, out);
  return out;
}

function walkPath(v: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    out.push(v);
    return;
  }
  if (Array.isArray(v)) {
    const part = parts[i];
    if (/^\d+$/.test(part)) {
      walkPath(v[Number(part)], parts, i + 1, out);
      return;
    }
    let any = false;
    for (const el of v) {
      if (isPlainObject(el)) {
        any = true;
        walkPath(el, parts, i, out);
      }
    }
    if (!any) out.push(undefined);
    return;
  }
  if (isPlainObject(v) && Object.hasOwn(v, parts[i])) {
    walkPath(v[parts[i]], parts, i + 1, out);
    return;
  }
  out.push(undefined);
}

// ---- messages ----

/** Formats a value the way MongoDB prints it in error messages: { name: "x" }, ObjectId('...'). */
export function formatValue(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return v.length ? `[ ${v.map(formatValue).join(', ')} ]` : '[]';
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (v instanceof RegExp) return String(v);
  switch (bsonTypeOf(v)) {
    case undefined: {
      const keys = Object.keys(v as Doc);
      return keys.length ? `{ ${keys.map((k) => `${k}: ${formatValue((v as Doc)[k])}`).join(', ')} }` : '{}';
    }
    case 'ObjectId':
      return `ObjectId('${(v as ObjectId).toHexString()}')`;
    case 'Long':
      return (v as Long).toString();
    case 'Double':
    case 'Int32':
      return String((v as Double).value);
    case 'Decimal128':
      return `Decimal128("${(v as Decimal128).toString()}")`;
    case 'Binary':
      return `BinData(${(v as Binary).sub_type}, ${Buffer.from((v as Binary).value())
        .toString('hex')
        .slice(0, 64)})`;
    default:
      return String(v);
  }
}

/** A short name of the BSON type, used in error messages. */
export function typeName(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (typeof v === 'number') return serializesAsInt32(v) ? 'int' : 'double';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'date';
  if (v instanceof RegExp) return 'regex';
  const t = bsonTypeOf(v);
  if (t === undefined) return 'object';
  return (
    (
      {
        Long: 'long',
        Double: 'double',
        Int32: 'int',
        Decimal128: 'decimal',
        ObjectId: 'objectId',
        Binary: 'binData',
      } as Record<string, string>
    )[t] ?? t
  );
}
