// Update operators ($set, $inc, $push, ...), replacement and pipeline-style updates.
//
// Operator updates are applied by localdb itself on a mutable copy of the stored document, so
// BSON number types follow MongoDB's rules (see numeric.ts) and error codes match MongoDB's.
// Filters inside updates ($pull conditions, arrayFilters, the positional "$") use mingo.
import { Timestamp } from 'bson';
import { Aggregator, Query } from 'mingo';
import { refuseNewerOperators } from './compat.js';
import { MongoError, toMongoError } from './errors.js';
import { addNumbers, bitwise, multiplyNumbers, zeroLike } from './numeric.js';
import { compareForPushSort } from './sort.js';
import { checkReplacement } from './storable.js';
import {
  type Doc,
  bsonTypeOf,
  cloneValue,
  compareValues,
  formatValue,
  getPath,
  isNumeric,
  isPlainObject,
  keyOf,
  normalizeDecoded,
  setOwn,
  toNumber,
  toView,
  typeName,
  valuesEqual,
} from './values.js';

export interface UpdateContext {
  /** The update's filter, used for the positional "$" operator and upsert seeding. */
  query: Doc;
  arrayFilters?: unknown[];
  /** True when the update builds a new document for an upsert ($setOnInsert applies). */
  isInsert: boolean;
}

const OPERATORS = new Set([
  '$set',
  '$setOnInsert',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$currentDate',
  '$push',
  '$addToSet',
  '$pop',
  '$pull',
  '$pullAll',
  '$bit',
]);
const PIPELINE_STAGES = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

export type UpdateKind = 'operators' | 'replacement' | 'pipeline';

export function updateKind(u: unknown): UpdateKind {
  if (Array.isArray(u)) return 'pipeline';
  if (!isPlainObject(u)) throw new MongoError(9, 'Update argument must be either an object or an array');
  const keys = Object.keys(u);
  // As in MongoDB, the first field decides: a `$` name makes it an operator update.
  if (keys.length === 0 || !keys[0].startsWith('$')) return 'replacement';
  for (const k of keys) {
    if (!OPERATORS.has(k)) {
      throw new MongoError(
        9,
        `Unknown modifier: ${k}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
  }
  return 'operators';
}

// ---- paths ----

const isIndex = (s: string) => /^\d+$/.test(s);

function getChild(container: unknown, key: string): unknown {
  if (Array.isArray(container)) return isIndex(key) ? container[Number(key)] : undefined;
  if (isPlainObject(container)) return Object.hasOwn(container, key) ? container[key] : undefined;
  return undefined;
}

function setChild(container: Doc | unknown[], key: string, value: unknown): void {
  if (Array.isArray(container)) {
    const i = Number(key);
    while (container.length < i) container.push(null);
    container[i] = value;
  } else {
    setOwn(container, key, value);
  }
}

interface Slot {
  parent: Doc | unknown[];
  key: string;
}

/** Finds (creating intermediate documents when `create`) the container of the last path part. */
function locate(doc: Doc, parts: string[], create: boolean): Slot | null {
  let cur: Doc | unknown[] = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i];
    if (Array.isArray(cur) && !isIndex(part)) {
      if (!create) return null;
      throw new MongoError(28, `Cannot create field '${part}' in element {${parts[i - 1] ?? ''}: ${formatValue(cur)}}`);
    }
    let next = getChild(cur, part);
    if (next === undefined) {
      if (!create) return null;
      next = {};
      setChild(cur, part, next);
    } else if (!isPlainObject(next) && !Array.isArray(next)) {
      if (!create) return null;
      throw new MongoError(28, `Cannot create field '${parts[i + 1]}' in element {${part}: ${formatValue(next)}}`);
    }
    cur = next as Doc | unknown[];
  }
  const last = parts[parts.length - 1];
  if (Array.isArray(cur) && !isIndex(last)) {
    if (!create) return null;
    throw new MongoError(
      28,
      `Cannot create field '${last}' in element {${parts[parts.length - 2] ?? ''}: ${formatValue(cur)}}`,
    );
  }
  return { parent: cur, key: last };
}

function validatePath(path: string, op: string): string[] {
  if (path === '') throw new MongoError(56, `An empty update path is not valid.`);
  const parts = path.split('.');
  for (const p of parts) {
    if (p === '')
      throw new MongoError(56, `The update path '${path}' contains an empty field name, which is not allowed.`);
    if (p.startsWith('$') && p !== '$' && !/^\$\[[a-z][a-zA-Z0-9]*\]$/.test(p) && p !== '$[]') {
      throw new MongoError(
        52,
        `The dollar ($) prefixed field '${p}' in '${path}' is not valid for storage (in ${op}).`,
      );
    }
  }
  return parts;
}

// ---- positional operators ----

class Positional {
  readonly #doc: Doc;
  readonly #ctx: UpdateContext;
  readonly #filters = new Map<string, Query>();
  readonly #used = new Set<string>();

  constructor(doc: Doc, ctx: UpdateContext) {
    this.#doc = doc;
    this.#ctx = ctx;
    for (const f of ctx.arrayFilters ?? []) {
      if (!isPlainObject(f)) throw new MongoError(9, 'arrayFilters must be objects');
      const ids = new Set<string>();
      const renamed = renameIdentifier(f, ids);
      if (ids.size !== 1) throw new MongoError(9, 'Each array filter must use a single top-level field name');
      const [id] = ids;
      if (this.#filters.has(id))
        throw new MongoError(9, `Found multiple array filters with the same top-level field name ${id}`);
      try {
        this.#filters.set(id, new Query(toView(renamed) as Doc, { scriptEnabled: false }));
      } catch (e) {
        throw toMongoError(e);
      }
    }
  }

  /** Expands "$", "$[]" and "$[id]" into concrete paths for the current document. */
  expand(parts: string[]): string[][] {
    if (!parts.some((p) => p.startsWith('$'))) return [parts];
    const out: string[][] = [];
    const walk = (node: unknown, i: number, prefix: string[]) => {
      if (i === parts.length) {
        out.push(prefix);
        return;
      }
      const part = parts[i];
      if (part === '$') {
        const index = this.#matchedIndex(prefix);
        walk(getChild(node, String(index)), i + 1, [...prefix, String(index)]);
        return;
      }
      if (part.startsWith('$[')) {
        if (!Array.isArray(node)) {
          throw new MongoError(
            2,
            `The path '${prefix.join('.')}' must exist in the document in order to apply array updates.`,
          );
        }
        const id = part.slice(2, -1);
        let query: Query | undefined;
        if (id !== '') {
          query = this.#filters.get(id);
          if (!query)
            throw new MongoError(2, `No array filter found for identifier '${id}' in path '${parts.join('.')}'`);
          this.#used.add(id);
        }
        node.forEach((el, index) => {
          if (!query || query.test({ e: toView(el) })) walk(el, i + 1, [...prefix, String(index)]);
        });
        return;
      }
      walk(getChild(node, part), i + 1, [...prefix, part]);
    };
    walk(this.#doc, 0, []);
    return out;
  }

  checkAllFiltersUsed(): void {
    for (const id of this.#filters.keys()) {
      if (!this.#used.has(id))
        throw new MongoError(9, `The array filter for identifier '${id}' was not used in the update`);
    }
  }

  #matchedIndex(prefix: string[]): number {
    const arrayPath = prefix.join('.');
    const arr = getPath(this.#doc, arrayPath);
    const conditions: Doc = {};
    const collect = (q: Doc) => {
      for (const k of Object.keys(q)) {
        if (k === '$and' && Array.isArray(q[k])) {
          for (const c of q[k] as unknown[]) if (isPlainObject(c)) collect(c);
        } else if (k === arrayPath || k.startsWith(`${arrayPath}.`)) conditions[k] = q[k];
      }
    };
    collect(this.#ctx.query);
    if (Array.isArray(arr) && Object.keys(conditions).length) {
      let query: Query;
      try {
        query = new Query(toView(conditions) as Doc, { scriptEnabled: false });
      } catch (e) {
        throw toMongoError(e);
      }
      for (let i = 0; i < arr.length; i++) {
        const probe: Doc = {};
        let cur = probe;
        prefix.forEach((p, j) => {
          if (j === prefix.length - 1) cur[p] = [toView(arr[i])];
          else cur = cur[p] = {};
        });
        if (query.test(probe)) return i;
      }
    }
    throw new MongoError(2, 'The positional operator did not find the match needed from the query.');
  }
}

/** Rewrites an array filter's identifier (the first path part) to "e". */
function renameIdentifier(filter: Doc, ids: Set<string>): Doc {
  const out: Doc = {};
  for (const k of Object.keys(filter)) {
    const v = filter[k];
    if (k === '$and' || k === '$or' || k === '$nor') {
      if (!Array.isArray(v)) throw new MongoError(2, `${k} must be an array`);
      out[k] = v.map((c) => (isPlainObject(c) ? renameIdentifier(c, ids) : c));
      continue;
    }
    const dot = k.indexOf('.');
    const id = dot === -1 ? k : k.slice(0, dot);
    ids.add(id);
    out[dot === -1 ? 'e' : `e${k.slice(dot)}`] = v;
  }
  return out;
}

// ---- conflict detection ----

function checkConflicts(paths: string[][]): void {
  const sorted = paths.map((p) => p.join('.')).sort();
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1];
    const b = sorted[i];
    if (a === b || b.startsWith(`${a}.`)) {
      throw new MongoError(40, `Updating the path '${b}' would create a conflict at '${a}'`);
    }
  }
}

// ---- operators ----

function describeDoc(doc: Doc): string {
  return `{_id: ${formatValue(doc._id)}}`;
}

function parseEach(arg: unknown, op: string): { values: unknown[]; mods: Doc } {
  if (isPlainObject(arg) && '$each' in arg) {
    const values = arg.$each;
    if (!Array.isArray(values))
      throw new MongoError(
        2,
        `The argument to $each in ${op} must be an array but it was of type: ${typeName(values)}`,
      );
    const mods: Doc = { ...arg };
    delete mods.$each;
    for (const m of Object.keys(mods)) {
      if (op !== '$push' || !['$slice', '$sort', '$position'].includes(m)) {
        throw new MongoError(2, `Unrecognized clause in ${op}: ${m}`);
      }
    }
    return { values, mods };
  }
  return { values: [arg], mods: {} };
}

function pullPredicate(cond: unknown): (el: unknown) => boolean {
  if (isPlainObject(cond) && bsonTypeOf(cond) === undefined) {
    const keys = Object.keys(cond);
    const operatorsOnly =
      keys.length > 0 &&
      keys.every((k) => k.startsWith('$') && k !== '$and' && k !== '$or' && k !== '$nor' && k !== '$expr');
    try {
      if (operatorsOnly) {
        const q = new Query({ e: toView(cond) }, { scriptEnabled: false });
        return (el) => q.test({ e: toView(el) });
      }
      const q = new Query(toView(cond) as Doc, { scriptEnabled: false });
      return (el) => isPlainObject(el) && q.test(toView(el) as Doc);
    } catch (e) {
      throw toMongoError(e);
    }
  }
  return (el) => valuesEqual(el, cond);
}

function requireArray(value: unknown, path: string, op: string, doc: Doc): unknown[] {
  if (!Array.isArray(value)) {
    throw new MongoError(
      op === '$pop' ? 14 : 2,
      `The field '${path}' must be an array but is of type ${typeName(value)} in document ${describeDoc(doc)}`,
    );
  }
  return value;
}

type Applier = (slot: Slot, current: unknown, arg: unknown, path: string) => void;

function makeAppliers(doc: Doc, now: Date): Record<string, Applier> {
  const write = (slot: Slot, value: unknown) => setChild(slot.parent, slot.key, value);
  /** The field's value, which $inc and $mul need to be a number. */
  const numericField = (op: string, cur: unknown, path: string) => {
    if (isNumeric(cur)) return cur;
    throw new MongoError(
      14,
      `Cannot apply ${op} to a value of non-numeric type. ${describeDoc(doc)} has the field '${path}' of non-numeric type ${typeName(cur)}`,
    );
  };
  return {
    $set: (slot, _cur, arg) => write(slot, cloneValue(arg)),
    $setOnInsert: (slot, _cur, arg) => write(slot, cloneValue(arg)),
    $inc: (slot, cur, arg, path) => {
      if (cur === undefined) return write(slot, cloneValue(arg));
      write(slot, addNumbers(numericField('$inc', cur, path), arg));
    },
    $mul: (slot, cur, arg, path) => {
      if (cur === undefined) return write(slot, zeroLike(arg));
      write(slot, multiplyNumbers(numericField('$mul', cur, path), arg));
    },
    $min: (slot, cur, arg) => {
      if (cur === undefined || compareValues(arg, cur) < 0) write(slot, cloneValue(arg));
    },
    $max: (slot, cur, arg) => {
      if (cur === undefined || compareValues(arg, cur) > 0) write(slot, cloneValue(arg));
    },
    $currentDate: (slot, _cur, arg) => {
      const type = isPlainObject(arg) ? arg.$type : 'date';
      if (arg !== true && type !== 'date' && type !== 'timestamp') {
        throw new MongoError(
          2,
          `${formatValue(arg)} is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).`,
        );
      }
      write(
        slot,
        type === 'timestamp' ? new Timestamp({ t: Math.floor(now.getTime() / 1000), i: 1 }) : new Date(now.getTime()),
      );
    },
    $push: (slot, cur, arg, path) => {
      const arr = cur === undefined ? [] : requireArray(cur, path, '$push', doc);
      const { values, mods } = parseEach(arg, '$push');
      let position = arr.length;
      if (mods.$position !== undefined) {
        const p = toNumber(mods.$position);
        if (!Number.isInteger(p)) throw new MongoError(2, '$position must be an integer');
        position = p < 0 ? Math.max(arr.length + p, 0) : Math.min(p, arr.length);
      }
      arr.splice(position, 0, ...values.map(cloneValue));
      if (mods.$sort !== undefined) arr.sort(compareForPushSort(mods.$sort));
      if (mods.$slice !== undefined) {
        const n = toNumber(mods.$slice);
        if (!Number.isInteger(n)) throw new MongoError(2, '$slice must be an integer');
        const kept = n >= 0 ? arr.slice(0, n) : arr.slice(Math.max(arr.length + n, 0));
        arr.length = 0;
        arr.push(...kept);
      }
      if (cur === undefined) write(slot, arr);
    },
    $addToSet: (slot, cur, arg, path) => {
      const arr = cur === undefined ? [] : requireArray(cur, path, '$addToSet', doc);
      for (const v of parseEach(arg, '$addToSet').values) {
        if (!arr.some((x) => valuesEqual(x, v))) arr.push(cloneValue(v));
      }
      if (cur === undefined) write(slot, arr);
    },
    $pop: (_slot, cur, arg, path) => {
      if (cur === undefined) return;
      const arr = requireArray(cur, path, '$pop', doc);
      const n = toNumber(arg);
      if (n !== 1 && n !== -1) throw new MongoError(9, `$pop expects 1 or -1, found: ${formatValue(arg)}`);
      if (n === 1) arr.pop();
      else arr.shift();
    },
    $pull: (slot, cur, arg) => {
      if (cur === undefined) return;
      if (!Array.isArray(cur)) throw new MongoError(2, 'Cannot apply $pull to a non-array value');
      const hit = pullPredicate(arg);
      write(
        slot,
        cur.filter((el) => !hit(el)),
      );
    },
    $pullAll: (slot, cur, arg) => {
      if (!Array.isArray(arg))
        throw new MongoError(2, `$pullAll requires an array argument but was given a ${typeName(arg)}`);
      if (cur === undefined) return;
      if (!Array.isArray(cur)) throw new MongoError(2, 'Cannot apply $pullAll to a non-array value');
      write(
        slot,
        cur.filter((el) => !arg.some((x) => valuesEqual(x, el))),
      );
    },
    $bit: (slot, cur, arg, path) => {
      if (!isPlainObject(arg) || Object.keys(arg).length === 0) {
        throw new MongoError(
          9,
          `The $bit modifier is not compatible with a ${typeName(arg)}. You must pass in an embedded document: {$bit: {field: {and/or/xor: #}}`,
        );
      }
      let value: unknown = cur ?? 0;
      if (!isNumeric(value))
        throw new MongoError(
          2,
          `Cannot apply $bit to a value of non-integral type. ${describeDoc(doc)} has the field ${path} of non-integer type ${typeName(cur)}`,
        );
      for (const op of Object.keys(arg)) {
        if (op !== 'and' && op !== 'or' && op !== 'xor')
          throw new MongoError(9, `The $bit modifier only supports 'and', 'or', and 'xor', not '${op}'`);
        value = bitwise(value, op, arg[op]);
      }
      write(slot, value);
    },
  };
}

function validateOperand(op: string, path: string, arg: unknown): void {
  if ((op === '$inc' || op === '$mul') && !isNumeric(arg)) {
    throw new MongoError(
      14,
      `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${formatValue(arg)}}`,
    );
  }
  if (op === '$rename' && typeof arg !== 'string') {
    throw new MongoError(2, `The 'to' field for $rename must be a string: ${path}: ${formatValue(arg)}`);
  }
}

/** Applies an operator update to `doc` in place. */
export function applyOperators(doc: Doc, update: Doc, ctx: UpdateContext): void {
  const positional = new Positional(doc, ctx);
  const now = new Date();
  const appliers = makeAppliers(doc, now);
  const planned: { op: string; path: string; parts: string[]; arg: unknown }[] = [];
  const allPaths: string[][] = [];
  for (const op of Object.keys(update)) {
    const operand = update[op];
    if (!isPlainObject(operand)) {
      throw new MongoError(
        9,
        `Modifiers operate on fields but we found type ${typeName(operand)} instead. For example: {$mod: {<field>: ...}} not {${op}: ${formatValue(operand)}}`,
      );
    }
    for (const path of Object.keys(operand)) {
      const parts = validatePath(path, op);
      const arg = operand[path];
      validateOperand(op, path, arg);
      if (op === '$rename') {
        const target = validatePath(arg as string, op);
        if (parts.some((p) => p.startsWith('$')) || target.some((p) => p.startsWith('$'))) {
          throw new MongoError(2, 'The source and target field for $rename must not contain positional operators');
        }
        allPaths.push(parts, target);
      } else {
        allPaths.push(parts);
      }
      planned.push({ op, path, parts, arg });
    }
  }
  checkConflicts(allPaths);

  for (const { op, parts, arg } of planned) {
    if (op === '$setOnInsert' && !ctx.isInsert) continue;
    if (op === '$rename') {
      applyRename(doc, parts, (arg as string).split('.'));
      continue;
    }
    if (op === '$unset') {
      for (const concrete of positional.expand(parts)) {
        const slot = locate(doc, concrete, false);
        if (!slot) continue;
        if (Array.isArray(slot.parent)) {
          const i = Number(slot.key);
          if (i < slot.parent.length) slot.parent[i] = null;
        } else {
          delete slot.parent[slot.key];
        }
      }
      continue;
    }
    const applier = appliers[op];
    for (const concrete of positional.expand(parts)) {
      const create = op !== '$pop' && op !== '$pull' && op !== '$pullAll';
      const slot = locate(doc, concrete, create);
      if (!slot) continue;
      applier(slot, getChild(slot.parent, slot.key), arg, concrete.join('.'));
    }
  }
  positional.checkAllFiltersUsed();
}

function applyRename(doc: Doc, from: string[], to: string[]): void {
  let cur: unknown = doc;
  for (let i = 0; i < from.length - 1; i++) {
    cur = getChild(cur, from[i]);
    if (Array.isArray(cur))
      throw new MongoError(
        2,
        `The source field cannot be an array element, '${from.join('.')}' in doc with _id: ${formatValue(doc._id)} has an array field called '${from[i]}'`,
      );
    if (!isPlainObject(cur)) return;
  }
  const last = from[from.length - 1];
  if (!isPlainObject(cur) || !Object.hasOwn(cur, last)) return;
  const value = cur[last];
  delete cur[last];
  const slot = locate(doc, to, true)!;
  if (Array.isArray(slot.parent))
    throw new MongoError(2, `The destination field cannot be an array element, '${to.join('.')}'`);
  setChild(slot.parent, slot.key, value);
}

/** Builds the document a replacement update produces, keeping the original _id first. */
export function applyReplacement(original: Doc | null, replacement: Doc): Doc {
  checkReplacement(replacement);
  const out: Doc = {};
  if (original && original._id !== undefined) out._id = original._id;
  else if (replacement._id !== undefined) out._id = replacement._id;
  for (const k of Object.keys(replacement)) {
    if (k === '_id') continue;
    setOwn(out, k, cloneValue(replacement[k]));
  }
  if (original && replacement._id !== undefined && keyOf(replacement._id) !== keyOf(original._id)) {
    throw new MongoError(
      66,
      `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(replacement._id)}`,
    );
  }
  return out;
}

/**
 * Runs a pipeline-style update through mingo, keeping BSON wrappers of untouched values.
 * `variables`: the command's evaluated `let` (and the statement's `c`), as `$$name`.
 */
export function applyPipeline(doc: Doc, pipeline: unknown[], variables?: Doc): Doc {
  refuseNewerOperators(pipeline);
  for (const stage of pipeline) {
    const name = isPlainObject(stage) ? Object.keys(stage)[0] : undefined;
    if (!name || !PIPELINE_STAGES.has(name)) {
      throw new MongoError(72, `${name ?? 'stage'} is not allowed to be used within an update`);
    }
  }
  let result: Doc;
  try {
    result = new Aggregator(toView(pipeline) as Doc[], { scriptEnabled: false, variables }).run([
      cloneValue(toView(doc)),
    ])[0] as Doc;
  } catch (e) {
    throw toMongoError(e);
  }
  return restoreWrappers(normalizeDecoded(stripUndefined(result)), doc) as Doc;
}

function stripUndefined(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : stripUndefined(x)));
  if (isPlainObject(v)) {
    const out: Doc = {};
    for (const k of Object.keys(v)) if (v[k] !== undefined) setOwn(out, k, stripUndefined(v[k]));
    return out;
  }
  return v;
}

/** Puts back Long/Decimal128/Double wrappers where the pipeline left a value unchanged. */
function restoreWrappers(result: unknown, original: unknown): unknown {
  if (bsonTypeOf(original) && isNumeric(original) && typeof result === 'number' && toNumber(original) === result)
    return original;
  if (Array.isArray(result) && Array.isArray(original)) return result.map((x, i) => restoreWrappers(x, original[i]));
  if (isPlainObject(result) && isPlainObject(original)) {
    for (const k of Object.keys(result)) {
      if (Object.hasOwn(original, k)) setOwn(result, k, restoreWrappers(result[k], original[k]));
    }
  }
  return result;
}

/** The document an upsert starts from: the equality conditions of its filter. */
export function seedFromQuery(query: Doc): Doc {
  const doc: Doc = {};
  const add = (conds: Doc) => {
    for (const k of Object.keys(conds)) {
      const v = conds[k];
      if (k === '$and' && Array.isArray(v)) {
        for (const c of v) if (isPlainObject(c)) add(c);
        continue;
      }
      if (k.startsWith('$')) continue;
      let value: unknown = v;
      if (v instanceof RegExp) continue;
      if (isPlainObject(v) && Object.keys(v).some((x) => x.startsWith('$'))) {
        if ('$eq' in v) value = v.$eq;
        else if (Array.isArray(v.$in) && v.$in.length === 1 && Object.keys(v).length === 1) value = v.$in[0];
        else continue;
      }
      try {
        const slot = locate(doc, k.split('.'), true);
        if (slot) setChild(slot.parent, slot.key, cloneValue(value));
      } catch {
        // conflicting conditions: MongoDB also refuses; keep what we have
      }
    }
  };
  add(query);
  return doc;
}
