import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from 'chai';
import type { Browser, Frame } from 'playwright-core';
import { parseConfig } from '../../config/index.js';
import { createSsoVerifier } from '../../server/auth.js';
import { personLink, tabLink } from '../../core/links.js';
import { startEntraStandIn, type EntraStandIn } from '../support/entra.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { launchBrowser } from '../support/browser.js';
import { aGroup, aPerson, type PersonRecord } from '../support/factories.js';
import {
  ownEntityLink,
  TEAMS_JS_VERSION,
  TeamsHostProtocol,
  startTeamsHost,
  teamsEnv,
  teamsUserOf,
  type HostState,
  type TeamsHost,
} from '../support/teams-host.js';

// Browser globals inside page.evaluate() callbacks: the root tsconfig has no DOM types (the
// tab's browser code has its own, tab/tsconfig.json), so they are declared for this module only.
declare const window: any;
declare const document: any;
declare const getComputedStyle: any;
declare const innerWidth: any;

const TEAMS_APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

describe('Teams test host: what it answers', () => {
  let entra: EntraStandIn;
  before(async () => {
    entra = await startEntraStandIn();
  });
  after(() => entra.stop());

  const stateFor = (overrides: Partial<HostState> = {}): HostState => ({
    user: teamsUserOf(
      { email: 'Anne-Roos.deVries@gemeente-ids.nl', displayName: 'Anne-Roos de Vries' },
      entra.tenantId,
    ),
    locale: 'nl-nl',
    theme: 'default',
    clientType: 'web',
    teamsAppId: TEAMS_APP_ID,
    frame: { url: 'https://ids.test.example/tab', entityId: 'home', subEntityId: 'post:1', frameContext: 'content' },
    sessionId: 'session-1',
    ...overrides,
  });
  const protocolFor = (state = stateFor()) =>
    new TeamsHostProtocol(state, (u) =>
      entra.token({ oid: u.oid, tid: u.tenantId, preferred_username: u.upn, name: u.displayName }),
    );

  it('answers initialize with the frame context, client type, a v4 runtime and its SDK version', async () => {
    const protocol = protocolFor(stateFor({ clientType: 'android' }));
    const reply = await protocol.answer(
      { id: 0, uuidAsString: 'u-0', func: 'initialize', args: [TEAMS_JS_VERSION, 4] },
      'https://ids.test.example',
    );
    expect(reply).to.include({ id: 0, uuidAsString: 'u-0' });
    const [frameContext, clientType, runtime, version] = (reply as { args: unknown[] }).args;
    expect([frameContext, clientType, version]).to.deep.equal(['content', 'android', TEAMS_JS_VERSION]);
    const parsed = JSON.parse(runtime as string);
    expect(parsed.apiVersion).to.equal(4);
    expect(parsed.isLegacyTeams).to.equal(false);
    expect(parsed.supports).to.have.keys('app', 'appEntity', 'call', 'chat', 'pages', 'teamsCore');
  });

  it('signs a v2 token for the signed-in person that the server accepts in SSO mode', async () => {
    const protocol = protocolFor();
    const reply = (await protocol.answer(
      { id: 3, uuidAsString: 'u-3', func: 'authentication.getAuthToken', args: [undefined, undefined, false] },
      'https://ids.test.example',
    )) as { args: unknown[] };
    expect(reply.args[0]).to.equal(true);
    const verify = createSsoVerifier(parseConfig({ NODE_ENV: 'test', ...teamsEnv(entra) }));
    const claims = await verify(reply.args[1] as string);
    expect(claims).to.include({
      oid: protocol.state.user.oid,
      tid: entra.tenantId,
      preferred_username: 'anne-roos.devries@gemeente-ids.nl',
      scp: 'access_as_user',
      aud: entra.clientId,
      ver: '2.0',
    });
    expect(protocol.tokensIssued).to.equal(1);
  });

  it('fails getAuthToken with the reason Teams gives, and records the call', async () => {
    const protocol = protocolFor();
    protocol.tokenFailure = 'resourceRequiresConsent';
    const reply = (await protocol.answer({ id: 4, func: 'authentication.getAuthToken', args: [] }, 'o')) as {
      args: unknown[];
    };
    expect(reply.args).to.deep.equal([false, 'resourceRequiresConsent']);
    expect(protocol.tokensIssued).to.equal(0);
    expect(protocol.calls.map((c) => [c.func, c.answered])).to.deep.equal([['authentication.getAuthToken', true]]);
  });

  it('gives the context Teams gives: user, tenant, locale, theme, entity and sub entity', async () => {
    const protocol = protocolFor();
    const reply = (await protocol.answer({ id: 1, func: 'getContext', args: [] }, 'o')) as { args: unknown[] };
    expect(reply.args[0]).to.include({
      userObjectId: protocol.state.user.oid,
      userPrincipalName: 'anne-roos.devries@gemeente-ids.nl',
      loginHint: 'anne-roos.devries@gemeente-ids.nl',
      userDisplayName: 'Anne-Roos de Vries',
      tid: entra.tenantId,
      locale: 'nl-nl',
      theme: 'default',
      entityId: 'home',
      subEntityId: 'post:1',
      frameContext: 'content',
      hostClientType: 'web',
    });
  });

  it('leaves one-way and unknown messages unanswered but recorded', async () => {
    const protocol = protocolFor();
    expect(await protocol.answer({ id: 5, func: 'registerHandler', args: ['themeChange'] }, 'o')).to.equal(undefined);
    expect(await protocol.answer({ id: 6, func: 'some.future.api', args: [] }, 'o')).to.equal(undefined);
    expect(protocol.registered.has('themeChange')).to.equal(true);
    expect(protocol.calls.map((c) => c.answered)).to.deep.equal([false, false]);
  });

  it("reads the bot's deep links to this app's tabs, and only this app's", () => {
    const config = { teamsAppId: TEAMS_APP_ID, publicUrl: 'https://ids.test.example' };
    // A person's link names the People tab (core/links.ts: each item opens under its own tab).
    expect(ownEntityLink(personLink(config, 'abc'), TEAMS_APP_ID)).to.deep.equal({
      entityId: 'people',
      subPageId: 'person:abc',
    });
    expect(ownEntityLink(tabLink(config), TEAMS_APP_ID)).to.deep.equal({ entityId: 'home', subPageId: undefined });
    expect(ownEntityLink(personLink(config, 'abc'), '00000000-0000-4000-8000-000000000000')).to.equal(undefined);
    expect(ownEntityLink('https://teams.microsoft.com/l/chat/0/0?users=a@b.nl', TEAMS_APP_ID)).to.equal(undefined);
    expect(ownEntityLink('https://ids.test.example/tab?person=abc', TEAMS_APP_ID)).to.equal(undefined);
  });

  it('keeps the same account for the same person and binds by the stored object id', () => {
    const a = teamsUserOf({ email: 'x@ids.test', displayName: 'X' }, 't');
    expect(teamsUserOf({ email: 'X@ids.test', displayName: 'X' }, 't').oid).to.equal(a.oid);
    expect(a.oid).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(teamsUserOf({ email: 'x@ids.test', displayName: 'X', aadObjectId: 'abc' }, 't').oid).to.equal('abc');
  });
});

/** A page at the public URL that runs the installed teams-js (UMD build) and nothing else. */
const PROBE_PATH = '/_ids-test-probe/';
const TEAMS_JS_UMD = readFileSync(
  createRequire(import.meta.url).resolve('@microsoft/teams-js/dist/umd/MicrosoftTeams.min.js'),
  'utf8',
);
async function serveProbe(host: TeamsHost, publicUrl: string): Promise<void> {
  await host.context.route(
    (url) => url.href.startsWith(`${new URL(publicUrl).origin}${PROBE_PATH}`),
    (route) =>
      route.request().url().endsWith('teams.js')
        ? route.fulfill({ contentType: 'text/javascript', body: TEAMS_JS_UMD })
        : route.fulfill({
            contentType: 'text/html',
            body: `<!doctype html><title>probe</title><script src="${PROBE_PATH}teams.js"></script>`,
          }),
  );
}
type Teams = typeof import('@microsoft/teams-js');
const inProbe = <T>(frame: Frame, fn: (teams: Teams) => Promise<T>): Promise<T> =>
  frame.evaluate(async (source) => {
    const teams = (window as unknown as { microsoftTeams: Teams }).microsoftTeams;
    await teams.app.initialize();
    // The test's own function, sent as source: evaluate() cannot carry a closure into the page.
    const run = new Function('teams', `return (${source})(teams);`) as (t: Teams) => Promise<unknown>;
    return run(teams);
  }, fn.toString()) as Promise<T>;

/**
 * A probe call that makes Teams navigate the probe's own frame away: the frame may be replaced
 * before the call's answer comes back to it (seen in CI: "Execution context was destroyed"). The
 * caller then waits for that navigation, which is what the test checks.
 */
const inProbeLeaving = (frame: Frame, fn: (teams: Teams) => Promise<unknown>): Promise<unknown> =>
  inProbe(frame, fn).catch((err: Error) => {
    if (!/Execution context was destroyed|Target closed|frame was detached/i.test(err.message)) throw err;
  });

describe('Teams test host: a browser in Teams, against a server in SSO mode', () => {
  let entra: EntraStandIn;
  let server: TestServer;
  let browser: Browser;
  let anne: PersonRecord;
  let hosts: TeamsHost[] = [];
  const start = async (o: Partial<Parameters<typeof startTeamsHost>[0]> = {}) => {
    const host = await startTeamsHost({ browser, server, entra, person: anne, ...o });
    hosts.push(host);
    return host;
  };

  before(async function () {
    this.timeout(60_000);
    entra = await startEntraStandIn();
    server = await startTestServer({ SEED_DEMO: 'false', ...teamsEnv(entra, TEAMS_APP_ID) });
    browser = await launchBrowser();
    anne = await aPerson({ givenName: 'Anne-Roos', surname: 'de Vries', displayName: 'Anne-Roos de Vries' });
  });
  afterEach(async () => {
    await Promise.all(hosts.map((h) => h.close()));
    hosts = [];
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await entra?.stop();
  });

  it("gives the installed teams-js the signed-in person's context, as app.Context", async () => {
    const host = await start({ locale: 'en-us', theme: 'dark' });
    await serveProbe(host, server.config.publicUrl);
    const frame = await host.openUrl(PROBE_PATH, { entityId: 'home', subPageId: 'person:42' });
    const context = await inProbe(frame, (teams) => teams.app.getContext());
    expect(context.user).to.deep.include({
      id: host.user.oid,
      displayName: 'Anne-Roos de Vries',
      loginHint: anne.email,
      userPrincipalName: anne.email,
      tenant: { id: entra.tenantId, teamsSku: 'enterprise' },
    });
    expect(context.app).to.deep.include({ locale: 'en-us', theme: 'dark' });
    expect(context.app.host).to.deep.include({ name: 'Teams', clientType: 'web' });
    expect(context.page).to.deep.include({ id: 'home', subPageId: 'person:42', frameContext: 'content' });
  });

  it("hands out a token through getAuthToken that the server takes as that person's", async () => {
    const host = await start();
    await serveProbe(host, server.config.publicUrl);
    const frame = await host.openUrl(PROBE_PATH);
    const me = await inProbe(frame, async (teams) => {
      const token = await teams.authentication.getAuthToken();
      const withToken = await fetch('/api/me', { headers: { authorization: `Bearer ${token}` } });
      const without = await fetch('/api/me');
      return { status: withToken.status, body: await withToken.json(), without: without.status };
    });
    expect(me.status).to.equal(200);
    expect(me.body.email).to.equal(anne.email);
    expect(me.without).to.equal(401);
    expect(host.tokensIssued()).to.equal(1);

    host.failTokens('resourceRequiresConsent');
    const failure = await inProbe(frame, (teams) =>
      teams.authentication.getAuthToken().then(
        () => 'token',
        (err: Error) => err.message,
      ),
    );
    expect(failure).to.equal('resourceRequiresConsent');
  });

  it('captures chats, calls and links the tab asks Teams to open', async () => {
    const host = await start();
    await serveProbe(host, server.config.publicUrl);
    const frame = await host.openUrl(PROBE_PATH);
    await inProbe(frame, async (teams) => {
      await teams.chat.openChat({ user: 'bram@gemeente-ids.nl', message: 'Hoi' });
      await teams.call.startCall({
        targets: ['bram@gemeente-ids.nl'],
        requestedModalities: [teams.call.CallModalities.Audio],
      });
      await teams.app.openLink('https://teams.microsoft.com/l/chat/0/0?users=bram@gemeente-ids.nl');
    });
    expect(host.openedLinks()).to.deep.equal([
      { kind: 'chat', detail: { members: ['bram@gemeente-ids.nl'], message: 'Hoi' } },
      { kind: 'call', detail: { targets: ['bram@gemeente-ids.nl'], requestedModalities: ['audio'] } },
      { kind: 'link', url: 'https://teams.microsoft.com/l/chat/0/0?users=bram@gemeente-ids.nl' },
    ]);
  });

  it('loads the tab shell from the manifest, in the language and theme of the context', async () => {
    const host = await start({ locale: 'en-us', theme: 'dark' });
    const tab = await host.openStaticTab('home');
    expect(tab.url()).to.equal(`${server.config.publicUrl}/tab?view=home&locale=en-us&theme=dark`);
    await tab.getByRole('heading', { level: 1, name: 'News' }).waitFor();
    expect(await tab.evaluate(() => getComputedStyle(document.body).backgroundColor)).to.equal('rgb(31, 31, 31)');
    await host.waitForCall('appInitialization.success');
    expect(host.calls('initialize')).to.have.length(1);
    expect(host.calls('getContext')).to.have.length(1);
    // teams-js asked the CDN for its list of Teams hosts; nothing left the machine.
    expect(host.externalRequests().some((u) => u.startsWith('https://res.cdn.office.net/'))).to.equal(true);
  });

  it('asks Teams for the SSO token while the context is on its way, once per load, and fetches teams-js from the page', async () => {
    const host = await start();
    const scripts: string[] = [];
    const feedAsked: Array<string | undefined> = [];
    host.page.on('request', (r) => {
      const { pathname } = new URL(r.url());
      if (r.resourceType() === 'script') scripts.push(pathname);
      if (pathname === '/api/feed') feedAsked.push(r.headers().authorization);
    });
    // The app's code held back (a slow connection): the page's boot script alone connects to
    // Teams (tab/src/teams-boot.ts), gets the token and asks for the first feed page.
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    await host.page.route(/\/tab\/assets\/chunks\/chunk-[A-Z0-9]+\.js$/, async (route) => {
      await released;
      await route.fallback();
    });
    const asked = host.page.waitForRequest((r) => new URL(r.url()).pathname === '/api/feed');
    const opening = host.openStaticTab('home');
    await asked;
    expect(feedAsked).to.have.length(1);
    expect(feedAsked[0]).to.match(/^Bearer /);
    release();
    const tab = await opening;
    await tab.getByRole('heading', { level: 1, name: 'Nieuws' }).waitFor();
    await tab.waitForFunction(() => performance.getEntriesByName('ids:render').length > 0);
    // main.js took that answer and that connection: one feed request, one token, one context.
    expect(feedAsked).to.have.length(1);
    await host.waitForCall('appInitialization.success');
    const order = host.calls().map((c) => c.func);
    const token = order.indexOf('authentication.getAuthToken');
    expect(token, 'getAuthToken was called').to.be.greaterThan(-1);
    expect(token, 'before getContext').to.be.lessThan(order.indexOf('getContext'));
    expect(host.calls('authentication.getAuthToken')).to.have.length(1);
    expect(host.calls('initialize')).to.have.length(1);
    expect(host.calls('getContext')).to.have.length(1);
    expect(host.tokensIssued()).to.equal(1);
    const preloaded = (await tab.evaluate(
      '[...document.querySelectorAll(\'link[rel="modulepreload"]\')].map((l) => l.getAttribute("href"))',
    )) as string[];
    expect(preloaded.some((href) => /\/teams-boot-[A-Z0-9]+\.js$/.test(href))).to.equal(true);
    expect(
      scripts.filter((s) => /teams-sdk-/.test(s)),
      'no second teams-js from main.js',
    ).to.deep.equal([]);
  });

  it('speaks the language Teams switched to from the next load on', async () => {
    const host = await start();
    // The English messages are a chunk of their own (tab/src/i18n.tsx): not loaded in Dutch.
    const english: string[] = [];
    host.page.on('request', (r) => {
      if (/\/catalogue-en-[A-Z0-9]+\.js$/.test(new URL(r.url()).pathname)) english.push(r.url());
    });
    const tab = await host.openUrl('/tab?view=home');
    await tab.getByRole('heading', { level: 1, name: 'Nieuws' }).waitFor();
    await tab.waitForFunction(() => performance.getEntriesByName('ids:render').length > 0);
    expect(english).to.deep.equal([]);
    // The address still says nothing of English: the tab learns it from the context, and loads them then.
    host.setLocale('en-us');
    await host.openUrl('/tab?view=home');
    await tab.getByRole('heading', { level: 1, name: 'News' }).waitFor();
    expect(english).to.have.length(1);
    expect(await tab.getAttribute('html', 'lang')).to.equal('en');
    expect((await host.waitForCall('getContext')).answered).to.equal(true);
    expect(host.calls('getContext')).to.have.length(2);
  });

  it('takes the context over the URL for language and theme', async () => {
    const host = await start({ locale: 'en-gb', theme: 'contrast' });
    const tab = await host.openUrl('/tab?view=home&locale=nl-nl&theme=default');
    await tab.getByRole('heading', { level: 1, name: 'News' }).waitFor();
    expect(await tab.evaluate(() => getComputedStyle(document.body).backgroundColor)).to.equal('rgb(0, 0, 0)');
  });

  it("follows Teams' theme switches live", async () => {
    const host = await start();
    const tab = await host.openStaticTab('home');
    await tab.getByRole('heading', { level: 1, name: 'Nieuws' }).waitFor();
    const background = () => tab.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await background()).to.equal('rgb(255, 255, 255)');
    for (const [theme, color] of [
      ['dark', 'rgb(31, 31, 31)'],
      ['contrast', 'rgb(0, 0, 0)'],
      ['default', 'rgb(255, 255, 255)'],
    ] as const) {
      await host.setTheme(theme);
      await tab.waitForFunction((c) => getComputedStyle(document.body).backgroundColor === c, color);
    }
    expect(await tab.evaluate(() => document.readyState)).to.equal('complete');
    expect(host.calls('initialize')).to.have.length(1); // switched in place, not reloaded
  });

  it("opens a card's deep link at the item, as Teams does", async () => {
    const host = await start();
    const link = personLink({ teamsAppId: TEAMS_APP_ID, publicUrl: server.config.publicUrl }, String(anne._id));
    const tab = await host.openDeepLink(link);
    expect(tab.url()).to.equal(`${server.config.publicUrl}/tab?view=people&locale=nl-nl&theme=default`);
    await host.waitForCall('getContext');
    expect(host.protocol.context()).to.include({ entityId: 'people', subEntityId: `person:${anne._id}` });
    // Outside Teams (no app id) the same link is the tab's own URL.
    const plain = tabLink({ teamsAppId: undefined, publicUrl: server.config.publicUrl }, `post:${anne._id}`);
    expect((await host.openDeepLink(plain)).url()).to.equal(plain);
  });

  it("follows the tab's own navigation to another static tab and item, as Teams does", async () => {
    const host = await start();
    await serveProbe(host, server.config.publicUrl);
    const probe = await host.openUrl(PROBE_PATH);
    const reloaded = host.page.waitForEvent('framenavigated', { predicate: (f) => f === host.tab });
    await inProbeLeaving(probe, (teams) => teams.pages.currentApp.navigateTo({ pageId: 'home', subPageId: 'post:7' }));
    await reloaded;
    expect(host.tab.url()).to.equal(`${server.config.publicUrl}/tab?view=home&locale=nl-nl&theme=default`);
    expect(host.protocol.context()).to.include({ entityId: 'home', subEntityId: 'post:7' });
    await host.tab.getByRole('heading', { level: 1, name: 'Nieuws' }).waitFor();
    expect(await host.settled()).to.equal(true);

    // A deep link to its own tab through app.openLink goes the same way; a Teams chat link does not.
    const again = await host.openUrl(PROBE_PATH);
    const followed = host.page.waitForEvent('framenavigated', { predicate: (f) => f === host.tab });
    const link = personLink({ teamsAppId: TEAMS_APP_ID, publicUrl: server.config.publicUrl }, String(anne._id));
    await inProbe(again, (teams) =>
      teams.app.openLink('https://teams.microsoft.com/l/chat/0/0?users=bram@gemeente-ids.nl'),
    );
    expect(host.tab.url()).to.include(PROBE_PATH);
    await again.evaluate((l) => ((window as unknown as { link: string }).link = l), link);
    await inProbeLeaving(again, (teams) => teams.app.openLink((window as unknown as { link: string }).link));
    await followed;
    expect(host.protocol.context()).to.include({ entityId: 'people', subEntityId: `person:${anne._id}` });
    expect(host.protocol.navigationErrors).to.deep.equal([]);
  });

  it("saves the channel tab's configuration through Teams' Save", async () => {
    await aGroup({ name: 'Buitendienst', admins: [anne] });
    const host = await start();
    const tab = await host.openConfig();
    await tab.getByRole('heading', { name: 'Ids toevoegen aan dit kanaal of deze chat' }).waitFor();
    // Save stays disabled until a feed is chosen (the tab's configuration page pins one).
    expect(host.protocol.validity).to.not.equal(true);
    await tab.getByRole('combobox', { name: 'Welk nieuws?' }).click();
    await tab.getByRole('option', { name: 'Buitendienst' }).click();
    const saved = await host.save();
    expect(saved.ok).to.equal(true);
    expect(saved.config?.contentUrl).to.match(
      new RegExp(`^${server.config.publicUrl.replace(/\./g, '\\.')}/tab\\?view=channel&feed=group:[0-9a-f]{24}&`),
    );
    expect(saved.config?.entityId).to.match(/^ids-group-[0-9a-f]{24}$/);
    expect(host.protocol.validity).to.equal(true);
    expect(host.calls('getContext')[0]?.args).to.deep.equal([]);
    expect(host.protocol.context()).to.include({
      frameContext: 'settings',
      channelName: 'Algemeen',
      teamName: 'Groenbeheer',
    });
  });

  it('is a phone for a mobile client', async () => {
    const host = await start({ clientType: 'android' });
    const tab = await host.openStaticTab('home');
    await tab.getByRole('heading', { level: 1, name: 'Nieuws' }).waitFor();
    expect(await tab.evaluate(() => [innerWidth, document.documentElement.scrollWidth])).to.deep.equal([360, 360]);
    expect(host.protocol.context()).to.include({ hostClientType: 'android' });
  });
});
