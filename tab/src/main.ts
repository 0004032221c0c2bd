// The tab shell. It learns from the server whether it runs in development or SSO mode.
interface PublicConfig {
  mode: 'development' | 'sso';
  defaultLocale: 'nl' | 'en';
}

const params = new URLSearchParams(location.search);
const theme = params.get('theme');
if (theme === 'dark' || theme === 'contrast') document.documentElement.dataset.theme = theme;
const locale = (params.get('locale') ?? navigator.language).toLowerCase().startsWith('en') ? 'en' : 'nl';
document.documentElement.lang = locale;

async function main(): Promise<void> {
  const app = document.getElementById('app');
  if (!app) return;
  const res = await fetch('/api/config');
  const config = (await res.json()) as PublicConfig;
  const text =
    locale === 'en'
      ? { title: 'Ids', body: 'Welcome to the social intranet.', mode: config.mode === 'development' ? 'Development mode' : '' }
      : { title: 'Ids', body: 'Welkom op het sociale intranet.', mode: config.mode === 'development' ? 'Ontwikkelmodus' : '' };
  app.replaceChildren();
  const h1 = document.createElement('h1');
  h1.textContent = text.title;
  const p = document.createElement('p');
  p.textContent = text.body;
  app.append(h1, p);
  if (text.mode) {
    const small = document.createElement('p');
    small.textContent = text.mode;
    app.append(small);
  }
}

main().catch(() => {
  const app = document.getElementById('app');
  if (app) app.textContent = locale === 'en' ? 'Ids could not load; reload the tab.' : 'Ids kon niet laden; laad de tab opnieuw.';
});
