// Requests the page's boot script (src/boot.ts) started before main.js ran, and how main.js
// takes them: each answer at most once, and only for the screen and person it was asked for.
// A failed early request is made again by main.js's own client, so errors look the same.
import type { FeedPage, Me, PersonPage } from './types.js';
import type { Route } from './routes.js';
import type { Host } from './teams.js';

export const EARLY_KEY = '__idsEarly';
/** Inside Teams: the connection the boot script started (src/teams-boot.ts). */
export const EARLY_HOST_KEY = '__idsEarlyHost';

export interface Early {
  route: Route;
  devUser: string | undefined;
  me: Promise<Me>;
  feed?: Promise<FeedPage>;
  person?: Promise<PersonPage>;
}

/** The connection to Teams the boot script started, if it did (taken once). */
export function takeEarlyHost(): Promise<Host> | undefined {
  const w = window as unknown as Record<string, Promise<Host> | undefined>;
  const host = w[EARLY_HOST_KEY];
  w[EARLY_HOST_KEY] = undefined;
  return host;
}

/**
 * The boot script's requests, when they were made as the same person main.js acts as. Inside
 * Teams they are made once the context is there, so this waits for that (main.js has it by then).
 */
export async function takeEarly(devUser: string | undefined): Promise<Early | undefined> {
  const w = window as unknown as Record<string, Early | Promise<Early | undefined> | undefined>;
  const pending = w[EARLY_KEY];
  w[EARLY_KEY] = undefined;
  let early: Early | undefined;
  try {
    early = await pending;
  } catch {
    return undefined;
  }
  return early && early.devUser === devUser ? early : undefined;
}
