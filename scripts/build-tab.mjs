// Builds the tab into tab/dist (run by npm's `prepare`, so a fresh `npm install` leaves
// `npm start` nothing to build). Plain JS so it runs before anything else is compiled.
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const src = path.join(root, 'tab/src');
const out = path.join(root, 'tab/dist');
const started = Date.now();

await rm(out, { recursive: true, force: true });
await mkdir(path.join(out, 'assets'), { recursive: true });
await build({
  entryPoints: [path.join(src, 'main.ts'), path.join(src, 'main.css')],
  outdir: path.join(out, 'assets'),
  bundle: true,
  minify: true,
  sourcemap: false,
  format: 'esm',
  target: ['chrome110', 'safari16', 'firefox115'],
  jsx: 'automatic',
  logLevel: 'warning',
  loader: { '.css': 'css' },
});
await copyFile(path.join(src, 'index.html'), path.join(out, 'index.html'));
console.log(`tab built in ${Date.now() - started} ms → ${path.relative(process.cwd(), out)}`);
