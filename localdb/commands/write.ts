// insert, update, delete and findAndModify. Each command applies synchronously (no other
// command interleaves), then waits for the journal to make its effects durable before replying.
import { ObjectId, serialize } from 'bson';
import type { Collection } from '../collection.js';
import { MongoError, toMongoError } from '../errors.js';
import { Matcher } from '../matcher.js';
import { compileProjection } from '../projection.js';
import { selectSync } from '../select.js';
import { parseSort, sortDocs } from '../sort.js';
import type { Store } from '../store.js';
import {
  applyOperators,
  applyPipeline,
  applyReplacement,
  seedFromQuery,
  type UpdateKind,
  updateKind,
} from '../update.js';
import { type Doc, bsonTypeOf, cloneValue, formatValue, isPlainObject, keyOf, setOwn, toNumber } from '../values.js';
import { type CommandHandler, collectionName, optionalDoc, rejectCollation } from './context.js';

function writeError(index: number, e: unknown): Doc {
  const err = toMongoError(e);
  return { index, code: err.code, errmsg: err.message, ...err.extra };
}

function isOrdered(cmd: Doc): boolean {
  return cmd.ordered === undefined ? true : !!cmd.ordered;
}

function idFirst(doc: Doc, id: unknown): Doc {
  const out: Doc = { _id: id };
  for (const k of Object.keys(doc)) if (k !== '_id') setOwn(out, k, doc[k]);
  return out;
}

function checkId(id: unknown): void {
  if (Array.isArray(id)) throw new MongoError(2, `can't use an array for _id`);
  if (id instanceof RegExp || bsonTypeOf(id) === 'BSONRegExp') throw new MongoError(2, `can't use a regex for _id`);
  if (id === undefined) throw new MongoError(2, '_id is missing');
}

/** A document to insert: _id first, generated when missing. */
function prepareInsert(raw: unknown): Doc {
  if (!isPlainObject(raw)) throw new MongoError(2, 'document to insert must be an object');
  const id = raw._id === undefined ? new ObjectId() : raw._id;
  checkId(id);
  return Object.keys(raw)[0] === '_id' ? raw : idFirst(raw, id);
}

interface UpdateSpec {
  query: Doc;
  update: unknown;
  kind: UpdateKind;
  arrayFilters?: unknown[];
}

function parseUpdateSpec(query: unknown, update: unknown, arrayFilters: unknown): UpdateSpec {
  const matcherFilter = query ?? {};
  if (!isPlainObject(matcherFilter)) throw new MongoError(2, 'query filter must be an object');
  if (arrayFilters !== undefined && arrayFilters !== null && !Array.isArray(arrayFilters))
    throw new MongoError(14, 'arrayFilters must be an array');
  const kind = updateKind(update);
  if (kind === 'pipeline' && arrayFilters)
    throw new MongoError(72, 'arrayFilters may not be specified for pipeline-style updates');
  return { query: matcherFilter, update, kind, arrayFilters: (arrayFilters as unknown[] | null) ?? undefined };
}

/** The new version of `doc` (a fresh object; `doc` itself is never touched). */
function updatedDoc(doc: Doc, spec: UpdateSpec): Doc {
  let next: Doc;
  if (spec.kind === 'operators') {
    next = cloneValue(doc);
    applyOperators(next, spec.update as Doc, { query: spec.query, arrayFilters: spec.arrayFilters, isInsert: false });
  } else if (spec.kind === 'replacement') {
    next = applyReplacement(doc, spec.update as Doc);
  } else {
    next = applyPipeline(doc, spec.update as unknown[]);
    if (next._id === undefined) next = idFirst(next, doc._id);
  }
  if (next._id === undefined || keyOf(next._id) !== keyOf(doc._id)) {
    throw new MongoError(66, `Performing an update on the path '_id' would modify the immutable field '_id'`);
  }
  if (Object.keys(next)[0] !== '_id') next = idFirst(next, next._id);
  return next;
}

/** The document an upsert inserts when nothing matched. */
function upsertDoc(spec: UpdateSpec): Doc {
  let doc: Doc;
  if (spec.kind === 'replacement') {
    doc = applyReplacement(null, spec.update as Doc);
    if (doc._id === undefined) {
      const seeded = seedFromQuery(spec.query);
      if (seeded._id !== undefined) doc = idFirst(doc, seeded._id);
    }
  } else if (spec.kind === 'operators') {
    doc = seedFromQuery(spec.query);
    applyOperators(doc, spec.update as Doc, { query: spec.query, arrayFilters: spec.arrayFilters, isInsert: true });
  } else {
    doc = applyPipeline(seedFromQuery(spec.query), spec.update as unknown[]);
  }
  const id = doc._id === undefined ? new ObjectId() : doc._id;
  checkId(id);
  return idFirst(doc, id);
}

function sameBson(a: Doc, b: Doc): boolean {
  return Buffer.from(serialize(a)).equals(Buffer.from(serialize(b)));
}

/** Applies an update to one stored document; returns the stored result and whether it changed. */
function updateOne(store: Store, coll: Collection, doc: Doc, spec: UpdateSpec): { doc: Doc; modified: boolean } {
  const next = updatedDoc(doc, spec);
  if (sameBson(doc, next)) return { doc, modified: false };
  return { doc: store.replaceDoc(coll, doc, next), modified: true };
}

const insert: CommandHandler = async (cmd, db, ctx) => {
  const name = collectionName(cmd, 'insert');
  if (!Array.isArray(cmd.documents)) throw new MongoError(14, 'insert needs an array of documents');
  const coll = ctx.store.ensureCollection(db, name);
  const writeErrors: Doc[] = [];
  let n = 0;
  for (let i = 0; i < cmd.documents.length; i++) {
    try {
      ctx.store.insertDoc(coll, prepareInsert(cmd.documents[i]));
      n++;
    } catch (e) {
      writeErrors.push(writeError(i, e));
      if (isOrdered(cmd)) break;
    }
  }
  await ctx.store.commit();
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
};

const update: CommandHandler = async (cmd, db, ctx) => {
  const name = collectionName(cmd, 'update');
  if (!Array.isArray(cmd.updates)) throw new MongoError(14, 'update needs an array of updates');
  const writeErrors: Doc[] = [];
  const upserted: Doc[] = [];
  let n = 0;
  let nModified = 0;
  for (let i = 0; i < cmd.updates.length; i++) {
    const stmt = cmd.updates[i] as Doc;
    try {
      if (!isPlainObject(stmt)) throw new MongoError(14, 'each update must be an object');
      rejectCollation(stmt);
      const spec = parseUpdateSpec(stmt.q, stmt.u, stmt.arrayFilters);
      if (stmt.multi && spec.kind === 'replacement')
        throw new MongoError(9, 'multi update is not supported for replacement-style update');
      const matcher = new Matcher(spec.query, optionalDoc(cmd, 'let'));
      let coll = ctx.store.collection(db, name);
      let targets = selectSync(coll, matcher, stmt.multi || stmt.sort ? Infinity : 1);
      if (stmt.sort && !stmt.multi) targets = sortDocs(targets, parseSort(stmt.sort)).slice(0, 1);
      for (const doc of targets) {
        n++;
        if (updateOne(ctx.store, coll!, doc, spec).modified) nModified++;
      }
      if (targets.length === 0 && stmt.upsert) {
        coll ??= ctx.store.ensureCollection(db, name);
        const doc = ctx.store.insertDoc(coll, upsertDoc(spec));
        n++;
        upserted.push({ index: i, _id: doc._id });
      }
    } catch (e) {
      writeErrors.push(writeError(i, e));
      if (isOrdered(cmd)) break;
    }
  }
  await ctx.store.commit();
  const reply: Doc = { n, nModified };
  if (upserted.length) reply.upserted = upserted;
  if (writeErrors.length) reply.writeErrors = writeErrors;
  reply.ok = 1;
  return reply;
};

const del: CommandHandler = async (cmd, db, ctx) => {
  const name = collectionName(cmd, 'delete');
  if (!Array.isArray(cmd.deletes)) throw new MongoError(14, 'delete needs an array of deletes');
  const writeErrors: Doc[] = [];
  let n = 0;
  for (let i = 0; i < cmd.deletes.length; i++) {
    const stmt = cmd.deletes[i] as Doc;
    try {
      if (!isPlainObject(stmt)) throw new MongoError(14, 'each delete must be an object');
      rejectCollation(stmt);
      const limit = toNumber(stmt.limit ?? 0);
      if (limit !== 0 && limit !== 1)
        throw new MongoError(9, `The limit field in delete objects must be 0 or 1. Got ${formatValue(stmt.limit)}`);
      const coll = ctx.store.collection(db, name);
      const targets = selectSync(coll, new Matcher(stmt.q ?? {}, optionalDoc(cmd, 'let')), limit === 1 ? 1 : Infinity);
      for (const doc of targets) {
        ctx.store.deleteDoc(coll!, doc);
        n++;
      }
    } catch (e) {
      writeErrors.push(writeError(i, e));
      if (isOrdered(cmd)) break;
    }
  }
  await ctx.store.commit();
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
};

const findAndModify: CommandHandler = async (cmd, db, ctx) => {
  const name = collectionName(cmd, Object.keys(cmd)[0]);
  rejectCollation(cmd);
  const remove = !!cmd.remove;
  const hasUpdate = cmd.update !== undefined && cmd.update !== null;
  if (remove && hasUpdate) throw new MongoError(9, 'Cannot specify both an update and remove=true');
  if (!remove && !hasUpdate) throw new MongoError(9, 'Either an update or remove=true must be specified');
  if (remove && cmd.upsert) throw new MongoError(9, 'Cannot specify both upsert=true and remove=true');
  if (remove && cmd.new)
    throw new MongoError(
      9,
      "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document",
    );
  const query = cmd.query ?? {};
  const matcher = new Matcher(query, optionalDoc(cmd, 'let'));
  const sort = parseSort(cmd.sort);
  const project = compileProjection(cmd.fields);
  const show = (d: Doc | null) => (d && project ? project(d) : d);

  let coll = ctx.store.collection(db, name);
  const matches = selectSync(coll, matcher, sort.length ? Infinity : 1);
  const target = sortDocs(matches, sort)[0] as Doc | undefined;
  let reply: Doc;
  if (remove) {
    if (target) ctx.store.deleteDoc(coll!, target);
    reply = { lastErrorObject: { n: target ? 1 : 0 }, value: show(target ?? null), ok: 1 };
  } else {
    const spec = parseUpdateSpec(query, cmd.update, cmd.arrayFilters);
    if (target) {
      const { doc } = updateOne(ctx.store, coll!, target, spec);
      reply = { lastErrorObject: { n: 1, updatedExisting: true }, value: show(cmd.new ? doc : target), ok: 1 };
    } else if (cmd.upsert) {
      coll ??= ctx.store.ensureCollection(db, name);
      const doc = ctx.store.insertDoc(coll, upsertDoc(spec));
      reply = {
        lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id },
        value: show(cmd.new ? doc : null),
        ok: 1,
      };
    } else {
      reply = { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
    }
  }
  await ctx.store.commit();
  return reply;
};

export const writeCommands: Record<string, CommandHandler> = {
  insert,
  update,
  delete: del,
  findAndModify,
  findandmodify: findAndModify,
};
