/**
 * Errors with a stable code, an HTTP status and whether they are worth reporting.
 * One Express handler and one bot handler turn them into a JSON body or a localized message.
 */
export type ErrorCode =
  | 'bad_request'
  | 'invalid_json'
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'store_unavailable'
  /** The keys to check a caller's token cannot be fetched (the Bot Connector's, for now). */
  | 'auth_unavailable'
  | 'internal';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    readonly details?: unknown,
    /** Whether an operator should hear of it (server faults), as opposed to a user's mistake. */
    readonly report = status >= 500,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, details?: unknown) => new AppError('bad_request', message, 400, details);
export const validationFailed = (message: string, details?: unknown) =>
  new AppError('validation_failed', message, 400, details);
export const unauthenticated = (message = 'Sign in first.') => new AppError('unauthenticated', message, 401);
export const forbidden = (message = 'You may not do this.') => new AppError('forbidden', message, 403);
export const notFound = (what = 'Not found.') => new AppError('not_found', what, 404);
export const conflict = (message: string) => new AppError('conflict', message, 409);
export const payloadTooLarge = (message: string) => new AppError('payload_too_large', message, 413);
export const unsupportedMediaType = (message: string) => new AppError('unsupported_media_type', message, 415);
