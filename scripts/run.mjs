// `node scripts/run.mjs <entry> [args...]`: what the npm scripts start, in this one process.
//
// - NODE_ENV=production (from the environment or .env): plain node on dist/<entry>.js, the
//   output of `npm run build`. Production installs without dev dependencies and builds nothing.
// - Otherwise: <entry>.ts through tsx's loader, registered here.
//
// Either way the entry runs in this process: no launcher between npm and the server, so SIGTERM
// and Ctrl-C reach the server itself, and when it exits nothing is left listening.
// Plain JS, so it runs before anything is compiled.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { stopWhenOrphaned } from './lib/stop-when-orphaned.mjs';

const root = path.resolve(import.meta.dirname, '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: node scripts/run.mjs <entry, e.g. server/main> [args...]\n');
  process.exit(2);
}

// .env first: it may say NODE_ENV=production (variables already set win, as in config/index.ts).
const envName = process.env.IDS_ENV_FILE?.trim() || '.env';
if (envName !== 'none' && existsSync(path.resolve(envName))) process.loadEnvFile(path.resolve(envName));

const production = process.env.NODE_ENV === 'production';
const file = production ? path.join(root, 'dist', `${entry}.js`) : path.join(root, `${entry}.ts`);

if (production) {
  if (!existsSync(file)) {
    process.stderr.write(
      `${path.relative(process.cwd(), file) || file} is missing: production runs the compiled output.\n` +
        'Run "npm run build" (with the dev dependencies installed), then start again.\n',
    );
    process.exit(1);
  }
  const stale = newerSource(path.join(root, 'dist', 'build.json'));
  if (stale) {
    process.stderr.write(
      `warning: ${stale} changed after the last "npm run build"; production runs the older compiled code.\n`,
    );
  }
} else {
  try {
    const { register } = await import('tsx/esm/api');
    register();
    // Processes this one forks (the image workers) inherit execArgv: they load TypeScript too.
    process.execArgv.push('--import', 'tsx');
  } catch (err) {
    if (err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
    process.stderr.write(
      'tsx is not installed (a production install leaves out dev dependencies).\n' +
        'Set NODE_ENV=production to run the compiled output (npm run build), or run "npm install".\n',
    );
    process.exit(1);
  }
}

// Started by npm and npm killed outright: stop rather than stay behind listening.
stopWhenOrphaned();

// The entry sees itself as the script that was run, with its own arguments.
process.argv.splice(1, process.argv.length - 1, file, ...args);
await import(pathToFileURL(file).href);

/** A source file changed after dist/build.json was written, if any (checked only when it exists). */
function newerSource(stampFile) {
  if (!existsSync(stampFile)) return undefined;
  const builtAt = statSync(stampFile).mtimeMs;
  const folders = ['bot', 'cards', 'config', 'core', 'demo', 'localdb', 'models', 'server', 'scripts', 'tab/api'];
  for (const folder of folders) {
    const dir = path.join(root, folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir, { recursive: true })) {
      if (!String(name).endsWith('.ts')) continue;
      if (statSync(path.join(dir, String(name))).mtimeMs > builtAt) return path.join(folder, String(name));
    }
  }
  return undefined;
}
