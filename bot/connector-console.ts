/**
 * botframework-connector (4.23, JwtTokenExtractor.validateToken) writes to console.error each
 * time a Bot Connector token fails to verify: "Error finding key for token. Available keys:"
 * followed by the signing key, and the jsonwebtoken error of an expired token. Anyone can
 * send such tokens, so stderr would fill with key material at an outsider's pace. The endpoint
 * answers them 401 and logs what an operator needs (bot/endpoint.ts); these two writes are
 * dropped here. Everything else written to console.error passes unchanged.
 */

const KEY_DUMP = 'Error finding key for token';

/** Whether console.error's arguments are one of the connector's token-check writes. */
export function isTokenCheckNoise(args: readonly unknown[]): boolean {
  const [first] = args;
  if (typeof first === 'string') return first.startsWith(KEY_DUMP);
  return args.length === 1 && first instanceof Error && first.name === 'TokenExpiredError';
}

const quiet = Symbol.for('ids.quietTokenCheck');
type Guarded = typeof console.error & { [quiet]?: true };

/**
 * Puts the filter in front of console.error; idempotent, and puts it back if something
 * replaced console.error since (called each time an adapter is made).
 */
export function quietTokenCheckConsole(): void {
  if ((console.error as Guarded)[quiet]) return;
  const next = console.error;
  const guarded: Guarded = (...args: unknown[]) => {
    if (!isTokenCheckNoise(args)) next.apply(console, args);
  };
  guarded[quiet] = true;
  console.error = guarded;
}
