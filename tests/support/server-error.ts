// What a MongoDB server (or localdb) answered when it refused an operation.
import { MongoBulkWriteError, MongoServerError } from 'mongodb';

/** The error a refused command or write ends with; fails when the promise resolves. */
export async function serverError(promise: Promise<unknown>): Promise<MongoServerError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof MongoServerError) return e;
    throw e;
  }
  throw new Error('expected the server to refuse');
}

/** The code of the first write error of a refused write (a single write reports it as a MongoServerError). */
export async function writeErrorCode(promise: Promise<unknown>): Promise<number | undefined> {
  const e = await serverError(promise);
  if (e instanceof MongoBulkWriteError && Array.isArray(e.writeErrors)) return Number(e.writeErrors[0]?.code);
  return Number(e.code);
}
