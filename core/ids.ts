import { Types } from 'mongoose';
import { z } from 'zod';
import type { AppError } from './errors.js';

/** A MongoDB ObjectId as it travels in URLs, card data and request bodies: 24 hex characters. */
export const OBJECT_ID_PATTERN = /^[0-9a-f]{24}$/i;

/** The schema of an id in a request, a card action or a CSV cell. */
export const objectIdString = z.string().regex(OBJECT_ID_PATTERN, 'must be an id (24 hexadecimal characters)');

export function isObjectIdString(value: unknown): value is string {
  return typeof value === 'string' && OBJECT_ID_PATTERN.test(value);
}

/**
 * The one way from text to an ObjectId. A value that is not an id throws the error the caller
 * names: usually not_found for a route parameter (an id that cannot exist names nothing) and
 * bad_request for an id inside a body.
 */
export function parseId(value: string, onInvalid: () => AppError): Types.ObjectId {
  if (!isObjectIdString(value)) throw onInvalid();
  return new Types.ObjectId(value);
}
