/**
 * npm run seed: wipes the app's collections and seeds the demo organisation "Gemeente Ids".
 * Uses the store the server would use (MONGODB_URI, or localdb on DATA_DIR; when the
 * server is running on the same DATA_DIR this attaches to it).
 */
import { loadConfigOrExit } from '../config/index.js';
import { createLogger } from '../server/logger.js';
import { connectStore } from '../models/connection.js';
import { seedDemoOrganisation } from '../demo/seed.js';
import { DEMO_COMMUNICATOR_EMAIL } from '../demo/organisation.js';

const config = loadConfigOrExit();
const log = createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn', process.stderr);

let store: Awaited<ReturnType<typeof connectStore>>;
try {
  store = await connectStore(config, log);
} catch (err) {
  process.stderr.write(
    `seed: cannot reach the store: ${(err as Error).message}\n` +
      (config.mongodbUri
        ? 'Check MONGODB_URI and that the database server is running.\n'
        : `Check DATA_DIR (${config.dataDir}).\n`),
  );
  process.exit(1);
}

let code = 0;
try {
  const r = await seedDemoOrganisation({ reset: true });
  process.stdout.write(
    `Seeded Gemeente Ids into ${store.where} in ${r.ms} ms:\n` +
      `  ${r.departments} departments, ${r.people} people, ${r.groups} groups,\n` +
      `  ${r.posts} posts, ${r.comments} comments, ${r.likes} likes.\n` +
      `Development login without a header: ${DEMO_COMMUNICATOR_EMAIL} (communicator).\n`,
  );
} catch (err) {
  process.stderr.write(`seed: failed: ${(err as Error).stack ?? String(err)}\n`);
  code = 1;
} finally {
  await store.close().catch(() => undefined);
}
process.exit(code);
