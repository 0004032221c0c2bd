import type { Logger } from 'pino';
import type { Config } from '../server/config.js';

export interface ServiceDeps {
  config: Config;
  log: Logger;
}

/**
 * Long-lived parts of core that the doors share: the in-memory directory index and the
 * background jobs. start() runs after the store is connected and seeded.
 */
export interface Services {
  readonly config: Config;
  readonly log: Logger;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createServices(deps: ServiceDeps): Services {
  return {
    config: deps.config,
    log: deps.log,
    async start() {},
    async stop() {},
  };
}
