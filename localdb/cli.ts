// `npm run localdb`: runs localdb on its own, so several processes (server, seed scripts, a
// shell) can share one data folder through MONGODB_URI.
//   --data-dir <dir>  data folder (default: $DATA_DIR or ./.data)
//   --port <n>        port (default: $LOCALDB_PORT or 27018)
//   --host <h>        interface (default: 127.0.0.1)
//   --memory          keep everything in memory (no data folder)
//   --salvage         set damaged parts of the data folder aside (a copy is kept in a
//                     salvaged-* folder inside it) and start from every intact record
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LocalDbDamagedError, LocalDbLockedError, startLocalDb } from './index.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        memory: { type: 'boolean' },
        salvage: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  } catch (e) {
    return fail(`localdb: ${(e as Error).message} (try --help)`);
  }
})();

if (values.help) {
  process.stdout.write('usage: npm run localdb -- [--data-dir DIR] [--port N] [--host HOST] [--memory | --salvage]\n');
  process.exit(0);
}

const dataDir = values.memory ? null : path.resolve(values['data-dir'] ?? process.env.DATA_DIR ?? '.data');
const port = Number(values.port ?? process.env.LOCALDB_PORT ?? 27018);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`localdb: invalid port ${values.port ?? process.env.LOCALDB_PORT}`);
const host = values.host ?? '127.0.0.1';
if (values.salvage && !dataDir) fail('localdb: --salvage needs a data folder (not --memory)');

const log = (level: string, msg: string, extra?: Record<string, unknown>) =>
  process.stderr.write(`${new Date().toISOString()} ${level} ${msg}${extra ? ` ${JSON.stringify(extra)}` : ''}\n`);

let db: Awaited<ReturnType<typeof startLocalDb>>;
try {
  db = await startLocalDb({ dataDir, port, host, log, salvage: !!values.salvage });
} catch (e) {
  if (e instanceof LocalDbLockedError || e instanceof LocalDbDamagedError) fail(e.message);
  if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE')
    fail(`localdb: port ${port} is in use; pass --port or set LOCALDB_PORT`);
  throw e;
}

if (db.salvaged?.folder) {
  process.stdout.write(`localdb set damaged data aside; copies and salvage.json are in ${db.salvaged.folder}\n`);
  for (const f of db.salvaged.files) {
    const bytes = f.damaged.reduce((n, d) => n + d.length, 0);
    const at = f.damaged.map((d) => `byte ${d.offset} (${d.problem})`).join(', ');
    process.stdout.write(`  ${f.file}: kept ${f.records} intact records, set aside ${bytes} bytes at ${at}\n`);
  }
} else if (db.salvaged) {
  process.stdout.write('localdb found no damaged data to set aside\n');
}
process.stdout.write(`localdb is serving ${dataDir ?? 'an in-memory database'}\n`);
process.stdout.write(`MONGODB_URI=${db.uri}\n`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log('info', `localdb: ${signal} received, flushing and stopping`);
  try {
    await db.close();
    process.exit(0);
  } catch (e) {
    log('error', 'localdb: clean stop failed', { error: (e as Error).message });
    process.exit(1);
  }
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
