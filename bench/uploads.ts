/**
 * Memory under concurrent uploads, at the API over real HTTP. The server runs as `npm start`
 * runs it, in a process of its own (so its resident memory is its own), on a store in this
 * process (an in-memory localdb holding the demo organisation and every stored file), as
 * production runs it on MongoDB. Three rounds against the one server:
 *
 *   1. documents: N people each send a D MB PDF at the same moment (default 30 × 24 MB);
 *   2. photos: N people each send a phone photo (12 megapixels, about 4.5 MB);
 *   3. one person sends N files at the same moment (the per-person bound answers at once).
 *
 * For each round it prints the server's resident memory (VmRSS from /proc) before, at its peak
 * (sampled every 20 ms, and the kernel's high-water mark VmHWM) and some seconds after; the same
 * for the image worker processes the server starts (core/media/images.ts) and for both together;
 * with the answers' status codes and the wall time.
 *
 *   npm run bench:uploads
 *   npx tsx bench/uploads.ts --uploads 30 --mb 24 --settle 10
 *
 * Target: the server stays under 512 MB resident and returns near its starting size. Figures are
 * printed, never asserted (CONVENTIONS 11).
 */
import os from 'node:os';
import http from 'node:http';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import sharp from 'sharp';
import { startLocalDb } from '../localdb/index.js';
import { DEV_USER_HEADER } from '../server/auth.js';

const { values } = parseArgs({
  options: { uploads: { type: 'string' }, mb: { type: 'string' }, settle: { type: 'string' } },
});
const UPLOADS = Number(values.uploads ?? 30);
const DOC_MB = Number(values.mb ?? 24);
const SETTLE_S = Number(values.settle ?? 10);
const MB = 1024 * 1024;

/** Resident memory of a process, now and at its highest, in MB. */
function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

/** The processes the server started (its image workers), by scanning /proc for its children. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      // gone
    }
  }
  return out;
}

/** Resident memory of the server's children together (image workers), in MB. */
function childrenRss(pid: number): number {
  let sum = 0;
  for (const child of childrenOf(pid)) {
    try {
      sum += memoryOf(child).rss;
    } catch {
      // exited meanwhile
    }
  }
  return sum;
}

/** Resets the kernel's high-water mark (writing 5 to clear_refs), so each round's peak is its own. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

function multipart(name: string, data: Buffer): { body: Buffer[]; length: number; type: string } {
  const boundary = `----ids-bench-${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    body: [head, data, tail],
    length: head.length + data.length + tail.length,
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

/** One upload over its own connection; resolves with the status code. */
function upload(base: string, email: string, name: string, data: Buffer): Promise<number> {
  const form = multipart(name, data);
  return new Promise((resolve) => {
    const req = http.request(`${base}/api/media`, {
      method: 'POST',
      agent: false,
      headers: { [DEV_USER_HEADER]: email, 'content-type': form.type, 'content-length': String(form.length) },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    for (const part of form.body) req.write(part);
    req.end();
  });
}

async function waitReady(base: string, child: ChildProcess): Promise<void> {
  const until = Date.now() + 180_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the server did not get ready');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const f = (mb: number) => `${mb.toFixed(0).padStart(4)} MB`;

async function round(
  label: string,
  pid: number,
  send: () => Promise<number>[],
): Promise<{
  before: number;
  peak: number;
  hwm: number;
  after: number;
  codes: Record<string, number>;
  seconds: number;
}> {
  const before = memoryOf(pid).rss;
  const hwmReset = resetPeak(pid);
  let peak = before;
  let workersPeak = 0;
  let totalPeak = before;
  const sampler = setInterval(() => {
    const server = memoryOf(pid).rss;
    const workers = childrenRss(pid);
    peak = Math.max(peak, server);
    workersPeak = Math.max(workersPeak, workers);
    totalPeak = Math.max(totalPeak, server + workers);
  }, 20);
  const started = performance.now();
  const statuses = await Promise.all(send());
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const hwm = hwmReset ? memoryOf(pid).hwm : Number.NaN;
  await sleep(SETTLE_S * 1000);
  const after = memoryOf(pid).rss;
  const workersAfter = childrenRss(pid);
  const codes: Record<string, number> = {};
  for (const s of statuses) codes[s] = (codes[s] ?? 0) + 1;
  const codeText = Object.entries(codes)
    .map(([c, n]) => `${n}× ${c}`)
    .join(', ');
  console.log(
    `${label.padEnd(44)} server RSS before ${f(before)}  peak ${f(peak)} (VmHWM ${Number.isNaN(hwm) ? '  n/a' : f(hwm)})  after ${SETTLE_S} s ${f(after)}  | image workers peak ${f(workersPeak)}, after ${f(workersAfter)} | server + workers peak ${f(totalPeak)}  | answers: ${codeText}  in ${seconds.toFixed(1)} s`,
  );
  return { before, peak, hwm, after, codes, seconds };
}

async function main() {
  const db = await startLocalDb();
  const dbName = `ids_bench_uploads_${Date.now()}`;
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
      MONGODB_URI: db.uri,
      MONGODB_DB: dbName,
      RATE_LIMIT_PER_MINUTE: '100000',
      ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    await waitReady(base, child);
    const client = await MongoClient.connect(db.uri);
    const people = await client
      .db(dbName)
      .collection<{ email: string }>('people')
      .find({ active: true }, { projection: { email: 1 } })
      .limit(UPLOADS)
      .toArray();
    await client.close();
    if (people.length < UPLOADS) throw new Error(`only ${people.length} people to upload as`);

    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(DOC_MB * MB - 9, 0x20)]);
    // A phone photo: 12 megapixels (4000 × 3000) with fine detail, upright by EXIF (orientation 6,
    // as a phone held upright writes it), about 4 to 5 MB.
    const noise = Buffer.alloc(4000 * 3000 * 3);
    for (let i = 0; i < noise.length; i += 4) noise.writeUInt32LE((Math.random() * 0xffffffff) >>> 0, i);
    const photo = await sharp(noise, { raw: { width: 4000, height: 3000, channels: 3 } })
      .blur(1.2)
      .jpeg({ quality: 92 })
      .withMetadata({ orientation: 6 })
      .toBuffer();

    const load = os.loadavg().map((x) => x.toFixed(2));
    console.log(
      `uploads bench — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, server pid ${child.pid}, store: localdb in the bench process`,
    );
    console.log(`load average at start: ${load.join(' ')}`);
    console.log(`server RSS when ready, before any upload: ${memoryOf(child.pid!).rss.toFixed(0)} MB`);
    // A few uploads first, so what the first request loads (sharp, code paths) is in "before".
    for (let i = 0; i < 3; i++) {
      await upload(base, people[0]!.email, 'warm.pdf', pdf.subarray(0, 100_000));
      await upload(base, people[0]!.email, 'warm.jpg', photo);
    }
    await sleep(2000);
    const pid = child.pid!;
    const docs = await round(`${UPLOADS} people × ${DOC_MB} MB PDF at once`, pid, () =>
      people.map((p, i) => upload(base, p.email, `rapport-${i}.pdf`, pdf)),
    );
    const photos = await round(
      `${UPLOADS} people × ${(photo.length / MB).toFixed(1)} MB JPEG (12 MP) at once`,
      pid,
      () => people.map((p, i) => upload(base, p.email, `foto-${i}.jpg`, photo)),
    );
    const one = await round(`1 person × ${UPLOADS} × ${DOC_MB} MB PDF at once`, pid, () =>
      people.map((_, i) => upload(base, people[1]!.email, `veel-${i}.pdf`, pdf)),
    );
    const worst = Math.max(docs.peak, docs.hwm || 0, photos.peak, photos.hwm || 0, one.peak, one.hwm || 0);
    console.log(
      `highest resident memory: ${worst.toFixed(0)} MB (target < 512 MB: ${worst < 512 ? 'met' : 'missed'}); after the last round ${one.after.toFixed(0)} MB (started at ${docs.before.toFixed(0)} MB)`,
    );
    console.log(
      `load average at end: ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
    await db.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
