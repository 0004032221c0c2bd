import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command as a person would, with NODE_ENV=test and the given environment on top. */
export function runCommand(
  command: string,
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  const extra = opts.env ?? {};
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', ...extra };
  // npm test sets these for itself; the command under test must not inherit them.
  delete env.INIT_CWD;
  delete env.LOG_LEVEL;
  if (extra.INIT_CWD) env.INIT_CWD = extra.INIT_CWD;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs scripts/<name>.ts under tsx, as its npm script does. */
export function runScript(script: string, args: string[] = [], env: Record<string, string> = {}): Promise<CliResult> {
  return runCommand(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], { env });
}
