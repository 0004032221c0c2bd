import { loadConfigOrExit } from '../config/index.js';
import { createLogger } from './logger.js';

const config = loadConfigOrExit();
const log = createLogger(config.logLevel);
// Loaded once the environment is known to be good: a bad one is reported in a moment, not after
// the bot and every library behind the server have loaded.
const { startServer } = await import('./start.js');

try {
  const running = await startServer(config, { log });
  log.info(
    {
      url: config.publicUrl,
      tab: `${config.publicUrl}/tab`,
      bot: `${config.publicUrl}/api/messages`,
      mode: config.production ? 'production' : config.env,
    },
    'open the tab, or try the bot with "npm run playground"',
  );
  let firstSignalAt: number | undefined;
  const shutdown = (signal: string) => {
    // A terminal's Ctrl-C reaches every process of the group (npm too, which passes it on), so one
    // keypress can arrive twice at once; only a second signal well after the first means "now".
    if (firstSignalAt !== undefined) {
      if (Date.now() - firstSignalAt < 2_000) return;
      log.warn('second signal: exiting now');
      process.exit(1);
    }
    firstSignalAt = Date.now();
    log.info({ signal }, 'stopping: no new requests, finishing those in flight, closing the store');
    // However the stop goes, the process ends in bounded time.
    setTimeout(() => {
      log.error('shutdown took too long: exiting');
      process.exit(1);
    }, config.operations.shutdownTimeoutMs + 15_000).unref();
    running.stop().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
} catch (err) {
  const code = (err as { code?: string }).code;
  const name = (err as Error).name;
  if (code === 'EADDRINUSE')
    log.fatal(
      `Port ${(err as { port?: number }).port ?? config.port} is in use: stop the other process, or set PORT (METRICS_PORT).`,
    );
  // The embedded store's refusals (damaged data folder, folder held by another process) and a
  // conflict with another instance say what to do; they are the message itself.
  else if (/^LocalDb\w+Error$/.test(name) || name === 'MediaUrlKeyError') log.fatal((err as Error).message);
  else log.fatal({ err }, 'Ids could not start');
  process.exit(1);
}
