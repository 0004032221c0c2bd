// Rendering time of post bodies built to make a naive parser quadratic (the longest body is 20,000
// characters). Each line: case, length, ms for renderMarkdown + excerpt. Run: npx tsx bench/markdown.ts
import { renderMarkdown, excerpt } from '../core/posts/markdown.js';
const cases: Record<string, string> = {
  underscores: '_a'.repeat(10000),
  stars: '*a'.repeat(10000),
  doubleStars: '**a'.repeat(6666),
  brackets: '['.repeat(20000),
  bracketsLinkEnd: `${'[a'.repeat(9990)}](https://x.nl)`,
  closeParens: '[a](b'.repeat(4000),
  mixed: '_*[a]('.repeat(3300),
  brackClose: '[]('.repeat(6600),
  normal: 'Hallo **team**, zie [de site](https://ids.nl) en _dit_.\n'.repeat(300),
};
for (const [k, v] of Object.entries(cases)) {
  const t = performance.now();
  renderMarkdown(v);
  excerpt(v);
  console.log(k.padEnd(16), v.length, (performance.now() - t).toFixed(1), 'ms');
}
