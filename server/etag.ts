import { hash } from 'node:crypto';

/**
 * The weak ETag Express gives a body by default (`W/"<length in hex>-<sha1, base64, 27
 * characters>"`, the `etag` package's), made with one-shot `crypto.hash`: the same value, so
 * conditional requests (If-None-Match, 304) behave as before, without a Hash object, a second
 * pass for the length and a copy per answer. Every JSON answer pays for it, a feed page most.
 */
export function weakEtag(body: Buffer | string, encoding?: BufferEncoding): string {
  const buf = typeof body === 'string' ? Buffer.from(body, encoding) : body;
  return `W/"${buf.length.toString(16)}-${hash('sha1', buf, 'base64').slice(0, 27)}"`;
}
