import type { CursorRegistry } from '../cursors.js';
import { MongoError } from '../errors.js';
import type { Store } from '../store.js';
import { validateCollName } from '../store.js';
import { type Doc, bsonTypeOf, isPlainObject, toNumber } from '../values.js';

export interface ServerStats {
  startedAt: number;
  host: string;
  port: number;
  currentConnections(): number;
  totalConnections(): number;
}

export interface CommandContext {
  store: Store;
  cursors: CursorRegistry;
  connectionId: number;
  server: ServerStats;
}

export type Reply = Doc | Buffer;
export type CommandHandler = (cmd: Doc, db: string, ctx: CommandContext) => Reply | Promise<Reply>;

/** The collection named by the command's first field. */
export function collectionName(cmd: Doc, commandName: string): string {
  const name = cmd[commandName];
  if (typeof name !== 'string') {
    throw new MongoError(73, `collection name has invalid type ${name === null ? 'null' : typeof name}`);
  }
  return validateCollName(name);
}

export function optionalNumber(cmd: Doc, field: string): number | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  const n = toNumber(v);
  if (Number.isNaN(n)) throw new MongoError(14, `Field '${field}' should be a number`);
  return n;
}

export function optionalDoc(cmd: Doc, field: string): Doc | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v)) throw new MongoError(14, `Field '${field}' should be an object`);
  return v;
}

/** Rejects a non-simple collation, which localdb does not implement. */
export function rejectCollation(cmd: Doc): void {
  const c = cmd.collation;
  if (c === undefined || c === null) return;
  if (isPlainObject(c) && c.locale === 'simple') return;
  throw new MongoError(2, 'collation is not supported by localdb');
}

/** A cursor id as the driver sends it (Long) → bigint. */
export function cursorId(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (bsonTypeOf(v) === 'Long') return (v as { toBigInt(): bigint }).toBigInt();
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  throw new MongoError(14, 'cursor id must be an int64');
}
