// Selecting the stored documents that match a filter: through an index when the filter has a
// usable equality condition, otherwise by scanning. Reads yield to the event loop every few
// thousand documents so that a long scan does not stall other connections; writes use the
// synchronous form so that a write command applies atomically with respect to other commands.
import type { Collection } from './collection.js';
import type { Matcher } from './matcher.js';
import type { Doc } from './values.js';

const YIELD_EVERY = 5000;

function source(coll: Collection, matcher: Matcher): Iterable<Doc> {
  if (matcher.matchesAll) return coll.docs.values();
  return coll.candidates(matcher.filter) ?? coll.docs.values();
}

export function selectSync(coll: Collection | undefined, matcher: Matcher, limit = Infinity): Doc[] {
  const out: Doc[] = [];
  if (!coll || limit <= 0) return out;
  for (const doc of source(coll, matcher)) {
    if (matcher.test(doc)) {
      out.push(doc);
      if (out.length >= limit) break;
    }
  }
  return out;
}

export async function select(coll: Collection | undefined, matcher: Matcher, limit = Infinity): Promise<Doc[]> {
  const out: Doc[] = [];
  if (!coll || limit <= 0) return out;
  const docs = matcher.matchesAll ? null : coll.candidates(matcher.filter);
  // Iterate over a copy of the references: documents are immutable, the map may change.
  const list = docs ?? Array.from(coll.docs.values());
  for (let i = 0; i < list.length; i++) {
    if (i > 0 && i % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
    if (matcher.test(list[i])) {
      out.push(list[i]);
      if (out.length >= limit) break;
    }
  }
  return out;
}

export function countSync(coll: Collection | undefined, matcher: Matcher): number {
  if (!coll) return 0;
  if (matcher.matchesAll) return coll.docs.size;
  let n = 0;
  for (const doc of source(coll, matcher)) if (matcher.test(doc)) n++;
  return n;
}
