// Two app servers on one DATA_DIR (no MONGODB_URI): the first serves the embedded store, the
// second follows it through the lock file. When the first restarts (its store on a new port) or
// stops for good, the second keeps answering: it follows the store to its new address, or takes
// it over.
import { expect } from 'chai';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { aPerson } from '../support/factories.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface AppProcess {
  proc: ChildProcess;
  url: string;
  logs: string[];
}

/** Starts `server/main.ts` as `npm start` does, on the embedded store in `dataDir`; resolves once it is ready. */
function startApp(dataDir: string): Promise<AppProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1' };
  Object.assign(env, { DATA_DIR: dataDir, SEED_DEMO: 'false', LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: '100000' });
  // Two instances on one store need one key for signed image links (the server refuses otherwise).
  env.MEDIA_URL_SECRET = 'two-servers-on-one-data-dir-share-this-key';
  env.IDS_ENV_FILE = 'none';
  delete env.MONGODB_URI;
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'main.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  return new Promise((resolve, reject) => {
    let url = '';
    let pending = '';
    const timer = setTimeout(() => reject(new Error(`app did not start: ${logs.join('\n')}`)), 45_000);
    proc.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        logs.push(line);
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === 'Ids is listening') url = `http://127.0.0.1:${entry.port}`;
        if (entry.msg === 'Ids is ready') {
          clearTimeout(timer);
          resolve({ proc, url, logs });
        }
      }
    });
    proc.stderr!.on('data', (chunk: Buffer) => logs.push(chunk.toString('utf8')));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`app exited (${code}): ${logs.join('\n')}`));
    });
  });
}

function stopApp(app: AppProcess): Promise<void> {
  if (app.proc.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    app.proc.once('exit', () => resolve());
    app.proc.kill('SIGTERM');
  });
}

function lockOf(dataDir: string): { pid: number; port: number } {
  return JSON.parse(readFileSync(path.join(dataDir, 'localdb.lock'), 'utf8'));
}

/**
 * Polls `GET /healthz` until it answers 200. The deadline only keeps a server that never
 * recovers from hanging the suite; how fast it recovers is no assertion (the machine is shared).
 */
async function becomesHealthy(url: string, deadlineMs = 30_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const res = await fetch(`${url}/healthz`).catch(() => null);
    if (res?.status === 200) return;
    if (Date.now() > until) throw new Error(`${url}/healthz still ${res?.status} after ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A person written straight into the store as it is served now (found through the lock file). */
async function personInStore(dataDir: string): Promise<string> {
  const { port } = lockOf(dataDir);
  await mongoose.connect(`mongodb://127.0.0.1:${port}/?directConnection=true`, { dbName: 'ids' });
  try {
    return (await aPerson()).email;
  } finally {
    await mongoose.disconnect();
  }
}

async function me(url: string, email: string): Promise<{ status: number; email?: string }> {
  const res = await fetch(`${url}/api/me`, { headers: { 'x-ids-dev-user': email } });
  return {
    status: res.status,
    email: res.status === 200 ? ((await res.json()) as { email: string }).email : undefined,
  };
}

describe('server: two app servers on one DATA_DIR', function () {
  this.timeout(180_000);
  let dataDir: string;
  const apps: AppProcess[] = [];
  const start = async () => {
    const app = await startApp(dataDir);
    apps.push(app);
    return app;
  };

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ids-shared-'));
  });

  afterEach(async () => {
    for (const app of apps.splice(0)) await stopApp(app);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the second recovers when the first restarts on a new port, and takes the store over when the first stops for good', async () => {
    const first = await start();
    const firstStore = lockOf(dataDir);
    expect(firstStore.pid).to.equal(first.proc.pid);
    const second = await start();
    const before = await personInStore(dataDir);
    expect(await me(second.url, before)).to.deep.equal({ status: 200, email: before });

    await stopApp(first);
    const again = await start(); // the store on a new port: the first's again, or the second's if it took over meanwhile
    expect(lockOf(dataDir).port).to.not.equal(firstStore.port);
    await becomesHealthy(second.url);
    const after = await personInStore(dataDir);
    expect(await me(second.url, after)).to.deep.equal({ status: 200, email: after });
    expect(await me(second.url, before)).to.deep.equal({ status: 200, email: before });

    await stopApp(again);
    await becomesHealthy(second.url);
    expect(lockOf(dataDir).pid).to.equal(second.proc.pid);
    expect(await me(second.url, after)).to.deep.equal({ status: 200, email: after });
    expect(second.logs.join('\n')).to.contain('this process serves it now');
  });
});
