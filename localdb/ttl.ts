// TTL indexes: documents whose indexed date is older than expireAfterSeconds are deleted by a
// periodic sweep, as MongoDB's TTL monitor does (also roughly once a minute).
import type { LogFn } from './log.js';
import type { Store } from './store.js';
import { collectPath, keyOf } from './values.js';

export async function expireTtl(store: Store, log: LogFn, now = Date.now()): Promise<number> {
  let removed = 0;
  for (const colls of store.dbs.values()) {
    for (const coll of colls.values()) {
      for (const ix of coll.secondary) {
        const secs = ix.spec.expireAfterSeconds;
        if (typeof secs !== 'number' || ix.fields.length !== 1) continue;
        const limit = now - secs * 1000;
        for (const doc of [...coll.docs.values()]) {
          const dates = collectPath(doc, ix.fields[0])
            .flat()
            .filter((v): v is Date => v instanceof Date);
          if (dates.length === 0 || Math.min(...dates.map((d) => d.getTime())) > limit) continue;
          if (coll.docs.get(keyOf(doc._id)) !== doc) continue;
          store.deleteDoc(coll, doc);
          removed++;
        }
      }
    }
  }
  if (removed) {
    try {
      await store.commit();
    } catch (e) {
      log('error', 'localdb: TTL deletions could not be made durable', { error: (e as Error).message });
    }
  }
  return removed;
}
