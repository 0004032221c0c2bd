import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { DirectoryIndex, loadDirectory, startDirectorySync, type DirectorySync } from './directory/index.js';
import { ensurePostFeedKeys } from './posts/maintenance.js';
import { deleteUnattachedMedia } from './media/media.js';

/** Uploads never attached to a post (a photo sent to the bot but not posted) are kept this long. */
const UNATTACHED_MEDIA_TTL_MS = 24 * 3600_000;
const MEDIA_SWEEP_INTERVAL_MS = 3600_000;

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
  let mediaSweep: NodeJS.Timeout | undefined;
  const sweepMedia = () =>
    deleteUnattachedMedia(new Date(Date.now() - UNATTACHED_MEDIA_TTL_MS)).then(
      (n) => n > 0 && log.info({ files: n }, 'unattached uploads removed'),
      (err: unknown) => log.warn({ err: (err as Error).message }, 'removing unattached uploads failed; retrying later'),
    );
  return {
    config: deps.config,
    log,
    get directory() {
      return directory;
    },
    async start() {
      const started = Date.now();
      const keyed = await ensurePostFeedKeys();
      if (keyed > 0) log.info({ posts: keyed }, 'feed keys filled in');
      directory = await loadDirectory();
      sync = startDirectorySync(directory, {
        onError: (err) => log.warn({ err: (err as Error).message }, 'directory refresh failed; retrying'),
      });
      log.info({ people: directory.size, ms: Date.now() - started }, 'directory index built');
      mediaSweep = setInterval(sweepMedia, MEDIA_SWEEP_INTERVAL_MS);
      mediaSweep.unref();
    },
    async stop() {
      clearInterval(mediaSweep);
      await sync?.stop();
    },
  };
}
