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
import { registerInstance, type InstanceRegistration } from '../core/media/url-key.js';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly services: Services;
  readonly log: Logger;
  /** Resolves once seeding and the search index are done (healthz says ok from then on). */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The composition root: store, services, bot, HTTP. The server listens at once (healthz
 * answers 503 "starting"), then seeds and builds the search index, then reports ok.
 */
export async function startServer(config: Config, opts: { log?: Logger } = {}): Promise<RunningServer> {
  const log = opts.log ?? createLogger(config.logLevel);
  const store: StoreConnection = await connectStore(config, log);
  const auth = createBotAuthentication(config);
  // The delivery worker reaches Teams through the bot's Bot Connector client (bot/messenger.ts).
  const messenger = createBotMessenger(auth, config, { timeoutMs: config.delivery.timeoutMs });
  const services = createServices({ config, log, messenger });
  let isReady = false;
  let server: Server | undefined;
  let instance: InstanceRegistration | undefined;
  try {
    // Refuses to run beside another instance without a shared MEDIA_URL_SECRET.
    instance = await registerInstance(config, log);
    // Counted in MongoDB, so the limits hold across every instance that shares it. The embedded
    // store serves one machine, and would fsync its journal for every request counted (p50 2.4 ms,
    // p95 35 ms per count on a busy 2-core machine): there the count stays in memory.
    const rateLimits = await createRateLimits({
      perMinute: config.rateLimitPerMinute,
      connection: config.mongodbUri ? mongoose.connection : undefined,
    });
    const bot = createBot({ config, log, services, auth, limitSender: rateLimits.perSender });
    // Askers hear of answers to their questions through the outbox (proactive messages).
    const social = { hooks: questionNotices({ log }), log };
    const app = createApp({
      config,
      log,
      readiness: { ready: () => isReady, ping: () => store.ping() },
      botHandler: bot.handler,
      rateLimits,
      apiRouters: tabApiRouters({ config, log, services, social }),
      publicRouters: publicApiRouters({ config, log, services }),
    });
    server = await listen(app, config.port, config.host);
  } catch (err) {
    await instance?.stop();
    await store.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  log.info({ port, store: store.where, devAuth: config.devAuth }, 'Ids is listening');
  if (config.devAuth && !isLoopback(config.host)) {
    log.warn(
      { host: config.host },
      'development mode listens beyond this machine: anyone who reaches it can act as any person (unset HOST to listen on localhost only)',
    );
  }

  const ready = (async () => {
    const started = Date.now();
    // Logs its own summary when it seeds; an existing store is left as it is.
    if (config.seedDemo) await seedDemoOrganisation({ log });
    await services.start();
    isReady = true;
    log.info({ ms: Date.now() - started }, 'Ids is ready');
  })();
  ready.catch((err) => log.error({ err }, 'start-up failed; /healthz stays 503'));

  let stopping: Promise<void> | undefined;
  const httpServer = server;
  return {
    url,
    port,
    services,
    log,
    ready,
    stop() {
      stopping ??= (async () => {
        await ready.catch(() => undefined);
        await new Promise<void>((resolve) => {
          httpServer.close(() => resolve());
          httpServer.closeIdleConnections();
          // Requests still running after 10 s are cut off so shutdown cannot hang.
          setTimeout(() => httpServer.closeAllConnections(), 10_000).unref();
        });
        await services.stop();
        await instance?.stop();
        await store.close();
        log.info('Ids stopped');
      })();
      return stopping;
    },
  };
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
