import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { addToLogContext, newLogId } from '../core/log-context.js';
import { metrics } from '../core/metrics.js';

/** Activity types and invoke names counted by name; anything else is "other" (labels stay few). */
const KNOWN_TYPES = new Set([
  'message',
  'conversationUpdate',
  'installationUpdate',
  'messageReaction',
  'messageUpdate',
  'messageDelete',
  'event',
  'typing',
]);
const KNOWN_INVOKES = new Set([
  'composeExtension/query',
  'composeExtension/selectItem',
  'composeExtension/querySettingUrl',
  'adaptiveCard/action',
  'task/fetch',
  'task/submit',
  'signin/verifyState',
  'signin/tokenExchange',
]);

export function turnKind(type: string | undefined, name: string | undefined): string {
  if (type === 'invoke') return `invoke:${KNOWN_INVOKES.has(name ?? '') ? name : 'other'}`;
  return KNOWN_TYPES.has(type ?? '') ? (type as string) : 'other';
}

/**
 * Runs one bot turn counted and timed by kind, with its id (the activity's, or a new one) on
 * every log line it causes, beside the HTTP request's.
 */
export async function observeTurn(context: TurnContext, log: Logger, run: () => Promise<void>): Promise<void> {
  const { type, name, id } = context.activity;
  const kind = turnKind(type, name);
  addToLogContext({ turnId: id && /^[\w.:|@-]{1,128}$/.test(id) ? id : newLogId(), activity: kind });
  const started = process.hrtime.bigint();
  let outcome = 'error';
  try {
    await run();
    outcome = 'ok';
  } finally {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    metrics.botTurns.inc({ kind, outcome });
    metrics.botTurnDuration.observe(seconds, { kind });
    log.debug({ outcome, ms: Math.round(seconds * 1000) }, 'bot turn');
  }
}
