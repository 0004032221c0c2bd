import { render, t, type Locale, type Text } from './i18n.js';

/**
 * Errors with a stable code, an HTTP status and whether they are worth reporting.
 * One Express handler and one bot handler turn them into a JSON body or a localized message.
 *
 * Every code has a sentence in Dutch and English that says what to do (`error.<code>` in
 * core/messages/errors.ts; a missing one is a type error there). An error may carry a more
 * specific sentence (a Text: message key and parameters) where the detail matters to the person.
 */
export const ERROR_CODES = [
  'bad_request',
  'invalid_json',
  'validation_failed',
  /** Nothing was written where something must be (a question, a comment, a group's name). */
  'text_empty',
  /** More was written than fits (a question asked through the bot). */
  'text_too_long',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  /** An upload named for a post is gone, not the asker's, or already part of another post. */
  'attachment_unavailable',
  'payload_too_large',
  /** A person's stored files would pass their quota (MEDIA_QUOTA_MB). */
  'quota_exceeded',
  'unsupported_media_type',
  'rate_limited',
  'not_implemented',
  'store_unavailable',
  /** The keys to check a caller's token cannot be fetched (the Bot Connector's, or Entra ID's for the tab). */
  'auth_unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  /** What the person reads, when more specific than the code's own sentence. */
  readonly text?: Text;

  /**
   * `message` is either English for logs and developers (the person then reads the code's
   * sentence in their language) or a Text that the person reads in their language (logged in English).
   */
  constructor(
    readonly code: ErrorCode,
    message: string | Text,
    readonly status: number,
    readonly details?: unknown,
    /** Whether an operator should hear of it (server faults), as opposed to a user's mistake. */
    readonly report = status >= 500,
  ) {
    super(typeof message === 'string' ? message : render('en', message));
    this.name = 'AppError';
    if (typeof message !== 'string') this.text = message;
  }
}

/** Whether an error means the store cannot be reached (a 503 "try again shortly", not a fault in Ids). */
export function isStoreDown(err: unknown): boolean {
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

/** The sentence a person reads for this error, in their language. */
export function errorMessage(err: AppError, locale: Locale): string {
  return err.text ? render(locale, err.text) : t(locale, `error.${err.code}`);
}

type Message = string | Text;

export const badRequest = (message: Message, details?: unknown) => new AppError('bad_request', message, 400, details);
export const validationFailed = (message: Message, details?: unknown) =>
  new AppError('validation_failed', message, 400, details);
export const textEmpty = (message: Message) => new AppError('text_empty', message, 400);
export const textTooLong = (message: Message) => new AppError('text_too_long', message, 400);
export const unauthenticated = (message: Message = 'Sign in first.') => new AppError('unauthenticated', message, 401);
export const forbidden = (message: Message = 'You may not do this.') => new AppError('forbidden', message, 403);
export const notFound = (what: Message = 'Not found.') => new AppError('not_found', what, 404);
export const conflict = (message: Message) => new AppError('conflict', message, 409);
/** 400 when the upload is not (or no longer) among the asker's, 409 when another post has it. */
export const attachmentUnavailable = (message: Message, status: 400 | 409) =>
  new AppError('attachment_unavailable', message, status);
export const payloadTooLarge = (message: Message) => new AppError('payload_too_large', message, 413);
export const unsupportedMediaType = (message: Message) => new AppError('unsupported_media_type', message, 415);
