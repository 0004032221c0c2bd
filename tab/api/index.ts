import type { Router } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../../server/config.js';
import type { Services } from '../../core/services.js';

export interface ApiDeps {
  config: Config;
  log: Logger;
  services: Services;
}

/** Routers under /api that need a signed-in person (res.locals.actor). */
export function tabApiRouters(_deps: ApiDeps): Router[] {
  return [];
}

/** Routers under /api that authenticate otherwise (signed media URLs). */
export function publicApiRouters(_deps: ApiDeps): Router[] {
  return [];
}
