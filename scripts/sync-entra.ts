/**
 * npm run sync:entra [-- --full]
 *
 * Reads people from Entra ID through Microsoft Graph (ENTRA_SYNC=on and the app's credentials;
 * see the README), continuing from the last delta link: only changes travel. Shows progress and
 * ends with a summary. Exit 0 when everyone was taken, 2 when some users were not (each named by
 * object id with the reason), 1 when the sync could not run (configuration, credentials, Graph or
 * the store unreachable, another sync running).
 */
import { Command } from 'commander';
import { loadConfigOrExit } from '../config/index.js';
import type { EntraSyncSummary, SyncProgress } from '../core/people/entra-sync.js';

const EXIT_OK = 0;
const EXIT_FATAL = 1;
const EXIT_FAILED_SOME = 2;

class Fatal extends Error {}

const PHASES: Record<SyncProgress['phase'], string> = {
  staff: 'staff group',
  users: 'users',
  managers: 'managers',
  photos: 'photos',
};

function reporter(): (p: SyncProgress) => void {
  let last = '';
  let lastAt = 0;
  return (p) => {
    const line = `${PHASES[p.phase]}: ${p.done}${p.total !== undefined ? `/${p.total}` : ''}${p.pages ? ` (${p.pages} page${p.pages === 1 ? '' : 's'})` : ''}`;
    if (process.stdout.isTTY) {
      process.stdout.write(`\r\x1b[2K${line}`);
      return;
    }
    // Not a terminal: a line per phase and at most one a second.
    const phase = line.split(':')[0]!;
    if (phase !== last.split(':')[0] || Date.now() - lastAt >= 1000) {
      process.stdout.write(`${line}\n`);
      lastAt = Date.now();
    }
    last = line;
  };
}

function printSummary(s: EntraSyncSummary): void {
  if (process.stdout.isTTY) process.stdout.write('\r\x1b[2K');
  const out: string[] = [];
  out.push(
    `Entra ID sync: ${s.mode === 'full' ? 'full read' : 'changes since the last sync'}${s.restarted ? ' (the delta link had expired, so everyone was read again)' : ''}, ${(s.ms / 1000).toFixed(1)} s, ${s.requests} Graph request${s.requests === 1 ? '' : 's'}${s.throttled ? ` (${s.throttled} throttled, waited as Graph asked)` : ''}`,
  );
  const pad = (label: string, n: number) => `  ${`${label}:`.padEnd(13)} ${n}`;
  out.push(
    pad('added', s.added),
    pad('changed', s.updated),
    pad('unchanged', s.unchanged),
    pad('deactivated', s.deactivated),
    pad('reactivated', s.reactivated),
  );
  out.push(
    `  not imported: ${s.ignored.guests} guest${s.ignored.guests === 1 ? '' : 's'}, ${s.ignored.disabled} disabled, ${s.ignored.notStaff} not staff`,
  );
  out.push(
    `  photos:      ${s.photos.checked} checked, ${s.photos.updated} new, ${s.photos.removed} removed${s.photos.failed ? `, ${s.photos.failed} failed` : ''}`,
  );
  out.push(pad('failed', s.failed.length));
  for (const f of s.failed.slice(0, 50)) out.push(`    ${f.entraId}: ${f.reason}`);
  if (s.failed.length > 50) out.push(`    … and ${s.failed.length - 50} more`);
  process.stdout.write(`${out.join('\n')}\n`);
}

async function run(opts: { full?: boolean }): Promise<number> {
  const config = loadConfigOrExit();
  if (!config.entraSync)
    throw new Fatal('The Entra ID sync is off. Set ENTRA_SYNC=on and the app credentials (see the README).');
  const [
    { openStore, scriptLogger, StoreUnreachable },
    { syncFromEntra },
    { graphClientFor },
    { SyncState },
    { Uploads },
  ] = await Promise.all([
    import('./store.js'),
    import('../core/people/entra-sync.js'),
    import('../core/graph/index.js'),
    import('../models/sync-state.js'),
    import('../core/media/uploads.js'),
  ]);
  const log = scriptLogger(config);
  const store = await openStore(config, log).catch((err: Error) => {
    throw err instanceof StoreUnreachable ? new Fatal(err.message) : err;
  });
  const { media } = config;
  const uploads = new Uploads({
    perPerson: media.uploadsPerPerson,
    atOnce: media.uploadsAtOnce,
    quotaBytes: media.quotaBytes,
  });
  try {
    if (opts.full) await SyncState.updateOne({ _id: 'entra' }, { $unset: { deltaLink: 1, groupDeltaLink: 1 } });
    const graph = graphClientFor(config, {
      onWait: ({ ms, status }) =>
        process.stdout.write(
          `${process.stdout.isTTY ? '\r\x1b[2K' : ''}Graph answered ${status}: waiting ${Math.ceil(ms / 1000)} s as it asked\n`,
        ),
    });
    const summary = await syncFromEntra({
      graph,
      settings: config.entraSync,
      log,
      uploads,
      onProgress: reporter(),
    }).catch((err: Error) => {
      throw new Fatal(
        `The sync stopped: ${err.message}\nWhat was written before is kept; the next run continues from the last complete delta link.`,
      );
    });
    if (summary.outcome === 'locked')
      throw new Fatal('Another Entra ID sync is running (npm start or another command); try again later.');
    printSummary(summary);
    return summary.failed.length ? EXIT_FAILED_SOME : EXIT_OK;
  } finally {
    await uploads.close().catch(() => undefined);
    await store.close().catch(() => undefined);
  }
}

const program = new Command()
  .name('sync-entra')
  .description('Read people from Entra ID through Microsoft Graph (only changes since the last run).')
  .option('--full', 'forget the delta link and read everyone again (leavers found on the way become inactive)')
  .action(async (opts: { full?: boolean }) => {
    let code: number;
    try {
      code = await run(opts);
    } catch (err) {
      process.stderr.write(
        `sync-entra: ${err instanceof Fatal ? err.message : ((err as Error).stack ?? String(err))}\n`,
      );
      code = EXIT_FATAL;
    }
    process.exit(code);
  });

await program.parseAsync(process.argv);
