// Ids as a separate process, started the way people start it (`npm start`, or node on
// scripts/run.mjs), for what needs real processes: signals, several instances on one store,
// the compiled output. Lines are parsed as pino JSON where they are JSON.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface AppProcess {
  readonly proc: ChildProcess;
  /** http://127.0.0.1:<port> once listening. */
  url: string;
  port: number;
  readonly lines: string[];
  /** The parsed JSON log entries. */
  readonly entries: Array<Record<string, unknown>>;
  /** Resolves with the exit code when the process ends. */
  readonly exited: Promise<number | null>;
}

/** An environment for a child app: the test's, minus what would leak in (LOG_LEVEL, a .env). */
export function appEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    SEED_DEMO: 'false',
    RATE_LIMIT_PER_MINUTE: '100000',
    IDS_ENV_FILE: 'none',
  };
  for (const k of ['MONGODB_URI', 'DATA_DIR', 'npm_lifecycle_event']) delete out[k];
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

/**
 * Spawns `command args` in the project folder and resolves once it logs "Ids is ready" (or, with
 * `until: 'exit'`, once it exits). Rejects with its output when it exits first or takes too long.
 */
export function spawnApp(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  opts: { until?: 'ready' | 'listening' | 'exit'; timeoutMs?: number; cwd?: string; detached?: boolean } = {},
): Promise<AppProcess> {
  const until = opts.until ?? 'ready';
  const proc = spawn(command, args, {
    cwd: opts.cwd ?? ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.detached ?? false,
  });
  const lines: string[] = [];
  const entries: Array<Record<string, unknown>> = [];
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const app: AppProcess = { proc, url: '', port: 0, lines, entries, exited };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`app did not get to "${until}" in time:\n${lines.join('\n')}`)),
      opts.timeoutMs ?? 60_000,
    );
    const onLine = (line: string) => {
      lines.push(line);
      if (!line.startsWith('{')) return;
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line);
      } catch {
        return;
      }
      entries.push(entry);
      if (entry.msg === 'Ids is listening') {
        app.port = Number(entry.port);
        app.url = `http://127.0.0.1:${app.port}`;
        if (until === 'listening') {
          clearTimeout(timer);
          resolve(app);
        }
      }
      if (entry.msg === 'Ids is ready' && until === 'ready') {
        clearTimeout(timer);
        resolve(app);
      }
    };
    for (const stream of [proc.stdout!, proc.stderr!]) {
      let pending = '';
      stream.on('data', (chunk: Buffer) => {
        pending += chunk.toString('utf8');
        const parts = pending.split('\n');
        pending = parts.pop()!;
        for (const line of parts) onLine(line);
      });
      stream.on('end', () => pending && onLine(pending));
    }
    void exited.then((code) => {
      clearTimeout(timer);
      if (until === 'exit') resolve(app);
      else reject(new Error(`app exited (${code}) before "${until}":\n${lines.join('\n')}`));
    });
  });
}

/** `node scripts/run.mjs server/main` (what `npm start` runs), in development or test mode. */
export function startApp(env: Record<string, string | undefined>, opts: { timeoutMs?: number } = {}) {
  return spawnApp(process.execPath, [path.join(ROOT, 'scripts/run.mjs'), 'server/main'], appEnv(env), opts);
}

/** Sends SIGTERM (unless it already ended) and resolves with the exit code. */
export async function stopApp(app: AppProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (app.proc.exitCode === null && app.proc.signalCode === null) app.proc.kill(signal);
  return app.exited;
}

/** Runs an npm script to its end: code, stdout, stderr. */
export function runScript(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  opts: { cwd?: string; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn('npm', ['run', '--silent', script, '--', ...args], { cwd: opts.cwd ?? ROOT, env });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`npm run ${script} took too long:\n${stdout}\n${stderr}`));
    }, opts.timeoutMs ?? 120_000);
    proc.stdout.on('data', (d) => (stdout += d));
    proc.stderr.on('data', (d) => (stderr += d));
    proc.on('error', reject);
    proc.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `npm run localdb` on its own (in memory, a free port), as a separate process; resolves with its MONGODB_URI. */
export function startLocalDbProcess(): Promise<{ proc: ChildProcess; uri: string }> {
  const proc = spawn(process.execPath, [path.join(ROOT, 'scripts/run.mjs'), 'localdb/cli', '--memory', '--port', '0'], {
    cwd: ROOT,
    env: appEnv({}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`localdb did not start: ${out}`)), 30_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^MONGODB_URI=(\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, uri: m[1]! });
      }
    });
    proc.once('exit', (code) => reject(new Error(`localdb exited (${code}): ${out}`)));
  });
}

/** Whether anything accepts connections on the port. */
export async function listening(port: number): Promise<boolean> {
  const res = await fetch(`http://127.0.0.1:${port}/livez`, { signal: AbortSignal.timeout(2_000) }).catch(() => null);
  return res !== null;
}
