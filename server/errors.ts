import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { Logger } from 'pino';
import { AppError, type ErrorCode } from '../core/errors.js';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

/** Turns anything thrown into a JSON error with a stable code; never a stack trace. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) {
    return new AppError(
      'validation_failed',
      'The request is not valid.',
      400,
      err.issues.map((i) => ({
        path: i.path.join('.'),
        message: i.message,
      })),
    );
  }
  const e = err as BodyParserError;
  switch (e?.type) {
    case 'entity.parse.failed':
      return new AppError('invalid_json', 'The request body is not valid JSON.', 400);
    case 'entity.too.large':
      return new AppError('payload_too_large', `The request body is larger than ${e.limit ?? 'allowed'} bytes.`, 413);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_media_type', 'Send the body as UTF-8.', 415);
    case 'request.aborted':
      return new AppError('bad_request', 'The request was aborted.', 400);
  }
  if (e && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    // The code says what the status says (express.static answers 403 to a path that climbs out).
    const [code, message] = CLIENT_ERRORS[e.status] ?? ['bad_request', 'The request is not valid.'];
    return new AppError(code, message, CLIENT_ERRORS[e.status] ? e.status : 400);
  }
  if (isStoreDown(err)) return new AppError('store_unavailable', 'The store is unavailable; try again shortly.', 503);
  return new AppError('internal', 'Something went wrong on our side; try again, or tell the Ids team.', 500);
}

const CLIENT_ERRORS: Readonly<Record<number, [ErrorCode, string]>> = {
  400: ['bad_request', 'The request is not valid.'],
  401: ['unauthenticated', 'Sign in first.'],
  403: ['forbidden', 'You may not do this.'],
  404: ['not_found', 'Not found.'],
  413: ['payload_too_large', 'The request is too large.'],
  415: ['unsupported_media_type', 'This kind of content is not accepted here.'],
  429: ['rate_limited', 'Too many requests; wait a minute and try again.'],
};

function isStoreDown(err: unknown): boolean {
  const e = err as Error | undefined;
  const name = e?.name ?? '';
  if (
    /MongoServerSelectionError|MongoNetwork\w*Error|MongoNotConnectedError|MongoTopologyClosedError|MongoPoolClearedError|MongoServerClosedError/.test(
      name,
    )
  )
    return true;
  // mongoose queues commands while disconnected and gives up after bufferTimeoutMS.
  return name === 'MongooseError' && /buffering timed out/.test(e?.message ?? '');
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    if (appError.report) log.error({ err, method: req.method, path: req.path }, 'request failed');
    else log.debug({ code: appError.code, method: req.method, path: req.path }, 'request refused');
    if (res.headersSent) {
      res.end();
      return;
    }
    // A limiter that knows when its window ends has said so already.
    if (appError.status === 429 && !res.get('Retry-After')) res.set('Retry-After', '60');
    res.status(appError.status).json({
      error: {
        code: appError.code,
        message: appError.message,
        ...(appError.details ? { details: appError.details } : {}),
      },
    });
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `No route for ${req.method} ${req.path}.`, 404));
};
