// Two Ids instances on one store: how soon a change made through one (or written to the store by
// anyone, as an import or a third instance does) is seen through the other. The servers are
// separate processes, as in production (`node scripts/run.mjs server/main`), on one
// `npm run localdb` process (in memory). Each trial:
// - person: a person is written to the store by this process; the time until a search on A and
//   on B finds them (each instance's directory index follows the store every second);
// - post: a post is created through A's API; the time until B serves it (GET /api/posts/:id)
//   and until it is in B's feed (what a colleague behind the other instance sees).
// Polled every POLL_MS. The issue's target: within 2 s.
// Run: npm run bench:instances [-- --trials 20]
import { cpus, loadavg } from 'node:os';
import mongoose from 'mongoose';
import { type AppProcess, startApp, startLocalDbProcess, stopApp } from '../tests/support/app-process.js';
import { aPerson } from '../tests/support/factories.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const TRIALS = option('trials', 20);
const POLL_MS = 20;
const GIVE_UP_MS = 30_000;
const SECRET = 'bench-two-instances-media-url-secret-0123456789';

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** Milliseconds from `since` until `probe` is true (polled every POLL_MS). */
async function until(since: number, probe: () => Promise<boolean>): Promise<number> {
  for (;;) {
    if (await probe()) return performance.now() - since;
    if (performance.now() - since > GIVE_UP_MS) throw new Error(`not seen within ${GIVE_UP_MS} ms`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

function summary(name: string, ms: number[]): string {
  const sorted = [...ms].sort((x, y) => x - y);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const within2s = sorted.filter((v) => v <= 2_000).length;
  return `${name.padEnd(30)} median ${at(0.5).toFixed(0).padStart(5)} ms   p95 ${at(0.95).toFixed(0).padStart(5)} ms   max ${sorted.at(-1)!.toFixed(0).padStart(5)} ms   within 2 s: ${within2s}/${sorted.length}`;
}

console.log(`instances bench — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
console.log(`load average at start: ${load()}`);

const localdb = await startLocalDbProcess();
const apps: AppProcess[] = [];
try {
  const env = { MONGODB_URI: localdb.uri, MEDIA_URL_SECRET: SECRET };
  apps.push(await startApp(env), await startApp(env));
  const [a, b] = apps as [AppProcess, AppProcess];
  await mongoose.connect(localdb.uri, { dbName: 'ids' });
  const author = await aPerson({ givenName: 'Anne', surname: 'Schrijver', roles: ['communicator'] });
  const reader = await aPerson({ givenName: 'Bart', surname: 'Lezer' });
  const as = (email: string) => ({ 'x-ids-dev-user': email });
  // Both instances know the two people before any trial.
  for (const app of apps) {
    await until(performance.now(), async () => {
      const res = await fetch(`${app.url}/api/me`, { headers: as(reader.email) });
      return res.status === 200;
    });
  }

  const personOnA: number[] = [];
  const personOnB: number[] = [];
  const postOnB: number[] = [];
  const postInFeedOnB: number[] = [];
  for (let i = 0; i < TRIALS; i++) {
    const surname = `Proef${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}wijk`;
    const written = performance.now();
    const person = await aPerson({ givenName: 'Sanne', surname });
    const found = (app: AppProcess) => async () => {
      const res = await fetch(`${app.url}/api/people/search?q=${encodeURIComponent(`Sanne ${surname}`)}`, {
        headers: as(reader.email),
      });
      return res.status === 200 && (await res.text()).includes(person.email);
    };
    const [onA, onB] = await Promise.all([until(written, found(a)), until(written, found(b))]);
    personOnA.push(onA);
    personOnB.push(onB);

    const posted = performance.now();
    const created = await fetch(`${a.url}/api/posts`, {
      method: 'POST',
      headers: { ...as(author.email), 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'news', title: `Bericht ${i}`, body: 'Vanaf maandag andere openingstijden.' }),
    });
    if (created.status !== 201) throw new Error(`POST /api/posts answered ${created.status}: ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    const [served, inFeed] = await Promise.all([
      until(posted, async () => (await fetch(`${b.url}/api/posts/${id}`, { headers: as(reader.email) })).ok),
      until(posted, async () => {
        const res = await fetch(`${b.url}/api/feed`, { headers: as(reader.email) });
        return res.ok && (await res.text()).includes(id);
      }),
    ]);
    postOnB.push(served);
    postInFeedOnB.push(inFeed);
  }

  console.log(`${TRIALS} trials, polled every ${POLL_MS} ms; two server processes on one npm run localdb (in memory)`);
  console.log(summary('person written → found on A', personOnA));
  console.log(summary('person written → found on B', personOnB));
  console.log(summary('post through A → served by B', postOnB));
  console.log(summary('post through A → in B’s feed', postInFeedOnB));
  console.log(`load average at end: ${load()}`);
} finally {
  await mongoose.disconnect();
  for (const app of apps) await stopApp(app);
  localdb.proc.kill('SIGTERM');
}
