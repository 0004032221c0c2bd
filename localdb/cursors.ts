// Server-side cursors: a materialized list of stored (immutable) documents, handed out in batches
// of at most 16 MiB. Ids are random positive int64; idle cursors expire after 10 minutes.
import { randomBytes } from 'node:crypto';
import { serialize } from 'bson';
import { MongoError } from './errors.js';
import type { Projector } from './projection.js';
import type { Doc } from './values.js';
import { MAX_BSON_SIZE, cursorReply } from './wire.js';

const BATCH_BYTES = MAX_BSON_SIZE - 64 * 1024;

/**
 * Stored documents never change (an update stores a new, frozen object), so the BSON of one sent
 * without a projection can be sent again as it is: the documents read most (a feed's newest
 * posts) are serialized once, not on every read. Least recently used first out, 32 MiB at most.
 */
const SERIALIZED_CACHE_BYTES = 32 * 1024 * 1024;
const serialized = new Map<Doc, Buffer>();
let serializedBytes = 0;

function serializedDoc(doc: Doc): Buffer {
  const hit = serialized.get(doc);
  if (hit) {
    serialized.delete(doc);
    serialized.set(doc, hit);
    return hit;
  }
  const bson = Buffer.from(serialize(doc, { ignoreUndefined: true }));
  // Only stored documents (frozen) are immutable; computed ones (aggregation output) are not kept.
  if (Object.isFrozen(doc) && bson.length <= SERIALIZED_CACHE_BYTES / 64) {
    serialized.set(doc, bson);
    serializedBytes += bson.length;
    for (const [old, buf] of serialized) {
      if (serializedBytes <= SERIALIZED_CACHE_BYTES) break;
      serialized.delete(old);
      serializedBytes -= buf.length;
    }
  }
  return bson;
}
export const CURSOR_IDLE_MS = 10 * 60 * 1000;

interface Cursor {
  id: bigint;
  ns: string;
  docs: Doc[];
  pos: number;
  project: Projector | null;
  lastUsed: number;
  noTimeout: boolean;
}

export class CursorRegistry {
  readonly #cursors = new Map<bigint, Cursor>();
  readonly #timer: NodeJS.Timeout;

  constructor(idleMs = CURSOR_IDLE_MS) {
    this.#timer = setInterval(() => this.expire(idleMs), Math.min(idleMs, 60_000));
    this.#timer.unref();
  }

  get size(): number {
    return this.#cursors.size;
  }

  expire(idleMs: number): void {
    const limit = Date.now() - idleMs;
    for (const [id, c] of this.#cursors) if (!c.noTimeout && c.lastUsed < limit) this.#cursors.delete(id);
  }

  close(): void {
    clearInterval(this.#timer);
    this.#cursors.clear();
  }

  /**
   * Builds the first reply. `batchSize` undefined means the default of 101 documents;
   * a cursor is kept only if documents remain and `singleBatch` is false.
   */
  open(
    ns: string,
    docs: Doc[],
    opts: { batchSize?: number; singleBatch?: boolean; project?: Projector | null; noTimeout?: boolean },
  ): Buffer {
    const cursor: Cursor = {
      id: 0n,
      ns,
      docs,
      pos: 0,
      project: opts.project ?? null,
      lastUsed: Date.now(),
      noTimeout: !!opts.noTimeout,
    };
    const batch = this.#take(cursor, opts.batchSize ?? 101);
    if (cursor.pos < docs.length && !opts.singleBatch) {
      cursor.id = this.#newId();
      this.#cursors.set(cursor.id, cursor);
    }
    return cursorReply('firstBatch', batch, cursor.id, ns);
  }

  getMore(id: bigint, ns: string, batchSize: number | undefined): Buffer {
    const cursor = this.#cursors.get(id);
    if (!cursor) throw new MongoError(43, `cursor id ${id} not found`);
    if (cursor.ns !== ns)
      throw new MongoError(
        13,
        `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${cursor.ns}`,
      );
    cursor.lastUsed = Date.now();
    const batch = this.#take(cursor, batchSize && batchSize > 0 ? batchSize : Infinity);
    let replyId = cursor.id;
    if (cursor.pos >= cursor.docs.length) {
      this.#cursors.delete(id);
      replyId = 0n;
    }
    return cursorReply('nextBatch', batch, replyId, ns);
  }

  kill(ids: bigint[]): { killed: bigint[]; notFound: bigint[] } {
    const killed: bigint[] = [];
    const notFound: bigint[] = [];
    for (const id of ids) (this.#cursors.delete(id) ? killed : notFound).push(id);
    return { killed, notFound };
  }

  #take(cursor: Cursor, limit: number): Buffer[] {
    const out: Buffer[] = [];
    let bytes = 0;
    while (cursor.pos < cursor.docs.length && out.length < limit) {
      const doc = cursor.docs[cursor.pos];
      const bson = cursor.project
        ? Buffer.from(serialize(cursor.project(doc), { ignoreUndefined: true }))
        : serializedDoc(doc);
      if (out.length > 0 && bytes + bson.length > BATCH_BYTES) break;
      out.push(bson);
      bytes += bson.length;
      cursor.pos++;
    }
    return out;
  }

  #newId(): bigint {
    for (;;) {
      const id = randomBytes(8).readBigInt64LE() & 0x7fffffffffffffffn;
      if (id !== 0n && !this.#cursors.has(id)) return id;
    }
  }
}
