export type LogLevel = 'info' | 'warn' | 'error';
export type LogFn = (level: LogLevel, msg: string, extra?: Record<string, unknown>) => void;

/** Default logger: warnings and errors to stderr, info dropped (localdb runs inside tests). */
export const defaultLog: LogFn = (level, msg, extra) => {
  if (level === 'info') return;
  process.stderr.write(`[localdb] ${level}: ${msg}${extra ? ` ${JSON.stringify(extra)}` : ''}\n`);
};
