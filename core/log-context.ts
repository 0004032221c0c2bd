import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/**
 * What every log line caused by one piece of work carries: the HTTP request's id, the bot turn's
 * id (the activity's), a delivery's id. server/logger.ts adds it to each line (pino's mixin), so
 * nothing has to pass a child logger around. Ids only: never names, emails or text.
 */
export interface LogContext {
  reqId?: string;
  turnId?: string;
  activity?: string;
  deliveryId?: string;
  job?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs fn with these fields added to the context of every log line it causes. */
export function withLogContext<T>(fields: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, fn);
}

/** Adds fields to the current context (for the rest of the work already running in it). */
export function addToLogContext(fields: LogContext): void {
  const store = storage.getStore();
  if (store) Object.assign(store, fields);
}

export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}

/** A short random id (12 characters, URL-safe). */
export function newLogId(): string {
  return randomBytes(9).toString('base64url');
}
