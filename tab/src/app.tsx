import { Suspense, lazy, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { FluentProvider } from '@fluentui/react-provider';
import { makeStyles } from '@griffel/react';
import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme, tokens } from '@fluentui/react-theme';
import type { Api } from './api.js';
import { AppContext, type AppContextValue } from './app-context.js';
import { WordsContext, useLocaleWords } from './i18n.js';
import { parseRoute, sectionOf, urlOf, type Route } from './routes.js';
import type { Host, Locale, Theme } from './teams.js';
import type { FeedPage, Me, PersonPage as PersonPageData, PublicConfig } from './types.js';
import { Loading } from './components/states.js';
import type { Notice } from './components/toasts.js';
import { Home } from './screens/home.js';
import { PostPage } from './screens/post-page.js';

// Rare screens load when opened, so they do not weigh on the first load on a phone.
const Compose = lazy(() => import('./screens/compose.js'));
const Analytics = lazy(() => import('./screens/analytics.js'));
const DepartmentIncomplete = lazy(() =>
  import('./screens/profile-lists.js').then((m) => ({ default: m.DepartmentIncomplete })),
);
const ProfileGaps = lazy(() => import('./screens/profile-lists.js').then((m) => ({ default: m.ProfileGaps })));
const Privacy = lazy(() => import('./screens/more-group.js').then((m) => ({ default: m.Privacy })));
const Profile = lazy(() => import('./screens/more-group.js').then((m) => ({ default: m.Profile })));
const Search = lazy(() => import('./screens/people-group.js').then((m) => ({ default: m.Search })));
const People = lazy(() => import('./screens/people-group.js').then((m) => ({ default: m.People })));
const PersonPage = lazy(() => import('./screens/person-group.js').then((m) => ({ default: m.PersonPage })));
const DepartmentPage = lazy(() => import('./screens/person-group.js').then((m) => ({ default: m.DepartmentPage })));
const ChannelFeed = lazy(() => import('./screens/more-group.js').then((m) => ({ default: m.ChannelFeed })));
const Toasts = lazy(() => import('./screens/more-group.js').then((m) => ({ default: m.Toasts })));
const BrowserHeader = lazy(() => import('./screens/more-group.js').then((m) => ({ default: m.BrowserHeader })));
const Groups = lazy(() => import('./screens/more-group.js').then((m) => ({ default: m.Groups })));
const GroupPage = lazy(() => import('./screens/more-group.js').then((m) => ({ default: m.GroupPage })));

export const THEMES = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme } as const;

const useStyles = makeStyles({
  // Teams' canvas (light #f5f5f5, dark #1f1f1f); cards stand on it in colorNeutralBackground1.
  root: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground3 },
  main: {
    maxWidth: '720px',
    margin: '0 auto',
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalM} ${tokens.spacingVerticalXXXL}`,
    boxSizing: 'border-box',
  },
  wide: { maxWidth: '1200px' },
});

export interface Boot {
  api: Api;
  host: Host;
  config: PublicConfig;
  locale: Locale;
  theme: Theme;
  me: Me;
  /** The home feed's first page, fetched while the app was starting. */
  firstFeed?: Promise<FeedPage>;
  /** A person's page opened by deep link, fetched while the app was starting. */
  firstPerson?: { id: string; page: Promise<PersonPageData> };
  devUser: string | undefined;
  setDevUser(email: string | undefined): void;
}

/** Themed and localized frame: the Teams theme follows Teams live. */
export function Frame({ locale, theme, children }: { locale: Locale; theme: Theme; children: ReactNode }) {
  const words = useLocaleWords(locale);
  const styles = useStyles();
  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dataset.theme = theme;
  }, [locale, theme]);
  return (
    // The layout goes on a div inside: FluentProvider's className is copied to every portal's
    // mount node (dialogs, dropdown lists), which must not become full-page layers.
    <FluentProvider theme={THEMES[theme]} lang={locale}>
      <div className={styles.root}>
        <WordsContext.Provider value={words}>{children}</WordsContext.Provider>
      </div>
    </FluentProvider>
  );
}

export function App(boot: Boot) {
  const [theme, setTheme] = useState<Theme>(boot.theme);
  useEffect(() => boot.host.onThemeChange(setTheme), [boot.host]);
  return (
    <Frame locale={boot.locale} theme={theme}>
      <Shell {...boot} />
    </Frame>
  );
}

function Shell(boot: Boot) {
  const styles = useStyles();
  const [notices, setNotices] = useState<Notice[]>([]);
  // Outside Teams (development) the navigation bar is drawn once the first screen is up: it is
  // code of its own, and the first screen should not wait for it on a slow phone.
  const [showHeader, setShowHeader] = useState(false);
  useEffect(() => {
    if (boot.host.inTeams) return;
    const idle = window.requestIdleCallback ?? ((run: () => void) => window.setTimeout(run, 1000));
    idle(() => setShowHeader(true));
  }, [boot.host.inTeams]);
  const [route, setRoute] = useState<Route>(() => parseRoute(location.search, boot.host.subPageId, boot.host.entityId));
  const [me, setMe] = useState(boot.me);
  const [firstFeed, setFirstFeed] = useState(boot.firstFeed);
  const [firstPerson, setFirstPerson] = useState(boot.firstPerson);

  useEffect(() => {
    const onPop = () => {
      document.body.dataset.navigated = '1';
      setRoute(parseRoute(location.search));
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const navigate = useCallback((next: Route, options: { replace?: boolean } = {}) => {
    document.body.dataset.navigated = '1';
    const url = urlOf(next, location.search);
    if (options.replace) history.replaceState({ ids: true }, '', url);
    else history.pushState({ ids: true }, '', url);
    setFirstFeed(undefined);
    setFirstPerson(undefined);
    setRoute(next);
    window.scrollTo({ top: 0 });
  }, []);

  const value: AppContextValue = useMemo(
    () => ({
      api: boot.api,
      host: boot.host,
      config: boot.config,
      me,
      navigate,
      back(fallback) {
        if (history.state?.ids) history.back();
        else navigate(fallback, { replace: true });
      },
      notify(text, intent = 'success') {
        setNotices((n) => [...n.slice(-4), { id: Date.now() + Math.random(), text, intent }]);
      },
      async refreshMe() {
        setMe(await boot.api.me());
      },
    }),
    [boot.api, boot.host, boot.config, me, navigate],
  );

  const section = sectionOf(route);
  return (
    <AppContext.Provider value={value}>
      {showHeader && !boot.host.inTeams && route.view !== 'channel' && (
        <Suspense>
          <BrowserHeader
            section={section}
            development={boot.config.mode === 'development'}
            devUser={boot.devUser}
            setDevUser={boot.setDevUser}
          />
        </Suspense>
      )}
      <main className={`${styles.main} ${route.view === 'compose' || route.view === 'analytics' ? styles.wide : ''}`}>
        <Suspense fallback={<Loading />}>
          <RouteView
            route={route}
            firstFeed={firstFeed}
            firstPerson={firstPerson}
            key={`${me.id}:${JSON.stringify(route)}`}
          />
        </Suspense>
      </main>
      {notices.length > 0 && (
        <Suspense>
          <Toasts notices={notices} />
        </Suspense>
      )}
    </AppContext.Provider>
  );
}

function RouteView({
  route,
  firstFeed,
  firstPerson,
}: {
  route: Route;
  firstFeed?: Promise<FeedPage>;
  firstPerson?: Boot['firstPerson'];
}) {
  switch (route.view) {
    case 'home':
      return <Home initial={firstFeed} />;
    case 'post':
      return <PostPage id={route.id} />;
    case 'search':
      return <Search initialQuery={route.q} />;
    case 'people':
      return <People />;
    case 'person':
      return <PersonPage id={route.id} initial={firstPerson?.id === route.id ? firstPerson.page : undefined} />;
    case 'department':
      return <DepartmentPage id={route.id} />;
    case 'incomplete':
      return <DepartmentIncomplete id={route.id} />;
    case 'profile-gaps':
      return <ProfileGaps />;
    case 'profile':
      return <Profile />;
    case 'groups':
      return <Groups />;
    case 'group':
      return <GroupPage id={route.id} />;
    case 'compose':
      return <Compose />;
    case 'analytics':
      return <Analytics />;
    case 'privacy':
      return <Privacy />;
    case 'channel':
      return <ChannelFeed feed={route.feed} id={route.id} />;
  }
}
