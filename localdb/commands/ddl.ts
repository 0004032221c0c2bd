// Collections and indexes: create, drop, list, rename.
import { MongoError } from '../errors.js';
import { normalizeSpec } from '../indexes.js';
import { Matcher } from '../matcher.js';
import { splitNs } from '../store.js';
import { type Doc, isPlainObject, keyOf } from '../values.js';
import { type CommandHandler, collectionName, rejectCollation } from './context.js';

/** Command fields that are not collection options. */
const NOT_OPTIONS = new Set([
  'create',
  'lsid',
  '$db',
  '$readPreference',
  'writeConcern',
  'txnNumber',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
  '$clusterTime',
  'comment',
  'maxTimeMS',
]);

const create: CommandHandler = async (cmd, db, ctx) => {
  const name = collectionName(cmd, 'create');
  if (cmd.viewOn !== undefined) throw new MongoError(115, 'views are not supported by localdb');
  if (cmd.timeseries !== undefined) throw new MongoError(115, 'time series collections are not supported by localdb');
  // Options whose rules localdb would not enforce are refused rather than stored and ignored.
  if (cmd.capped) throw new MongoError(115, 'capped collections are not supported by localdb');
  if (cmd.encryptedFields !== undefined) throw new MongoError(115, 'encrypted fields are not supported by localdb');
  if (
    isPlainObject(cmd.validator) &&
    Object.keys(cmd.validator).length > 0 &&
    cmd.validationLevel !== 'off' &&
    cmd.validationAction !== 'warn'
  )
    throw new MongoError(115, 'schema validation (validator) is not supported by localdb');
  rejectCollation(cmd);
  const options: Doc = {};
  for (const k of Object.keys(cmd)) if (!NOT_OPTIONS.has(k)) options[k] = cmd[k];
  ctx.store.createCollection(db, name, options);
  await ctx.store.commit();
  return { ok: 1 };
};

const drop: CommandHandler = async (cmd, db, ctx) => {
  const name = collectionName(cmd, 'drop');
  const coll = ctx.store.dropCollection(db, name);
  if (!coll) throw new MongoError(26, 'ns not found');
  await ctx.store.commit();
  return { nIndexesWas: coll.indexes.length, ns: coll.ns, ok: 1 };
};

const dropDatabase: CommandHandler = async (_cmd, db, ctx) => {
  ctx.store.dropDatabase(db);
  await ctx.store.commit();
  return { dropped: db, ok: 1 };
};

const listCollections: CommandHandler = (cmd, db, ctx) => {
  const filter = cmd.filter ? new Matcher(cmd.filter) : null;
  const entries: Doc[] = [];
  for (const coll of ctx.store.collections(db)) {
    const entry: Doc = {
      name: coll.name,
      type: 'collection',
      options: coll.options,
      info: { readOnly: false, uuid: coll.uuid },
      idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
    };
    if (filter && !filter.testValue(entry)) continue;
    entries.push(cmd.nameOnly ? { name: coll.name, type: 'collection' } : entry);
  }
  const batchSize = isPlainObject(cmd.cursor) ? Number(cmd.cursor.batchSize ?? 101) : undefined;
  return ctx.cursors.open(`${db}.$cmd.listCollections`, entries, { batchSize });
};

const createIndexes: CommandHandler = async (cmd, db, ctx) => {
  const name = collectionName(cmd, 'createIndexes');
  if (!Array.isArray(cmd.indexes) || cmd.indexes.length === 0)
    throw new MongoError(2, 'Must specify at least one index to create');
  const specs = cmd.indexes.map(normalizeSpec);
  const existed = !!ctx.store.collection(db, name);
  const coll = ctx.store.ensureCollection(db, name);
  const before = coll.indexes.length;
  const created: string[] = [];
  try {
    for (const spec of specs) if (ctx.store.createIndex(coll, spec)) created.push(spec.name);
  } catch (e) {
    for (const n of created) ctx.store.dropIndex(coll, n);
    await ctx.store.commit();
    throw e;
  }
  await ctx.store.commit();
  const reply: Doc = {
    numIndexesBefore: before,
    numIndexesAfter: coll.indexes.length,
    createdCollectionAutomatically: !existed,
    ok: 1,
  };
  if (created.length === 0) reply.note = 'all indexes already exist';
  return reply;
};

const listIndexes: CommandHandler = (cmd, db, ctx) => {
  const name = collectionName(cmd, 'listIndexes');
  const coll = ctx.store.collection(db, name);
  if (!coll) throw new MongoError(26, `ns does not exist: ${db}.${name}`);
  const batchSize = isPlainObject(cmd.cursor) ? Number(cmd.cursor.batchSize ?? 101) : undefined;
  return ctx.cursors.open(
    `${db}.$cmd.listIndexes.${name}`,
    coll.indexes.map((ix) => ({ ...ix.spec })),
    { batchSize },
  );
};

const dropIndexes: CommandHandler = async (cmd, db, ctx) => {
  const name = collectionName(cmd, Object.keys(cmd)[0]);
  const coll = ctx.store.collection(db, name);
  if (!coll) throw new MongoError(26, `ns not found ${db}.${name}`);
  const nIndexesWas = coll.indexes.length;
  const which = cmd.index;
  let names: string[];
  if (which === '*') names = coll.secondary.map((ix) => ix.name);
  else if (typeof which === 'string') names = [which];
  else if (Array.isArray(which)) names = which.map(String);
  else if (isPlainObject(which)) {
    const match = coll.indexes.find((ix) => keyOf(ix.spec.key) === keyOf(which));
    if (!match) throw new MongoError(27, `can't find index with key: ${JSON.stringify(which)}`);
    names = [match.name];
  } else throw new MongoError(14, 'index must be a string, an array of strings or a key pattern');
  for (const n of names) {
    if (n === '_id_') throw new MongoError(72, 'cannot drop _id index');
    if (!coll.findIndex(n)) throw new MongoError(27, `index not found with name [${n}]`);
  }
  for (const n of names) ctx.store.dropIndex(coll, n);
  await ctx.store.commit();
  return { nIndexesWas, ok: 1 };
};

const renameCollection: CommandHandler = async (cmd, db, ctx) => {
  if (db !== 'admin') throw new MongoError(13, 'renameCollection may only be run against the admin database.');
  const from = cmd.renameCollection;
  const to = cmd.to;
  if (typeof from !== 'string' || typeof to !== 'string' || !from.includes('.') || !to.includes('.')) {
    throw new MongoError(73, 'renameCollection needs full namespaces (db.collection)');
  }
  const [fromDb, fromColl] = splitNs(from);
  const [toDb, toColl] = splitNs(to);
  ctx.store.renameCollection(fromDb, fromColl, toDb, toColl, !!cmd.dropTarget);
  await ctx.store.commit();
  return { ok: 1 };
};

export const ddlCommands: Record<string, CommandHandler> = {
  create,
  drop,
  dropDatabase,
  listCollections,
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
  renameCollection,
};
