/**
 * npm run import:people -- <file.csv> [--dry-run]
 *
 * Upserts people by email from an HR export. Exit 0 when every row was taken, 2 when any
 * row was rejected (each named with its line and reason; the others are imported), 1 when
 * nothing could be imported (file missing or unreadable, no email column, store down).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { loadConfigOrExit } from '../config/index.js';
import { PeopleFileError, parsePeopleFile, type PeopleFile } from '../core/people/import-file.js';
import type { ImportProgress, ImportSummary } from '../core/people/import.js';
import type { StoreConnection } from '../models/connection.js';

const EXIT_OK = 0;
const EXIT_FATAL = 1;
const EXIT_REJECTED = 2;

class Fatal extends Error {}

/** npm runs scripts in the package folder; INIT_CWD is where the command was typed. */
function resolveInput(file: string): { filePath: string; cwd: string } {
  const cwd = process.env.INIT_CWD || process.cwd();
  return { filePath: path.resolve(cwd, file), cwd };
}

async function readInput(file: string): Promise<{ filePath: string; bytes: Buffer }> {
  const { filePath, cwd } = resolveInput(file);
  try {
    return { filePath, bytes: await readFile(filePath) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new Fatal(
        `File not found: ${filePath}\nA relative path is taken from the folder you ran the command in (${cwd}).`,
      );
    }
    if (code === 'EISDIR') throw new Fatal(`${filePath} is a folder; give the path of the CSV file.`);
    if (code === 'EACCES' || code === 'EPERM') throw new Fatal(`No permission to read ${filePath}.`);
    throw new Fatal(`Cannot read ${filePath}: ${(err as Error).message}`);
  }
}

function progressReporter(): { update(p: ImportProgress): void; stop(): void } {
  if (process.stdout.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: 'Importing people |{bar}| {value}/{total} rows', hideCursor: true, clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update({ done, total }) {
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.update(done);
      },
      stop() {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  // Not a terminal (CI, a log file): a line at every tenth instead of a redrawn bar.
  let lastTenth = -1;
  return {
    update({ done, total }) {
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth > lastTenth && done > 0) {
        lastTenth = tenth;
        process.stdout.write(`progress: ${done}/${total} rows\n`);
      }
    },
    stop() {},
  };
}

function describeFile(filePath: string, file: PeopleFile): string {
  const delimiter = file.delimiter === '\t' ? 'tab' : `"${file.delimiter}"`;
  return `${filePath} (${file.encoding}, ${delimiter}-separated, ${file.rows.length} row${file.rows.length === 1 ? '' : 's'})`;
}

function printSummary(filePath: string, file: PeopleFile, summary: ImportSummary): void {
  const out: string[] = [];
  out.push(
    `${summary.dryRun ? 'Dry run (nothing was written) of' : 'Imported people from'} ${describeFile(filePath, file)}`,
  );
  const pad = (label: string, n: number) => `  ${`${label}:`.padEnd(11)} ${n}`;
  out.push(pad('created', summary.created), pad('updated', summary.updated), pad('unchanged', summary.unchanged));
  out.push(pad('rejected', summary.rejected.length));
  for (const r of summary.rejected) out.push(`    line ${r.line}${r.email ? ` (${r.email})` : ''}: ${r.reason}`);
  out.push(pad('warnings', summary.warnings.length));
  for (const w of summary.warnings) out.push(`    ${w.line ? `line ${w.line}: ` : ''}${w.message}`);
  if (summary.departmentsCreated.length > 0) {
    out.push(`  new departments: ${summary.departmentsCreated.join(', ')}`);
  }
  if (summary.rejected.length > 0) {
    out.push(
      'Some rows were rejected. Fix them in the file and run the import again: rows that were taken are not duplicated.',
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

async function run(file: string, opts: { dryRun?: boolean }): Promise<number> {
  const { filePath, bytes } = await readInput(file);
  let parsed: PeopleFile;
  try {
    parsed = parsePeopleFile(bytes);
  } catch (err) {
    if (err instanceof PeopleFileError) throw new Fatal(`${filePath}: ${err.message}`);
    throw err;
  }

  // The store side loads only once the file is known to be readable: a typo in the path answers at once.
  const [{ openStore, StoreUnreachable }, { importPeople }] = await Promise.all([
    import('./store.js'),
    import('../core/people/import.js'),
  ]);
  const config = loadConfigOrExit();
  let store: StoreConnection;
  try {
    store = await openStore(config);
  } catch (err) {
    throw err instanceof StoreUnreachable ? new Fatal(err.message) : err;
  }

  const { liveInstances } = await import('../core/media/url-key.js');
  const running = await liveInstances().catch(() => []);
  if (running.length > 0 && !opts.dryRun) {
    process.stdout.write(
      `Ids is running on this store (${running.length} server${running.length === 1 ? '' : 's'}): its directory picks up these changes within seconds.\n`,
    );
  }
  const progress = progressReporter();
  let summary: ImportSummary;
  try {
    summary = await importPeople(parsed.rows, {
      onProgress: (p) => progress.update(p),
      dryRun: opts.dryRun ?? false,
      entraSyncOn: config.entraSync !== undefined,
    });
  } catch (err) {
    throw new Fatal(
      `The import stopped: ${(err as Error).message}\nRows written before this point are kept; running the import again is safe.`,
    );
  } finally {
    progress.stop();
    await store.close().catch(() => undefined);
  }
  summary.warnings.unshift(...parsed.warnings);
  printSummary(filePath, parsed, summary);
  return summary.rejected.length > 0 ? EXIT_REJECTED : EXIT_OK;
}

const program = new Command()
  .name('import-people')
  .description('Create or update people from a CSV file, matched by email.')
  .argument('<file>', 'the CSV file; a relative path is taken from the folder you ran the command in')
  .option('--dry-run', 'check the file against the store, write nothing')
  .showHelpAfterError()
  .addHelpText(
    'after',
    '\nColumns (header names, any order, case-insensitive):\n' +
      '  email,displayName,givenName,surname,jobTitle,department,officeLocation,businessPhone,\n' +
      '  mobilePhone,mobileVisibility,skills,managerEmail,aadObjectId,roles\n' +
      'skills and roles are separated by ";" inside their cell; roles: communicator, manager, admin, ambassador.\n' +
      'A blank cell leaves the stored value as it is. Exit 0: all rows taken; 2: some rejected; 1: nothing imported.',
  )
  .action(async (file: string, opts: { dryRun?: boolean }) => {
    let code: number;
    try {
      code = await run(file, opts);
    } catch (err) {
      process.stderr.write(
        `import-people: ${err instanceof Fatal ? err.message : ((err as Error).stack ?? String(err))}\n`,
      );
      code = EXIT_FATAL;
    }
    process.exit(code);
  });

await program.parseAsync(process.argv);
