// Rendering time of post bodies built to make a naive parser quadratic. Each line: case, then for
// bodies of 20,000 (the longest a post may be), 40,000, 80,000 and 160,000 characters the best of 5
// runs of renderMarkdown + excerpt, in CPU ms of this process (wall time on a shared machine
// measures the other processes as much as this one), and how much longer the 160,000 body took
// than the 20,000 one (8× is linear; a quadratic parser shows 64×). Run: npm run bench:markdown
import { cpus, loadavg } from 'node:os';
import { excerpt, renderMarkdown } from '../core/posts/markdown.js';

const SIZES = [20_000, 40_000, 80_000, 160_000];
const RUNS = 5;
const cases: Record<string, (n: number) => string> = {
  underscores: (n) => '_a'.repeat(n / 2),
  stars: (n) => '*a'.repeat(n / 2),
  doubleStars: (n) => '**a'.repeat(Math.floor(n / 3)),
  brackets: (n) => '['.repeat(n),
  bracketsLinkEnd: (n) => `${'[a'.repeat(n / 2 - 8)}](https://x.nl)`,
  closeParens: (n) => '[a](b'.repeat(n / 5),
  mixed: (n) => '_*[a]('.repeat(Math.floor(n / 6)),
  brackClose: (n) => '[]('.repeat(Math.floor(n / 3)),
  nestedLists: (n) =>
    Array.from({ length: Math.floor(n / 30) }, (_, i) => `${'  '.repeat(i % 19)}- *a* [b](c\n`).join(''),
  normal: (n) => 'Hallo **team**, zie [de site](https://ids.nl) en _dit_.\n'.repeat(Math.floor(n / 56)),
};

function best(source: string): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < RUNS; i++) {
    // A body of its own each run (trailing spaces change nothing), as each post is: the renderer
    // keeps the last parse only for the excerpt of the same body.
    const body = source + ' '.repeat(i + 1);
    const t = process.cpuUsage();
    renderMarkdown(body);
    excerpt(body);
    const used = process.cpuUsage(t);
    fastest = Math.min(fastest, (used.user + used.system) / 1000);
  }
  return fastest;
}

// Warm up the JIT on every case first, so the first line does not pay for compilation.
for (const make of Object.values(cases)) best(make(SIZES[0]!));

console.log(`node ${process.version}; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; best of ${RUNS}`);
console.log(
  `load average at start: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(`${'case'.padEnd(16)}${SIZES.map((s) => `${s}`.padStart(11)).join('')}   160k/20k`);
for (const [name, make] of Object.entries(cases)) {
  const times = SIZES.map((size) => best(make(size)));
  const ratio = times[times.length - 1]! / times[0]!;
  console.log(
    `${name.padEnd(16)}${times.map((t) => `${t.toFixed(1)} ms`.padStart(10)).join('')}   ${ratio.toFixed(1)}×`,
  );
}
