import { createHmac, timingSafeEqual } from 'node:crypto';
import { Types } from 'mongoose';
import type { Config } from '../../config/index.js';

/**
 * Signed media URLs: `/api/m/<fileId>.<expires>.<hmac>`, for images that are fetched without the
 * person's token (cards; the tab's <img> tags). Signed with MEDIA_URL_SECRET, a key of its own.
 */

/** What the tab gets: long enough to render a page, short enough that a copied link soon dies. */
export const TAB_URL_SECONDS = 15 * 60;
const DAY_SECONDS = 24 * 3600;
/** Nothing is ever signed for longer than this, whatever a caller asks (CARD_IMAGE_URL_DAYS is at most 365). */
export const MAX_URL_SECONDS = 365 * DAY_SECONDS;
/** Clocks of two instances may differ this much. */
const CLOCK_SKEW_SECONDS = 60;

export interface SignOptions {
  /** How long the URL works, in seconds (default: TAB_URL_SECONDS). */
  readonly lifetimeSeconds?: number;
  readonly now?: number;
}

export interface VerifyOptions {
  /**
   * The longest lifetime this server hands out (the card image lifetime): a token that claims to
   * live longer was not made by it and is refused, however well signed.
   */
  readonly maxLifetimeSeconds: number;
  readonly now?: number;
}

function sign(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(`ids-media:${payload}`).digest('base64url');
}

/** A token naming one GridFS file and when it stops working: `<fileId>.<expires>.<hmac>`. */
export function signMediaToken(fileId: Types.ObjectId | string, secret: string, opts: SignOptions = {}): string {
  const lifetime = opts.lifetimeSeconds ?? TAB_URL_SECONDS;
  if (!Number.isInteger(lifetime) || lifetime <= 0 || lifetime > MAX_URL_SECONDS)
    throw new RangeError(`A signed media URL lives between 1 s and ${MAX_URL_SECONDS} s, not ${lifetime}.`);
  const expires = Math.floor((opts.now ?? Date.now()) / 1000) + lifetime;
  const payload = `${fileId.toString()}.${expires}`;
  return `${payload}.${sign(payload, secret)}`;
}

/** The file id of a valid, unexpired token whose lifetime is within the cap; undefined otherwise. */
export function verifyMediaToken(token: string, secret: string, opts: VerifyOptions): Types.ObjectId | undefined {
  const m = /^([0-9a-f]{24})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return undefined;
  const [, id, expires, mac] = m;
  const expected = Buffer.from(sign(`${id}.${expires}`, secret));
  const given = Buffer.from(mac!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  const nowSeconds = (opts.now ?? Date.now()) / 1000;
  const expiresAt = Number(expires);
  if (expiresAt < nowSeconds) return undefined;
  if (expiresAt > nowSeconds + opts.maxLifetimeSeconds + CLOCK_SKEW_SECONDS) return undefined;
  return new Types.ObjectId(id);
}

export function signedMediaUrl(
  publicUrl: string,
  fileId: Types.ObjectId | string,
  secret: string,
  opts: SignOptions = {},
): string {
  return `${publicUrl}/api/m/${signMediaToken(fileId, secret, opts)}`;
}

type UrlConfig = Pick<Config, 'publicUrl' | 'mediaUrlSecret'> & {
  readonly media: Pick<Config['media'], 'cardImageUrlDays'>;
};

/** How long a card's image works (CARD_IMAGE_URL_DAYS), and so the longest lifetime the server accepts. */
export function cardImageLifetimeSeconds(config: {
  readonly media: Pick<Config['media'], 'cardImageUrlDays'>;
}): number {
  return Math.min(config.media.cardImageUrlDays * DAY_SECONDS, MAX_URL_SECONDS);
}

/**
 * The URL of an image shown in a card (a news card, a person card, the photo offer). Teams fetches
 * it each time the card is shown, so it lives for the configured card lifetime.
 */
export function signedCardImageUrl(config: UrlConfig, fileId: Types.ObjectId | string, now?: number): string {
  return signedMediaUrl(config.publicUrl, fileId, config.mediaUrlSecret, {
    lifetimeSeconds: cardImageLifetimeSeconds(config),
    ...(now === undefined ? {} : { now }),
  });
}

/** The URL of an image the tab shows: minutes. */
export function signedTabMediaUrl(
  config: Pick<Config, 'publicUrl' | 'mediaUrlSecret'>,
  fileId: Types.ObjectId | string,
): string {
  return signedMediaUrl(config.publicUrl, fileId, config.mediaUrlSecret, { lifetimeSeconds: TAB_URL_SECONDS });
}
