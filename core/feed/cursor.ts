import { Types } from 'mongoose';
import { badRequest } from '../errors.js';

/**
 * An opaque position in a feed ordered newest first by (publishedAt, _id). The next page holds
 * posts strictly older than the last one shown, so posts published meanwhile (always newer) can
 * neither push a post onto the next page twice nor make one be skipped.
 */
export interface FeedPosition {
  publishedAt: Date;
  id: Types.ObjectId;
  /**
   * The pinned posts shown on top of the first page, which later pages leave out; absent in a
   * cursor made before it carried them (the feed then looks them up again).
   */
  pinned?: Types.ObjectId[];
}

/** Cursors carry their position in binary: 1, the time (8 bytes), the id, the pinned ids (12 each). */
const BINARY = 1;

export function encodeCursor(p: FeedPosition): string {
  const pinned = p.pinned ?? [];
  const buf = Buffer.alloc(1 + 8 + 12 + 12 * pinned.length);
  buf[0] = BINARY;
  buf.writeBigInt64BE(BigInt(p.publishedAt.getTime()), 1);
  buf.write(p.id.toHexString(), 9, 'hex');
  for (const [i, id] of pinned.entries()) buf.write(id.toHexString(), 21 + 12 * i, 'hex');
  return buf.toString('base64url');
}

export function decodeCursor(cursor: string): FeedPosition {
  const raw = Buffer.from(cursor, 'base64url');
  const invalid = () => badRequest('The cursor is not valid; start again from the first page.');
  if (raw[0] === BINARY) {
    if (raw.length < 21 || (raw.length - 21) % 12 !== 0 || raw.length > 21 + 12 * 10) throw invalid();
    const ms = Number(raw.readBigInt64BE(1));
    if (!Number.isSafeInteger(ms) || ms < 0) throw invalid();
    const pinned: Types.ObjectId[] = [];
    for (let at = 21; at < raw.length; at += 12)
      pinned.push(new Types.ObjectId(raw.subarray(at, at + 12).toString('hex')));
    return { publishedAt: new Date(ms), id: new Types.ObjectId(raw.subarray(9, 21).toString('hex')), pinned };
  }
  // A cursor from before pinned posts were carried ("<ms>:<id>"): the feed looks them up again.
  const m = /^(\d{1,15}):([0-9a-f]{24})$/.exec(raw.toString('utf8'));
  if (!m) throw invalid();
  return { publishedAt: new Date(Number(m[1])), id: new Types.ObjectId(m[2]) };
}

/** The filter for "strictly after this position" in newest-first order. */
export function olderThan(p: FeedPosition): Record<string, unknown> {
  return { $or: [{ publishedAt: { $lt: p.publishedAt } }, { publishedAt: p.publishedAt, _id: { $lt: p.id } }] };
}
