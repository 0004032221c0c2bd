// Selecting the stored documents that match a filter, in a requested order: through the plan
// that planner.ts chooses (an ordered index walk that stops at the limit, index key ranges, _id
// lookups, or a scan). Reads yield to the event loop every few thousand documents so that a long
// one does not stall other connections; writes use the synchronous form so that a write command
// applies atomically with respect to other commands.
import type { Collection } from './collection.js';
import type { Matcher } from './matcher.js';
import { type IndexPlan, type Plan, choosePlan, planEntries, planIdKeys } from './planner.js';
import { type SortField, sortDocs } from './sort.js';
import type { Doc } from './values.js';

const YIELD_EVERY = 5000;
const PAUSE = Symbol('pause');
type Run<T> = Generator<typeof PAUSE, T, void>;

/** What a selection did, for explain. */
export interface SelectStats {
  plan?: Plan;
  /** The sorted walk gave way to another plan (see planner.choosePlan). */
  fellBack: boolean;
  keysExamined: number;
  docsExamined: number;
}

export const newStats = (): SelectStats => ({ fellBack: false, keysExamined: 0, docsExamined: 0 });

/** Candidate documents of a plan (each once), in the plan's order. */
function* candidates(coll: Collection, plan: Plan, stats: SelectStats): Generator<Doc> {
  if (plan.kind === 'scan') {
    // A Map iterator survives changes made while the read yields: each _id comes once.
    for (const doc of coll.docs.values()) {
      stats.docsExamined++;
      yield doc;
    }
    return;
  }
  if (plan.kind === 'ids') {
    for (const key of planIdKeys(plan)) {
      stats.keysExamined++;
      const doc = coll.docs.get(key);
      if (doc) {
        stats.docsExamined++;
        yield doc;
      }
    }
    return;
  }
  const seen = new Set<string>();
  for (const e of planEntries(plan)) {
    stats.keysExamined++;
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    const doc = coll.docs.get(e.id);
    if (doc) {
      stats.docsExamined++;
      yield doc;
    }
  }
}

/** Matching documents of a plan; sorted afterwards unless the plan's order is the sort. */
function* collect(
  coll: Collection,
  matcher: Matcher,
  plan: Plan,
  sort: SortField[],
  limit: number,
  stats: SelectStats,
): Run<Doc[]> {
  const out: Doc[] = [];
  const ordered = sort.length === 0 || plan.sorted;
  let n = 0;
  for (const doc of candidates(coll, plan, stats)) {
    if (++n % YIELD_EVERY === 0) yield PAUSE;
    if (!matcher.test(doc)) continue;
    out.push(doc);
    if (ordered && out.length >= limit) break;
  }
  if (ordered) return out;
  const sorted = sortDocs(out, sort);
  return Number.isFinite(limit) ? sorted.slice(0, limit) : sorted;
}

/** A sorted walk that gives up (null) after `budget` keys without filling the limit. */
function* walkSorted(
  coll: Collection,
  matcher: Matcher,
  plan: IndexPlan,
  limit: number,
  budget: number,
  stats: SelectStats,
): Run<Doc[] | null> {
  const out: Doc[] = [];
  let n = 0;
  for (const doc of candidates(coll, plan, stats)) {
    if (++n % YIELD_EVERY === 0) yield PAUSE;
    if (matcher.test(doc)) {
      out.push(doc);
      if (out.length >= limit) return out;
    }
    if (stats.keysExamined > budget) return null;
  }
  return out;
}

function* run(
  coll: Collection | undefined,
  matcher: Matcher,
  limit: number,
  sort: SortField[],
  stats: SelectStats,
): Run<Doc[]> {
  if (!coll || limit <= 0) return [];
  const { plan, fallback } = choosePlan(coll, matcher.filter, sort, limit);
  stats.plan = plan;
  if (plan.kind === 'index' && plan.sorted && fallback) {
    const found = yield* walkSorted(coll, matcher, plan, limit, fallback.after, stats);
    if (found) return found;
    stats.plan = fallback.plan;
    stats.fellBack = true;
    return yield* collect(coll, matcher, fallback.plan, sort, limit, stats);
  }
  return yield* collect(coll, matcher, plan, sort, limit, stats);
}

/** The first `limit` matching documents in `sort` order (any order without a sort). */
export async function select(
  coll: Collection | undefined,
  matcher: Matcher,
  limit = Infinity,
  sort: SortField[] = [],
  stats: SelectStats = newStats(),
): Promise<Doc[]> {
  const it = run(coll, matcher, limit, sort, stats);
  for (;;) {
    const step = it.next();
    if (step.done) return step.value;
    await new Promise((r) => setImmediate(r));
  }
}

/** select() without yielding, for writes. */
export function selectSync(
  coll: Collection | undefined,
  matcher: Matcher,
  limit = Infinity,
  sort: SortField[] = [],
  stats: SelectStats = newStats(),
): Doc[] {
  const it = run(coll, matcher, limit, sort, stats);
  for (;;) {
    const step = it.next();
    if (step.done) return step.value;
  }
}

export function countSync(coll: Collection | undefined, matcher: Matcher): number {
  if (!coll) return 0;
  if (matcher.matchesAll) return coll.docs.size;
  return selectSync(coll, matcher).length;
}
