import { createHmac, timingSafeEqual } from 'node:crypto';
import { Types } from 'mongoose';

/** How long a signed media URL works: long enough for Teams to fetch a card's image. */
export const SIGNED_URL_TTL_SECONDS = 15 * 60;

function sign(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(`ids-media:${payload}`).digest('base64url');
}

/** A token naming one GridFS file and when it stops working: `<fileId>.<expires>.<hmac>`. */
export function signMediaToken(
  fileId: Types.ObjectId | string,
  secret: string,
  now = Date.now(),
  ttlSeconds = SIGNED_URL_TTL_SECONDS,
): string {
  const expires = Math.floor(now / 1000) + ttlSeconds;
  const payload = `${fileId.toString()}.${expires}`;
  return `${payload}.${sign(payload, secret)}`;
}

/** The file id of a valid, unexpired token; undefined otherwise. */
export function verifyMediaToken(token: string, secret: string, now = Date.now()): Types.ObjectId | undefined {
  const m = /^([0-9a-f]{24})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return undefined;
  const [, id, expires, mac] = m;
  const expected = Buffer.from(sign(`${id}.${expires}`, secret));
  const given = Buffer.from(mac!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  if (Number(expires) * 1000 < now) return undefined;
  return new Types.ObjectId(id);
}

export function signedMediaUrl(
  publicUrl: string,
  fileId: Types.ObjectId | string,
  secret: string,
  now = Date.now(),
  ttlSeconds = SIGNED_URL_TTL_SECONDS,
): string {
  return `${publicUrl}/api/m/${signMediaToken(fileId, secret, now, ttlSeconds)}`;
}
