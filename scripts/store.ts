/**
 * The store a command-line script works on: the one the server would use (MONGODB_URI, or
 * localdb on DATA_DIR, attached to a running server's), with logs on stderr so the script's
 * own output on stdout stays readable (quiet unless LOG_LEVEL asks).
 */
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { connectStore, type StoreConnection } from '../models/connection.js';
import { createLogger } from '../server/logger.js';

/** The store cannot be reached; the message says what to check. */
export class StoreUnreachable extends Error {}

/** A script's logger: on stderr, quiet unless LOG_LEVEL asks. */
export function scriptLogger(config: Config): Logger {
  return createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn', process.stderr);
}

export async function openStore(config: Config, log: Logger = scriptLogger(config)): Promise<StoreConnection> {
  try {
    return await connectStore(config, log);
  } catch (err) {
    throw new StoreUnreachable(
      `Cannot reach the store: ${(err as Error).message}\n` +
        (config.mongodbUri
          ? 'Check MONGODB_URI and that the database server is running.'
          : `Check that DATA_DIR (${config.dataDir}) is readable and writable.`),
    );
  }
}
