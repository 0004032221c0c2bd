/**
 * Installing Ids for a person who does not have it yet, so a card can reach them. Implemented
 * over Microsoft Graph in core/delivery/graph.ts; absent when no Graph credentials are set.
 */
export interface AppInstaller {
  /** Installs the app for the user (their Entra object id); resolves with their chat with the bot. */
  installForUser(aadObjectId: string): Promise<{ chatId: string }>;
}

/**
 * Why an installation did not happen:
 * - throttled: Graph said 429 (wait Retry-After);
 * - transient: 5xx, timeouts, network: try again later;
 * - unavailable: installing is not possible at all (403: the permission is not granted; the app
 *   is not in the organisation's catalog);
 * - no_user: Graph does not know the user (404).
 */
export class InstallError extends Error {
  constructor(
    message: string,
    readonly kind: 'throttled' | 'transient' | 'unavailable' | 'no_user',
    readonly code: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'InstallError';
  }
}
