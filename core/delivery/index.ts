import type { Logger } from 'pino';
import type { Config } from '../../config/index.js';
import { ConversationRef, Delivery } from '../../models/delivery.js';
import { Post } from '../../models/post.js';
import { answerNoticeRenderer } from '../posts/question-notices.js';
import { publishDuePosts } from '../posts/publishing.js';
import { runDueFanouts } from './fanout.js';
import { createGraphInstaller } from './graph.js';
import type { Messenger } from './messenger.js';
import { newsRenderer } from './news.js';
import { AppBucket, Pacer } from './pacing.js';
import { messageRenderer, type Renderer } from './render.js';
import { createDeliveryWorker, type DeliveryWorker } from './worker.js';

export interface DeliveryService {
  /** The shared rate budget (the bot's own replies draw from it too). */
  readonly pacer: Pacer;
  /** Undefined when this instance runs no worker (DELIVERY_WORKER=off). */
  readonly worker: DeliveryWorker | undefined;
  /** How core reaches Teams (undefined without a bot). */
  readonly messenger: Messenger | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The tenant whose bucket the app draws from (one app, one tenant). */
export function tenantOf(config: Config): string {
  return config.bot.tenantId ?? config.entra.tenantId ?? 'default';
}

/**
 * The delivery subsystem as `npm start` runs it: the pacer, the renderers of each kind of
 * proactive message, the jobs that publish scheduled posts and make their deliveries, and the
 * worker that sends through the messenger bot/ implements. `extraRenderers` lets later kinds
 * (nudges) plug in.
 */
export function createDelivery(deps: {
  config: Config;
  log: Logger;
  messenger?: Messenger;
  extraRenderers?: ReadonlyMap<string, Renderer>;
  instanceId?: string;
}): DeliveryService {
  const { config, log } = deps;
  const d = config.delivery;
  const pacer = new Pacer({
    tenant: tenantOf(config),
    appPerSecond: d.appPerSecond,
    conversationWindows: d.conversationWindows,
  });
  const renderers = new Map<string, Renderer>([
    ['news', newsRenderer(config)],
    ['notice', answerNoticeRenderer(config)],
    ['message', messageRenderer],
    ...(deps.extraRenderers ?? []),
  ]);
  const installer = d.graph
    ? createGraphInstaller({
        tenantId: d.graph.tenantId,
        clientId: d.graph.clientId,
        clientSecret: d.graph.clientSecret,
        authority: config.entra.authority,
        graphUrl: d.graph.url,
        teamsAppId: d.graph.teamsAppId,
        bucket: new AppBucket(`graph:${tenantOf(config)}`, d.graph.perSecond, 0),
        timeoutMs: d.timeoutMs,
        log: log.child({ component: 'graph' }),
      })
    : undefined;
  const worker =
    d.worker && deps.messenger
      ? createDeliveryWorker({
          messenger: deps.messenger,
          pacer,
          renderers,
          ...(installer ? { installer } : {}),
          log: log.child({ component: 'delivery' }),
          ...(deps.instanceId ? { instanceId: deps.instanceId } : {}),
          options: {
            concurrency: d.concurrency,
            leaseMs: d.leaseMs,
            maxAttempts: d.maxAttempts,
            // Throttling is waited out, however often it comes, for up to six hours.
            maxThrottledMs: 6 * 3_600_000,
            pollMs: d.pollMs,
            authPauseMs: d.authPauseMs,
            retryBaseMs: d.retryBaseMs,
            defaultServiceUrl: d.serviceUrl,
            defaultLocale: config.defaultLocale,
            ...(config.bot.tenantId || config.entra.tenantId
              ? { tenantId: (config.bot.tenantId ?? config.entra.tenantId)! }
              : {}),
          },
          jobs: [
            { name: 'publish scheduled posts', run: () => publishDuePosts() },
            { name: 'make deliveries', run: () => runDueFanouts() },
          ],
        })
      : undefined;
  return {
    pacer,
    worker,
    messenger: deps.messenger,
    async start() {
      // Earlier versions keyed ConversationRef on teamsUserId and Delivery on post + person
      // (unique): those indexes would refuse channels and notices. Drop what the schemas no longer declare.
      await Promise.all([ConversationRef.syncIndexes(), Delivery.syncIndexes()]);
      // Posts stored before posts had a status are published ones: feeds and search ask for status 'published'.
      const legacy = await Post.updateMany({ status: { $exists: false } }, { $set: { status: 'published' } });
      if (legacy.modifiedCount > 0)
        log.info({ posts: legacy.modifiedCount }, 'posts without a status marked published');
      worker?.start();
      if (d.worker && !deps.messenger) log.warn('no messenger: the delivery worker does not run');
    },
    async stop() {
      await worker?.stop();
    },
  };
}
