// find/findAndModify projections. Inclusion, exclusion, $slice and $elemMatch are applied on the
// stored documents (so BSON types are kept); projections with aggregation expressions go
// through mingo's $project. Positional projection ("a.$") and $meta are not supported.
import { Aggregator, Query } from 'mingo';
import { MongoError, toMongoError } from './errors.js';
import { compileFast } from './fastmatch.js';
import { type Doc, bsonTypeOf, cloneValue, isPlainObject, setOwn, toNumber, toView } from './values.js';

type Action =
  | { kind: 'include' }
  | { kind: 'exclude' }
  | { kind: 'slice'; skip: number; limit: number }
  | { kind: 'elemMatch'; test: (element: unknown) => boolean };

interface Node {
  action?: Action;
  children?: Map<string, Node>;
}

export type Projector = (doc: Doc) => Doc;

function isFlag(v: unknown): boolean {
  return (
    typeof v === 'number' ||
    typeof v === 'boolean' ||
    bsonTypeOf(v) === 'Long' ||
    bsonTypeOf(v) === 'Double' ||
    bsonTypeOf(v) === 'Decimal128'
  );
}

function parseSlice(arg: unknown): { skip: number; limit: number } {
  if (Array.isArray(arg)) {
    if (arg.length !== 2) throw new MongoError(2, '$slice takes a number or an array of two numbers');
    const limit = toNumber(arg[1]);
    if (!(limit > 0)) throw new MongoError(2, '$slice limit must be positive');
    return { skip: toNumber(arg[0]), limit };
  }
  const n = toNumber(arg);
  if (Number.isNaN(n)) throw new MongoError(2, '$slice takes a number or an array of two numbers');
  return n >= 0 ? { skip: 0, limit: n } : { skip: n, limit: -n };
}

function sliceArray(arr: unknown[], s: { skip: number; limit: number }): unknown[] {
  const start = s.skip < 0 ? Math.max(arr.length + s.skip, 0) : Math.min(s.skip, arr.length);
  return arr.slice(start, start + s.limit);
}

/** Returns a projector, or null when the projection returns whole documents. */
export function compileProjection(spec: unknown): Projector | null {
  if (spec === undefined || spec === null) return null;
  if (!isPlainObject(spec)) throw new MongoError(2, 'projection must be an object');
  const keys = Object.keys(spec);
  if (keys.length === 0) return null;

  let needsExpressions = false;
  let includes = 0;
  let excludes = 0;
  let hasElemMatch = false;
  let idAction: boolean | undefined;
  for (const k of keys) {
    const v = spec[k];
    if (k.endsWith('.$') || k === '$')
      throw new MongoError(2, `positional projection ('${k}') is not supported by localdb`);
    if (k.startsWith('$')) throw new MongoError(2, `FieldPath field names may not start with '$': ${k}`);
    if (isFlag(v)) {
      const on = Boolean(toNumber(v)) || v === true;
      if (k === '_id') idAction = on;
      else if (on) includes++;
      else excludes++;
    } else if (isPlainObject(v) && Object.keys(v).length === 1 && ('$slice' in v || '$elemMatch' in v)) {
      if ('$elemMatch' in v) hasElemMatch = true;
    } else if (isPlainObject(v) && '$meta' in v) {
      throw new MongoError(2, '$meta projection is not supported by localdb');
    } else {
      needsExpressions = true;
    }
  }
  if (needsExpressions) return expressionProjector(spec);
  if (includes && excludes) {
    const field = keys.find((k) => k !== '_id' && isFlag(spec[k]) && !toNumber(spec[k]) && spec[k] !== true);
    throw new MongoError(31254, `Cannot do exclusion on field ${field} in inclusion projection`);
  }
  const inclusion = includes > 0 || hasElemMatch || (includes === 0 && excludes === 0 && idAction === true);

  const root: Node = { children: new Map() };
  for (const k of keys) {
    if (k === '_id' && isFlag(spec[k])) continue;
    const v = spec[k];
    let action: Action;
    if (isFlag(v)) action = { kind: inclusion ? 'include' : 'exclude' };
    else if ('$slice' in (v as Doc)) action = { kind: 'slice', ...parseSlice((v as Doc).$slice) };
    else {
      const cond = (v as Doc).$elemMatch;
      if (!isPlainObject(cond)) throw new MongoError(2, '$elemMatch needs an Object');
      // The common forms ({$eq: id}, {field: value}) are evaluated directly (fastmatch.ts).
      const fast = compileFast({ e: { $elemMatch: cond } });
      if (fast) action = { kind: 'elemMatch', test: (el) => fast({ e: [el] }) };
      else {
        let query: Query;
        try {
          query = new Query({ e: { $elemMatch: toView(cond) } }, { scriptEnabled: false });
        } catch (e) {
          throw toMongoError(e);
        }
        action = { kind: 'elemMatch', test: (el) => query.test({ e: [toView(el)] }) };
      }
    }
    let node = root;
    const parts = k.split('.');
    parts.forEach((part, i) => {
      node.children ??= new Map();
      let next = node.children.get(part);
      if (!next) {
        next = {};
        node.children.set(part, next);
      }
      if (i === parts.length - 1) {
        if (next.children) throw new MongoError(31250, `Path collision at ${k}`);
        next.action = action;
      } else if (next.action) {
        throw new MongoError(31250, `Path collision at ${k}`);
      }
      node = next;
    });
  }
  const includeId = idAction ?? true;
  return (doc) => {
    const out = inclusion ? includeTree(doc, root) : excludeTree(doc, root);
    if (inclusion && includeId && '_id' in doc && !('_id' in out)) return { _id: doc._id, ...out };
    if (!includeId) delete out._id;
    return out;
  };
}

function applyLeaf(value: unknown, action: Action): { keep: boolean; value?: unknown } {
  switch (action.kind) {
    case 'include':
      return { keep: true, value };
    case 'exclude':
      return { keep: false };
    case 'slice':
      return { keep: true, value: Array.isArray(value) ? sliceArray(value, action) : value };
    case 'elemMatch': {
      if (!Array.isArray(value)) return { keep: false };
      const hit = value.find((el) => action.test(el));
      return hit === undefined ? { keep: false } : { keep: true, value: [hit] };
    }
  }
}

function includeTree(doc: Doc, node: Node): Doc {
  const out: Doc = {};
  for (const key of Object.keys(doc)) {
    const child = node.children?.get(key);
    if (!child) continue;
    const value = doc[key];
    if (child.action) {
      const r = applyLeaf(value, child.action);
      if (r.keep) setOwn(out, key, r.value);
    } else if (isPlainObject(value)) {
      setOwn(out, key, includeTree(value, child));
    } else if (Array.isArray(value)) {
      setOwn(out, key, includeArray(value, child));
    }
  }
  return out;
}

function includeArray(arr: unknown[], node: Node): unknown[] {
  const out: unknown[] = [];
  for (const el of arr) {
    if (isPlainObject(el)) out.push(includeTree(el, node));
    else if (Array.isArray(el)) out.push(includeArray(el, node));
  }
  return out;
}

function excludeTree(doc: Doc, node: Node): Doc {
  const out: Doc = {};
  for (const key of Object.keys(doc)) {
    const child = node.children?.get(key);
    const value = doc[key];
    if (!child) setOwn(out, key, value);
    else if (child.action) {
      const r = applyLeaf(value, child.action);
      if (r.keep) setOwn(out, key, r.value);
    } else if (isPlainObject(value)) setOwn(out, key, excludeTree(value, child));
    else if (Array.isArray(value)) setOwn(out, key, excludeArray(value, child));
    else setOwn(out, key, value);
  }
  return out;
}

function excludeArray(arr: unknown[], node: Node): unknown[] {
  return arr.map((el) => (isPlainObject(el) ? excludeTree(el, node) : Array.isArray(el) ? excludeArray(el, node) : el));
}

function expressionProjector(spec: Doc): Projector {
  let agg: Aggregator;
  try {
    agg = new Aggregator([{ $project: toView(spec) }], { scriptEnabled: false });
  } catch (e) {
    throw toMongoError(e);
  }
  return (doc) => {
    try {
      return agg.run([cloneValue(toView(doc))])[0] as Doc;
    } catch (e) {
      throw toMongoError(e);
    }
  };
}
