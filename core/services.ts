import type { Logger } from 'pino';
import type { Config } from '../server/config.js';
import { DirectoryIndex, loadDirectory, startDirectorySync, type DirectorySync } from './directory/index.js';

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
  /** The people directory; empty until start() has loaded it from the store. */
  readonly directory: DirectoryIndex;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createServices(deps: ServiceDeps): Services {
  const { log } = deps;
  let directory = new DirectoryIndex();
  let sync: DirectorySync | undefined;
  return {
    config: deps.config,
    log,
    get directory() {
      return directory;
    },
    async start() {
      const started = Date.now();
      directory = await loadDirectory();
      sync = startDirectorySync(directory, {
        onError: (err) => log.warn({ err: (err as Error).message }, 'directory refresh failed; retrying'),
      });
      log.info({ people: directory.size, ms: Date.now() - started }, 'directory index built');
    },
    async stop() {
      await sync?.stop();
    },
  };
}
