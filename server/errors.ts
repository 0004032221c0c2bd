import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { Logger } from 'pino';
import { AppError, errorMessage, isStoreDown, type ErrorCode } from '../core/errors.js';
import type { Actor } from '../core/actor.js';
import type { Locale } from '../core/i18n.js';
import { requestLocale } from './locale.js';

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

/**
 * The one Express error handler: a JSON body with the error's stable code and a message in the
 * asker's language (their own, else what the browser asks for, else the organisation's default).
 * (The English message of an AppError is for developers and for the log of server faults.)
 */
export function errorHandler(log: Logger, defaultLocale: Locale = 'nl'): ErrorRequestHandler {
  return (err, req, res, _next) => {
    // The browser went away mid-answer (a phone closing the tab while a file downloads): nothing
    // failed here and nobody is left to answer.
    if ((err as { code?: unknown } | undefined)?.code === 'ECONNABORTED' && (req.destroyed || res.destroyed)) {
      log.debug({ method: req.method, path: req.path }, 'request aborted by the client');
      if (!res.writableEnded) res.end();
      return;
    }
    const appError = toAppError(err);
    if (appError.report) log.error({ err, method: req.method, path: req.path }, 'request failed');
    else log.debug({ code: appError.code, method: req.method, path: req.path }, 'request refused');
    if (res.headersSent) {
      res.end();
      return;
    }
    // A limiter that knows when its window ends has said so already.
    if (appError.status === 429 && !res.get('Retry-After')) res.set('Retry-After', '60');
    const locale = (res.locals.actor as Actor | undefined)?.locale ?? requestLocale(req, defaultLocale);
    res.set('Content-Language', locale);
    res.status(appError.status).json({
      error: {
        code: appError.code,
        message: errorMessage(appError, locale),
        ...(appError.details ? { details: appError.details } : {}),
      },
    });
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `No route for ${req.method} ${req.path}.`, 404));
};
