/**
 * The feed under load, as `npm start` serves it: a server on an in-memory localdb with the demo
 * organisation runs in a child process (its own event loop and CPU, shared with the embedded
 * store as in production on one machine); this process drives it over keep-alive HTTP with 20
 * concurrent clients acting as 20 different people (development header), each sending 90%
 * `GET /api/feed?limit=20` and 10% likes and comments on posts it saw. Then the same 20 clients
 * ask `/healthz` for as long. Each round reports both, so the feed's throughput stands beside
 * what the same server does with no work per request.
 *
 *   npm run bench:load                               # 6 rounds of 5 s mixed + 5 s /healthz
 *   npm run bench:load -- --rounds 3 --seconds 10 --clients 20
 *   npm run bench:load -- --profile load.cpuprofile  # CPU profile of the server in round 1's mixed phase
 *
 * Goal: the feed at least 25% of /healthz's requests per second, feed p95 < 100 ms. The rate
 * limit is raised out of the way. `server cpu/req` is the server process's CPU time per request:
 * unlike wall time it hardly moves when other processes compete for the machine.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};
const textOption = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

type ToServer = { cmd: 'cpu' } | { cmd: 'profile-start' } | { cmd: 'profile-stop'; file: string } | { cmd: 'stop' };
type FromServer =
  | { kind: 'ready'; url: string; people: string[]; posts: number; store: string }
  | { kind: 'cpu'; ms: number }
  | { kind: 'profiled'; file: string }
  | { kind: 'stopped' };

// ---------------------------------------------------------------- the server (child process)

async function serve(clients: number): Promise<void> {
  const { startBenchServer } = await import('./server.js');
  const { Person } = await import('../models/person.js');
  const { Post } = await import('../models/post.js');
  const bench = await startBenchServer();
  // Twenty different people, spread over the directory (departments, roles, groups).
  const everyone = await Person.find({ active: true }, { email: 1 }).sort({ email: 1 }).lean();
  const step = Math.max(1, Math.floor(everyone.length / clients));
  const people = Array.from({ length: clients }, (_, i) => everyone[(i * step) % everyone.length]!.email);
  let session: Session | undefined;
  const send = (m: FromServer) => process.send!(m);
  process.on('message', async (m: ToServer) => {
    if (m.cmd === 'cpu') {
      const u = process.cpuUsage();
      send({ kind: 'cpu', ms: (u.user + u.system) / 1000 });
    } else if (m.cmd === 'profile-start') {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
      send({ kind: 'profiled', file: '' });
    } else if (m.cmd === 'profile-stop' && session) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(m.file, JSON.stringify(profile));
      session.disconnect();
      session = undefined;
      send({ kind: 'profiled', file: m.file });
    } else if (m.cmd === 'stop') {
      await bench.stop();
      send({ kind: 'stopped' });
      process.exit(0);
    }
  });
  send({ kind: 'ready', url: bench.running.url, people, posts: await Post.countDocuments(), store: bench.store });
}

// ---------------------------------------------------------------- the clients (this process)

interface Sample {
  kind: 'feed' | 'like' | 'comment' | 'healthz';
  ms: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
}

async function drive(): Promise<void> {
  const clients = option('clients', 20);
  // Six short rounds rather than three long ones (the same minute): the machine's pace drifts
  // within seconds (/healthz alone moved 1,112-1,923/s between 10-s phases), and a feed phase is
  // compared with the /healthz phase right after it, so shorter phases compare more alike moments.
  const seconds = option('seconds', 5);
  const rounds = option('rounds', 6);
  // Long enough for the demo's background work after start-up (the rollup of its twelve weeks of
  // events takes 5-7 s after ready): with 3 s, round 1 shared the server with it.
  const warmup = option('warmup', 15);
  const profileFile = textOption('profile');
  /** The share of likes and comments (half each) in the mixed phase. */
  const writeShare = option('writes', 10) / 100;

  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve', '--clients', String(clients)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<string, (m: FromServer) => void>();
  child.on('message', (m: FromServer) => {
    const done = waiting.get(m.kind);
    waiting.delete(m.kind);
    done?.(m);
  });
  const expect = <K extends FromServer['kind']>(kind: K) =>
    new Promise<Extract<FromServer, { kind: K }>>((resolve) => waiting.set(kind, resolve as (m: FromServer) => void));
  const ask = async <K extends FromServer['kind']>(m: ToServer, kind: K) => {
    const reply = expect(kind);
    child.send(m);
    return reply;
  };
  const startedAt = performance.now();
  const ready = await expect('ready');
  console.log(
    `server ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s: demo organisation, ${ready.posts} posts; ${ready.store}`,
  );

  const agent = new http.Agent({ keepAlive: true, maxSockets: clients * 2 });
  const base = new URL(ready.url);
  let failures = 0;
  const request = (method: string, path: string, email: string | null, body?: unknown) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(
        {
          host: base.hostname,
          port: base.port,
          method,
          path,
          agent,
          headers: {
            ...(email ? { 'x-ids-dev-user': email } : {}),
            ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });

  /** One client acting as one person until `until`; samples recorded when `record`. */
  async function person(email: string, until: number, record: Sample[] | null, seed: number): Promise<void> {
    let state = seed;
    const rnd = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    let seen: string[] = [];
    while (performance.now() < until) {
      const roll = rnd();
      const start = performance.now();
      let kind: Sample['kind'];
      let res: { status: number; text: string };
      if (roll < 1 - writeShare || seen.length === 0) {
        kind = 'feed';
        res = await request('GET', '/api/feed?limit=20', email);
        if (res.status === 200) {
          const page = JSON.parse(res.text) as { posts: { id: string }[]; pinned: { id: string }[] };
          seen = [...page.pinned, ...page.posts].map((p) => p.id);
        }
      } else if (roll < 1 - writeShare / 2) {
        kind = 'like';
        res = await request('POST', `/api/posts/${seen[Math.floor(rnd() * seen.length)]}/like`, email);
      } else {
        kind = 'comment';
        res = await request('POST', `/api/posts/${seen[Math.floor(rnd() * seen.length)]}/comments`, email, {
          body: 'Mooi werk, **dank je**! Zie ook [het intranet](https://ids.example/tab).',
        });
      }
      const ms = performance.now() - start;
      if (res.status >= 300) {
        failures++;
        if (failures <= 5) console.error(`${kind}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
      }
      record?.push({ kind, ms });
    }
  }

  async function healthz(until: number, record: Sample[]): Promise<void> {
    while (performance.now() < until) {
      const start = performance.now();
      const res = await request('GET', '/healthz', null);
      if (res.status !== 200) failures++;
      record.push({ kind: 'healthz', ms: performance.now() - start });
    }
  }

  const serverCpu = async () => (await ask({ cmd: 'cpu' }, 'cpu')).ms;
  const phase = async (run: (until: number) => Promise<void>[]) => {
    const cpu0 = await serverCpu();
    const client0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(run(t0 + seconds * 1000));
    const wall = (performance.now() - t0) / 1000;
    const client = process.cpuUsage(client0);
    return { wall, serverMs: (await serverCpu()) - cpu0, clientMs: (client.user + client.system) / 1000 };
  };

  // Warm-up: JIT, connection pools, the people's first pages, the demo's rollup.
  await Promise.all(ready.people.map((email, i) => person(email, performance.now() + warmup * 1000, null, i + 1)));

  interface Round {
    feedRps: number;
    feedP50: number;
    feedP95: number;
    feedP99: number;
    likeRps: number;
    likeP95: number;
    commentRps: number;
    commentP95: number;
    healthzRps: number;
    healthzP95: number;
    mixedCpuPerReq: number;
    healthzCpuPerReq: number;
    clientCpuShare: number;
    load: string;
  }
  const results: Round[] = [];
  console.log(
    `\n$ npm run bench:load -- ${args.join(' ')}`.trimEnd() +
      `\nnode ${process.version}; ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}; ${clients} clients as ${ready.people.length} people; ${seconds} s per phase`,
  );
  for (let round = 1; round <= rounds; round++) {
    const mixed: Sample[] = [];
    const profiling = profileFile && round === 1;
    if (profiling) await ask({ cmd: 'profile-start' }, 'profiled');
    const m = await phase((until) => ready.people.map((email, i) => person(email, until, mixed, round * 1000 + i)));
    if (profiling) await ask({ cmd: 'profile-stop', file: profileFile }, 'profiled');
    const hz: Sample[] = [];
    const h = await phase((until) => Array.from({ length: clients }, () => healthz(until, hz)));
    const of = (kind: Sample['kind'], list: Sample[]) =>
      list
        .filter((s) => s.kind === kind)
        .map((s) => s.ms)
        .sort((a, b) => a - b);
    const feed = of('feed', mixed);
    const like = of('like', mixed);
    const comment = of('comment', mixed);
    const health = of('healthz', hz);
    const r: Round = {
      feedRps: feed.length / m.wall,
      feedP50: percentile(feed, 50),
      feedP95: percentile(feed, 95),
      feedP99: percentile(feed, 99),
      likeRps: like.length / m.wall,
      likeP95: percentile(like, 95),
      commentRps: comment.length / m.wall,
      commentP95: percentile(comment, 95),
      healthzRps: health.length / h.wall,
      healthzP95: percentile(health, 95),
      mixedCpuPerReq: m.serverMs / Math.max(1, mixed.length),
      healthzCpuPerReq: h.serverMs / Math.max(1, hz.length),
      clientCpuShare: (m.clientMs + h.clientMs) / 1000 / (m.wall + h.wall),
      load: os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' '),
    };
    results.push(r);
    const f = (x: number, d = 1) => x.toFixed(d);
    console.log(
      `round ${round}: feed ${f(r.feedRps, 0)}/s p50 ${f(r.feedP50)} p95 ${f(r.feedP95)} p99 ${f(r.feedP99)} ms` +
        ` | like ${f(r.likeRps, 0)}/s p95 ${f(r.likeP95)} ms | comment ${f(r.commentRps, 0)}/s p95 ${f(r.commentP95)} ms` +
        ` | /healthz ${f(r.healthzRps, 0)}/s p95 ${f(r.healthzP95)} ms | feed/healthz ${f((100 * r.feedRps) / r.healthzRps, 0)}%` +
        ` | server cpu/req mixed ${f(r.mixedCpuPerReq, 2)} ms, /healthz ${f(r.healthzCpuPerReq, 2)} ms` +
        ` | client cpu ${f(r.clientCpuShare * 100, 0)}% of a core | load ${r.load}`,
    );
  }
  // The cost of one request, one at a time (no queueing): the server's CPU per feed page and per
  // /healthz. CPU time moves far less than throughput when other processes share the machine.
  const costOf = async (n: number, send: (i: number) => Promise<unknown>) => {
    const cpu0 = await serverCpu();
    for (let i = 0; i < n; i++) await send(i);
    return ((await serverCpu()) - cpu0) / n;
  };
  const costN = option('cost-requests', 1000);
  // Feed pages and /healthz in alternating batches, so that a change in the machine's load
  // touches both alike.
  let feedCpu = 0;
  let healthzCpu = 0;
  for (let batch = 0; batch < 10; batch++) {
    feedCpu += await costOf(costN / 10, (i) =>
      request('GET', '/api/feed?limit=20', ready.people[(batch + i) % ready.people.length]!),
    );
    healthzCpu += await costOf(costN / 10, () => request('GET', '/healthz', null));
  }
  const feedCost = feedCpu / 10;
  const healthzCost = healthzCpu / 10;
  const firstPage = JSON.parse((await request('GET', '/api/feed?limit=20', ready.people[0]!)).text) as {
    posts: { id: string }[];
  };
  const postIds = firstPage.posts.map((p) => p.id);
  const likeCost = await costOf(costN / 5, (i) =>
    request('POST', `/api/posts/${postIds[i % postIds.length]}/like`, ready.people[0]!),
  );
  const commentCost = await costOf(costN / 10, (i) =>
    request('POST', `/api/posts/${postIds[i % postIds.length]}/comments`, ready.people[0]!, { body: 'Eens!' }),
  );
  console.log(
    `one at a time: server CPU per GET /api/feed?limit=20 ${feedCost.toFixed(2)} ms, per /healthz ${healthzCost.toFixed(2)} ms (ratio ${(feedCost / healthzCost).toFixed(1)}); per like ${likeCost.toFixed(2)} ms, per comment ${commentCost.toFixed(2)} ms`,
  );
  const median = (pick: (r: Round) => number) =>
    percentile(
      results.map(pick).sort((a, b) => a - b),
      50,
    );
  const feedRps = median((r) => r.feedRps);
  const healthzRps = median((r) => r.healthzRps);
  const ratio = median((r) => r.feedRps / r.healthzRps);
  const p95 = median((r) => r.feedP95);
  console.log(
    `median of ${rounds}: GET /api/feed?limit=20 ${feedRps.toFixed(0)}/s, p95 ${p95.toFixed(1)} ms; /healthz ${healthzRps.toFixed(0)}/s; ` +
      `feed/healthz ${(ratio * 100).toFixed(0)}% (goal ≥ 25%: ${ratio >= 0.25 ? 'met' : 'MISSED'}), p95 goal < 100 ms: ${p95 < 100 ? 'met' : 'MISSED'}` +
      `; server cpu per feed-mix request ${median((r) => r.mixedCpuPerReq).toFixed(2)} ms` +
      (failures ? `; ${failures} failed requests` : ''),
  );
  if (profileFile) {
    const { summarizeProfile } = await import('./profile-summary.js');
    console.log(`\nserver CPU profile of round 1's mixed phase (${profileFile}):`);
    console.log(summarizeProfile(profileFile));
  }
  agent.destroy();
  await ask({ cmd: 'stop' }, 'stopped');
  if (failures) process.exitCode = 1;
}

if (args.includes('--serve')) await serve(option('clients', 20));
else await drive();
