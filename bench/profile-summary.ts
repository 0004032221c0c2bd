/**
 * Where a CPU profile (.cpuprofile, from --cpu-prof or the inspector) spent its time: self time
 * grouped by the part of the system it belongs to, then the costliest functions.
 *
 *   npx tsx bench/profile-summary.ts server.cpuprofile [top]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const PARTS: [RegExp, string][] = [
  [/\/localdb\//, 'localdb (embedded store)'],
  [/node_modules\/mingo\//, 'mingo (query matching)'],
  [/node_modules\/mongodb\//, 'mongodb driver'],
  [/node_modules\/bson\//, 'bson'],
  [/node_modules\/mongoose\//, 'mongoose'],
  [
    /node_modules\/(express|router|body-parser|helmet|finalhandler|send|serve-static|path-to-regexp|qs|raw-body|type-is|content-type|accepts|negotiator|on-finished|etag|fresh|mime-types|media-typer|depd|http-errors|iconv-lite|encodeurl|escape-html|parseurl|proxy-addr|vary|cookie)\//,
    'express and middleware',
  ],
  [/node_modules\/pino/, 'pino (logs)'],
  [/node_modules\/zod\//, 'zod (validation)'],
  [/\/(core|tab|server|models|cards|bot|config)\//, 'Ids code (core, tab/api, server, models)'],
  [/node_modules\/([^/]+)\//, 'other packages'],
  [/^node:|^$/, 'Node.js (http, net, streams, JSON)'],
];

function partOf(node: ProfileNode): string {
  const { functionName, url } = node.callFrame;
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)') return 'V8 (program)';
  for (const [re, name] of PARTS) if (re.test(url)) return name;
  return 'other';
}

export function summarizeProfile(file: string, top = 15): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const parts = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    const part = partOf(node);
    if (part === 'idle') continue;
    busy += us;
    parts.set(part, (parts.get(part) ?? 0) + us);
    const where = node.callFrame.url.replace(/^.*\/(node_modules\/[^/]+|[^/]+\/[^/]+)$/, '$1');
    const name = `${node.callFrame.functionName || '(anonymous)'} ${where}:${node.callFrame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
  const lines = [`busy ${(busy / 1000).toFixed(0)} ms (idle left out); self time by part:`];
  for (const [name, us] of [...parts].sort((a, b) => b[1] - a[1])) lines.push(`  ${pct(us)}  ${name}`);
  lines.push(`costliest functions (self time):`);
  for (const [name, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${pct(us)}  ${name}`);
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  console.log(summarizeProfile(file, top ? Number(top) : 15));
}
