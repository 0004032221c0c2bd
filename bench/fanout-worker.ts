/**
 * One Ids instance for bench/fanout.ts: the whole server as `npm start` runs it (its delivery
 * worker included), on the store and Bot Connector stand-in the bench names in the environment.
 * Prints READY once serving; SIGTERM stops it cleanly, SIGKILL is what the bench tests.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseConfig } from '../config/index.js';
import { deliveryMetrics } from '../core/delivery/metrics.js';
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
// How late this process's timers ran (the worker's sends wait on them for their slots).
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
process.stdout.write(`READY ${cpuMs()}\n`);
process.on('SIGTERM', () => {
  // A stop that hangs (the store gone first) must not leave this process behind.
  setTimeout(() => process.exit(1), 10_000).unref();
  // The CPU this instance used (ms since it started), for the bench's cost per card.
  const m = deliveryMetrics();
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  process.stdout.write(
    `PACING late slots ${m.lateSlots.total()} · 429s ${m.throttled.get({ service: 'bot' })} · event loop delay p50 ${ms(loopDelay.percentile(50))} ms, p99 ${ms(loopDelay.percentile(99))} ms, max ${ms(loopDelay.max)} ms\n`,
  );
  process.stdout.write(`CPU ${cpuMs()}\n`);
  running.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
