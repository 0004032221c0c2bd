import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import mongoose from 'mongoose';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { createLogger } from './logger.js';
import { createApp } from './app.js';
import { createRateLimits } from './rate-limit.js';
import { connectStore, type StoreConnection } from '../models/connection.js';
import { seedDemoOrganisation } from '../demo/seed.js';
import { createBot } from '../bot/index.js';
import { createBotAuthentication } from '../bot/adapter.js';
import { createServices, type Services } from '../core/services.js';
import { tabApiRouters, publicApiRouters } from '../tab/api/index.js';
import { createBotMessenger } from '../bot/messenger.js';
import { questionNotices } from '../core/posts/question-notices.js';
import { collectProcessMetrics, metrics, onScrape } from '../core/metrics.js';
import { liveInstances, registerInstance, type InstanceRegistration } from '../core/media/url-key.js';
import { startMetricsServer } from './observe.js';
import { storeMetrics } from './store-metrics.js';
import { packageVersion } from './project.js';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** The METRICS_PORT listener's port, when there is one. */
  readonly metricsPort: number | undefined;
  readonly services: Services;
  readonly log: Logger;
  /** This instance's name in the store (instances, jobs). */
  readonly instanceId: string;
  /** Resolves once seeding and the search index are done (healthz says ok from then on). */
  readonly ready: Promise<void>;
  /**
   * Stops taking requests, lets those in flight finish (up to SHUTDOWN_TIMEOUT_SECONDS, then cuts
   * them off), stops the background work (directory refresh, scheduled jobs, the Entra ID sync),
   * signs off from the store and closes it.
   */
  stop(): Promise<void>;
}

/**
 * The composition root: store, services, bot, HTTP. The server listens at once (healthz
 * answers 503 "starting"), then seeds and builds the search index, then reports ok.
 */
export async function startServer(config: Config, opts: { log?: Logger } = {}): Promise<RunningServer> {
  const log = opts.log ?? createLogger(config.logLevel);
  collectProcessMetrics();
  const store: StoreConnection = await connectStore(config, log);
  let instance: InstanceRegistration;
  try {
    // Says in the store that this instance runs; refuses to run beside another instance without
    // a shared MEDIA_URL_SECRET (signed image links must work on every instance).
    instance = await registerInstance(config, log, { version: packageVersion() });
  } catch (err) {
    await store.close();
    throw err;
  }
  const auth = createBotAuthentication(config);
  // The delivery worker reaches Teams through the bot's Bot Connector client (bot/messenger.ts).
  const messenger = createBotMessenger(auth, config, { timeoutMs: config.delivery.timeoutMs });
  const services = createServices({ config, log, messenger, instanceId: instance.id });
  let isReady = false;
  let stopping = false;
  let waiting: string[] = [...(config.seedDemo ? ['demo data'] : []), 'directory index'];
  let server: Server | undefined;
  let metricsServer: Server | undefined;
  /** Writes the requests counted in memory (server/rate-limit.ts), so a stopping instance's count is not lost. */
  let flushRateLimits = async (): Promise<void> => undefined;
  try {
    // Counted in MongoDB, so the limits hold across every instance that shares it. The embedded
    // store serves one machine, and would fsync its journal for every request counted (p50 2.4 ms,
    // p95 35 ms per count on a busy 2-core machine): there the count stays in memory.
    const rateLimits = await createRateLimits({
      perMinute: config.rateLimitPerMinute,
      connection: config.mongodbUri ? mongoose.connection : undefined,
    });
    flushRateLimits = async () => {
      await Promise.all(Object.values(rateLimits).map((limiter) => limiter.flush()));
    };
    const bot = createBot({ config, log, services, auth, limitSender: rateLimits.perSender });
    // Askers hear of answers to their questions through the outbox (proactive messages).
    const social = { hooks: questionNotices({ log }), log };
    const app = createApp({
      config,
      log,
      readiness: {
        ready: () => isReady,
        ping: () => store.ping(),
        waiting: () => waiting,
        stopping: () => stopping,
      },
      botHandler: bot.handler,
      rateLimits,
      apiRouters: tabApiRouters({ config, log, services, social }),
      publicRouters: publicApiRouters({ config, log, services }),
    });
    server = await listen(app, config.port, config.host);
    if (config.operations.metricsPort !== undefined) {
      metricsServer = await startMetricsServer({
        port: config.operations.metricsPort,
        host: config.operations.metricsHost,
        token: config.operations.metricsToken,
        log,
      });
    }
  } catch (err) {
    server?.close();
    await instance.stop();
    await store.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const metricsPort = metricsServer ? (metricsServer.address() as AddressInfo).port : undefined;
  const url = `http://127.0.0.1:${port}`;
  log.info(
    { port, store: store.where, devAuth: config.devAuth, instance: instance.id, metricsPort },
    'Ids is listening',
  );
  if (config.devAuth && !isLoopback(config.host)) {
    log.warn(
      { host: config.host },
      'development mode listens beyond this machine: anyone who reaches it can act as any person (unset HOST to listen on localhost only)',
    );
  }
  if (config.operations.metricsToken === undefined && metricsPort === undefined) {
    log.info('GET /metrics is off: set METRICS_TOKEN (bearer token) or METRICS_PORT (a port of its own) to serve it');
  }
  const stopCollecting = [
    onScrape(() => metrics.ready.set(isReady && !stopping ? 1 : 0)),
    onScrape(async () => metrics.instances.set((await liveInstances()).length)),
    onScrape(storeMetrics(store)),
  ];

  const ready = (async () => {
    const started = Date.now();
    // Logs its own summary when it seeds; an existing store is left as it is.
    if (config.seedDemo) await seedDemoOrganisation({ log, timeZone: config.orgTimezone });
    waiting = waiting.filter((w) => w !== 'demo data');
    await services.start();
    waiting = [];
    isReady = true;
    log.info({ ms: Date.now() - started }, 'Ids is ready');
  })();
  ready.catch((err) => log.error({ err }, 'start-up failed; /healthz stays 503'));

  let stopped: Promise<void> | undefined;
  const httpServer = server;
  return {
    url,
    port,
    metricsPort,
    services,
    log,
    instanceId: instance.id,
    ready,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        const started = Date.now();
        await drain(httpServer, config.operations.shutdownTimeoutMs, log);
        await flushRateLimits().catch((err: unknown) => log.warn({ err }, 'rate limit counts not written'));
        metricsServer?.close();
        metricsServer?.closeAllConnections();
        // Start-up work still running (seeding, the index) finishes first: it holds the store.
        await ready.catch(() => undefined);
        await services.stop();
        for (const stop of stopCollecting) stop();
        await instance.stop();
        await store.close();
        log.info({ ms: Date.now() - started }, 'Ids stopped');
      })();
      return stopped;
    },
  };
}

/**
 * Stops accepting connections, closes the idle ones, and waits for the requests in flight (each
 * answered with Connection: close); after timeoutMs the rest are cut off.
 */
async function drain(server: Server, timeoutMs: number, log: Logger): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // A keep-alive connection that finishes its request while stopping is closed at once.
  const onIdle = () => server.closeIdleConnections();
  const idleTimer = setInterval(onIdle, 100);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    if ((await Promise.race([closed, timedOut])) === 'timeout') {
      log.warn({ timeoutMs }, 'requests still running at the shutdown deadline were cut off');
      server.closeAllConnections();
      await closed;
    }
  } finally {
    clearInterval(idleTimer);
    clearTimeout(timer);
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function listen(app: import('express').Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}
