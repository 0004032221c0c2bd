import mongoose, { type Schema } from 'mongoose';

/** Every way a model writes: query writes, document saves and deletes, and the model's batch writes. */
const QUERY_WRITES = [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'replaceOne',
  'deleteOne',
  'deleteMany',
] as const;

/** Connections opened and closed: another store (a test's database) holds other data. */
let connectionEpoch = 0;
for (const event of ['connected', 'disconnected'] as const)
  mongoose.connection.on(event, () => {
    connectionEpoch++;
  });

/**
 * Tells what is kept in memory from a collection (core/recent.ts) that this process wrote to it
 * through its model: the generation moves on before and after each write, so a value read
 * before a write finished is not kept. Writes by other processes (another instance, a script)
 * are not seen here: such copies live only briefly.
 */
export interface WriteCounter {
  readonly generation: number;
}

/** Counts the writes made through models built from `schema`; call before mongoose.model(). */
export function countWrites(schema: Schema): WriteCounter {
  let writes = 0;
  const counter = {
    get generation() {
      return writes * 1_000_003 + connectionEpoch;
    },
  };
  const bump = () => {
    writes++;
  };
  schema.pre([...QUERY_WRITES], { document: false, query: true }, bump);
  schema.post([...QUERY_WRITES], { document: false, query: true }, bump);
  schema.pre(['save', 'deleteOne'], { document: true, query: false }, bump);
  schema.post(['save', 'deleteOne'], { document: true, query: false }, bump);
  schema.pre('insertMany', bump);
  schema.post('insertMany', bump);
  schema.pre('bulkWrite', bump);
  schema.post('bulkWrite', bump);
  return counter;
}
