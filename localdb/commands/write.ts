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
import { checkHint } from '../hint.js';
import { checkInsertable, checkUpdated, fillEmptyTimestamps } from '../storable.js';
import { type Doc, cloneValue, formatValue, isPlainObject, keyOf, setOwn, toNumber } from '../values.js';
import { commandVariables, statementVariables } from '../variables.js';
import { type CommandHandler, collectionName, rejectCollation } from './context.js';

function writeError(index: number, e: unknown): Doc {
  const err = toMongoError(e);
  return { index, code: err.code, errmsg: err.message, ...err.extra };
}

function isOrdered(cmd: Doc): boolean {
  return cmd.ordered === undefined ? true : !!cmd.ordered;
}

/**
 * Runs a write command's statements in order: a failing one becomes a write error, and an
 * ordered batch stops at it. The batch is committed once, whatever failed.
 */
async function runStatements(
  cmd: Doc,
  store: Store,
  statements: unknown[],
  run: (stmt: unknown, index: number) => void,
): Promise<Doc[]> {
  const writeErrors: Doc[] = [];
  for (let i = 0; i < statements.length; i++) {
    try {
      run(statements[i], i);
    } catch (e) {
      writeErrors.push(writeError(i, e));
      if (isOrdered(cmd)) break;
    }
  }
  await store.commit();
  return writeErrors;
}

function idFirst(doc: Doc, id: unknown): Doc {
  const out: Doc = { _id: id };
  for (const k of Object.keys(doc)) if (k !== '_id') setOwn(out, k, doc[k]);
  return out;
}

/** A document to insert: _id first, generated when missing; refused as MongoDB 7.0 refuses it. */
function prepareInsert(raw: unknown): Doc {
  if (!isPlainObject(raw)) throw new MongoError(2, 'document to insert must be an object');
  const doc =
    raw._id === undefined ? idFirst(raw, new ObjectId()) : Object.keys(raw)[0] === '_id' ? raw : idFirst(raw, raw._id);
  checkInsertable(doc);
  return fillEmptyTimestamps(doc);
}

function checkBatchSize(n: number): void {
  if (n < 1 || n > 100_000)
    throw new MongoError(16, `Write batch sizes must be between 1 and 100000. Got ${n} operations.`);
}

// The fields of an update or delete statement that MongoDB 7.0 knows. It refuses any other
// (the whole command fails), among them `sort`, which updateOne and replaceOne gained in 8.0.
const UPDATE_FIELDS = new Set([
  'q',
  'u',
  'c',
  'upsert',
  'multi',
  'arrayFilters',
  'hint',
  'collation',
  'upsertSupplied',
  'sampleId',
  '$_allowShardKeyUpdatesWithoutFullShardKeyInQuery',
]);
const DELETE_FIELDS = new Set(['q', 'limit', 'hint', 'collation', 'sampleId']);

function checkStatementFields(statements: unknown[], command: string, list: string, known: Set<string>): void {
  checkBatchSize(statements.length);
  for (const stmt of statements) {
    if (!isPlainObject(stmt)) continue;
    for (const k of Object.keys(stmt)) {
      if (!known.has(k)) throw new MongoError(40415, `BSON field '${command}.${list}.${k}' is an unknown field.`);
    }
  }
}

interface UpdateSpec {
  query: Doc;
  update: unknown;
  kind: UpdateKind;
  arrayFilters?: unknown[];
  /** `$$name` variables of a pipeline-style update: the command's `let` and the statement's `c`. */
  variables?: Doc;
}

function parseUpdateSpec(
  query: unknown,
  update: unknown,
  arrayFilters: unknown,
  variables: Doc | undefined,
  constants?: unknown,
): UpdateSpec {
  const matcherFilter = query ?? {};
  if (!isPlainObject(matcherFilter)) throw new MongoError(2, 'query filter must be an object');
  if (arrayFilters !== undefined && arrayFilters !== null && !Array.isArray(arrayFilters))
    throw new MongoError(14, 'arrayFilters must be an array');
  const kind = updateKind(update);
  if (kind === 'pipeline' && arrayFilters)
    throw new MongoError(72, 'arrayFilters may not be specified for pipeline-style updates');
  if (constants !== undefined && constants !== null && kind !== 'pipeline')
    throw new MongoError(51198, 'Constant values may only be specified for pipeline updates');
  return {
    query: matcherFilter,
    update,
    kind,
    arrayFilters: (arrayFilters as unknown[] | null) ?? undefined,
    variables: kind === 'pipeline' ? statementVariables(variables, constants) : undefined,
  };
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
    next = applyPipeline(doc, spec.update as unknown[], spec.variables);
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
    doc = applyPipeline(seedFromQuery(spec.query), spec.update as unknown[], spec.variables);
  }
  const out = idFirst(doc, doc._id === undefined ? new ObjectId() : doc._id);
  checkInsertable(out);
  return out;
}

/** Applies an update to one stored document; returns the stored result and whether it changed. */
function updateOne(store: Store, coll: Collection, doc: Doc, spec: UpdateSpec): { doc: Doc; modified: boolean } {
  const next = updatedDoc(doc, spec);
  const bytes = Buffer.from(serialize(next));
  if (bytes.equals(Buffer.from(serialize(doc)))) return { doc, modified: false };
  checkUpdated(next, bytes.length);
  return { doc: store.replaceDoc(coll, doc, next), modified: true };
}

const insert: CommandHandler = async (cmd, db, ctx) => {
  const name = collectionName(cmd, 'insert');
  if (!Array.isArray(cmd.documents)) throw new MongoError(14, 'insert needs an array of documents');
  checkBatchSize(cmd.documents.length);
  const coll = ctx.store.ensureCollection(db, name);
  let n = 0;
  const writeErrors = await runStatements(cmd, ctx.store, cmd.documents, (doc) => {
    ctx.store.insertDoc(coll, prepareInsert(doc));
    n++;
  });
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
};

const update: CommandHandler = async (cmd, db, ctx) => {
  const name = collectionName(cmd, 'update');
  if (!Array.isArray(cmd.updates)) throw new MongoError(14, 'update needs an array of updates');
  checkStatementFields(cmd.updates, 'update', 'updates', UPDATE_FIELDS);
  const variables = commandVariables(cmd);
  const upserted: Doc[] = [];
  let n = 0;
  let nModified = 0;
  const writeErrors = await runStatements(cmd, ctx.store, cmd.updates, (statement, i) => {
    const stmt = statement as Doc;
    if (!isPlainObject(stmt)) throw new MongoError(14, 'each update must be an object');
    rejectCollation(stmt);
    const spec = parseUpdateSpec(stmt.q, stmt.u, stmt.arrayFilters, variables, stmt.c);
    if (stmt.multi && spec.kind === 'replacement')
      throw new MongoError(9, 'multi update is not supported for replacement-style update');
    const matcher = new Matcher(spec.query, variables);
    let coll = ctx.store.collection(db, name);
    checkHint(coll, stmt.hint);
    const targets = selectSync(coll, matcher, stmt.multi ? Infinity : 1);
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
  });
  const reply: Doc = { n, nModified };
  if (upserted.length) reply.upserted = upserted;
  if (writeErrors.length) reply.writeErrors = writeErrors;
  reply.ok = 1;
  return reply;
};

const del: CommandHandler = async (cmd, db, ctx) => {
  const name = collectionName(cmd, 'delete');
  if (!Array.isArray(cmd.deletes)) throw new MongoError(14, 'delete needs an array of deletes');
  checkStatementFields(cmd.deletes, 'delete', 'deletes', DELETE_FIELDS);
  const variables = commandVariables(cmd);
  let n = 0;
  const writeErrors = await runStatements(cmd, ctx.store, cmd.deletes, (statement) => {
    const stmt = statement as Doc;
    if (!isPlainObject(stmt)) throw new MongoError(14, 'each delete must be an object');
    rejectCollation(stmt);
    const limit = toNumber(stmt.limit ?? 0);
    if (limit !== 0 && limit !== 1)
      throw new MongoError(9, `The limit field in delete objects must be 0 or 1. Got ${formatValue(stmt.limit)}`);
    const coll = ctx.store.collection(db, name);
    checkHint(coll, stmt.hint);
    const targets = selectSync(coll, new Matcher(stmt.q ?? {}, variables), limit === 1 ? 1 : Infinity);
    for (const doc of targets) {
      ctx.store.deleteDoc(coll!, doc);
      n++;
    }
  });
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
  const variables = commandVariables(cmd);
  const matcher = new Matcher(query, variables);
  const sort = parseSort(cmd.sort);
  const project = compileProjection(cmd.fields);
  const show = (d: Doc | null) => (d && project ? project(d) : d);

  let coll = ctx.store.collection(db, name);
  checkHint(coll, cmd.hint);
  const matches = selectSync(coll, matcher, sort.length ? Infinity : 1);
  const target = sortDocs(matches, sort)[0] as Doc | undefined;
  let reply: Doc;
  if (remove) {
    if (target) ctx.store.deleteDoc(coll!, target);
    reply = { lastErrorObject: { n: target ? 1 : 0 }, value: show(target ?? null), ok: 1 };
  } else {
    const spec = parseUpdateSpec(query, cmd.update, cmd.arrayFilters, variables);
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
