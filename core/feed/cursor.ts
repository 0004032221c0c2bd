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
}

export function encodeCursor(p: FeedPosition): string {
  return Buffer.from(`${p.publishedAt.getTime()}:${p.id.toString()}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): FeedPosition {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^(\d{1,15}):([0-9a-f]{24})$/.exec(raw);
  if (!m) throw badRequest('The cursor is not valid; start again from the first page.');
  return { publishedAt: new Date(Number(m[1])), id: new Types.ObjectId(m[2]) };
}

/** The filter for "strictly after this position" in newest-first order. */
export function olderThan(p: FeedPosition): Record<string, unknown> {
  return { $or: [{ publishedAt: { $lt: p.publishedAt } }, { publishedAt: p.publishedAt, _id: { $lt: p.id } }] };
}
