// Builds the tab into tab/dist (run by npm's `prepare`, so a fresh `npm install` leaves
// `npm start` nothing to build). Plain JS so it runs before anything else is compiled.
// React + Fluent UI, bundled by esbuild with code splitting: rare screens (news compose with the
// adaptivecards library, profile, groups, the channel tab's configuration) are chunks loaded
// when opened. tab/dist/meta.json (esbuild's metafile) says which files the first load needs.
// esbuild splits shared code into one chunk per combination of entry points that reach it; every
// lazy part re-exports the first load's modules (src/first-load.ts) and the people screens
// (screens/people-group.ts), so the first load is main.js and one chunk, and a deep-linked
// person's screen two more files, instead of a dozen small chunks queueing for connections.
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const src = path.join(root, 'tab/src');
const out = path.join(root, 'tab/dist');
const started = Date.now();

// A production install (npm ci --omit=dev, or NODE_ENV=production) has no esbuild and runs
// `prepare` all the same: it keeps the tab that `npm run build` made.
let build;
try {
  ({ build } = await import('esbuild'));
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
  if (existsSync(path.join(out, 'index.html'))) {
    console.log('tab: esbuild is not installed (production install); keeping the built tab in tab/dist');
    process.exit(0);
  }
  console.error(
    'tab: esbuild is not installed and tab/dist is missing: run "npm run build" where dev dependencies are installed.',
  );
  process.exit(1);
}

await rm(out, { recursive: true, force: true });
await mkdir(path.join(out, 'assets'), { recursive: true });
// The screens import Fluent's parts from their own packages (@fluentui/react-button, …) rather
// than the @fluentui/react-components barrel: through the barrel, esbuild's code splitting puts
// every component any screen uses into the first load. Those packages are react-components'
// dependencies, so they are resolved from where react-components finds them (npm may hoist them
// or not), at exactly the versions it was released with.
const componentsDir = path.join(root, 'node_modules/@fluentui/react-components');
const fluentParts = {
  name: 'fluent-parts',
  setup(b) {
    b.onResolve({ filter: /^(@fluentui\/react-[a-z-]+|@griffel\/react)$/ }, (args) => {
      if (args.path === '@fluentui/react-components' || args.path === '@fluentui/react-icons') return undefined;
      if (args.pluginData === 'fluent-parts') return undefined;
      return b.resolve(args.path, { kind: args.kind, resolveDir: componentsDir, pluginData: 'fluent-parts' });
    });
  },
};

// The message catalogue (core/i18n.ts) holds Dutch and English together, and esbuild splits code
// by file: src/catalogue-nl.ts and src/catalogue-en.ts become each language's messages as data,
// read here from core/i18n.ts, so the first load carries Dutch alone and English is a chunk
// loaded only when Teams says English (about 40 KB of text each, raw).
const i18nModule = await build({
  entryPoints: [path.join(root, 'core/i18n.ts')],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'neutral',
  logLevel: 'warning',
});
const i18n = await import(
  `data:text/javascript;base64,${Buffer.from(i18nModule.outputFiles[0].text).toString('base64')}`
);
const catalogueData = {
  name: 'catalogue-data',
  setup(b) {
    b.onLoad({ filter: /tab[\\/]src[\\/]catalogue-(nl|en)\.ts$/ }, (args) => {
      const locale = /catalogue-(nl|en)\.ts$/.exec(args.path)[1];
      const messages = Object.fromEntries(i18n.messageKeys().map((key) => [key, i18n.messageTemplate(locale, key)]));
      // English, like every lazy part, re-exports the first load's modules (src/first-load.ts), so
      // that esbuild's helpers stay in the first load's chunk rather than a file of their own.
      const firstLoad = locale === 'en' ? "export * as firstLoad from './first-load.js';\n" : '';
      return { contents: `${firstLoad}export const messages = ${JSON.stringify(messages)};`, loader: 'js' };
    });
  },
};

const result = await build({
  plugins: [fluentParts, catalogueData],
  entryPoints: [path.join(src, 'main.tsx'), path.join(src, 'main.css')],
  outdir: path.join(out, 'assets'),
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  minify: true,
  sourcemap: false,
  format: 'esm',
  target: ['chrome110', 'safari16', 'firefox115'],
  jsx: 'automatic',
  tsconfig: path.join(root, 'tab/tsconfig.json'),
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  loader: { '.css': 'css' },
});
await writeFile(path.join(out, 'meta.json'), JSON.stringify(result.metafile));
const assets = path.join(out, 'assets');
const asset = (file) => path.relative(assets, file).split(path.sep).join('/');
// The chunks the first screen needs are announced in the page, so the browser fetches them in
// parallel with main.js instead of discovering them one import at a time.
const initial = closure(result.metafile, [path.join(assets, 'main.js')]);
const preload = [...initial]
  .filter((file) => !file.endsWith('/main.js'))
  .map((file) => `<link rel="modulepreload" href="/tab/assets/${asset(file)}">`)
  .join('\n  ');
// The page's boot script (src/boot.ts, inlined: no request of its own) knows which files each
// lazy part needs: the screens a deep link may open first, the English catalogue, and teams-js for
// the channel tab's configuration page (elsewhere in Teams it connects with src/teams-boot.ts).
const lazy = {
  teams: /src\/teams-sdk\.ts$/,
  people: /screens\/people-group\.ts$/,
  person: /screens\/person-group\.ts$/,
  more: /screens\/more-group\.ts$/,
  compose: /screens\/compose\.tsx$/,
  lists: /screens\/profile-lists\.tsx$/,
  analytics: /screens\/analytics\.tsx$/,
  en: /src\/catalogue-en\.ts$/,
};
const lazyFiles = {};
for (const [part, pattern] of Object.entries(lazy)) {
  const entry = Object.entries(result.metafile.outputs).find(
    ([file, o]) => file.endsWith('.js') && o.entryPoint && pattern.test(o.entryPoint),
  );
  if (!entry) throw new Error(`build-tab: no chunk for the lazy part "${part}"`);
  lazyFiles[part] = [...closure(result.metafile, [path.resolve(root, entry[0])])]
    .filter((f) => !initial.has(f))
    .map(asset);
}
// Teams' connection for the boot script (src/teams-boot.ts): teams-js in a file of its own that
// imports nothing from the app's chunks, so it runs as soon as it is here, while the app's code is
// still on its way. Named by its content (the server lets browsers keep files under chunks/).
const teamsBoot = await build({
  entryPoints: [path.join(src, 'teams-boot.ts')],
  // connectToHost's own lazy import of teams-js (main.js's way) is never taken here.
  plugins: [
    {
      name: 'no-app',
      setup: (b) => b.onResolve({ filter: /teams-sdk\.js$/ }, (a) => ({ path: a.path, external: true })),
    },
  ],
  bundle: true,
  write: false,
  minify: true,
  format: 'esm',
  target: ['chrome110', 'safari16', 'firefox115'],
  tsconfig: path.join(root, 'tab/tsconfig.json'),
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'none',
  logLevel: 'warning',
});
const teamsBootText = teamsBoot.outputFiles[0].text;
const teamsBootFile = `chunks/teams-boot-${createHash('sha256').update(teamsBootText).digest('hex').slice(0, 8).toUpperCase()}.js`;
await writeFile(path.join(assets, teamsBootFile), teamsBootText);
const boot = await build({
  entryPoints: [path.join(src, 'boot.ts')],
  bundle: true,
  write: false,
  minify: true,
  format: 'iife',
  target: ['chrome110', 'safari16', 'firefox115'],
  tsconfig: path.join(root, 'tab/tsconfig.json'),
  // The boot script imports Teams' connection by its address (src/teams-boot.ts, built above).
  external: ['/tab/assets/*'],
  define: {
    __IDS_LAZY__: JSON.stringify(lazyFiles),
    __IDS_TEAMS_BOOT__: JSON.stringify(teamsBootFile),
    // The few words the boot script's first screen says (src/shell.ts), in both languages.
    __IDS_SHELL_WORDS__: JSON.stringify(
      Object.fromEntries(
        ['nl', 'en'].map((locale) => [
          locale,
          Object.fromEntries(
            ['feed.title', 'time.justNow', 'feed.pinned', 'post.important', 'post.label'].map((key) => [
              key,
              i18n.messageTemplate(locale, key),
            ]),
          ),
        ]),
      ),
    ),
    'process.env.NODE_ENV': '"production"',
  },
  legalComments: 'none',
  logLevel: 'warning',
});
// main.js keeps its name (the server's own pages share main.css); the page names its content
// hash, so the server may let browsers keep every script for good (server/app.ts).
const mainHash = createHash('sha256')
  .update(await readFile(path.join(assets, 'main.js')))
  .digest('hex')
  .slice(0, 12);
const html = await readFile(path.join(src, 'index.html'), 'utf8');
await writeFile(
  path.join(out, 'index.html'),
  html
    .replace('<!-- modulepreload -->', preload)
    .replace('<!-- boot -->', `<script>${boot.outputFiles[0].text.trim()}</script>`)
    // The loading page's few styles travel inside the page: one request fewer on the six
    // connections a browser opens (server/pages.ts still links the file).
    .replace(
      '<link rel="stylesheet" href="/tab/assets/main.css">',
      `<style>${(await readFile(path.join(assets, 'main.css'), 'utf8')).trim()}</style>`,
    )
    .replace('/tab/assets/main.js"', `/tab/assets/main.js?v=${mainHash}"`),
);
// Pre-compressed copies (Brotli and gzip), served to browsers that accept them (a phone on a slow connection gets
// a third of the bytes, and the server compresses nothing per request).
for (const entry of await readdir(path.join(out, 'assets'), { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !/\.(js|css)$/.test(entry.name)) continue;
  const file = path.join(entry.parentPath, entry.name);
  const data = await readFile(file);
  await writeFile(`${file}.gz`, gzipSync(data, { level: 9 }));
  await writeFile(`${file}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
}
console.log(`tab built in ${Date.now() - started} ms → ${path.relative(process.cwd(), out)}`);

/** The output files the given ones load statically (not what they import when a screen opens). */
function closure(metafile, entries) {
  const byPath = new Map(Object.entries(metafile.outputs).map(([file, output]) => [path.resolve(root, file), output]));
  const seen = new Set();
  const stack = [...entries];
  while (stack.length) {
    const file = stack.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    for (const i of byPath.get(file)?.imports ?? [])
      if (i.kind === 'import-statement') stack.push(path.resolve(root, i.path));
  }
  return seen;
}
