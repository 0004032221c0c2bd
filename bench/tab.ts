/**
 * The tab's first load, in headless Chromium against the whole product with the demo
 * organisation (development mode: the tab acts as the first demo communicator, as in a plain
 * browser; the API is the same as in Teams):
 *
 * 1. Initial JavaScript: every script the first load of /tab fetches before the first feed post
 *    is visible, per file and in total, raw and gzipped (zlib level 6, what a compressing proxy
 *    or Express's compression sends). Target: at most 300 KB gzipped.
 * 2. Time from navigation to the first feed post visible (/tab?view=home), and to a person's page
 *    opened by deep link (the link the bot puts on cards outside Teams, /tab?person=<id>),
 *    median of 10 cold loads (fresh browser context each, so nothing is cached), at phone size
 *    (360×740), with the CPU throttled 4× and the network emulated as slow 4G through the
 *    DevTools protocol, and unthrottled beside it. Target: median under 2.5 s throttled.
 *
 *   npm run bench:tab                               # starts its own server (in-memory store)
 *   npm run bench:tab -- --url http://127.0.0.1:3978   # against a running server (dev mode)
 *   npm run bench:tab -- --runs 10 --timeout 60000
 *   npm run bench:tab -- --feed-selector '[data-testid="post"]' --person-selector 'h1'
 *   npm run bench:tab -- --readme                   # also write the figures into bench/README.md
 *   npm run bench:tab -- --waterfall                # one throttled load per screen: what waited for what
 *
 * "Visible" means: an element matching the selector (default: a post, `[data-testid="post"]`
 * or an `article` in the feed; for the person page, a heading with the person's name) has a
 * box inside the viewport, text, and no busy (`aria-busy`) ancestor; the time is taken at the
 * next animation frame after the DOM showed it, from the navigation's time origin. A load that
 * never shows it within the timeout is reported as not reached rather than timed. Figures are
 * printed, never asserted (CONVENTIONS 11).
 */
import os from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../tests/support/browser.js';
import { tabLink } from '../core/links.js';
import { startDemoServer, type DemoServer } from '../scripts/demo-server.js';

// Browser globals inside page.evaluate() callbacks: the root tsconfig has no DOM types (the
// tab's browser code has its own, tab/tsconfig.json), so they are declared for this module only.
declare const window: { __idsVisibleAt?: number };

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const RUNS = Number(option('runs') ?? 10);
const TIMEOUT = Number(option('timeout') ?? 60_000);
const FEED_SELECTOR = option('feed-selector') ?? '[data-testid="post"], [role="article"], main article';
const PERSON_SELECTOR = option('person-selector');
const WRITE_README = args.includes('--readme');
const WATERFALL = args.includes('--waterfall');
const GOAL_MS = 2_500;
const GOAL_JS_GZIP = 300 * 1024;

/**
 * DevTools' "Slow 4G" preset (Lighthouse's mobile throttling): 150 ms RTT, 1.6 Mbit/s down,
 * 750 kbit/s up, with DevTools' adjustment factors (latency ×3.75, throughput ×0.9) that make
 * request-level throttling behave like packet-level throttling.
 */
const SLOW_4G = {
  offline: false,
  latency: 150 * 3.75,
  downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9,
  uploadThroughput: ((750 * 1000) / 8) * 0.9,
};
const CPU_SLOWDOWN = 4;
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

interface Target {
  name: string;
  url: string;
  selector?: string;
  /** Text a heading must contain when no selector is given. */
  heading?: string;
}

/**
 * Installed before any page script: marks the first frame in which the target is visible. A
 * string, not a function: tsx would wrap a function's inner functions in helpers the page lacks.
 */
const watchForTarget = (target: { selector?: string; heading?: string }) => `(() => {
  const target = ${JSON.stringify(target)};
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight &&
      (el.textContent || '').trim().length > 0 && !el.closest('[aria-busy="true"]') &&
      (typeof el.checkVisibility !== 'function' || el.checkVisibility({ opacityProperty: true, visibilityProperty: true }));
  };
  const found = () => {
    const candidates = document.querySelectorAll(target.selector || 'h1, h2, [role="heading"]');
    for (const el of candidates) {
      if (target.heading && !(el.textContent || '').includes(target.heading)) continue;
      if (visible(el)) return true;
    }
    return false;
  };
  const observer = new MutationObserver(() => {
    if (window.__idsSeenAt !== undefined || !found()) return;
    window.__idsSeenAt = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => { window.__idsVisibleAt = performance.now(); });
  });
  observer.observe(document, {
    subtree: true, childList: true, characterData: true,
    attributes: true, attributeFilter: ['class', 'style', 'hidden', 'aria-busy'],
  });
})();`;

interface Fetched {
  url: string;
  type: string;
  /** When the request started (epoch ms). */
  startedAt: number;
  /** Bytes on the wire (headers and body as sent, compressed if the server compressed). */
  transferred: number;
  /** The decoded body, kept for scripts. */
  body?: Buffer;
}

interface Load {
  /** ms from navigation start to the first frame showing the target; undefined: not reached. */
  visibleMs?: number;
  /** Epoch ms at which the target became visible. */
  visibleAtEpoch?: number;
  /** Every request of the load (when asked for). */
  fetched: Fetched[];
  error?: string;
}

async function loadOnce(browser: Browser, target: Target, throttled: boolean, record = false): Promise<Load> {
  const context: BrowserContext = await browser.newContext(PHONE);
  try {
    const page: Page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    // teams-js asks a Microsoft CDN for its list of Teams hosts at load; unreachable here.
    await cdp.send('Network.setBlockedURLs', { urls: ['*://res.cdn.office.net/*'] });
    if (throttled) {
      await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    }
    await page.addInitScript({ content: watchForTarget({ selector: target.selector, heading: target.heading }) });
    const fetched: Fetched[] = [];
    const pending: Promise<void>[] = [];
    if (record) {
      page.on('requestfinished', (request) => {
        pending.push(
          (async () => {
            const [sizes, response] = await Promise.all([request.sizes(), request.response()]);
            const type = request.resourceType();
            fetched.push({
              url: request.url(),
              type,
              startedAt: request.timing().startTime,
              transferred: sizes.responseHeadersSize + sizes.responseBodySize,
              body: type === 'script' && response ? await response.body() : undefined,
            });
          })().catch(() => undefined),
        );
      });
    }
    await page.goto(target.url, { waitUntil: 'commit', timeout: TIMEOUT });
    let visibleMs: number | undefined;
    let error: string | undefined;
    try {
      await page.waitForFunction(
        () => (window as { __idsVisibleAt?: number }).__idsVisibleAt !== undefined,
        undefined,
        { timeout: TIMEOUT, polling: 50 },
      );
      visibleMs = await page.evaluate(() => (window as unknown as { __idsVisibleAt: number }).__idsVisibleAt);
    } catch (err) {
      error = /Timeout/i.test(String(err)) ? `not visible within ${TIMEOUT / 1000} s` : String(err).split('\n')[0];
    }
    const timeOrigin = await page.evaluate(() => performance.timeOrigin);
    // Let the rest of the load (lazy chunks, images) finish at full speed before the context
    // closes, so the server sees no aborted requests; also what is counted without a first screen.
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined);
    await Promise.all(pending);
    return { visibleMs, visibleAtEpoch: visibleMs === undefined ? undefined : timeOrigin + visibleMs, fetched, error };
  } finally {
    await context.close();
  }
}

const describe = (t: Target) => (t.selector ? `waited for ${t.selector}` : `waited for a heading with "${t.heading}"`);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function pickPerson(base: string): Promise<{ id: string; displayName: string }> {
  const fromArgs = option('person');
  const res = await fetch(`${base}/api/people/search?q=${encodeURIComponent(fromArgs ?? 'de')}&limit=20`);
  if (!res.ok) throw new Error(`people search answered ${res.status}: is ${base} in development mode?`);
  const found = (await res.json()) as { people: Array<{ person: { id: string; displayName: string } }> };
  const person = found.people[Math.min(found.people.length - 1, 3)]?.person;
  if (!person) throw new Error('no person found to open by deep link; pass --person <name>');
  return person;
}

async function main() {
  const external = option('url');
  let server: DemoServer | undefined;
  if (!external) {
    process.stdout.write('starting a server with the demo organisation (in-memory store)… ');
    const t0 = Date.now();
    server = await startDemoServer();
    console.log(`ready in ${secs(Date.now() - t0)}`);
  }
  const base = (external ?? server!.url).replace(/\/+$/, '');
  const browser = await launchBrowser();
  const lines: string[] = [];
  const say = (line = '') => {
    console.log(line);
    lines.push(line);
  };
  try {
    const configRes = await fetch(`${base}/api/config`);
    const mode = configRes.ok ? ((await configRes.json()) as { mode: string }).mode : 'unknown';
    if (mode !== 'development') throw new Error(`${base} runs in ${mode} mode; the bench needs development mode`);
    const person = await pickPerson(base);
    const targets: Target[] = [
      { name: 'feed: first post visible', url: `${base}/tab?view=home`, selector: FEED_SELECTOR },
      {
        name: "deep link: a person's page",
        url: tabLink({ publicUrl: base, teamsAppId: undefined }, `person:${person.id}`),
        ...(PERSON_SELECTOR ? { selector: PERSON_SELECTOR } : { heading: person.displayName }),
      },
    ];

    const shown = args.filter((a) => a !== '--readme');
    say(`$ npm run bench:tab${shown.length ? ` -- ${shown.join(' ')}` : ''}`);
    say(
      `chromium ${browser.version()}; node ${process.version}; ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'cpu'}; server ${external ? external : 'in-process, demo organisation, in-memory localdb'}`,
    );
    say(
      `load average at start: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    say(
      `throttled = CPU ${CPU_SLOWDOWN}× (Emulation.setCPUThrottlingRate) + slow 4G (Network.emulateNetworkConditions: latency ${SLOW_4G.latency} ms, down ${Math.round(SLOW_4G.downloadThroughput)} B/s, up ${Math.round(SLOW_4G.uploadThroughput)} B/s); phone viewport 360×740; cold cache each load`,
    );
    say();

    if (WATERFALL) {
      for (const target of targets) {
        await loadOnce(browser, target, false); // warms the server, as the timed loads are
        await waterfall(browser, target);
      }
      return;
    }

    // 1. Initial JavaScript.
    const first = await loadOnce(browser, targets[0]!, false, true);
    const before = (
      first.visibleAtEpoch === undefined
        ? first.fetched
        : first.fetched.filter((f) => f.startedAt <= first.visibleAtEpoch!)
    ).sort((a, b) => a.startedAt - b.startedAt);
    say(
      first.visibleAtEpoch === undefined
        ? `initial JavaScript (first post ${first.error ?? 'not visible'}; counted every script until the network was idle)`
        : 'initial JavaScript (every script requested before the first post was visible)',
    );
    say(`  ${'file'.padEnd(44)} ${'raw'.padStart(10)} ${'gzip -6'.padStart(10)} ${'sent'.padStart(10)}`);
    let raw = 0;
    let gz = 0;
    let sent = 0;
    for (const f of before.filter((x) => x.type === 'script' && x.body)) {
      const g = gzipSync(f.body!, { level: 6 }).length;
      raw += f.body!.length;
      gz += g;
      sent += f.transferred;
      say(
        `  ${new URL(f.url).pathname.padEnd(44)} ${kb(f.body!.length).padStart(10)} ${kb(g).padStart(10)} ${kb(f.transferred).padStart(10)}`,
      );
    }
    say(
      `  ${'total'.padEnd(44)} ${kb(raw).padStart(10)} ${kb(gz).padStart(10)} ${kb(sent).padStart(10)}  (target ≤ 300 KB gzipped: ${gz <= GOAL_JS_GZIP ? 'met' : 'missed'})`,
    );
    const byType = new Map<string, { n: number; bytes: number }>();
    for (const f of before) {
      const t = byType.get(f.type) ?? { n: 0, bytes: 0 };
      byType.set(f.type, { n: t.n + 1, bytes: t.bytes + f.transferred });
    }
    say(
      `  all requests before it: ${before.length}, ${kb(before.reduce((n, f) => n + f.transferred, 0))} sent (${[
        ...byType,
      ]
        .map(([type, t]) => `${type} ${t.n}: ${kb(t.bytes)}`)
        .join(', ')})`,
    );
    say();

    // 2. Time to the first screen.
    for (const target of targets) {
      for (const throttled of [true, false]) {
        const label = `${target.name} (${throttled ? 'throttled' : 'unthrottled'})`.padEnd(50);
        // Warms the server, not the browser (each load has a fresh context); a screen that does
        // not come up here (not built yet, or another selector) is not waited for ten times more.
        const warm = await loadOnce(browser, target, throttled);
        if (warm.visibleMs === undefined) {
          say(`${label} not reached: ${warm.error ?? 'not visible'} (${describe(target)})`);
          continue;
        }
        const samples: number[] = [];
        const failures: string[] = [];
        for (let i = 0; i < RUNS; i++) {
          const load = await loadOnce(browser, target, throttled);
          if (load.visibleMs === undefined) failures.push(load.error ?? 'not reached');
          else samples.push(load.visibleMs);
          process.stderr.write('.');
        }
        process.stderr.write('\n');
        if (samples.length === 0) {
          say(`${label} not reached in ${RUNS} loads: ${failures[0]}`);
          continue;
        }
        const m = median(samples);
        say(
          `${label} n=${String(samples.length).padStart(2)}  median ${secs(m)}  min ${secs(Math.min(...samples))}  max ${secs(Math.max(...samples))}` +
            (throttled ? `  (target < 2.5 s: ${m < GOAL_MS ? 'met' : 'missed'})` : '') +
            (failures.length ? `  ${failures.length} not reached` : ''),
        );
      }
    }
    say(
      `load average at end: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await browser.close();
    await server?.stop();
  }
  if (WRITE_README) writeReadme(lines);
}

/**
 * One throttled load, printed as a waterfall: every request (from the page's resource timing:
 * start, first byte, end, bytes) and the tab's own marks (performance.mark 'ids:*'), in ms from
 * the navigation's time origin, to show what the first screen waited for.
 */
async function waterfall(browser: Browser, target: Target) {
  const context = await browser.newContext(PHONE);
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setBlockedURLs', { urls: ['*://res.cdn.office.net/*'] });
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await page.addInitScript({ content: watchForTarget({ selector: target.selector, heading: target.heading }) });
    await page.goto(target.url, { waitUntil: 'commit', timeout: TIMEOUT });
    await page.waitForFunction(() => (window as { __idsVisibleAt?: number }).__idsVisibleAt !== undefined, undefined, {
      timeout: TIMEOUT,
      polling: 50,
    });
    const rows = await page.evaluate(`(() => {
      const out = [];
      const nav = performance.getEntriesByType('navigation')[0];
      if (nav) out.push({ at: 0, first: nav.responseStart, end: nav.responseEnd, what: 'document ' + location.pathname + location.search, bytes: nav.transferSize });
      for (const r of performance.getEntriesByType('resource'))
        out.push({ at: r.startTime, first: r.responseStart, end: r.responseEnd, what: r.initiatorType + ' ' + new URL(r.name).pathname + new URL(r.name).search, bytes: r.transferSize });
      for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('ids:')) out.push({ at: m.startTime, what: 'mark ' + m.name });
      const e = performance.getEntriesByName('first-contentful-paint')[0];
      if (e) out.push({ at: e.startTime, what: 'first contentful paint' });
      out.push({ at: window.__idsVisibleAt, what: 'TARGET VISIBLE' });
      return out.sort((a, b) => a.at - b.at);
    })()`);
    console.log(`\n${target.name} (throttled), ms from navigation start`);
    console.log(`  ${'start'.padStart(6)} ${'1st byte'.padStart(8)} ${'end'.padStart(6)} ${'bytes'.padStart(8)}  what`);
    const ms = (n: number | undefined) => (n === undefined || n === 0 ? '' : Math.round(n).toString());
    for (const r of rows as Array<{ at: number; first?: number; end?: number; what: string; bytes?: number }>)
      console.log(
        `  ${ms(r.at).padStart(6)} ${ms(r.first).padStart(8)} ${ms(r.end).padStart(6)} ${(r.bytes ? String(r.bytes) : '').padStart(8)}  ${r.what}`,
      );
  } finally {
    await context.close();
  }
}

/** Replaces the figures between the bench's markers in bench/README.md. */
function writeReadme(lines: string[]) {
  const file = new URL('./README.md', import.meta.url);
  const text = readFileSync(file, 'utf8');
  const start = '<!-- bench:tab figures -->';
  const end = '<!-- /bench:tab figures -->';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) {
    console.error(`bench/README.md has no ${start} … ${end} section; figures not written`);
    return;
  }
  const block = `${start}\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n${end}`;
  writeFileSync(file, text.slice(0, a) + block + text.slice(b + end.length));
  console.log('figures written into bench/README.md');
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
