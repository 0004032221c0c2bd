// Driving the built tab the way people meet it: inside (a local stand-in for) Teams, signed in
// with a Teams SSO token from the Entra ID stand-in, on a phone or a desktop, in a Teams theme
// and language. Every screen test goes through here.
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Frame } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { startEntraStandIn, type EntraStandIn } from './entra.js';
import { startTestServer, type TestServer } from './server.js';
import {
  startTeamsHost,
  teamsEnv,
  type HostClientType,
  type PersonLike,
  type TeamsHost,
  type TeamsTheme,
} from './teams-host.js';

export interface TabOptions {
  locale?: 'nl-nl' | 'en-us';
  theme?: TeamsTheme;
  /** 'android' gives a phone (360 px wide, touch); 'web' a desktop. */
  clientType?: HostClientType;
  viewport?: { width: number; height: number };
}

/** Teams with the person signed in; open a static tab, a deep link or a URL on it. */
export function inTeams(
  browser: Browser,
  server: TestServer,
  entra: EntraStandIn,
  person: PersonLike,
  options: TabOptions = {},
): Promise<TeamsHost> {
  return startTeamsHost({
    browser,
    server,
    entra,
    person,
    locale: options.locale ?? 'nl-nl',
    theme: options.theme ?? 'default',
    clientType: options.clientType ?? 'web',
    contextOptions: options.viewport ? { viewport: options.viewport } : undefined,
  });
}

/** The screen is up: its one h1 is there and nothing is loading any more. */
export async function screenReady(tab: Frame, heading?: string | RegExp): Promise<void> {
  const h1 = tab.getByRole('heading', { level: 1, ...(heading ? { name: heading } : {}) });
  try {
    await h1.waitFor({ timeout: 20_000 });
  } catch (err) {
    // What the frame shows instead, so that a failure says which screen (or error) was there.
    const shown = await tab
      .evaluate<string>("location.href + '\\n' + (document.body ? document.body.innerText : '(no body)')")
      .catch((e: unknown) => `(frame not readable: ${String(e)})`);
    throw new Error(`${(err as Error).message}\nThe tab showed: ${shown.slice(0, 1500)}`);
  }
  // The page's own first drawing (src/shell.ts: a name or the first posts, read-only) is not the
  // screen yet: the app replaces it on its first render.
  await tab.locator('main.shell').waitFor({ state: 'detached', timeout: 20_000 });
  await tab.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 20_000 });
}

/**
 * axe-core's WCAG 2.1 A and AA rules over the tab's frame (not the host page around it); the
 * violations of level serious or critical, as "rule: help (target)".
 */
export async function seriousViolations(host: TeamsHost): Promise<string[]> {
  const results = await new AxeBuilder({ page: host.page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes
        // Nodes inside the tab's frame have a target of [frame selector, selector inside it].
        .filter((n) => n.target.length > 1)
        // Tabster's focus sentinels (Fluent's focus management around lists and tab lists) are
        // aria-hidden and focusable by design: they hand focus on at once and are never read out.
        .filter((n) => !(v.id === 'aria-hidden-focus' && n.html.includes('data-tabster-dummy')))
        .map((n) => `${v.id}: ${v.help} (${JSON.stringify(n.target)})`),
    );
}

/**
 * For a describe block of tab tests: the Entra ID stand-in, a server in SSO mode (no demo
 * organisation: `setup` builds the test's own world), a browser, and `open(person)` for a Teams
 * session that is closed after each test.
 */
export function useTeamsTab(
  setup: (server: TestServer) => Promise<void>,
  /** More settings for the server (e.g. AMBASSADOR_LISTS). */
  env: Record<string, string> = {},
) {
  const state: { server?: TestServer; entra?: EntraStandIn; browser?: Browser } = {};
  const hosts: TeamsHost[] = [];
  before(async function () {
    this.timeout(180_000);
    state.entra = await startEntraStandIn();
    state.server = await startTestServer({ SEED_DEMO: 'false', ...env, ...teamsEnv(state.entra) });
    state.browser = await launchBrowser();
    await setup(state.server);
    await state.server.services.directory.refreshChanged();
  });
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.close();
  });
  after(async () => {
    await state.browser?.close();
    await state.server?.stop();
    await state.entra?.stop();
  });
  return {
    get server(): TestServer {
      return state.server!;
    },
    /** The browser, for a page outside Teams. */
    get browser(): Browser {
      return state.browser!;
    },
    /** Closes a Teams session before the test ends (one session per person in a sweep). */
    async close(host: TeamsHost): Promise<void> {
      await host.close();
      hosts.splice(hosts.indexOf(host), 1);
    },
    async open(person: PersonLike, options: TabOptions = {}): Promise<TeamsHost> {
      const host = await inTeams(state.browser!, state.server!, state.entra!, person, options);
      hosts.push(host);
      return host;
    },
  };
}
