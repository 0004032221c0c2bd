/**
 * npm run erase:person -- <email> [--remove-content]
 *
 * Erases a person who has left (core/privacy/erase.ts): profile, photo, likes, events,
 * deliveries, conversation references and the rest; their posts and comments stay under
 * "voormalig medewerker" unless --remove-content. Recorded in the audit log (via: cli).
 * Exit 0 when erased (or already erased), 1 when the person is unknown or the store is down.
 * Prints counts only: the person's data never reaches the terminal or a log.
 */
import { Command } from 'commander';
import { loadConfigOrExit } from '../config/index.js';

async function run(email: string, opts: { removeContent?: boolean }): Promise<number> {
  const [{ createLogger }, { connectStore }, { erasePerson }, { AppError }] = await Promise.all([
    import('../server/logger.js'),
    import('../models/connection.js'),
    import('../core/privacy/erase.js'),
    import('../core/errors.js'),
  ]);
  const config = loadConfigOrExit();
  const log = createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn', process.stderr);
  let store: Awaited<ReturnType<typeof connectStore>>;
  try {
    store = await connectStore(config, log);
  } catch (err) {
    process.stderr.write(`erase-person: cannot reach the store: ${(err as Error).message}\n`);
    return 1;
  }
  try {
    const result = await erasePerson({
      email,
      removeContent: !!opts.removeContent,
      by: { via: 'cli' },
      defaultLocale: config.defaultLocale,
    });
    if (result.alreadyErased) {
      process.stdout.write(`Already erased (record ${result.personId}); nothing to do.\n`);
      return 0;
    }
    const r = result.removed;
    process.stdout.write(
      `Erased (record ${result.personId}).\n` +
        `Removed: ${r.likes} likes, ${r.receipts} read/acknowledged marks, ${r.events} engagement events, ` +
        `${r.deliveries} deliveries, ${r.conversations} conversation references, ${r.files} files, ` +
        `${r.groups} group memberships, ${r.nudges} nudges` +
        (opts.removeContent ? `, ${r.posts} posts, ${r.comments} comments.\n` : '.\n') +
        (opts.removeContent
          ? ''
          : `Kept under "voormalig medewerker": ${result.kept.posts} posts, ${result.kept.comments} comments ` +
            '(run again with --remove-content to remove those too).\n') +
        'Running servers drop the person from the directory within about a second.\n',
    );
    return 0;
  } catch (err) {
    if (err instanceof AppError && err.status === 404) {
      process.stderr.write('erase-person: nobody with that email address (check the spelling).\n');
      return 1;
    }
    process.stderr.write(`erase-person: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await store.close().catch(() => undefined);
  }
}

const program = new Command()
  .name('erase-person')
  .description('Erase the data of a person who has left; their posts stay under a neutral name.')
  .argument('<email>', 'the email address of the person')
  .option('--remove-content', 'remove their posts and comments too')
  .showHelpAfterError()
  .action(async (email: string, opts: { removeContent?: boolean }) => {
    process.exitCode = await run(email, opts);
  });

await program.parseAsync();
