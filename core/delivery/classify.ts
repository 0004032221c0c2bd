import type { DeliveryFailure, DeliveryOp } from '../../models/delivery.js';
import { MessengerError } from './messenger.js';

/**
 * What to do after a failed Bot Connector call, decided by the error code Teams puts in the
 * body, not by the status alone:
 * - throttled: 429; wait Retry-After (or back off) and slow down; does not use up tries.
 * - retry: 412, 5xx, no answer in time, network errors; a bounded number of tries with backoff.
 *   `uncertain` when Teams may have taken the message before the answer was lost (a timeout,
 *   a 5xx, a reset connection): a retry may then show it twice.
 * - dead: the saved conversation is unusable for good (403 BotNotInConversationRoster,
 *   ConversationBlockedByUser, BotDisabledByAdmin; 404 conversation not found).
 * - done: nothing left to do (deleting or updating a message Teams no longer has).
 * - unauthorized: 401, the bot's own credentials are refused; pause everything, not just this.
 * - rejected: Teams refused this message (400, 413, another 403…): retrying will not help.
 */
export type CallOutcome =
  | { readonly kind: 'throttled'; readonly retryAfterMs?: number }
  | { readonly kind: 'retry'; readonly uncertain: boolean; readonly reason: string }
  | { readonly kind: 'dead'; readonly failure: DeliveryFailure; readonly reason: string }
  | { readonly kind: 'done'; readonly reason: string }
  | { readonly kind: 'unauthorized' }
  | { readonly kind: 'rejected'; readonly reason: string };

const DEAD_CODES: Readonly<Record<string, DeliveryFailure>> = {
  BotNotInConversationRoster: 'bot_removed',
  ConversationBlockedByUser: 'blocked',
  BotDisabledByAdmin: 'bot_disabled',
};

const RETRIED_STATUSES = new Set([408, 412, 500, 502, 503, 504]);

export function classifyFailure(err: unknown, op: DeliveryOp | 'create'): CallOutcome {
  if (!(err instanceof MessengerError)) {
    return { kind: 'retry', uncertain: op !== 'create', reason: 'error' };
  }
  const { status, code } = err;
  if (err.transport) {
    // A refused connection never reached Teams; a timeout or a reset may have.
    return { kind: 'retry', uncertain: err.transport === 'timeout' || code === 'ECONNRESET', reason: err.transport };
  }
  const reason = code ? `${status} ${code}` : String(status);
  if (status === 429)
    return { kind: 'throttled', ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}) };
  if (status === 401) return { kind: 'unauthorized' };
  if (status === 403 && code && DEAD_CODES[code]) return { kind: 'dead', failure: DEAD_CODES[code], reason };
  if (status === 404) {
    if (code === 'ActivityNotFoundInConversation' && (op === 'delete' || op === 'update'))
      return { kind: 'done', reason };
    return { kind: 'dead', failure: 'conversation_gone', reason };
  }
  if (status !== undefined && (RETRIED_STATUSES.has(status) || status >= 500)) {
    return { kind: 'retry', uncertain: status >= 500 && op === 'send', reason };
  }
  return { kind: 'rejected', reason };
}

/**
 * Exponential backoff with jitter: about 2 s, 4 s, 8 s … (from `baseMs`) capped at 5 minutes,
 * between half and all of it, so that retries after a shared outage do not arrive together.
 */
export function backoffMs(attempt: number, random: () => number = Math.random, baseMs = 2_000): number {
  const ceiling = Math.min(300_000, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
