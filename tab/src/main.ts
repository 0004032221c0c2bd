// The tab shell. It follows Teams' language and theme (from the Teams context, else from the
// URL Teams opened it with, else the browser), learns the server's mode from /api/config, and
// is the configuration page of the channel/chat tab at /tab/config.
import { app, pages } from '@microsoft/teams-js';

type Theme = 'default' | 'dark' | 'contrast';
type Locale = 'nl' | 'en';

interface PublicConfig {
  mode: 'development' | 'sso';
  defaultLocale: Locale;
}

const TEXT = {
  nl: {
    welcome: 'Welkom op het sociale intranet.',
    devMode: 'Ontwikkelmodus',
    failed: 'Ids kon niet laden; laad de tab opnieuw.',
    configTitle: 'Ids toevoegen aan dit kanaal of deze chat',
    configBody: 'Kies Opslaan om het intranet van de gemeente hier als tabblad te tonen.',
  },
  en: {
    welcome: 'Welcome to the social intranet.',
    devMode: 'Development mode',
    failed: 'Ids could not load; reload the tab.',
    configTitle: 'Add Ids to this channel or chat',
    configBody: "Choose Save to show the municipality's intranet here as a tab.",
  },
} as const;

const params = new URLSearchParams(location.search);
const toLocale = (tag: string | null | undefined): Locale | undefined =>
  tag ? (tag.toLowerCase().startsWith('en') ? 'en' : 'nl') : undefined;
const toTheme = (t: string | null | undefined): Theme => (t === 'dark' || t === 'contrast' ? t : 'default');

function applyTheme(theme: string | undefined): void {
  const t = toTheme(theme);
  if (t === 'default') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = t;
}

/** Teams' context when running inside Teams; undefined in a plain browser (no waiting). */
async function teamsContext(): Promise<app.Context | undefined> {
  if (window.parent === window && !window.opener) return undefined;
  try {
    // Inside a frame that is not Teams, initialize() would wait a minute before failing.
    await Promise.race([
      app.initialize(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000)),
    ]);
    const context = await app.getContext();
    app.registerOnThemeChangeHandler(applyTheme);
    return context;
  } catch {
    return undefined;
  }
}

function render(locale: Locale, nodes: Array<[tag: 'h1' | 'p', text: string]>): void {
  const root = document.getElementById('app');
  if (!root) return;
  root.replaceChildren(
    ...nodes.map(([tag, text]) => {
      const el = document.createElement(tag);
      el.textContent = text;
      return el;
    }),
  );
  document.documentElement.lang = locale;
}

async function main(): Promise<void> {
  const context = await teamsContext();
  const locale =
    toLocale(context?.app.locale) ?? toLocale(params.get('locale')) ?? toLocale(navigator.language) ?? 'nl';
  applyTheme(context?.app.theme ?? params.get('theme') ?? undefined);
  const text = TEXT[locale];

  if (location.pathname.replace(/\/+$/, '') === '/tab/config') {
    render(locale, [
      ['h1', text.configTitle],
      ['p', text.configBody],
    ]);
    if (context) {
      pages.config.registerOnSaveHandler((save) => {
        pages.config
          .setConfig({
            entityId: 'home',
            contentUrl: `${location.origin}/tab?view=home`,
            suggestedDisplayName: 'Ids',
            websiteUrl: `${location.origin}/tab`,
          })
          .then(
            () => save.notifySuccess(),
            (err: unknown) => save.notifyFailure(String(err)),
          );
      });
      pages.config.setValidityState(true);
      app.notifySuccess();
    }
    return;
  }

  const res = await fetch('/api/config');
  const config = (await res.json()) as PublicConfig;
  render(locale, [
    ['h1', 'Ids'],
    ['p', text.welcome],
    ...(config.mode === 'development' ? ([['p', text.devMode]] as Array<['p', string]>) : []),
  ]);
  if (context) app.notifySuccess();
}

main().catch(() => {
  const locale = toLocale(params.get('locale')) ?? 'nl';
  render(locale, [
    ['h1', 'Ids'],
    ['p', TEXT[locale].failed],
  ]);
});
