/**
 * Social feed figures at the API (real HTTP, the whole product as `npm start` runs it, on an
 * in-memory localdb): the demo organisation plus 10,000 posts, 50,000 likes and 20,000 comments;
 * then the home feed's first page (20 posts) and the next page, and a like toggle, each timed
 * from the client over keep-alive HTTP.
 *
 *   npx tsx bench/social-feed.ts                          # defaults below (about a minute)
 *   npx tsx bench/social-feed.ts --posts 10000 --likes 50000 --comments 20000 --requests 400
 *   npx tsx bench/social-feed.ts --breakdown              # also time core steps in-process
 *   npx tsx bench/social-feed.ts --profile feed.cpuprofile  # CPU profile of the timed requests
 *
 * Targets: home feed page p95 < 25 ms, like toggle p95 < 10 ms. Figures are printed, never
 * asserted (CONVENTIONS 11). Set MONGODB_URI to measure against a real MongoDB instead.
 */
import os from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { Types } from 'mongoose';
import { startBenchServer } from './server.js';
import { Person } from '../models/person.js';
import { Group } from '../models/group.js';
import { Department } from '../models/department.js';
import { Comment, Like, Post } from '../models/post.js';
import { createRandom } from '../demo/random.js';
import { DEV_USER_HEADER } from '../server/auth.js';
import { actorByEmail } from '../core/identity.js';
import { loadViewer } from '../core/posts/viewer.js';
import { homeFeed } from '../core/feed/feed.js';
import { presentPosts } from '../core/posts/present.js';
import { renderBody } from '../core/posts/rendered.js';
import { toggleLike } from '../core/posts/likes.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};
const POSTS = option('posts', 10_000);
const LIKES = option('likes', 50_000);
const COMMENTS = option('comments', 20_000);
const REQUESTS = option('requests', 400);

function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
  return { n: s.length, p50: at(50), p95: at(95), p99: at(99), max: s.at(-1)! };
}
const ms = (x: number) => `${x.toFixed(2)} ms`;

async function main() {
  const bench = await startBenchServer();
  const { running, config } = bench;
  try {
    const rnd = createRandom('social-bench');
    const people = await Person.find(
      { active: true },
      { _id: 1, email: 1, departmentId: 1, officeLocation: 1, roles: 1 },
    ).lean();
    const groups = await Group.find({}, { _id: 1, members: 1, visibility: 1, kind: 1 }).lean();
    const departments = await Department.find({}, { _id: 1 }).lean();
    const locations = [...new Set(people.map((p) => p.officeLocation).filter((l): l is string => !!l))];

    // ---------------------------------------------------------------- data
    const t0 = performance.now();
    const now = Date.now();
    const posts: Array<Record<string, unknown> & { _id: Types.ObjectId }> = [];
    for (let i = 0; i < POSTS; i++) {
      const roll = rnd.next();
      const author = rnd.pick(people);
      const publishedAt = new Date(now - Math.floor(rnd.next() * 365 * 24 * 3600_000));
      const base = {
        _id: new Types.ObjectId(),
        authorId: author._id,
        body: `Bericht ${i}: **iets** om te delen.`,
        // Rendered as the API stores it when a post is written (core/posts/rendered.ts).
        rendered: renderBody(`Bericht ${i}: **iets** om te delen.`),
        publishedAt,
        createdAt: publishedAt,
        updatedAt: publishedAt,
      };
      if (roll < 0.12) {
        posts.push({ ...base, kind: 'news', title: `Nieuws ${i}`, audience: { organisation: true } });
      } else if (roll < 0.3) {
        posts.push({
          ...base,
          kind: 'department',
          title: `Afdelingsnieuws ${i}`,
          audience: { departmentIds: [rnd.pick(departments)._id] },
        });
      } else if (roll < 0.34) {
        posts.push({ ...base, kind: 'news', title: `Locatie ${i}`, audience: { locations: [rnd.pick(locations)] } });
      } else {
        const g = rnd.pick(groups);
        posts.push({
          ...base,
          kind: g.kind === 'qa' ? 'question' : 'group',
          groupId: g._id,
          audience: { groupIds: [g._id] },
        });
      }
    }
    const likeCount = new Map<string, number>();
    const commentCount = new Map<string, number>();
    const likes: Array<{ postId: Types.ObjectId; personId: Types.ObjectId }> = [];
    const seen = new Set<string>();
    while (likes.length < LIKES) {
      const p = rnd.pick(posts);
      const person = rnd.pick(people);
      const key = `${p._id}:${person._id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      likes.push({ postId: p._id, personId: person._id });
      likeCount.set(p._id.toString(), (likeCount.get(p._id.toString()) ?? 0) + 1);
    }
    const comments: Array<Record<string, unknown>> = [];
    for (let i = 0; i < COMMENTS; i++) {
      const p = rnd.pick(posts);
      comments.push({ postId: p._id, authorId: rnd.pick(people)._id, body: `Reactie ${i}` });
      commentCount.set(p._id.toString(), (commentCount.get(p._id.toString()) ?? 0) + 1);
    }
    for (const p of posts) {
      p.likeCount = likeCount.get(p._id.toString()) ?? 0;
      p.commentCount = commentCount.get(p._id.toString()) ?? 0;
    }
    const batch = async <T>(rows: T[], write: (chunk: T[]) => Promise<unknown>) => {
      for (let i = 0; i < rows.length; i += 1000) await write(rows.slice(i, i + 1000));
    };
    await batch(posts, (c) => Post.insertMany(c));
    await batch(likes, (c) => Like.insertMany(c, { ordered: false }));
    await batch(comments, (c) => Comment.insertMany(c));
    const loadMs = performance.now() - t0;
    const orgPosts = posts.filter((p) => (p.audience as { organisation?: boolean }).organisation);

    // ---------------------------------------------------------------- requests
    const get = (path: string, email: string) =>
      fetch(`${running.url}${path}`, { headers: { [DEV_USER_HEADER]: email } });
    const post = (path: string, email: string) =>
      fetch(`${running.url}${path}`, { method: 'POST', headers: { [DEV_USER_HEADER]: email } });
    const timed = async (f: () => Promise<Response>) => {
      const start = performance.now();
      const res = await f();
      const body = await res.text();
      const took = performance.now() - start;
      if (!res.ok) throw new Error(`HTTP ${res.status}: ${body.slice(0, 200)}`);
      return { took, body };
    };

    // Settle the heap after loading (so its collection is not timed), then warm up: JIT, connection pool.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    for (let i = 0; i < 3; i++) gc();
    for (let i = 0; i < 100; i++) {
      const email = rnd.pick(people).email;
      await timed(() => get('/api/feed?limit=20', email));
      await timed(() => post(`/api/posts/${rnd.pick(orgPosts)._id}/like`, email));
    }

    // --profile FILE: a CPU profile of the timed requests only (open in Chrome DevTools).
    const profileFile = args.includes('--profile') ? args[args.indexOf('--profile') + 1] : undefined;
    const session = profileFile ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    // CPU time per request (client, server and localdb share this process): a figure that, unlike
    // wall time, hardly moves when other processes compete for the machine.
    const cpuPer = new Map<string, number>();
    let cpuMark = process.cpuUsage();
    const cpuSince = (name: string, n: number) => {
      const used = process.cpuUsage(cpuMark);
      cpuPer.set(name, (used.user + used.system) / 1000 / Math.max(1, n));
      cpuMark = process.cpuUsage();
    };
    const firstPage: number[] = [];
    const nextPage: number[] = [];
    const cursors: Array<{ email: string; cursor: string }> = [];
    for (let i = 0; i < REQUESTS; i++) {
      const email = rnd.pick(people).email;
      const { took, body } = await timed(() => get('/api/feed?limit=20', email));
      firstPage.push(took);
      const next = (JSON.parse(body) as { nextCursor: string | null }).nextCursor;
      if (next) cursors.push({ email, cursor: next });
    }
    cpuSince('page 1', REQUESTS);
    for (const { email, cursor } of cursors)
      nextPage.push((await timed(() => get(`/api/feed?limit=20&cursor=${encodeURIComponent(cursor)}`, email))).took);
    cpuSince('page 2', cursors.length);

    const toggles: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const email = rnd.pick(people).email;
      const p = rnd.pick(orgPosts);
      toggles.push((await timed(() => post(`/api/posts/${p._id}/like`, email))).took);
    }
    cpuSince('like', REQUESTS);

    if (session && profileFile) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(profileFile, JSON.stringify(profile));
      session.disconnect();
    }

    // ---------------------------------------------------------------- where the time goes (--breakdown)
    const breakdown = new Map<string, number[]>();
    if (args.includes('--breakdown')) {
      const step = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
        const start = performance.now();
        const out = await f();
        const list = breakdown.get(name) ?? [];
        list.push(performance.now() - start);
        breakdown.set(name, list);
        return out;
      };
      for (let i = 0; i < Math.min(REQUESTS, 200); i++) {
        const person = rnd.pick(people);
        const actor = (await step('auth: actorByEmail', () => actorByEmail(person.email)))!;
        const viewer = await step('loadViewer', () => loadViewer(actor));
        const page = await step('homeFeed (viewer + queries)', () => homeFeed(actor, { limit: 20 }));
        await step('feed query', () =>
          Post.find({
            audienceKeys: { $in: viewer.feedKeys },
            deletedAt: null,
            status: 'published',
            pinned: { $ne: true },
          })
            .sort({ publishedAt: -1, _id: -1 })
            .limit(21)
            .lean(),
        );
        await step('presentPosts', () =>
          presentPosts(page.posts, viewer, {
            publicUrl: config.publicUrl,
            mediaUrlSecret: config.mediaUrlSecret,
            people: running.services.directory,
          }),
        );
        const p = rnd.pick(orgPosts);
        await step('toggleLike (core)', () => toggleLike(actor, p._id.toString()));
      }
    }

    // ---------------------------------------------------------------- report
    const feed1 = percentiles(firstPage);
    const feed2 = percentiles(nextPage);
    const like = percentiles(toggles);
    const line = (name: string, r: ReturnType<typeof percentiles>, target?: number, cpu?: number) =>
      `${name.padEnd(40)} n=${String(r.n).padStart(4)}  p50 ${ms(r.p50).padStart(9)}  p95 ${ms(r.p95).padStart(9)}  p99 ${ms(r.p99).padStart(9)}  max ${ms(r.max).padStart(9)}` +
      (cpu !== undefined ? `  cpu/req ${ms(cpu)}` : '') +
      (target ? `  (target p95 < ${target} ms: ${r.p95 < target ? 'met' : 'MISSED'})` : '');
    console.log(`\n$ npx tsx bench/social-feed.ts ${args.join(' ')}`.trimEnd());
    console.log(
      `store: ${bench.store}; node ${process.version}; ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`,
    );
    console.log(
      `data: demo organisation (${people.length} people, ${groups.length} groups) + ${POSTS} posts, ${LIKES} likes, ${COMMENTS} comments (loaded in ${(loadMs / 1000).toFixed(1)} s)`,
    );
    console.log(
      `load average while measuring: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (on ${os.cpus().length} cores)`,
    );
    console.log(line('GET /api/feed?limit=20 (page 1)', feed1, 25, cpuPer.get('page 1')));
    console.log(line('GET /api/feed?limit=20&cursor= (page 2)', feed2, 25, cpuPer.get('page 2')));
    console.log(line('POST /api/posts/:id/like (toggle)', like, 10, cpuPer.get('like')));
    for (const [name, samples] of breakdown) console.log(line(`  in-process: ${name}`, percentiles(samples)));
  } finally {
    await bench.stop();
  }
}

await main();
