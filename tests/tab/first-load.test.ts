import { expect } from 'chai';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.js';
import { launchBrowser, localContext } from '../support/browser.js';
import { aPerson, aPost, type PersonRecord } from '../support/factories.js';

/** A GET over node:http, so the answer's bytes and headers are seen as sent (fetch would decode them). */
function get(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
      .on('error', reject);
  });
}

/**
 * The tab's first load on a slow phone (bench/tab.ts measures it): what the page asks for, in
 * which order, and what the server lets browsers keep. A plain browser in development mode, as
 * the bench loads it; the screen tests drive the same tab inside Teams.
 */
describe('tab: the first load', function () {
  this.timeout(120_000);
  let server: TestServer;
  let browser: Browser;
  let communicator: PersonRecord;
  let colleague: PersonRecord;

  before(async () => {
    server = await startTestServer({ SEED_DEMO: 'false' });
    browser = await launchBrowser();
    communicator = await aPerson({ roles: ['communicator'], givenName: 'Carla', surname: 'Communicatie' });
    colleague = await aPerson({ givenName: 'Kees', surname: 'Collega', jobTitle: 'Boomverzorger' });
    for (let i = 1; i <= 12; i++)
      await aPost(communicator, { title: `Nieuws nummer ${i}`, publishedAt: new Date(Date.now() - i * 60_000) });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A phone-sized plain browser that records the API requests and any CSP refusal. */
  async function open(
    url: string,
    init?: string,
    options: { locale?: string; hold?: RegExp; release?: Promise<void> } = {},
  ) {
    const context = await localContext(browser, server.url, {
      viewport: { width: 360, height: 740 },
      locale: options.locale ?? 'nl-NL',
    });
    const page: Page = await context.newPage();
    if (init) await page.addInitScript({ content: init });
    // A script held back until `release`: the app's code still on its way on a slow connection.
    const { hold, release } = options;
    if (hold && release)
      await page.route(hold, async (route) => {
        await release;
        await route.continue();
      });
    const api: Array<{ path: string; devUser?: string }> = [];
    const scripts: string[] = [];
    const refused: string[] = [];
    const meIds: string[] = [];
    page.on('response', async (r) => {
      if (new URL(r.url()).pathname === '/api/me') meIds.push(((await r.json()) as { id: string }).id);
    });
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/'))
        api.push({ path: u.pathname + u.search, devUser: r.headers()['x-ids-dev-user'] });
      if (r.resourceType() === 'script') scripts.push(u.pathname);
    });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    // With a script held back the page's load event waits for it.
    await page.goto(url, { waitUntil: hold ? 'commit' : 'load' });
    return { context, page, api, scripts, refused, meIds };
  }

  it('asks for "who am I" and the first feed page once, from the page itself, and draws the whole page', async () => {
    const { context, page, api, scripts, refused } = await open('/tab?view=home');
    await page.getByRole('article').first().waitFor();
    // The first frame draws three posts, the next the rest of the first page (eight).
    await page.getByRole('article').nth(7).waitFor();
    await page.getByRole('heading', { name: 'Nieuws nummer 8' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Nieuws nummer 1', exact: true }).isVisible()).to.equal(true);
    expect(api.filter((r) => r.path === '/api/me')).to.have.length(1);
    expect(api.filter((r) => r.path.startsWith('/api/feed'))).to.have.length(1);
    expect(refused, 'the CSP let the boot script run').to.deep.equal([]);
    // Asked for before main.js ran (the page's boot script), not after it.
    const order = (await page.evaluate(`(() => ({
      me: performance.getEntriesByType('resource').find((r) => new URL(r.name).pathname === '/api/me').startTime,
      main: performance.getEntriesByName('ids:main')[0].startTime,
    }))()`)) as { me: number; main: number };
    expect(order.me).to.be.lessThan(order.main);
    // A plain browser never needs teams-js.
    expect(scripts.filter((s) => /teams-sdk/.test(s))).to.deep.equal([]);
    // The first screen's code is main.js and one chunk it shares with the lazy parts: with the two
    // API calls that fits the six connections a browser opens over HTTP/1.1, so nothing waits for
    // a connection and pays a slow network's round trip again (src/first-load.ts).
    const preloaded = (await page.evaluate(
      '[...document.querySelectorAll(\'link[rel="modulepreload"]\')].map((l) => l.getAttribute("href"))',
    )) as string[];
    expect(preloaded).to.have.length(1);
    expect(preloaded[0]).to.match(/^\/tab\/assets\/chunks\/chunk-[A-Z0-9]+\.js$/);
    // Scrolling on loads the next page, as before.
    await page.getByRole('article').nth(7).scrollIntoViewIfNeeded();
    await page.getByRole('heading', { name: 'Nieuws nummer 12' }).waitFor();
    await context.close();
  });

  it('opens a deep-linked person with one request for their page and their screen asked for by the page', async () => {
    const { context, page, api, refused } = await open(`/tab?person=${colleague._id}`);
    await page.getByRole('heading', { level: 1, name: colleague.displayName }).waitFor();
    await page.getByText('Boomverzorger').waitFor();
    expect(api.filter((r) => r.path === `/api/people/${colleague._id}`)).to.have.length(1);
    expect(api.filter((r) => r.path === '/api/me')).to.have.length(1);
    const preloaded = await page.evaluate(
      '[...document.querySelectorAll(\'link[rel="modulepreload"]\')].map((l) => l.getAttribute("href"))',
    );
    expect((preloaded as string[]).some((href) => /person-group-/.test(href))).to.equal(true);
    // The first load's one chunk, then the person's screen in two files (its entry and one chunk).
    expect(preloaded).to.have.length(3);
    expect(refused).to.deep.equal([]);
    await context.close();
  });

  it("asks for a rarer screen's code with the page when the address names it (profile gaps, analytics)", async () => {
    for (const [view, chunk] of [
      ['profile-gaps', /\/profile-lists-[A-Z0-9]+\.js$/],
      ['analytics', /\/analytics-[A-Z0-9]+\.js$/],
      ['privacy', /\/more-group-[A-Z0-9]+\.js$/],
    ] as const) {
      const { context, page } = await open(`/tab?view=${view}`);
      const preloaded = (await page.evaluate(
        '[...document.querySelectorAll(\'link[rel="modulepreload"]\')].map((l) => l.getAttribute("href"))',
      )) as string[];
      expect(
        preloaded.some((href) => chunk.test(href)),
        `${view}: ${preloaded.join(', ')}`,
      ).to.equal(true);
      await context.close();
    }
  });

  it('draws the first posts from the page itself while the app is on its way, then the app takes over', async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    const { context, page, api } = await open('/tab?view=home', undefined, {
      hold: /\/tab\/assets\/chunks\/chunk-[A-Z0-9]+\.js$/,
      release: released,
    });
    // The boot script's shell (src/shell.ts): the screen's h1 and the first posts, read-only.
    await page.getByRole('heading', { level: 1, name: 'Nieuws' }).waitFor();
    await page.getByRole('article').first().waitFor();
    expect(await page.getByRole('article').count()).to.equal(3);
    expect(await page.getByRole('article').nth(0).getByRole('heading', { level: 2 }).textContent()).to.equal(
      'Nieuws nummer 1',
    );
    expect(await page.getByRole('article').nth(0).textContent()).to.include('Carla Communicatie');
    expect(await page.getByRole('button').count(), 'no button before the app can act on it').to.equal(0);
    expect(await page.evaluate("performance.getEntriesByName('ids:main').length")).to.equal(0);
    release();
    // The app replaces it with its own screen: the whole first page, with its buttons, one h1.
    await page.getByRole('article').nth(7).waitFor();
    await page
      .getByRole('button', { name: /^Vind ik leuk, \d+$/ })
      .first()
      .waitFor();
    expect(await page.locator('.shell').count()).to.equal(0);
    expect(await page.getByRole('heading', { level: 1 }).count()).to.equal(1);
    expect(api.filter((r) => r.path.startsWith('/api/feed'))).to.have.length(1);
    await context.close();
  });

  it("draws a deep-linked person's name from the page itself, then the app's page", async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    const { context, page } = await open(`/tab?person=${colleague._id}`, undefined, {
      hold: /\/tab\/assets\/chunks\/chunk-[A-Z0-9]+\.js$/,
      release: released,
    });
    await page.getByRole('heading', { level: 1, name: colleague.displayName }).waitFor();
    await page.getByText('Boomverzorger').waitFor();
    expect(await page.getByRole('button').count()).to.equal(0);
    release();
    await page.getByRole('button', { name: 'Terug' }).waitFor();
    expect(await page.locator('.shell').count()).to.equal(0);
    expect(await page.getByRole('heading', { level: 1, name: colleague.displayName }).count()).to.equal(1);
    await context.close();
  });

  it('carries only the Dutch messages in the first load, and asks for English with it when the browser says English', async () => {
    const dutch = await open('/tab?view=home');
    await dutch.page
      .getByRole('button', { name: /^Vind ik leuk, \d+$/ })
      .first()
      .waitFor();
    expect(dutch.scripts.filter((s) => /catalogue-en/.test(s))).to.deep.equal([]);
    await dutch.context.close();
    const english = await open('/tab?view=home', undefined, { locale: 'en-US' });
    await english.page.getByRole('heading', { level: 1, name: 'News' }).waitFor();
    await english.page
      .getByRole('button', { name: /^Like, \d+$/ })
      .first()
      .waitFor();
    const preloaded = (await english.page.evaluate(
      '[...document.querySelectorAll(\'link[rel="modulepreload"]\')].map((l) => l.getAttribute("href"))',
    )) as string[];
    // Asked for by the boot script alongside the app's code, not after main.js has run.
    expect(preloaded.filter((href) => /\/catalogue-en-[A-Z0-9]+\.js$/.test(href))).to.have.length(1);
    expect(english.scripts.filter((s) => /catalogue-en/.test(s))).to.have.length(1);
    expect(await english.page.getAttribute('html', 'lang')).to.equal('en');
    await english.context.close();
  });

  it('acts from the first request as the demo person chosen earlier in the session', async () => {
    const { context, page, api, meIds } = await open(
      '/tab?view=home',
      `sessionStorage.setItem('ids.devUser', ${JSON.stringify(colleague.email)});`,
    );
    await page.getByRole('article').first().waitFor();
    expect(meIds).to.deep.equal([String(colleague._id)]);
    expect(api.filter((r) => r.path === '/api/me').map((r) => r.devUser)).to.deep.equal([colleague.email]);
    await context.close();
  });

  it('lets only its own boot script run inline (CSP hash), and sends the page compressed', async () => {
    const plain = await get(`${server.url}/tab?view=home`);
    const page = plain.body.toString('utf8');
    const inline = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(inline).to.have.length(1);
    const csp = String(plain.headers['content-security-policy']);
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
    expect(scriptSrc).to.include(`'sha256-${createHash('sha256').update(inline[0]!).digest('base64')}'`);
    expect(scriptSrc).not.to.include('unsafe-inline');
    const br = await get(`${server.url}/tab?view=home`, { 'accept-encoding': 'br, gzip' });
    expect(br.headers['content-encoding']).to.equal('br');
    expect(brotliDecompressSync(br.body).toString('utf8')).to.equal(page);
    const gz = await get(`${server.url}/tab?view=home`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).to.equal('gzip');
    expect(gunzipSync(gz.body).toString('utf8')).to.equal(page);
    expect(gz.headers['cache-control']).to.equal('no-cache');
  });

  it('lets browsers keep scripts named by their content for good, and revalidate the rest', async () => {
    const page = (await get(`${server.url}/tab`)).body.toString('utf8');
    const main = /src="(\/tab\/assets\/main\.js\?v=[0-9a-f]+)"/.exec(page)?.[1];
    const chunk = /href="(\/tab\/assets\/chunks\/[^"]+\.js)"/.exec(page)?.[1];
    expect(main, 'main.js named with its content hash').to.be.a('string');
    expect(chunk, 'a preloaded chunk').to.be.a('string');
    for (const url of [main!, chunk!]) {
      for (const encoding of ['br', 'identity']) {
        const res = await get(`${server.url}${url}`, { 'accept-encoding': encoding });
        expect(res.status, url).to.equal(200);
        expect(res.headers['cache-control'], `${url} (${encoding})`).to.equal('public, max-age=31536000, immutable');
      }
    }
    const unversioned = await get(`${server.url}/tab/assets/main.js`, { 'accept-encoding': 'br' });
    expect(unversioned.headers['cache-control']).to.equal('public, max-age=3600');
    const css = await get(`${server.url}/tab/assets/main.css`);
    expect(css.headers['cache-control']).to.equal('public, max-age=3600');
  });
});
