// The page's boot script: inlined into index.html by scripts/build-tab.mjs and run while the
// browser is still downloading main.js, so that on a slow phone connection the first screen's
// code and data travel alongside the app's code instead of after it:
// - inside Teams, teams-js (which main.js imports only when framed) is fetched at once;
// - a screen whose code is a lazy chunk (a person's page opened by deep link) has that chunk and
//   everything it imports fetched at once, not one import level at a time after start-up;
// - in development mode in a plain browser (no Teams SSO token to wait for), "who am I" and the
//   first screen's data are requested at once, with the same client and headers as main.js;
//   main.js takes these answers (src/early.ts). With SSO the requests wait for Teams' token.
import { createApi, inlineConfig } from './api.js';
import { storedDevUser } from './dev-user.js';
import { toLocale } from './locale.js';
import { parseRoute, type Route } from './routes.js';
import { EARLY_KEY, type Early } from './early.js';

/** Files of each lazy part, from esbuild's metafile (the build defines it). */
declare const __IDS_LAZY__: Record<'teams' | 'people' | 'person' | 'more' | 'compose', string[]>;

/** The lazy part (see app.tsx's lazy imports) that draws a route. */
function partOf(route: Route): keyof typeof __IDS_LAZY__ | undefined {
  switch (route.view) {
    case 'search':
    case 'people':
      return 'people';
    case 'person':
    case 'department':
      return 'person';
    case 'profile':
    case 'groups':
    case 'group':
    case 'channel':
      return 'more';
    case 'compose':
      return 'compose';
    default:
      return undefined;
  }
}

function preload(files: string[] | undefined): void {
  for (const file of files ?? []) {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = `/tab/assets/${file}`;
    document.head.append(link);
  }
}

try {
  const framed = window.parent !== window || !!window.opener;
  const configuring = location.pathname.replace(/\/+$/, '') === '/tab/config';
  const route = parseRoute(location.search);
  if (framed) preload(__IDS_LAZY__.teams);
  const part = configuring ? undefined : partOf(route);
  if (part) preload(__IDS_LAZY__[part]);
  const config = inlineConfig();
  if (!framed && !configuring && config?.mode === 'development') {
    const locale =
      toLocale(new URLSearchParams(location.search).get('locale')) ??
      toLocale(navigator.language) ??
      config.defaultLocale;
    const devUser = storedDevUser();
    const api = createApi({ token: async () => undefined, devUser: () => devUser, locale: () => locale });
    const early: Early = {
      route,
      devUser,
      me: api.me(),
      feed: route.view === 'home' ? api.feed() : undefined,
      person: route.view === 'person' ? api.person(route.id) : undefined,
    };
    for (const p of [early.me, early.feed, early.person]) p?.catch(() => {});
    (window as unknown as Record<string, Early>)[EARLY_KEY] = early;
  }
} catch {
  // main.js does everything itself
}

// The browser's date formatting data loads on the first Intl date formatter (about 100 ms on a
// slow phone, the first screen's "2 uur geleden"): made here, while the app's code is still on
// its way and the page has nothing else to do, the first screen's formatters cost next to nothing.
setTimeout(() => {
  try {
    const locale = toLocale(new URLSearchParams(location.search).get('locale')) ?? toLocale(navigator.language) ?? 'nl';
    new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-1, 'day');
    new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).format(0);
  } catch {
    // only a head start
  }
}, 0);
