// The `hint` of a write (update and delete statements, findAndModify). localdb plans its own
// lookups and does not follow hints, but it refuses a hint naming no index, as MongoDB does,
// so that code which works here does not fail on MongoDB.
import type { Collection } from './collection.js';
import { MongoError } from './errors.js';
import { type Doc, isPlainObject, toNumber } from './values.js';

function samePattern(a: Doc, b: Doc): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k, i) => {
      if (k !== kb[i]) return false;
      const x = a[k];
      const y = b[k];
      return typeof x === 'string' || typeof y === 'string' ? x === y : toNumber(x) === toNumber(y);
    })
  );
}

export function checkHint(coll: Collection | undefined, hint: unknown): void {
  if (hint === undefined || hint === null || !coll) return;
  if (typeof hint === 'string') {
    if (coll.findIndex(hint)) return;
  } else if (isPlainObject(hint)) {
    if (Object.keys(hint).length === 0 || '$natural' in hint) return;
    if (coll.indexes.some((ix) => samePattern(ix.spec.key, hint))) return;
  } else {
    throw new MongoError(14, 'hint must be a string or an object');
  }
  throw new MongoError(2, 'hint provided does not correspond to an existing index');
}
