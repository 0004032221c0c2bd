// `npm run build`: the compiled output that production runs (`NODE_ENV=production npm start`):
// the server code into dist/ (tsc with tsconfig.build.json) and the tab into tab/dist.
// Plain JS, so it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const started = Date.now();

function run(what, command, args) {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`build: ${what} failed\n`);
    process.exit(r.status ?? 1);
  }
}

rmSync(path.join(root, 'dist'), { recursive: true, force: true });
run('compiling the server (tsc -p tsconfig.build.json)', process.execPath, [
  path.join(root, 'node_modules/typescript/bin/tsc'),
  '-p',
  'tsconfig.build.json',
]);
run('building the tab', process.execPath, [path.join(root, 'scripts/build-tab.mjs')]);

const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
// Written last: scripts/run.mjs warns in production when a source file is newer than this.
writeFileSync(
  path.join(root, 'dist/build.json'),
  `${JSON.stringify({ version, builtAt: new Date().toISOString(), node: process.version }, null, 2)}\n`,
);
console.log(`built in ${Date.now() - started} ms → dist/ (server) and tab/dist (tab)`);
