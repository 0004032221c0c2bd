// The page's boot script: inlined into index.html by scripts/build-tab.mjs and run while the
// browser is still downloading main.js, so that on a slow phone connection the first screen's
// code and data travel alongside the app's code instead of after it:
// - inside Teams, the connection to Teams is made at once (teams-js in a file of its own,
//   src/teams-boot.ts), and with the context and the SSO token the first screen's data is asked for;
// - a screen whose code is a lazy chunk (a person's page opened by deep link) has that chunk and
//   everything it imports fetched at once, not one import level at a time after start-up;
// - in development mode in a plain browser (no Teams SSO token to wait for), "who am I" and the
//   first screen's data are requested at once, with the same client and headers as main.js;
//   main.js takes the connection and these answers (src/early.ts);
// - the first posts, or the colleague a deep link names, are drawn as soon as they are here
//   (src/shell.ts), before the app's code has arrived and run.
import { createApi, inlineConfig } from './api.js';
import { storedDevUser } from './dev-user.js';
import { toLocale, toTheme, type Locale } from './locale.js';
import { drawFeed, drawPerson, type ShellWords } from './shell.js';
import { parseRoute, type Route } from './routes.js';
import { EARLY_HOST_KEY, EARLY_KEY, type Early } from './early.js';
import type { Host } from './teams.js';

/** The shell's words in both languages (the build defines them from the catalogue). */
declare const __IDS_SHELL_WORDS__: Record<Locale, ShellWords>;

/** Files of each lazy part, from esbuild's metafile (the build defines it). */
declare const __IDS_LAZY__: Record<
  'teams' | 'people' | 'person' | 'more' | 'compose' | 'lists' | 'analytics' | 'en',
  string[]
>;
/** Teams' connection for this script (src/teams-boot.ts): its file under /tab/assets/. */
declare const __IDS_TEAMS_BOOT__: string;

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
    case 'privacy':
      return 'more';
    case 'compose':
      return 'compose';
    case 'incomplete':
    case 'profile-gaps':
      return 'lists';
    case 'analytics':
      return 'analytics';
    default:
      return undefined;
  }
}

/** Preloads once the requests just started have been sent (the client awaits the token first). */
function afterRequests(files: string[]): void {
  setTimeout(() => preload(files), 0);
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
  const part = configuring ? undefined : partOf(route);
  // The screen's own code and the English messages are asked for just after the first screen's
  // data, not before: over HTTP/1.1 a browser opens six connections to a host, and the page, the
  // app's two files, a deep-linked screen's two and the English catalogue would otherwise leave
  // the data's requests waiting for one and paying a slow network's latency twice. The shell
  // draws the data without them; the app needs them only after its own code has run.
  const later: string[] = part ? [...__IDS_LAZY__[part]] : [];
  const config = inlineConfig();
  // Teams puts its language in the tab's address (the manifest's contentUrl has locale={locale}):
  // the English catalogue, a chunk of its own, travels with the app's code. Inside Teams only the
  // address counts (the browser's language need not be Teams'); without it main.js loads it when
  // the context says English.
  const asked = toLocale(new URLSearchParams(location.search).get('locale'));
  const guess = framed ? asked : (asked ?? toLocale(navigator.language) ?? config?.defaultLocale);
  if (guess === 'en') later.push(...__IDS_LAZY__.en);
  // The loading page (and the shell) in the theme Teams asked for (theme={theme}): no white flash in dark.
  const theme = toTheme(new URLSearchParams(location.search).get('theme'));
  if (theme) document.documentElement.dataset.theme = theme;
  const devUser = config?.mode === 'development' ? storedDevUser() : undefined;
  const w = window as unknown as Record<string, unknown>;
  // The configuration page connects from main.js, with the app's teams-js (asked for now).
  if (framed && configuring) preload(__IDS_LAZY__.teams);
  if (framed && config && !configuring) {
    // Inside Teams: connect now (teams-js in a file of its own, src/teams-boot.ts), and once the
    // context and the SSO token are there ask for the screen the context names (a deep link's
    // person or post comes as its sub page id). Not on the channel tab's configuration page: it
    // saves through teams-js's pages API, which main.js's own copy of teams-js serves.

    preload([__IDS_TEAMS_BOOT__]);
    const host: Promise<Host> = import(`/tab/assets/${__IDS_TEAMS_BOOT__}`).then(
      (m: typeof import('./teams-boot.js')) => m.connect(config.mode === 'sso'),
    );
    host.catch(() => preload(later));
    w[EARLY_HOST_KEY] = host;
    w[EARLY_KEY] = host.then((h) => {
      if (!h.inTeams || h.frameContext === 'settings') {
        preload(later);
        return undefined;
      }
      const locale = h.locale ?? guess ?? config.defaultLocale;
      if (locale === 'en' && guess !== 'en') later.push(...__IDS_LAZY__.en);
      const named = parseRoute(location.search, h.subPageId, h.entityId);
      const namedPart = partOf(named);
      if (namedPart && namedPart !== part) later.push(...__IDS_LAZY__[namedPart]);
      const early = ask(named, locale, devUser, (refresh) => h.token(refresh));
      afterRequests(later);
      return early;
    });
  } else if (!framed && !configuring && config?.mode === 'development') {
    // In development mode in a plain browser there is no Teams token to wait for: ask at once.
    w[EARLY_KEY] = ask(route, guess ?? config.defaultLocale, devUser, async () => undefined);
    afterRequests(later);
  } else preload(later);
} catch {
  // main.js does everything itself
}

/** "Who am I" and the route's data, with the same client and headers as main.js; the shell drawn from them. */
function ask(
  route: Route,
  locale: Locale,
  devUser: string | undefined,
  token: (refresh?: boolean) => Promise<string | undefined>,
): Early {
  const api = createApi({ token, devUser: () => devUser, locale: () => locale });
  const early: Early = {
    route,
    devUser,
    me: api.me(),
    feed: route.view === 'home' ? api.feed() : undefined,
    person: route.view === 'person' ? api.person(route.id) : undefined,
  };
  for (const p of [early.me, early.feed, early.person]) p?.catch(() => {});
  // The first posts or the colleague, drawn as soon as they are here if the app is not yet (src/shell.ts).
  early.feed?.then(
    (page) => drawFeed(page, locale, __IDS_SHELL_WORDS__[locale]),
    () => {},
  );
  early.person?.then(drawPerson, () => {});
  return early;
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
