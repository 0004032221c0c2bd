// find, getMore, killCursors, count, distinct and aggregate.
import { Long } from 'bson';
import { Aggregator } from 'mingo';
import { refuseNewerOperators } from '../compat.js';
import { MongoError, toMongoError } from '../errors.js';
import { Matcher, viewOf } from '../matcher.js';
import { type Projector, compileProjection } from '../projection.js';
import { describePlan } from '../planner.js';
import { newStats, select } from '../select.js';
import { type SortField, parseSort } from '../sort.js';
import {
  type Doc,
  bsonTypeOf,
  cloneValue,
  collectPath,
  compareValues,
  isPlainObject,
  keyOf,
  setOwn,
  toNumber,
  toView,
} from '../values.js';
import { commandVariables } from '../variables.js';
import {
  type CommandContext,
  type CommandHandler,
  collectionName,
  cursorId,
  optionalDoc,
  optionalNumber,
  rejectCollation,
} from './context.js';

const find: CommandHandler = (cmd, db, ctx) => runFind(cmd, db, ctx);

/** find, or with `explain` what find would do (the plan, and how many keys and documents it examined). */
async function runFind(cmd: Doc, db: string, ctx: CommandContext, explain = false) {
  const name = collectionName(cmd, 'find');
  rejectCollation(cmd);
  if (cmd.tailable) throw new MongoError(2, 'tailable cursors are not supported by localdb');
  const matcher = new Matcher(optionalDoc(cmd, 'filter'), commandVariables(cmd));
  const sort = parseSort(cmd.sort);
  const project = compileProjection(cmd.projection);
  let limit = optionalNumber(cmd, 'limit') ?? 0;
  let singleBatch = !!cmd.singleBatch;
  if (limit < 0) {
    limit = -limit;
    singleBatch = true;
  }
  const skip = optionalNumber(cmd, 'skip') ?? 0;
  if (skip < 0) throw new MongoError(2, 'skip value must be non-negative');
  let batchSize = optionalNumber(cmd, 'batchSize');
  if (batchSize !== undefined && batchSize < 0) throw new MongoError(2, 'batchSize value must be non-negative');

  const coll = ctx.store.collection(db, name);
  // The plan walks an index in sort order when one provides it, and stops at skip + limit.
  const stats = newStats();
  const started = performance.now();
  let docs = await select(coll, matcher, limit ? skip + limit : Infinity, sort, stats);
  if (skip) docs = docs.slice(skip);
  if (explain) {
    let plan = stats.plan ? describePlan(stats.plan) : { stage: 'EOF' };
    if (sort.length && !stats.plan?.sorted) plan = { stage: 'SORT', sortPattern: cmd.sort, inputStage: plan };
    if (limit) plan = { stage: 'LIMIT', limitAmount: limit, inputStage: plan };
    if (skip) plan = { stage: 'SKIP', skipAmount: skip, inputStage: plan };
    return {
      explainVersion: '1',
      queryPlanner: { namespace: `${db}.${name}`, parsedQuery: matcher.filter, winningPlan: plan, rejectedPlans: [] },
      executionStats: {
        executionSuccess: true,
        nReturned: docs.length,
        executionTimeMillis: Math.round(performance.now() - started),
        totalKeysExamined: stats.keysExamined,
        totalDocsExamined: stats.docsExamined,
      },
      command: cmd,
      ok: 1,
    };
  }
  if (limit && (batchSize === undefined || batchSize > limit)) batchSize = limit;
  return ctx.cursors.open(`${db}.${name}`, docs, { batchSize, singleBatch, project, noTimeout: !!cmd.noCursorTimeout });
}

/** explain of find (other commands are refused). */
const explain: CommandHandler = (cmd, db, ctx) => {
  const inner = cmd.explain;
  if (!isPlainObject(inner) || Object.keys(inner)[0] !== 'find')
    throw new MongoError(115, 'localdb explains only find');
  return runFind(inner, db, ctx, true);
};

const getMore: CommandHandler = (cmd, db, ctx) => {
  const id = cursorId(cmd.getMore);
  if (typeof cmd.collection !== 'string') throw new MongoError(14, 'getMore needs a collection name');
  return ctx.cursors.getMore(id, `${db}.${cmd.collection}`, optionalNumber(cmd, 'batchSize'));
};

const killCursors: CommandHandler = (cmd, _db, ctx) => {
  if (!Array.isArray(cmd.cursors)) throw new MongoError(14, 'killCursors needs an array of cursor ids');
  const { killed, notFound } = ctx.cursors.kill(cmd.cursors.map(cursorId));
  return {
    cursorsKilled: killed.map((id) => Long.fromBigInt(id)),
    cursorsNotFound: notFound.map((id) => Long.fromBigInt(id)),
    cursorsAlive: [],
    cursorsUnknown: [],
    ok: 1,
  };
};

const count: CommandHandler = async (cmd, db, ctx) => {
  const name = collectionName(cmd, 'count');
  rejectCollation(cmd);
  const matcher = new Matcher(optionalDoc(cmd, 'query'));
  const skip = Math.max(optionalNumber(cmd, 'skip') ?? 0, 0);
  const limit = Math.abs(optionalNumber(cmd, 'limit') ?? 0);
  const coll = ctx.store.collection(db, name);
  let n = matcher.matchesAll && coll ? coll.docs.size : (await select(coll, matcher)).length;
  n = Math.max(n - skip, 0);
  if (limit) n = Math.min(n, limit);
  return { n, ok: 1 };
};

const distinct: CommandHandler = async (cmd, db, ctx) => {
  const name = collectionName(cmd, 'distinct');
  rejectCollation(cmd);
  if (typeof cmd.key !== 'string' || cmd.key === '')
    throw new MongoError(14, "The 'key' field must be a non-empty string");
  const key = cmd.key;
  const docs = await select(ctx.store.collection(db, name), new Matcher(optionalDoc(cmd, 'query')));
  const seen = new Map<string, unknown>();
  for (const doc of docs) {
    for (const v of collectPath(doc, key)) {
      if (v === undefined) continue;
      for (const x of Array.isArray(v) ? v : [v]) {
        const k = keyOf(x);
        if (!seen.has(k)) seen.set(k, x);
      }
    }
  }
  return { values: [...seen.values()].sort(compareValues), ok: 1 };
};

// ---- aggregate ----

const UNSUPPORTED_STAGES: Record<string, string> = {
  $out: '$out is not supported by localdb',
  $merge: '$merge is not supported by localdb',
  $geoNear: '$geoNear is not supported by localdb (no geospatial indexes)',
  $search: '$search is not supported by localdb',
  $searchMeta: '$searchMeta is not supported by localdb',
  $vectorSearch: '$vectorSearch is not supported by localdb',
  $changeStream: 'change streams are not supported by localdb',
  $collStats: '$collStats is not supported by localdb',
  $indexStats: '$indexStats is not supported by localdb',
  $currentOp: '$currentOp is not supported by localdb',
  $listSessions: '$listSessions is not supported by localdb',
  $listLocalSessions: '$listLocalSessions is not supported by localdb',
  $planCacheStats: '$planCacheStats is not supported by localdb',
};

/** Stages that never modify their input documents in mingo (when their paths have no dots). */
const NON_MUTATING = new Set([
  '$match',
  '$sort',
  '$limit',
  '$skip',
  '$count',
  '$group',
  '$sortByCount',
  '$replaceRoot',
  '$replaceWith',
  '$sample',
  '$documents',
  '$bucket',
  '$bucketAuto',
]);

function subPipelines(name: string, arg: unknown): unknown[][] {
  if (name === '$facet' && isPlainObject(arg)) return Object.values(arg).filter(Array.isArray);
  if ((name === '$lookup' || name === '$unionWith') && isPlainObject(arg) && Array.isArray(arg.pipeline))
    return [arg.pipeline];
  return [];
}

/** Validates a pipeline; returns whether its input documents must be copied first. */
function inspectPipeline(pipeline: unknown[]): { needsCopy: boolean } {
  let needsCopy = false;
  const visit = (stages: unknown[]) => {
    for (const stage of stages) {
      if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
        throw new MongoError(40323, 'A pipeline stage specification object must contain exactly one field.');
      }
      const name = Object.keys(stage)[0];
      const arg = stage[name];
      const reason = UNSUPPORTED_STAGES[name];
      if (reason) throw new MongoError(115, reason);
      const subs = subPipelines(name, arg);
      subs.forEach(visit);
      if (NON_MUTATING.has(name) || name === '$facet' || name === '$unionWith') continue;
      if (name === '$lookup' && isPlainObject(arg) && typeof arg.as === 'string' && !arg.as.includes('.')) continue;
      if (
        (name === '$addFields' || name === '$set' || name === '$project') &&
        isPlainObject(arg) &&
        Object.keys(arg).every((k) => !k.includes('.')) &&
        !Object.values(arg).some(isPlainObject)
      )
        continue;
      if (name === '$unset' && [arg].flat().every((k) => typeof k === 'string' && !k.includes('.'))) continue;
      if (name === '$unwind') {
        const path = isPlainObject(arg) ? arg.path : arg;
        if (typeof path === 'string' && !path.slice(1).includes('.')) continue;
      }
      needsCopy = true;
    }
  };
  visit(pipeline);
  return { needsCopy };
}

async function runPipeline(
  ctx: CommandContext,
  db: string,
  collName: string | null,
  pipeline: unknown[],
  vars: Doc | undefined,
): Promise<Doc[]> {
  inspectPipeline(pipeline);
  refuseNewerOperators(pipeline);
  return runStages(ctx, db, collName, pipeline as Doc[], vars);
}

const isStage = (stage: unknown, name: string) =>
  isPlainObject(stage) && Object.keys(stage).length === 1 && name in stage;

/** What a `$unionWith` stage reads: a collection (or none, for a pipeline that starts with `$documents`) and a pipeline. */
function unionBranch(arg: unknown): { coll: string | null; pipeline: Doc[] } {
  if (typeof arg === 'string') return { coll: arg, pipeline: [] };
  if (!isPlainObject(arg)) throw new MongoError(9, 'the $unionWith stage specification must be an object or string');
  for (const k of Object.keys(arg))
    if (k !== 'coll' && k !== 'pipeline')
      throw new MongoError(40415, `BSON field '$unionWith.${k}' is an unknown field.`);
  const { coll, pipeline = [] } = arg;
  if (coll !== undefined && typeof coll !== 'string')
    throw new MongoError(14, "BSON field '$unionWith.coll' is the wrong type, expected string");
  if (!Array.isArray(pipeline))
    throw new MongoError(14, "BSON field '$unionWith.pipeline' is the wrong type, expected array");
  if (coll === undefined && !isStage(pipeline[0], '$documents'))
    throw new MongoError(
      9,
      '$unionWith stage without explicit collection must have a pipeline with $documents as first stage',
    );
  return { coll: coll ?? null, pipeline: pipeline as Doc[] };
}

/**
 * Runs a validated pipeline. Each top-level `$unionWith` is run here, not by mingo: its branch is
 * a pipeline of its own on its collection (so a leading `$match` uses that collection's indexes
 * instead of mingo reading the whole collection), its results follow those of the stages before
 * it, and the stages after it run on both. A top-level `$lookup` that `indexedJoin` accepts is
 * run here too (see `join`). `input`: documents already produced by earlier stages.
 */
async function runStages(
  ctx: CommandContext,
  db: string,
  collName: string | null,
  pipeline: Doc[],
  vars: Doc | undefined,
  input?: Doc[],
): Promise<Doc[]> {
  let cut = -1;
  let lookup: Join | null = null;
  for (const [i, stage] of pipeline.entries()) {
    lookup = isStage(stage, '$lookup') ? indexedJoin(stage.$lookup) : null;
    if (lookup || isStage(stage, '$unionWith')) {
      cut = i;
      break;
    }
  }
  const head = cut < 0 ? pipeline : pipeline.slice(0, cut);
  const docs =
    input === undefined ? await fromCollection(ctx, db, collName, head, vars) : runMingo(ctx, db, input, head, vars);
  if (cut < 0) return docs;
  const rest = pipeline.slice(cut + 1);
  if (lookup) {
    // Joins in a row are made together (one copy of each document), unless one reads another's result.
    const joins = [lookup];
    let end = cut + 1;
    for (; end < pipeline.length; end++) {
      const next = isStage(pipeline[end], '$lookup') ? indexedJoin(pipeline[end]!.$lookup) : null;
      if (!next || joins.some((j) => j.as === next.localField)) break;
      joins.push(next);
    }
    const joined = await join(ctx, db, docs, joins, vars);
    if (joined) return runStages(ctx, db, collName, pipeline.slice(end), vars, joined);
    const one = (await join(ctx, db, docs, [lookup], vars)) ?? runMingo(ctx, db, docs, [pipeline[cut]!], vars);
    return runStages(ctx, db, collName, rest, vars, one);
  }
  const branch = unionBranch(pipeline[cut]!.$unionWith);
  const branchDocs = await runStages(ctx, db, branch.coll, branch.pipeline, vars);
  return runStages(ctx, db, collName, rest, vars, docs.concat(branchDocs));
}

/** A `$lookup` by equality of two top-level fields, its pipeline (if any) only filters and names fields. */
interface Join {
  from: string;
  localField: string;
  foreignField: string;
  /** The pipeline's `$match` filters, AND-ed. */
  filters: Doc[];
  /** The pipeline's last stage when it is `{ $project: { a: 1, ... } }`. */
  project: Projector | null;
  as: string;
}

const JOIN_FIELDS = new Set(['from', 'localField', 'foreignField', 'pipeline', 'as']);
const topLevelField = (v: unknown): v is string =>
  typeof v === 'string' && v !== '' && !v.includes('.') && !v.startsWith('$');

/** The `$lookup`s `join` can run, else null (mingo runs them, or refuses them in `runMingo`). */
function indexedJoin(arg: unknown): Join | null {
  if (!isPlainObject(arg) || !Object.keys(arg).every((k) => JOIN_FIELDS.has(k))) return null;
  const { from, localField, foreignField, as, pipeline = [] } = arg;
  if (typeof from !== 'string' || !topLevelField(localField) || !topLevelField(foreignField) || !topLevelField(as))
    return null;
  if (!Array.isArray(pipeline)) return null;
  const filters: Doc[] = [];
  let project: Projector | null = null;
  for (const [i, stage] of pipeline.entries()) {
    if (isStage(stage, '$match') && isPlainObject(stage.$match)) filters.push(stage.$match);
    else if (i === pipeline.length - 1 && isPlainObject(stage) && (project = fieldsProjection(stage))) break;
    else return null;
  }
  return { from, localField, foreignField, filters, project, as };
}

/** A local value `join` matches by its key: equal keys are equal values, and equal values equal keys. */
const joinable = (v: unknown) => typeof v === 'string' || bsonTypeOf(v) === 'ObjectId';

/**
 * `$lookup`s on documents whose local values are all strings or ObjectIds: for each, one
 * selection on its foreign collection, `{ foreignField: { $in: the local values } }` AND the
 * pipeline's filters, through its indexes (mingo would read the whole collection and test every
 * document against every input document); each input document gets the matches whose
 * foreignField (or an element of it) equals its local value. Null, having read nothing, when a
 * local value is of another type.
 */
async function join(
  ctx: CommandContext,
  db: string,
  docs: Doc[],
  joins: Join[],
  vars: Doc | undefined,
): Promise<Doc[] | null> {
  const values = joins.map((j) => {
    const byKey = new Map<string, unknown>();
    for (const d of docs) {
      const v = d[j.localField];
      if (!joinable(v)) return null;
      byKey.set(keyOf(v), v);
    }
    return byKey;
  });
  if (values.some((v) => v === null)) return null;
  const matches: Map<string, Doc[]>[] = [];
  for (const [i, j] of joins.entries()) {
    const wanted = values[i]!;
    const byValue = new Map<string, Doc[]>();
    matches.push(byValue);
    if (wanted.size === 0) continue;
    const filter = { $and: [{ [j.foreignField]: { $in: [...wanted.values()] } }, ...j.filters] };
    for (const f of await select(ctx.store.collection(db, j.from), new Matcher(filter, vars))) {
      const out = j.project ? j.project(f) : f;
      const seen = new Set<string>();
      for (const v of collectPath(f, j.foreignField))
        for (const x of Array.isArray(v) ? v : [v]) {
          const k = keyOf(x);
          if (seen.has(k) || !wanted.has(k)) continue;
          seen.add(k);
          const list = byValue.get(k);
          if (list) list.push(out);
          else byValue.set(k, [out]);
        }
    }
  }
  return docs.map((d) => {
    // Stored values beside stored values; computed documents (mingo's views) get views.
    const stored = Object.isFrozen(d) || storedValues.has(d);
    // Copied field by field: an object spread with a field added costs several times more.
    const out: Doc = {};
    for (const k of Object.keys(d)) setOwn(out, k, d[k]);
    for (const [i, j] of joins.entries()) {
      const found = matches[i]!.get(keyOf(d[j.localField])) ?? [];
      setOwn(out, j.as, stored ? found : toView(found));
    }
    if (stored) storedValues.add(out);
    return out;
  });
}

/** A pipeline without top-level $unionWith on a collection: leading $match (and $sort, $limit) through the indexes, mingo for the rest. */
async function fromCollection(
  ctx: CommandContext,
  db: string,
  collName: string | null,
  pipeline: Doc[],
  vars: Doc | undefined,
): Promise<Doc[]> {
  // Leading $match stages run here, using indexes; mingo runs the rest on the documents' views.
  let start = 0;
  const filters: Doc[] = [];
  while (start < pipeline.length && isPlainObject(pipeline[start]) && '$match' in pipeline[start]!) {
    const m = pipeline[start]!.$match;
    if (!isPlainObject(m)) throw new MongoError(15959, 'the match filter must be an expression in an object');
    filters.push(m);
    start++;
  }
  // A $sort right after them (and a $limit after it) runs here too: an index may give the order.
  let sort: SortField[] = [];
  let limit = Infinity;
  if (collName !== null && isStage(pipeline[start], '$sort')) {
    sort = parseSort(pipeline[start]!.$sort);
    if (sort.length === 0) throw new MongoError(15976, '$sort stage must have at least one sort key');
    start++;
    const n = isStage(pipeline[start], '$limit') ? toNumber(pipeline[start]!.$limit) : NaN;
    if (Number.isSafeInteger(n) && n > 0) {
      limit = n;
      start++;
    }
  }
  const coll = collName === null ? undefined : ctx.store.collection(db, collName);
  const matcher = new Matcher(filters.length === 0 ? {} : filters.length === 1 ? filters[0] : { $and: filters }, vars);
  const selected = await select(coll, matcher, limit, sort);
  const rest = pipeline.slice(start);
  // A last $project that only names fields is a find projection: applied here, on the stored
  // documents (exact BSON types), without building a mingo pipeline for it.
  const project = rest.length === 1 ? fieldsProjection(rest[0]!) : null;
  if (!project) return runMingo(ctx, db, selected, rest, vars);
  return selected.map((d) => {
    const out = project(d);
    storedValues.add(out);
    return out;
  });
}

/** `{ $project: { a: 1, b: 1, _id: 0 } }` (top-level names, 0/1/true/false) as a find projection, else null. */
function fieldsProjection(stage: Doc): Projector | null {
  if (!isStage(stage, '$project') || !isPlainObject(stage.$project)) return null;
  const spec = stage.$project;
  const keys = Object.keys(spec);
  if (keys.length === 0) return null;
  for (const k of keys) {
    const v = spec[k];
    if (k.includes('.') || k.startsWith('$') || (typeof v !== 'number' && typeof v !== 'boolean')) return null;
  }
  return compileProjection(spec);
}

/**
 * mingo runs the pipeline of a `$lookup` that also has localField/foreignField on the whole
 * foreign collection once any document matches, not on the matching ones: a wrong answer, so
 * such a `$lookup` is refused unless `join` runs it.
 */
function refuseJoinsMingoGetsWrong(stages: unknown[]): void {
  for (const stage of stages) {
    if (!isPlainObject(stage)) continue;
    const [name] = Object.keys(stage);
    const arg = stage[name!];
    if (
      name === '$lookup' &&
      isPlainObject(arg) &&
      arg.localField !== undefined &&
      Array.isArray(arg.pipeline) &&
      arg.pipeline.length > 0
    )
      throw new MongoError(
        115,
        '$lookup with localField/foreignField and a pipeline is supported by localdb only at the top level of a ' +
          'pipeline, on top-level fields, with local values that are strings or ObjectIds, and a pipeline of ' +
          '$match stages and at most a last $project that names fields',
      );
    for (const sub of subPipelines(name!, arg)) refuseJoinsMingoGetsWrong(sub);
  }
}

/** Computed documents made of stored values (BSON types, not views): mingo gets their views. */
const storedValues = new WeakSet<Doc>();

/**
 * Runs stages through mingo on documents: stored ones (frozen) as their views, copied first
 * when a stage could change them; computed ones (from earlier stages) as they are.
 */
function runMingo(ctx: CommandContext, db: string, docs: Doc[], stages: Doc[], vars: Doc | undefined): Doc[] {
  if (stages.length === 0) return docs;
  refuseJoinsMingoGetsWrong(stages);
  const { needsCopy } = inspectPipeline(stages);
  const prepare = (list: Doc[]): Doc[] =>
    list.map((d) => {
      const view = Object.isFrozen(d) ? viewOf(d) : storedValues.has(d) ? (toView(d) as Doc) : d;
      return needsCopy ? cloneValue(view) : view;
    });
  const input = prepare(docs);
  // Documents that pass through unchanged go back out as stored, with their exact BSON types.
  const storedByView = new Map<Doc, Doc>();
  if (!needsCopy) {
    for (const [i, d] of docs.entries()) if (input[i] !== d) storedByView.set(input[i]!, d);
  }
  const resolved = new Map<string, Doc[]>();
  const collectionResolver = (name: string): Doc[] => {
    let found = resolved.get(name);
    if (!found) {
      found = prepare([...(ctx.store.collection(db, name)?.docs.values() ?? [])]);
      resolved.set(name, found);
    }
    return found;
  };
  try {
    const agg = new Aggregator(stages, {
      collectionResolver,
      scriptEnabled: false,
      variables: vars ? (toView(vars) as Doc) : undefined,
    });
    const out = agg.run(input) as Doc[];
    return storedByView.size ? out.map((d) => storedByView.get(d) ?? d) : out;
  } catch (e) {
    throw toMongoError(e);
  }
}

const aggregate: CommandHandler = async (cmd, db, ctx) => {
  rejectCollation(cmd);
  if (cmd.explain) throw new MongoError(115, 'explain is not supported by localdb');
  const target = cmd.aggregate;
  const collName = target === 1 || toNumber(target) === 1 ? null : collectionName(cmd, 'aggregate');
  if (!Array.isArray(cmd.pipeline)) throw new MongoError(14, "'pipeline' option must be specified as an array");
  if (!isPlainObject(cmd.cursor))
    throw new MongoError(9, "The 'cursor' option is required, except for aggregate with the explain argument");
  const docs = await runPipeline(ctx, db, collName, cmd.pipeline, commandVariables(cmd));
  const batchSize = optionalNumber(cmd.cursor, 'batchSize');
  return ctx.cursors.open(collName === null ? `${db}.$cmd.aggregate` : `${db}.${collName}`, docs, { batchSize });
};

export const readCommands: Record<string, CommandHandler> = {
  find,
  getMore,
  killCursors,
  count,
  distinct,
  aggregate,
  explain,
};
