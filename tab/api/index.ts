import type { Router } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../../config/index.js';
import type { Services } from '../../core/services.js';
import type { SocialContext } from '../../core/posts/notify.js';
import { peopleRoutes } from './people.js';
import { postsRouter } from './posts.js';
import { groupsRouter } from './groups.js';
import { searchRouter } from './search.js';
import { mediaRouter, signedMediaRouter } from './media.js';
import { deliveryRouter } from './delivery.js';
import { nudgesRouter } from './nudges.js';
import { analyticsRouter } from './analytics.js';

export interface ApiDeps {
  config: Config;
  log: Logger;
  services: Services;
  /** Question notifications: { hooks: questionNotices(createBotMessenger(bot.adapter, …), …), log }. */
  social?: SocialContext;
}

/** Routers under /api that need a signed-in person (res.locals.actor). */
export function tabApiRouters(deps: ApiDeps): Router[] {
  // nudgesRouter first: /departments/completeness is not a department's id; searchRouter before
  // postsRouter: /posts/search is not /posts/:id.
  return [
    nudgesRouter(deps),
    peopleRoutes(deps),
    deliveryRouter(deps),
    searchRouter(deps),
    postsRouter(deps),
    groupsRouter(deps),
    mediaRouter(deps),
    analyticsRouter(deps),
  ];
}

/** Routers under /api that authenticate otherwise (signed media URLs). */
export function publicApiRouters(deps: ApiDeps): Router[] {
  return [signedMediaRouter(deps)];
}
