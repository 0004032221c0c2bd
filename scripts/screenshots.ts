// Screenshots of every screen of the tab (tests/support/screens.ts) as Teams shows it: a server
// with the demo organisation on an in-memory store, in SSO mode behind the local Teams host,
// at phone (360×740, Teams on Android) and desktop (1280×800, Teams on the web) size, in the
// light, dark and high-contrast themes. PNGs go to screenshots/ (not committed).
//
//   npm run screenshots
//   npm run screenshots -- --only home,person --themes dark --sizes phone --locale en-us
//   npm run screenshots -- --full-page --out /tmp/shots
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import type { Page } from 'playwright-core';
import { tabLink } from '../core/links.js';
import { Person } from '../models/person.js';
import { buildManifest } from '../manifest/manifest.js';
import { launchBrowser } from '../tests/support/browser.js';
import { startEntraStandIn } from '../tests/support/entra.js';
import { VIEWERS, allScreens, demoRefs, type DemoRefs, type Screen } from '../tests/support/screens.js';
import { layoutProblems } from '../tests/support/layout.js';
import { startTeamsHost, teamsEnv, type TeamsHost, type TeamsTheme } from '../tests/support/teams-host.js';
import { startDemoServer, type DemoServer } from './demo-server.js';

// Browser globals inside page.evaluate() callbacks: the root tsconfig has no DOM types (the
// tab's browser code has its own, tab/tsconfig.json), so they are declared for this module only.
declare const document: {
  documentElement: { scrollHeight: number };
  querySelectorAll(selector: string): Iterable<{ scrollHeight: number }>;
};

const SIZES = {
  phone: { clientType: 'android', viewport: { width: 360, height: 740 } },
  desktop: { clientType: 'web', viewport: { width: 1280, height: 800 } },
} as const;
type Size = keyof typeof SIZES;
const PUBLIC_URL = 'https://ids.screenshots.example';
const THEMES: readonly TeamsTheme[] = ['default', 'dark', 'contrast'];
const THEME_NAMES: Record<TeamsTheme, string> = { default: 'light', dark: 'dark', contrast: 'contrast' };

const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

const program = new Command()
  .name('npm run screenshots --')
  .description('Screenshots of every screen of the tab, at phone and desktop size, in every Teams theme.')
  .option('--out <folder>', 'where the PNGs go (emptied of PNGs first)', 'screenshots')
  .option('--only <names>', 'comma-separated screen names (default: all)', list)
  .option('--themes <themes>', 'default,dark,contrast', list)
  .option('--sizes <sizes>', 'phone,desktop', list)
  .option('--locale <locale>', "Teams' locale", 'nl-nl')
  .option('--full-page', 'the whole length of the screen, not only what fits the window')
  .parse();
const opts = program.opts<{
  out: string;
  only?: string[];
  themes?: string[];
  sizes?: string[];
  locale: string;
  fullPage?: boolean;
}>();

function pick<T extends string>(asked: string[] | undefined, known: readonly T[], what: string): T[] {
  if (!asked) return [...known];
  const unknown = asked.filter((a) => !known.includes(a as T));
  if (unknown.length) throw new Error(`Unknown ${what}: ${unknown.join(', ')} (known: ${known.join(', ')})`);
  return asked as T[];
}

async function open(host: TeamsHost, screen: Screen, refs: DemoRefs, server: DemoServer, staticTabs: string[]) {
  const o = screen.open;
  if ('staticTab' in o) return host.openStaticTab(o.staticTab, { subPageId: o.subPageId?.(refs) });
  if ('deepLink' in o) return host.openDeepLink(tabLink(server.config, o.deepLink(refs)));
  if ('view' in o) {
    const params = o.params?.(refs) ?? {};
    if (staticTabs.includes(o.view) && Object.keys(params).length === 0) return host.openStaticTab(o.view);
    return host.openUrl(`/tab?${new URLSearchParams({ view: o.view, ...params })}`, { entityId: 'home' });
  }
  return host.openConfig();
}

async function fullPageHeight(host: TeamsHost): Promise<number> {
  return host.tab.evaluate(() =>
    Math.max(document.documentElement.scrollHeight, ...[...document.querySelectorAll('*')].map((e) => e.scrollHeight)),
  );
}

async function main() {
  const sizes = pick(opts.sizes, Object.keys(SIZES) as Size[], 'size');
  const themes = pick(opts.themes, THEMES, 'theme');
  const out = path.resolve(opts.out);
  const started = Date.now();
  const staticTabs = (buildManifest({ PUBLIC_URL }).staticTabs ?? [])
    .filter((t) => t.contentUrl)
    .map((t) => t.entityId);
  const everyScreen = allScreens(staticTabs);
  const screens = opts.only
    ? pick(
        opts.only,
        everyScreen.map((s) => s.name),
        'screen',
      ).map((name) => everyScreen.find((s) => s.name === name)!)
    : everyScreen;

  process.stdout.write('starting Ids with the demo organisation (in-memory store, SSO through a local Teams)… ');
  const entra = await startEntraStandIn();
  // Ambassadors' lists on, so the demo communicator (an ambassador too) has one to show.
  const server = await startDemoServer({ ...teamsEnv(entra), PUBLIC_URL, AMBASSADOR_LISTS: 'on' });
  console.log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const browser = await launchBrowser();
  let written = 0;
  const problems: string[] = [];
  try {
    const refs = await demoRefs();
    await mkdir(out, { recursive: true });
    for (const f of await readdir(out)) if (f.endsWith('.png')) await rm(path.join(out, f));
    const total = screens.length * sizes.length * themes.length;
    const people = {
      communicator: await Person.findOne({ email: refs.viewerEmail }).lean(),
      colleague: await Person.findOne({ email: refs.colleagueEmail }).lean(),
      admin: await Person.findOne({ email: refs.adminEmail }).lean(),
    };

    for (const size of sizes) {
      for (const theme of themes) {
        for (const as of VIEWERS) {
          const mine = screens.filter((s) => (s.as ?? 'communicator') === as);
          if (mine.length === 0) continue;
          const person = people[as]!;
          const host = await startTeamsHost({
            browser,
            server,
            entra,
            person,
            theme,
            locale: opts.locale,
            clientType: SIZES[size].clientType,
            contextOptions: { viewport: SIZES[size].viewport, reducedMotion: 'reduce' },
          });
          const errors: string[] = [];
          host.page.on('pageerror', (err) => errors.push(err.message.split('\n')[0]!));
          try {
            for (const screen of mine) {
              const t0 = Date.now();
              const file = path.join(out, `${screen.name}-${size}-${THEME_NAMES[theme]}.png`);
              errors.length = 0;
              let note = '';
              try {
                await open(host, screen, refs, server, staticTabs);
                if (!(await host.settled())) note = ' (still busy after 15 s)';
                if (screen.act) {
                  await screen.act(host.tab);
                  await host.settled();
                }
                await shoot(host, host.page, file, SIZES[size].viewport, Boolean(opts.fullPage));
                written += 1;
                const sticking = await layoutProblems(host.tab);
                if (sticking.length) note += ` (sticks out: ${sticking.slice(0, 3).join('; ')})`;
              } catch (err) {
                note = ` FAILED: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
              }
              if (errors.length) note += ` (${errors.length} script error(s): ${errors[0]})`;
              if (note) problems.push(`${screen.name} ${size} ${THEME_NAMES[theme]}:${note}`);
              const n = written + problems.filter((p) => p.includes('FAILED')).length;
              console.log(
                `[${String(n).padStart(String(total).length)}/${total}] ${screen.name} ${size} ${THEME_NAMES[theme]} (${as}) → ${path.relative(process.cwd(), file)} ${((Date.now() - t0) / 1000).toFixed(1)} s${note}`,
              );
            }
          } finally {
            await host.close();
          }
        }
      }
    }
  } finally {
    await browser.close();
    await server.stop();
    await entra.stop();
  }
  console.log(`\n${written} screenshots in ${out} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  if (problems.length) {
    console.log(`${problems.length} to look at:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    process.exitCode = 1;
  }
}

async function shoot(
  host: TeamsHost,
  page: Page,
  file: string,
  viewport: { width: number; height: number },
  fullPage: boolean,
) {
  if (!fullPage) {
    await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
    return;
  }
  // The tab scrolls inside its frame: grow the window to the content's height for the picture.
  const height = Math.min(8000, Math.max(viewport.height, await fullPageHeight(host)));
  await page.setViewportSize({ width: viewport.width, height });
  await host.settled(5_000);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  await page.setViewportSize(viewport);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
