import { pino, type Logger } from 'pino';
import { currentLogContext } from '../core/log-context.js';

/**
 * Structured logs. Personal data stays out: log ids, never names, emails, phone numbers or
 * message text. The redact list catches the usual places it could slip in.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { app: 'ids' },
      // The request, bot turn or delivery this line belongs to (core/log-context.ts).
      mixin: () => ({ ...currentLogContext() }),
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers["x-ids-dev-user"]',
          'req.headers.cookie',
          '*.email',
          '*.mobilePhone',
          '*.businessPhone',
          '*.text',
          '*.token',
          'email',
          'text',
        ],
        censor: '[redacted]',
      },
    },
    destination as pino.DestinationStream | undefined,
  );
}

export type { Logger };
