// Typed arithmetic for $inc, $mul and $bit, following MongoDB's promotion rules:
// int32 op int32 stays int32 unless it overflows (then int64); int64 wins over int32; double wins
// over integers; decimal wins over everything. Results use the stored representation of values.ts.
import { Decimal128, Double, Long } from 'bson';
import { MongoError } from './errors.js';
import { bsonTypeOf, serializesAsInt32, toNumber } from './values.js';

export type NumericKind = 'int' | 'long' | 'double' | 'decimal';
const RANK: Record<NumericKind, number> = { int: 0, long: 1, double: 2, decimal: 3 };
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export function numericKind(v: unknown): NumericKind | undefined {
  if (typeof v === 'number') return serializesAsInt32(v) ? 'int' : 'double';
  switch (bsonTypeOf(v)) {
    case 'Int32':
      return 'int';
    case 'Long':
      return 'long';
    case 'Double':
      return 'double';
    case 'Decimal128':
      return 'decimal';
  }
  return undefined;
}

/** A double in stored form: a plain number unless bson would write it back as an int32. */
export function makeDouble(x: number): unknown {
  return serializesAsInt32(x) ? new Double(x) : x;
}

function toBigInt(v: unknown): bigint {
  if (bsonTypeOf(v) === 'Long') return (v as Long).toBigInt();
  return BigInt(Math.trunc(toNumber(v)));
}

function fromBigInt(n: bigint, op: string): unknown {
  if (n < INT64_MIN || n > INT64_MAX) throw new MongoError(2, `Failed to apply ${op}: integer overflow`);
  return Long.fromBigInt(n);
}

// Decimal arithmetic on (coefficient, exponent) pairs, exact, then rounded by Decimal128.
interface Dec {
  coef: bigint;
  exp: number;
  special?: string;
}

function toDec(v: unknown): Dec {
  const kind = numericKind(v);
  if (kind === 'int' || kind === 'long') return { coef: toBigInt(v), exp: 0 };
  const s = kind === 'decimal' ? (v as Decimal128).toString() : String(toNumber(v));
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m) return { coef: 0n, exp: 0, special: s };
  const digits = (m[2] || '') + (m[3] || '');
  const coef = BigInt(digits || '0') * (m[1] === '-' ? -1n : 1n);
  return { coef, exp: Number(m[4] || 0) - (m[3] || '').length };
}

function fromDec(d: Dec): Decimal128 {
  if (d.special) return Decimal128.fromString(d.special.replace(/^Infinity$/, 'Infinity'));
  return Decimal128.fromStringWithRounding(`${d.coef}E${d.exp}`);
}

function decAdd(a: Dec, b: Dec): Dec {
  if (a.special || b.special) return { coef: 0n, exp: 0, special: a.special ?? b.special };
  const exp = Math.min(a.exp, b.exp);
  return { coef: a.coef * 10n ** BigInt(a.exp - exp) + b.coef * 10n ** BigInt(b.exp - exp), exp };
}

function decMul(a: Dec, b: Dec): Dec {
  if (a.special || b.special) return { coef: 0n, exp: 0, special: a.special ?? b.special };
  return { coef: a.coef * b.coef, exp: a.exp + b.exp };
}

function widest(a: unknown, b: unknown): NumericKind {
  const ka = numericKind(a) ?? 'double';
  const kb = numericKind(b) ?? 'double';
  return RANK[ka] >= RANK[kb] ? ka : kb;
}

export function addNumbers(a: unknown, b: unknown): unknown {
  switch (widest(a, b)) {
    case 'int': {
      const r = toNumber(a) + toNumber(b);
      return serializesAsInt32(r) ? r : Long.fromNumber(r);
    }
    case 'long':
      return fromBigInt(toBigInt(a) + toBigInt(b), '$inc');
    case 'double':
      return makeDouble(toNumber(a) + toNumber(b));
    case 'decimal':
      return fromDec(decAdd(toDec(a), toDec(b)));
  }
}

export function multiplyNumbers(a: unknown, b: unknown): unknown {
  switch (widest(a, b)) {
    case 'int': {
      const r = toNumber(a) * toNumber(b);
      return serializesAsInt32(r) ? r : fromBigInt(toBigInt(a) * toBigInt(b), '$mul');
    }
    case 'long':
      return fromBigInt(toBigInt(a) * toBigInt(b), '$mul');
    case 'double':
      return makeDouble(toNumber(a) * toNumber(b));
    case 'decimal':
      return fromDec(decMul(toDec(a), toDec(b)));
  }
}

/** Zero of the operand's kind: what $mul writes into a missing field. */
export function zeroLike(v: unknown): unknown {
  switch (numericKind(v)) {
    case 'long':
      return Long.fromNumber(0);
    case 'double':
      return new Double(0);
    case 'decimal':
      return Decimal128.fromString('0');
    default:
      return 0;
  }
}

export function bitwise(current: unknown, op: string, operand: unknown): unknown {
  const kc = numericKind(current);
  const ko = numericKind(operand);
  if ((kc !== 'int' && kc !== 'long') || (ko !== 'int' && ko !== 'long')) {
    throw new MongoError(2, '$bit requires integer (int or long) values');
  }
  const a = toBigInt(current);
  const b = toBigInt(operand);
  const r = op === 'and' ? a & b : op === 'or' ? a | b : a ^ b;
  if (kc === 'int' && ko === 'int') return Number(BigInt.asIntN(32, r));
  return Long.fromBigInt(BigInt.asIntN(64, r));
}
