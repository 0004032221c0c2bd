// Everything the tab asks of Teams, through teams-js: whether it runs inside Teams, the context
// (user, language, theme, the item a deep link names), SSO tokens, theme changes, opening Teams
// links (chat, call) and the channel tab's configuration.
// teams-js (60 KB) is loaded only when the tab is framed: a plain browser never needs it, and
// inside Teams the page's boot script has already asked for it (scripts/build-tab.mjs).
import { toLocale, toTheme, type Locale, type Theme } from './locale.js';

export { toLocale, toTheme, type Locale, type Theme };

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
  /** The team channel a channel tab lives in ("19:…@thread.tacv2"); undefined elsewhere. */
  readonly channelId?: string | undefined;
  /** A Teams SSO token for the API (cached until shortly before it expires). */
  token(refresh?: boolean): Promise<string | undefined>;
  onThemeChange(handler: (theme: Theme) => void): void;
  /** Opens a Teams link (chat, call, deep link) the way Teams wants it opened. */
  openLink(url: string): Promise<void>;
  notifySuccess(): void;
}

/** What the tab uses of teams-js (src/teams-sdk.ts, src/teams-boot.ts). */
export type TeamsSdk = Pick<typeof import('@microsoft/teams-js'), 'app' | 'authentication'>;

/**
 * How long a framed page waits for Teams to answer initialize before it concludes it is not in
 * Teams. Generous: on a slow phone (or a busy test machine) Teams can take seconds to answer, and
 * "open this in Teams" shown inside Teams is worse than a loading page shown a little longer in
 * the rare frame that is not Teams.
 */
const INIT_TIMEOUT_MS = 15_000;

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
export async function connectToHost(
  options: {
    sso?: boolean;
    /** teams-js's parts; the page's boot script passes its own copy (src/teams-boot.ts). */
    load?: () => Promise<TeamsSdk>;
  } = {},
): Promise<Host> {
  if (window.parent === window && !window.opener) return outside;
  let sdk: TeamsSdk;
  try {
    sdk = await (options.load ?? (() => import('./teams-sdk.js')))();
  } catch {
    return outside;
  }
  const { app, authentication } = sdk;
  try {
    await Promise.race([
      app.initialize(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), INIT_TIMEOUT_MS)),
    ]);
  } catch {
    return outside;
  }
  let cached: { token: string; exp: number } | undefined;
  let pending: Promise<string> | undefined;
  const fetchToken = () =>
    (pending ??= authentication
      .getAuthToken()
      .then((token) => {
        cached = { token, exp: expiry(token) };
        return token;
      })
      .finally(() => {
        pending = undefined;
      }));
  // With SSO the first API requests need a token: ask Teams for it while the context is on its
  // way rather than after (each is a round trip to Teams, the token often one to Entra ID too).
  if (options.sso) fetchToken().catch(() => {});
  const context = await app.getContext();
  return {
    inTeams: true,
    locale: toLocale(context.app.locale),
    theme: toTheme(context.app.theme),
    entityId: context.page.id || undefined,
    subPageId: context.page.subPageId || undefined,
    frameContext: context.page.frameContext,
    channelId: context.channel?.id || undefined,
    async token(refresh = false) {
      if (!refresh && cached && cached.exp - 120 > Date.now() / 1000) return cached.token;
      return fetchToken();
    },
    onThemeChange(handler) {
      app.registerOnThemeChangeHandler((theme) => handler(toTheme(theme) ?? 'default'));
    },
    openLink: (url) => app.openLink(url),
    notifySuccess: () => app.notifySuccess(),
  };
}
