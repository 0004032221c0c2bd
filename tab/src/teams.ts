// Everything the tab asks of Teams, through teams-js: whether it runs inside Teams, the context
// (user, language, theme, the item a deep link names), SSO tokens, theme changes, opening Teams
// links (chat, call) and the channel tab's configuration.
import { app, authentication, pages } from '@microsoft/teams-js';

export type Theme = 'default' | 'dark' | 'contrast';
export type Locale = 'nl' | 'en';

export interface Host {
  /** Running inside Teams (or a host that speaks its protocol). */
  readonly inTeams: boolean;
  readonly locale: Locale | undefined;
  readonly theme: Theme | undefined;
  /** The static tab (entity id) Teams opened. */
  readonly entityId: string | undefined;
  /** The item a deep link names ("post:<id>", "person:<id>", "question:<id>"). */
  readonly subPageId: string | undefined;
  /** 'settings' on the configuration page of a channel tab. */
  readonly frameContext: string | undefined;
  /** A Teams SSO token for the API (cached until shortly before it expires). */
  token(refresh?: boolean): Promise<string | undefined>;
  onThemeChange(handler: (theme: Theme) => void): void;
  /** Opens a Teams link (chat, call, deep link) the way Teams wants it opened. */
  openLink(url: string): Promise<void>;
  notifySuccess(): void;
}

export const toLocale = (tag: string | null | undefined): Locale | undefined =>
  tag ? (/^(en)\b/i.test(tag) ? 'en' : /^(nl|fy|li)\b/i.test(tag) ? 'nl' : undefined) : undefined;
export const toTheme = (t: string | null | undefined): Theme | undefined =>
  t === 'dark' || t === 'contrast' || t === 'default' ? t : undefined;

const INIT_TIMEOUT_MS = 4000;

/** Seconds since epoch at which a JWT expires (no verification: the server does that). */
function expiry(token: string): number {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    return typeof payload.exp === 'number' ? payload.exp : 0;
  } catch {
    return 0;
  }
}

const outside: Host = {
  inTeams: false,
  locale: undefined,
  theme: undefined,
  entityId: undefined,
  subPageId: undefined,
  frameContext: undefined,
  token: async () => undefined,
  onThemeChange: () => {},
  openLink: async (url) => {
    window.open(url, '_blank', 'noopener');
  },
  notifySuccess: () => {},
};

/**
 * Connects to Teams when framed by it. As a top-level page (a plain browser) it does not wait:
 * teams-js would fail anyway. In a frame that is not Teams, initialize() would wait a minute,
 * so it is cut short.
 */
export async function connectToHost(): Promise<Host> {
  if (window.parent === window && !window.opener) return outside;
  try {
    await Promise.race([
      app.initialize(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), INIT_TIMEOUT_MS)),
    ]);
  } catch {
    return outside;
  }
  const context = await app.getContext();
  let cached: { token: string; exp: number } | undefined;
  let pending: Promise<string> | undefined;
  return {
    inTeams: true,
    locale: toLocale(context.app.locale),
    theme: toTheme(context.app.theme),
    entityId: context.page.id || undefined,
    subPageId: context.page.subPageId || undefined,
    frameContext: context.page.frameContext,
    async token(refresh = false) {
      if (!refresh && cached && cached.exp - 120 > Date.now() / 1000) return cached.token;
      pending ??= authentication.getAuthToken().finally(() => {
        pending = undefined;
      });
      const token = await pending;
      cached = { token, exp: expiry(token) };
      return token;
    },
    onThemeChange(handler) {
      app.registerOnThemeChangeHandler((theme) => handler(toTheme(theme) ?? 'default'));
    },
    openLink: (url) => app.openLink(url),
    notifySuccess: () => app.notifySuccess(),
  };
}

export interface TabConfig {
  entityId: string;
  contentUrl: string;
  suggestedDisplayName: string;
}

/** The channel tab's configuration page: enable Save once a feed is chosen, and save what it names. */
export function configureChannelTab(current: () => TabConfig | undefined): void {
  pages.config.registerOnSaveHandler((save) => {
    const config = current();
    if (!config) {
      save.notifyFailure('nothing chosen');
      return;
    }
    pages.config.setConfig({ ...config, websiteUrl: config.contentUrl }).then(
      () => save.notifySuccess(),
      (err: unknown) => save.notifyFailure(String(err)),
    );
  });
}

export function setConfigValid(valid: boolean): void {
  pages.config.setValidityState(valid);
}
