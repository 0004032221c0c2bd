import { createContext, useContext } from 'react';
import type { Api } from './api.js';
import type { Host } from './teams.js';
import type { Me, PublicConfig } from './types.js';
import type { Route } from './routes.js';

export interface AppContextValue {
  readonly api: Api;
  readonly host: Host;
  readonly config: PublicConfig;
  readonly me: Me;
  navigate(route: Route, options?: { replace?: boolean }): void;
  /** Back to where the person came from inside the tab, else to `fallback`. */
  back(fallback: Route): void;
  /** A short confirmation ("Je profiel is opgeslagen."), announced politely. */
  notify(text: string, intent?: 'success' | 'error'): void;
  /** After a change to one's own profile. */
  refreshMe(): Promise<void>;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside <AppContext>');
  return value;
}

/** Whether the person may write news: communicators for anyone, managers for their department. */
export function mayWriteNews(me: Me): boolean {
  return me.roles.some((r) => r === 'communicator' || r === 'manager' || r === 'admin');
}
