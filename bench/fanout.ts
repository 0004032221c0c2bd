/**
 * News to 2,500 colleagues as cards, against the Bot Connector stand-in at Teams' real ceiling
 * (50 requests/s per app per tenant; 7/1 s, 8/2 s, 60/30 s, 1,800/h per conversation, 429 +
 * Retry-After beyond). Each run publishes one post with notify to everyone and waits until every
 * delivery is settled, then counts at the stand-in what people would see.
 *
 *   npm run bench:fanout                      # the four runs below (about five minutes)
 *   npm run bench:fanout -- --recipients 500 --runs clean,kill
 *
 * Runs:
 * - clean: one instance, no faults;
 * - faults: one instance; 5% of sends answered 500/502/503/504 (half of them after the card
 *   was taken, so a retry shows it twice), and a burst of 15 × 429 (Retry-After 1 s) every 8 s,
 *   each burst answering the next 15 sends within 2 s;
 * - kill: one instance killed with SIGKILL halfway, another started in its place;
 * - two: two instances on one store at once.
 *
 * The store is an in-memory localdb in its own process; every Ids instance is the whole server
 * (bench/fanout-worker.ts) in its own process, as `npm start` runs it. Figures are printed, never
 * asserted (CONVENTIONS 11). Lease 10 s (DELIVERY_LEASE_SECONDS) so the kill run recovers within it.
 */
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import mongoose, { type Types } from 'mongoose';
import { startBotConnector, TEAMS_LIMITS, type BotConnectorStandIn } from '../tests/support/bot-connector.js';
import { ConversationRef, Delivery, Pace } from '../models/delivery.js';
import { Department, departmentKey } from '../models/department.js';
import { Person } from '../models/person.js';
import { Post } from '../models/post.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const RECIPIENTS = Number(option('recipients', '2500'));
const RUNS = option('runs', 'clean,faults,kill,two').split(',');
const CEILING = TEAMS_LIMITS.appPerSecond;
const ROOT = path.resolve(import.meta.dirname, '..');

interface RunSpec {
  readonly name: string;
  readonly workers: number;
  readonly faults?: boolean;
  readonly kill?: boolean;
}

const SPECS: Record<string, RunSpec> = {
  clean: { name: 'clean', workers: 1 },
  faults: { name: 'faults', workers: 1, faults: true },
  kill: { name: 'kill -9', workers: 1, kill: true },
  two: { name: 'two workers', workers: 2 },
};

/** Every process the bench started: none outlives it, however it ends. */
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function startProcess(script: string, scriptArgs: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  // Node itself (not npx): a SIGKILL must reach the process that runs the worker.
  // BENCH_CPU_PROF=<dir> writes a CPU profile of every process.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', script, ...scriptArgs], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  // BENCH_VERBOSE=1 shows what the processes log.
  if (process.env.BENCH_VERBOSE)
    createInterface({ input: child.stdout! }).on('line', (line) => process.stderr.write(`[${child.pid}] ${line}\n`));
  return child;
}

function waitForLine(child: ChildProcess, match: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`no ${match} within ${timeoutMs} ms`)), timeoutMs);
    lines.on('line', (line) => {
      const m = line.match(match);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.once('exit', (code) => {
      // A killed instance never prints what was awaited: its timer must not keep the bench alive.
      clearTimeout(timer);
      reject(new Error(`process exited (${code}) before ${match}`));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function seed(connector: BotConnectorStandIn) {
  const dept = await Department.create({ name: 'Bench', key: departmentKey(`bench-${Date.now()}`) });
  const author = await Person.create({
    email: `communicatie@bench.example`,
    displayName: 'Communicatie Bench',
    roles: ['communicator'],
  });
  const people = Array.from({ length: RECIPIENTS }, (_, i) => ({
    email: `collega${i}@bench.example`,
    displayName: `Collega ${i}`,
    departmentId: dept._id,
    department: dept.name,
    aadObjectId: `bench-aad-${i}`,
  }));
  const inserted = await Person.insertMany(people);
  await ConversationRef.insertMany(
    inserted.map((p, i) => ({
      kind: 'personal',
      personId: p._id,
      aadObjectId: `bench-aad-${i}`,
      teamsUserId: `29:bench-${i}`,
      tenantId: 'bench-tenant',
      conversationId: `a:bench-${i}`,
      serviceUrl: connector.serviceUrl,
      channelId: 'msteams',
      state: 'active',
    })),
  );
  return { dept, author };
}

interface RunResult {
  spec: RunSpec;
  recipients: number;
  cards: number;
  lost: number;
  duplicates: number;
  sends: number;
  throttled: { limit: number; injected: number };
  cardsPerSecond: number;
  callsPerSecond: number;
  maxCallsInAnySecond: number;
  seconds: number;
  statuses: Record<string, number>;
  /** The last error of each failed delivery. */
  lastErrors: Record<string, number>;
  possibleDuplicatesReported: number;
  /** CPU the instances that lived to the end used per card (the killed one is not counted). */
  cpuMsPerCard: number;
  /** Where the time went: spans and gaps at the stand-in, each instance's late slots and event loop delay. */
  pacing: string[];
  inFlightAtKill?: number;
  leasedAtKill?: number;
}

async function run(
  spec: RunSpec,
  ctx: {
    connector: BotConnectorStandIn;
    env: NodeJS.ProcessEnv;
    dept: { _id: Types.ObjectId };
    author: { _id: Types.ObjectId };
  },
): Promise<RunResult> {
  const { connector } = ctx;
  await Pace.deleteMany({});
  connector.clear();
  const workers = Array.from({ length: spec.workers }, () => startProcess('bench/fanout-worker.ts', [], ctx.env));
  /** CPU ms each instance had used when it became ready, and when it stopped. */
  const cpuAtReady = new Map<ChildProcess, number>();
  const cpuAtEnd = new Map<ChildProcess, Promise<number>>();
  const pacingAtEnd = new Map<ChildProcess, Promise<string>>();
  const track = async (w: ChildProcess) => {
    const end = waitForLine(w, /^CPU (\S+)$/, 30 * 60_000).then((m) => Number(m[1]));
    end.catch(() => undefined);
    cpuAtEnd.set(w, end);
    const pacing = waitForLine(w, /^PACING (.+)$/, 30 * 60_000).then((m) => m[1]!);
    pacing.catch(() => undefined);
    pacingAtEnd.set(w, pacing);
    cpuAtReady.set(w, Number((await waitForLine(w, /^READY (\S+)$/))[1]));
  };
  await Promise.all(workers.map(track));
  let bursts: NodeJS.Timeout | undefined;
  if (spec.faults) {
    connector.failRandomly(0.05, [500, 502, 503, 504], { afterAccept: 0.5 });
    // A burst lapses after 2 s unused: before, bursts injected while only a few stragglers were
    // left piled up, and a lone retried send met one 429 a second for half a minute.
    bursts = setInterval(
      () => connector.inject({ status: 429, retryAfter: 1, count: 15, ops: ['send'], until: Date.now() + 2_000 }),
      8_000,
    );
  }
  const title = `Bench ${spec.name} ${Date.now()}`;
  const started = Date.now();
  const post = await Post.create({
    kind: 'department',
    authorId: ctx.author._id,
    title,
    body: 'Een bericht voor iedereen.',
    audience: { departmentIds: [ctx.dept._id] },
    status: 'published',
    notify: true,
    fanoutDue: true,
    publishedAt: new Date(),
  });
  const ours = () => connector.sent.filter((a) => a.body.summary?.endsWith(title));
  let killed = false;
  let inFlightAtKill: number | undefined;
  let leasedAtKill: number | undefined;
  const deadline = Date.now() + Number(process.env.BENCH_RUN_TIMEOUT_MS ?? 6 * 60_000);
  for (;;) {
    await sleep(250);
    const accepted = ours().length;
    if (spec.kill && !killed && accepted >= RECIPIENTS / 2) {
      workers[0]!.kill('SIGKILL');
      killed = true;
      const now = new Date();
      // What the dead instance had on its way: a send marked as leaving may have reached Teams.
      inFlightAtKill = await Delivery.countDocuments({ postId: post._id, sendingSince: { $ne: null } });
      leasedAtKill = await Delivery.countDocuments({ postId: post._id, queued: true, leaseUntil: { $gt: now } });
      const replacement = startProcess('bench/fanout-worker.ts', [], ctx.env);
      workers.push(replacement);
      await track(replacement);
    }
    // Only this run's deliveries are queued: counting the queue is cheap, counting the post's is not.
    const [open, made] = await Promise.all([
      Delivery.countDocuments({ queued: true }),
      Delivery.countDocuments({ postId: post._id }),
    ]);
    if (made >= RECIPIENTS && open === 0) break;
    if (Date.now() > deadline) throw new Error(`${spec.name}: ${open} deliveries still open after 6 minutes`);
  }
  clearInterval(bursts);
  const survivors = workers.filter((w) => w.exitCode === null && w.signalCode === null);
  await Promise.all(
    survivors.map(
      (w) =>
        new Promise<void>((resolve) => {
          w.once('exit', () => resolve());
          w.kill('SIGTERM');
        }),
    ),
  );

  let cpuMs = 0;
  for (const w of survivors) cpuMs += (await cpuAtEnd.get(w)!) - cpuAtReady.get(w)!;
  const pacing = await Promise.all(survivors.map((w) => pacingAtEnd.get(w)!));
  const cards = ours();
  const perConversation = new Map<string, number>();
  for (const c of cards) perConversation.set(c.conversationId, (perConversation.get(c.conversationId) ?? 0) + 1);
  const times = cards.map((c) => c.at).sort((a, b) => a - b);
  const first = times[0] ?? started;
  const last = times.at(-1) ?? started;
  const sends = connector.requests.filter((r) => r.op === 'send' && r.at >= started);
  const calls = connector.requests.filter((r) => r.at >= first && r.at <= last);
  const allCalls = connector.requests.map((r) => r.at).sort((a, b) => a - b);
  let maxInSecond = 0;
  for (let i = 0, j = 0; i < allCalls.length; i++) {
    while (allCalls[j]! <= allCalls[i]! - 1000) j++;
    maxInSecond = Math.max(maxInSecond, i - j + 1);
  }
  const byStatus = await Delivery.aggregate<{ _id: string; n: number; dup: number }>([
    { $match: { postId: post._id } },
    { $group: { _id: { $ifNull: ['$failure', '$status'] }, n: { $sum: 1 }, dup: { $sum: '$uncertainSends' } } },
  ]);
  const whyFailed = await Delivery.aggregate<{ _id: string; n: number }>([
    { $match: { postId: post._id, status: 'failed' } },
    { $group: { _id: '$lastError', n: { $sum: 1 } } },
  ]);
  const throttled429 = sends.filter((r) => r.status === 429).length;
  // Where the time went, as the stand-in saw the calls: the span of every 50 calls in a row
  // (1,000 ms is the ceiling, 1,015 the pacer's spacing), and gaps of more than three slots.
  const inRun = calls.map((r) => r.at).sort((a, b) => a - b);
  const spans: number[] = [];
  for (let i = 0; i + CEILING < inRun.length; i++) spans.push(inRun[i + CEILING]! - inRun[i]!);
  spans.sort((a, b) => a - b);
  const q = (p: number) => spans[Math.min(spans.length - 1, Math.floor(p * spans.length))] ?? 0;
  let gapMs = 0;
  let gaps = 0;
  for (let i = 1; i < inRun.length; i++) {
    const gap = inRun[i]! - inRun[i - 1]!;
    if (gap > (3 * 1000) / CEILING) {
      gaps += 1;
      gapMs += gap - 1000 / CEILING;
    }
  }
  // BENCH_DEBUG=1: the first 130 calls as the stand-in saw them (ms after the first; ! = 429).
  if (process.env.BENCH_DEBUG) {
    const early = connector.requests.filter((r) => r.at >= started).sort((a, b) => a.at - b.at);
    const t0 = early[0]?.at ?? 0;
    process.stderr.write(
      `${early
        .slice(0, 130)
        .map((r, i) => `${i}:${r.at - t0}${r.status === 429 ? '!' : ''}`)
        .join(' ')}\n`,
    );
  }
  const limitedAt = connector.requests
    .filter((r) => r.status === 429 && r.at >= started)
    .map((r) => ((r.at - first) / 1000).toFixed(1));
  // Who met the most 429s, and when: a delivery is given up on throttling only after a long time.
  const throttledPer = new Map<string, number[]>();
  for (const r of sends)
    if (r.status === 429 && r.conversationId)
      throttledPer.set(r.conversationId, [...(throttledPer.get(r.conversationId) ?? []), r.at]);
  const mostThrottled = [...throttledPer.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  const limit429 = connector.limited.app + connector.limited.conversation;
  return {
    spec,
    recipients: RECIPIENTS,
    cards: cards.length,
    lost: RECIPIENTS - perConversation.size,
    duplicates: cards.length - perConversation.size,
    sends: sends.length,
    throttled: { limit: limit429, injected: throttled429 - limit429 },
    cardsPerSecond: cards.length > 1 ? (cards.length - 1) / ((last - first) / 1000) : 0,
    callsPerSecond: calls.length > 1 ? (calls.length - 1) / ((last - first) / 1000) : 0,
    maxCallsInAnySecond: maxInSecond,
    seconds: (last - started) / 1000,
    statuses: Object.fromEntries(byStatus.map((s) => [s._id, s.n])),
    lastErrors: Object.fromEntries(whyFailed.map((s) => [s._id, s.n])),
    possibleDuplicatesReported: byStatus.reduce((sum, s) => sum + s.dup, 0),
    cpuMsPerCard: cpuMs / Math.max(1, cards.length),
    pacing: [
      `span of ${CEILING} calls in a row p10 ${q(0.1)} · p50 ${q(0.5)} · p90 ${q(0.9)} ms`,
      `gaps over 3 slots ${gaps} (${(gapMs / 1000).toFixed(1)} s beyond one slot)`,
      `429s at ${limitedAt.slice(0, 20).join(', ') || '-'} s`,
      `most 429s met by one recipient ${mostThrottled.length}${mostThrottled.length ? ` (at ${mostThrottled.map((t) => ((t - first) / 1000).toFixed(1)).join(', ')} s)` : ''}; recipients that met one ${throttledPer.size}`,
      ...pacing.map((p, i) => `instance ${i + 1}: ${p}`),
    ],
    ...(inFlightAtKill !== undefined ? { inFlightAtKill, leasedAtKill } : {}),
  };
}

function print(r: RunResult): void {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const parts = [
    `${r.spec.name.padEnd(11)} recipients ${r.recipients}`,
    `cards ${r.cards} in ${r.seconds.toFixed(1)} s`,
    `${r.cardsPerSecond.toFixed(2)} cards/s = ${pct(r.cardsPerSecond / CEILING)} of ${CEILING}/s`,
    `calls ${r.callsPerSecond.toFixed(2)}/s, max ${r.maxCallsInAnySecond} in any 1 s`,
    `429s ${r.throttled.limit} from the limit (${pct(r.throttled.limit / Math.max(1, r.sends))} of ${r.sends} sends), ${r.throttled.injected} injected`,
    `lost ${r.lost}`,
    `duplicates ${r.duplicates} (reported as possible: ${r.possibleDuplicatesReported})`,
    `deliveries ${JSON.stringify(r.statuses)}${Object.keys(r.lastErrors).length ? ` (last errors ${JSON.stringify(r.lastErrors)})` : ''}`,
    `worker CPU ${r.cpuMsPerCard.toFixed(1)} ms/card`,
  ];
  if (r.inFlightAtKill !== undefined)
    parts.push(`in flight at the kill ${r.inFlightAtKill} (leased ${r.leasedAtKill})`);
  process.stdout.write(`${parts.join(' · ')}\n`);
  for (const line of r.pacing) process.stdout.write(`            ${line}\n`);
}

async function main() {
  const store = startProcess('localdb/cli.ts', ['--memory', '--port', '0']);
  const [, uri] = await waitForLine(store, /^MONGODB_URI=(.+)$/);
  const dbName = `ids_fanout_${Date.now()}`;
  const connector = await startBotConnector({ limits: TEAMS_LIMITS });
  try {
    await mongoose.connect(uri!, { dbName });
    await Promise.all(Object.values(mongoose.models).map((m) => m.init()));
    const seeded = await seed(connector);
    const env: NodeJS.ProcessEnv = {
      MONGODB_URI: uri,
      MONGODB_DB: dbName,
      TEAMS_SERVICE_URL: connector.serviceUrl,
      PUBLIC_URL: 'https://ids.bench.example',
      RATE_LIMIT_PER_MINUTE: '100000000',
      DELIVERY_POLL_MS: '200',
      DELIVERY_LEASE_SECONDS: '10',
      DELIVERY_TIMEOUT_SECONDS: '5',
      // The profile nudges' first round (a minute after start) would send to the same 2,500
      // people in working hours and share the ceiling: this bench measures the news alone.
      NUDGES: 'false',
      // Several instances on one store must share the key of signed image URLs.
      MEDIA_URL_SECRET: 'bench-media-url-secret-0123456789abcdef',
    };
    process.stdout.write(
      `$ npm run bench:fanout   # node ${process.version}; ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}\n` +
        `stand-in limits: ${CEILING} requests/s per app, per conversation ${TEAMS_LIMITS.conversation.map((w) => `${w.count}/${w.windowMs / 1000} s`).join(', ')}\n` +
        `load average at start: ${os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')} (on ${os.cpus().length} cores)\n`,
    );
    for (const name of RUNS) {
      const spec = SPECS[name];
      if (!spec) throw new Error(`unknown run "${name}" (${Object.keys(SPECS).join(', ')})`);
      print(await run(spec, { connector, env, ...seeded }));
    }
    process.stdout.write(
      `load average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}\n`,
    );
  } finally {
    await mongoose.disconnect();
    await connector.stop();
    store.kill('SIGTERM');
  }
}

try {
  await main();
} finally {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}
