/**
 * One Ids instance for bench/fanout.ts: the whole server as `npm start` runs it (its delivery
 * worker included), on the store and Bot Connector stand-in the bench names in the environment.
 * Prints READY once serving; SIGTERM stops it cleanly, SIGKILL is what the bench tests.
 */
import { parseConfig } from '../config/index.js';
import { createLogger } from '../server/logger.js';
import { startServer } from '../server/start.js';

const config = parseConfig({
  ...process.env,
  NODE_ENV: 'test',
  PORT: '0',
  HOST: '127.0.0.1',
  SEED_DEMO: 'false',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
});
const running = await startServer(config, { log: createLogger(config.logLevel) });
await running.ready;
const cpuMs = () => {
  const cpu = process.cpuUsage();
  return (cpu.user + cpu.system) / 1000;
};
process.stdout.write(`READY ${cpuMs()}\n`);
process.on('SIGTERM', () => {
  // A stop that hangs (the store gone first) must not leave this process behind.
  setTimeout(() => process.exit(1), 10_000).unref();
  // The CPU this instance used (ms since it started), for the bench's cost per card.
  process.stdout.write(`CPU ${cpuMs()}\n`);
  running.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
