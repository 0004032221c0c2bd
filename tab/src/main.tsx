// The tab's entry: connect to Teams and read the server's mode at the same time, then either
// explain how to open Ids in Teams (production, plain browser) or start the app, with the home
// feed's first page already on its way.
import { createRoot } from 'react-dom/client';
import { lazy, Suspense } from 'react';
import { ApiError, createApi, fetchConfig, inlineConfig } from './api.js';
import { App, Frame } from './app.js';
import { connectToHost, toLocale, toTheme, type Locale } from './teams.js';
import { parseRoute } from './routes.js';
import { loadCatalogue, words } from './i18n.js';
import { OutsideTeams } from './screens/outside.js';
import { ErrorNotice } from './components/states.js';
import { storeDevUser, storedDevUser } from './dev-user.js';
import { takeEarly, takeEarlyHost } from './early.js';
import { track, within } from './settled.js';

const Config = lazy(() => import('./screens/config-page.js'));

const params = new URLSearchParams(location.search);

// Marks of the first load, read by `npm run bench:tab -- --waterfall`.
const mark = (name: string) => performance.mark?.(`ids:${name}`);

async function main(): Promise<void> {
  mark('main');
  const container = document.getElementById('app')!;
  // Inside Teams the page's boot script has started the connection (src/teams-boot.ts); if its
  // file could not be loaded, main.js connects with its own teams-js.
  const connecting = async () =>
    (await takeEarlyHost()?.catch(() => undefined)) ?? connectToHost({ sso: inlineConfig()?.mode === 'sso' });
  const [host, config] = await Promise.all([connecting(), fetchConfig()]);
  mark('host');
  const locale: Locale =
    host.locale ?? toLocale(params.get('locale')) ?? toLocale(navigator.language) ?? config.defaultLocale;
  const theme = host.theme ?? toTheme(params.get('theme')) ?? 'default';
  // English is a chunk of its own (src/i18n.tsx), asked for by the boot script when the page's
  // address said English; it is waited for with "who am I", never after it.
  const catalogue = loadCatalogue(locale);
  catalogue.catch(() => {});
  const root = createRoot(container);

  if (config.mode === 'sso' && !host.inTeams) {
    await catalogue;
    root.render(
      <Frame locale={locale} theme={theme}>
        <main style={{ maxWidth: 720, margin: '0 auto', padding: 16 }}>
          <OutsideTeams teamsAppId={config.teamsAppId} />
        </main>
      </Frame>,
    );
    return;
  }

  let devUser = config.mode === 'development' ? storedDevUser() : undefined;
  const api = createApi({ token: (refresh) => host.token(refresh), devUser: () => devUser, locale: () => locale });
  const route = parseRoute(location.search, host.subPageId, host.entityId);
  const configuring = location.pathname.replace(/\/+$/, '') === '/tab/config' || host.frameContext === 'settings';
  // The first screen's data (and its code, when it is a chunk of its own) travels alongside
  // "who am I" rather than after it; the page's boot script has already asked for them, in a
  // plain browser in development at once, inside Teams with the context and token (src/boot.ts).
  const early = !configuring ? await takeEarly(devUser) : undefined;
  const firstFeed =
    route.view === 'home' && !configuring ? track(early?.feed?.catch(() => api.feed()) ?? api.feed()) : undefined;
  firstFeed?.catch(() => {});
  const firstPerson =
    route.view === 'person'
      ? {
          id: route.id,
          page: track(
            (early?.route.view === 'person' && early.route.id === route.id
              ? early.person?.catch(() => api.person(route.id))
              : undefined) ?? api.person(route.id),
          ),
        }
      : undefined;
  firstPerson?.page.catch(() => {});
  if (firstPerson) void import('./screens/person-group.js').catch(() => {});
  const [me] = await Promise.all([early?.me.catch(() => api.me()) ?? api.me(), catalogue]);
  mark('me');
  // A first screen whose data comes a moment after "who am I" is drawn with it, not as a
  // skeleton first (on a slow phone each extra render of the screen costs a few hundred ms).
  await within(firstFeed ?? firstPerson?.page, 300);
  // One engagement event per opening of the tab (never the configuration page); fire and forget.
  if (!configuring) void api.tabOpened();

  const setDevUser = (email: string | undefined) => {
    storeDevUser(email);
    devUser = email;
    location.reload();
  };

  mark('render');
  if (configuring) {
    root.render(
      <Suspense>
        <Config boot={{ api, host, config, locale, theme, me, devUser, setDevUser }} />
      </Suspense>,
    );
  } else {
    root.render(
      <App
        api={api}
        host={host}
        config={config}
        locale={locale}
        theme={theme}
        me={me}
        firstFeed={firstFeed}
        firstPerson={firstPerson}
        devUser={devUser}
        setDevUser={setDevUser}
      />,
    );
  }
  host.notifySuccess();
}

main().catch(async (err: unknown) => {
  const locale = toLocale(params.get('locale')) ?? toLocale(navigator.language) ?? 'nl';
  // Without the English catalogue (the network failed), the message is in Dutch.
  await loadCatalogue(locale).catch(() => {});
  const container = document.getElementById('app')!;
  const w = words(locale);
  const root = createRoot(container);
  root.render(
    <Frame locale={locale} theme={toTheme(params.get('theme')) ?? 'default'}>
      <main style={{ maxWidth: 720, margin: '0 auto', padding: 16 }}>
        <h1>Ids</h1>
        <ErrorNotice
          message={err instanceof ApiError ? w.error(err) : w.t('tab.failed')}
          retry={() => location.reload()}
        />
      </main>
    </Frame>,
  );
});

// The first load's modules as one namespace, so that lazy parts share one chunk with it (src/first-load.ts).
export * as firstLoad from './first-load.js';
