import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import type { Services } from '../core/services.js';

/** What every listener gets besides the TurnContext. */
export interface BotDeps {
  readonly config: Config;
  readonly log: Logger;
  readonly services: Services;
}
