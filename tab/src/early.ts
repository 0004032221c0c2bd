// Requests the page's boot script (src/boot.ts) started before main.js ran, and how main.js
// takes them: each answer at most once, and only for the screen and person it was asked for.
// A failed early request is made again by main.js's own client, so errors look the same.
import type { FeedPage, Me, PersonPage } from './types.js';
import type { Route } from './routes.js';

export const EARLY_KEY = '__idsEarly';

export interface Early {
  route: Route;
  devUser: string | undefined;
  me: Promise<Me>;
  feed?: Promise<FeedPage>;
  person?: Promise<PersonPage>;
}

/** The boot script's requests, when they were made as the same person main.js acts as. */
export function takeEarly(devUser: string | undefined): Early | undefined {
  const w = window as unknown as Record<string, Early | undefined>;
  const early = w[EARLY_KEY];
  w[EARLY_KEY] = undefined;
  return early && early.devUser === devUser ? early : undefined;
}
