import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import type { Services } from '../core/services.js';
import type { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { createAdapter, createBotAuthentication, type IdsAdapter } from './adapter.js';
import { botEndpoint, type SenderLimit } from './endpoint.js';
import { IdsBot } from './ids-bot.js';
import { observeTurn } from './observe.js';

export interface Bot {
  readonly adapter: IdsAdapter;
  /** POST /api/messages */
  readonly handler: RequestHandler;
}

export function createBot(deps: {
  config: Config;
  log: Logger;
  services: Services;
  /** Counts an authenticated sender's activities (see server/rate-limit.ts). */
  limitSender?: SenderLimit;
  auth?: ConfigurationBotFrameworkAuthentication;
}): Bot {
  const auth = deps.auth ?? createBotAuthentication(deps.config);
  const adapter = createAdapter(deps.config, deps.log, auth, deps.services.delivery.pacer);
  const bot = new IdsBot(deps);
  const handler = botEndpoint({
    config: deps.config,
    log: deps.log,
    adapter,
    logic: (context) => observeTurn(context, deps.log, () => bot.run(context)),
    limitSender: deps.limitSender,
  });
  return { adapter, handler };
}
