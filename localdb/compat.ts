// Operators that mingo evaluates but MongoDB 7.0 (the version localdb reports) does not know.
// They are refused as 7.0 refuses unknown operators, so that a pipeline or filter that works on
// localdb also works on the MongoDB it claims to be.
import { MongoError } from './errors.js';
import { isPlainObject } from './values.js';

/** Operator → the MongoDB version that added it. */
const NEWER_THAN_7_0: Record<string, string> = {
  $sigmoid: '8.2',
  $minMaxScaler: '8.2',
};

/** Throws when `spec` (a filter, pipeline or expression) uses an operator newer than 7.0. */
export function refuseNewerOperators(spec: unknown): void {
  if (Array.isArray(spec)) {
    for (const x of spec) refuseNewerOperators(x);
    return;
  }
  if (!isPlainObject(spec)) return;
  for (const k of Object.keys(spec)) {
    if (k === '$literal') continue;
    const since = NEWER_THAN_7_0[k];
    if (since) throw new MongoError(168, `Unrecognized expression '${k}' (added in MongoDB ${since}; localdb is 7.0)`);
    refuseNewerOperators(spec[k]);
  }
}
