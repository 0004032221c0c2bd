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
    { url: config.publicUrl, tab: `${config.publicUrl}/tab`, bot: `${config.publicUrl}/api/messages` },
    'open the tab or point the Bot Framework Emulator at the bot',
  );
  let firstSignalAt: number | undefined;
  const shutdown = (signal: string) => {
    // npm and tsx both pass a signal on, so one Ctrl-C or SIGTERM can arrive twice at once;
    // only a second signal well after the first means "stop now".
    if (firstSignalAt !== undefined) {
      if (Date.now() - firstSignalAt < 2_000) return;
      log.warn('second signal: exiting now');
      process.exit(1);
    }
    firstSignalAt = Date.now();
    log.info({ signal }, 'stopping: no new requests, draining, closing the store');
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
  if (code === 'EADDRINUSE') log.fatal(`Port ${config.port} is in use: stop the other process or set PORT.`);
  // The embedded store's refusals (damaged data folder, folder held by another process) say
  // what to do; they are the message itself.
  else if (/^LocalDb\w+Error$/.test((err as Error).name)) log.fatal({ err }, (err as Error).message);
  else log.fatal({ err }, 'Ids could not start');
  process.exit(1);
}
