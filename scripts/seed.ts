/**
 * npm run seed: wipes the app's collections and seeds the demo organisation "Gemeente Ids".
 * Uses the store the server would use (MONGODB_URI, or localdb on DATA_DIR; when the
 * server is running on the same DATA_DIR this attaches to it).
 */
import { loadConfigOrExit } from '../config/index.js';
import type { StoreConnection } from '../models/connection.js';
import { openStore, StoreUnreachable } from './store.js';
import { seedDemoOrganisation } from '../demo/seed.js';
import { DEMO_COMMUNICATOR_EMAIL } from '../demo/organisation.js';
import { liveInstances } from '../core/media/url-key.js';

const config = loadConfigOrExit();
let store: StoreConnection;
try {
  store = await openStore(config);
} catch (err) {
  process.stderr.write(
    `seed: ${err instanceof StoreUnreachable ? err.message : ((err as Error).stack ?? String(err))}\n`,
  );
  process.exit(1);
}

// Seeding replaces every person and post: a server running on this store would go on serving
// people that no longer exist (its search index, its sessions), so it has to stop first.
const running = await liveInstances().catch(() => []);
if (running.length > 0) {
  process.stderr.write(
    `seed: Ids is running on this store (${running.map((i) => `${i.host} pid ${i.pid}`).join('; ')}).\n` +
      'Seeding wipes every person and post and would leave it serving people that no longer exist.\n' +
      'Stop Ids first (Ctrl-C where npm start runs, or stop its service), run "npm run seed", then start Ids again.\n' +
      'To add or update people while Ids runs, use "npm run import:people -- <file.csv>": it works alongside a running server.\n',
  );
  await store.close().catch(() => undefined);
  process.exit(1);
}

let code = 0;
try {
  const r = await seedDemoOrganisation({ reset: true, timeZone: config.orgTimezone });
  process.stdout.write(
    `Seeded Gemeente Ids into ${store.where} in ${r.ms} ms:\n` +
      `  ${r.departments} departments, ${r.people} people, ${r.groups} groups,\n` +
      `  ${r.posts} posts, ${r.comments} comments, ${r.likes} likes,\n` +
      `  ${r.events} engagement events over twelve weeks (Ids rolls them up for the analytics report when it starts).\n` +
      `Development login without a header: ${DEMO_COMMUNICATOR_EMAIL} (communicator).\n`,
  );
} catch (err) {
  process.stderr.write(`seed: failed: ${(err as Error).stack ?? String(err)}\n`);
  code = 1;
} finally {
  await store.close().catch(() => undefined);
}
process.exit(code);
