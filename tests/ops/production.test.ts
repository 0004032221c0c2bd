// Production as it is installed: `npm run build`, then a folder with the build output and a
// production install (npm ci --omit=dev: no TypeScript, no tsx, no sources), configured through
// .env, started with `npm start`, against a separate store, Microsoft's services replaced by
// stand-ins. A bad configuration is refused; a good one serves the tab, the API (Teams SSO) and
// the bot (Bot Connector tokens).
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type LocalDb, startLocalDb } from '../../localdb/index.js';
import { type AppProcess, ROOT, appEnv, runScript, spawnApp, stopApp } from '../support/app-process.js';
import { startBotConnector, type BotConnectorStandIn } from '../support/bot-connector.js';
import { startBotFrameworkAuth, type BotFrameworkAuthStandIn } from '../support/bot-framework-auth.js';
import { startEntraStandIn, type EntraStandIn } from '../support/entra.js';
import { productionEnv } from '../support/server.js';

const APP_ID = '44444444-5555-6666-7777-888888888888';
const PERSON_OID = '99999999-0000-4000-8000-000000000001';

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

describe('ops: production build and start', function () {
  this.timeout(600_000);
  let prod: string;
  let db: LocalDb;
  let entra: EntraStandIn;
  let auth: BotFrameworkAuthStandIn;
  let connector: BotConnectorStandIn;
  let app: AppProcess | undefined;

  before(async () => {
    const built = run('npm', ['run', 'build'], ROOT);
    expect(built.code, built.out).to.equal(0);
    expect(existsSync(path.join(ROOT, 'dist/server/main.js'))).to.equal(true);
    expect(existsSync(path.join(ROOT, 'tab/dist/index.html'))).to.equal(true);

    // What a deployment holds: the build output, package files, the runner. No sources.
    prod = mkdtempSync(path.join(os.tmpdir(), 'ids-prod-'));
    for (const f of [
      'package.json',
      'package-lock.json',
      'scripts/run.mjs',
      'scripts/lib/stop-when-orphaned.mjs',
      'scripts/build-tab.mjs',
      'dist',
      'tab/dist',
    ]) {
      cpSync(path.join(ROOT, f), path.join(prod, f), { recursive: true });
    }
    const env = { ...process.env, NODE_ENV: 'production' };
    const installed = run('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], prod, env);
    expect(installed.code, installed.out).to.equal(0);
    expect(installed.out).to.not.contain('EBADENGINE');
    for (const devOnly of ['tsx', 'typescript', 'esbuild', 'mocha']) {
      expect(existsSync(path.join(prod, 'node_modules', devOnly)), devOnly).to.equal(false);
    }

    db = await startLocalDb();
    entra = await startEntraStandIn();
    auth = await startBotFrameworkAuth();
    connector = await startBotConnector();
  });

  after(async () => {
    if (app) await stopApp(app);
    await Promise.all([db?.close(), entra?.stop(), auth?.stop(), connector?.stop()]);
    if (prod) rmSync(prod, { recursive: true, force: true });
  });

  const goodEnv = () => ({
    ...productionEnv(entra, APP_ID),
    PORT: '0',
    PUBLIC_URL: 'https://ids.gemeente.test',
    MONGODB_URI: db.uri,
    MONGODB_DB: 'ids_production',
    BOT_OPENID_METADATA_URL: auth.metadataUrl,
    MEDIA_URL_SECRET: 'production-test-media-url-secret-0123456789',
  });
  const dotEnv = (vars: Record<string, string>) =>
    writeFileSync(
      path.join(prod, '.env'),
      Object.entries(vars)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n'),
    );
  // The test's own environment must not decide anything: .env does.
  const bare = () => appEnv({ NODE_ENV: undefined, PORT: undefined, HOST: undefined, IDS_ENV_FILE: undefined });

  it('refuses to start with a bad configuration, naming every problem', async () => {
    dotEnv({ NODE_ENV: 'production', PUBLIC_URL: 'http://ids.gemeente.test', MONGODB_URI: db.uri });
    const refused = await spawnApp('npm', ['start'], bare(), { until: 'exit', cwd: prod });
    expect(await refused.exited).to.equal(1);
    const said = refused.lines.join('\n');
    for (const name of [
      'MicrosoftAppId',
      'MicrosoftAppPassword',
      'ENTRA_CLIENT_ID',
      'MEDIA_URL_SECRET',
      'PUBLIC_URL must be https',
    ]) {
      expect(said).to.contain(name);
    }
    expect(said).to.contain('.env.example');
  });

  it('starts from the compiled output with a good one, and serves the tab, the API and the bot', async () => {
    dotEnv(goodEnv());
    // People come in through the same compiled scripts (npm run import:people).
    const csv = path.join(prod, 'people.csv');
    writeFileSync(
      csv,
      'email,displayName,department,aadObjectId,roles\n' +
        `femke.dijkstra@gemeente.test,Femke Dijkstra,Communicatie,${PERSON_OID},communicator\n`,
    );
    const imported = await runScript('import:people', ['people.csv'], bare(), { cwd: prod });
    expect(imported.code, imported.stderr).to.equal(0);

    app = await spawnApp('npm', ['start'], bare(), { cwd: prod });
    const started = app.entries.find((e) => e.msg === 'open the tab, or try the bot with "npm run playground"');
    expect(started?.mode).to.equal('production');
    expect(started?.url).to.equal('https://ids.gemeente.test');

    expect((await fetch(`${app.url}/healthz`)).status).to.equal(200);
    const tab = await fetch(`${app.url}/tab`);
    expect(tab.status).to.equal(200);
    expect(await tab.text()).to.contain('<html');
    // The tab API: Teams SSO only.
    expect(
      (await fetch(`${app.url}/api/me`, { headers: { 'x-ids-dev-user': 'femke.dijkstra@gemeente.test' } })).status,
    ).to.equal(401);
    const token = await entra.token({ oid: PERSON_OID });
    const me = await fetch(`${app.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).to.equal(200);
    expect(((await me.json()) as { email: string }).email).to.equal('femke.dijkstra@gemeente.test');

    // The bot: an activity signed as the Bot Connector signs it is taken; a forged one is not.
    // A typing activity, which gets no answer: an answer needs a token from Entra ID for the
    // Bot Connector, which has no stand-in here (and nothing may leave this machine).
    const activity = {
      type: 'typing',
      id: 'prod-1',
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      from: { id: '29:femke', aadObjectId: PERSON_OID },
      recipient: { id: `28:${APP_ID}` },
      conversation: { id: 'a:femke', conversationType: 'personal', tenantId: entra.tenantId },
      channelData: { tenant: { id: entra.tenantId } },
    };
    const send = async (key: 'published' | 'unpublished') =>
      fetch(`${app!.url}/api/messages`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await auth.token(APP_ID, connector.serviceUrl, { key })}`,
        },
        body: JSON.stringify(activity),
      });
    expect((await send('unpublished')).status).to.equal(401);
    expect((await send('published')).status).to.equal(200);

    expect(await stopApp(app)).to.equal(0);
    expect(app.entries.some((e) => e.msg === 'Ids stopped')).to.equal(true);
    app = undefined;
  });

  it('runs the embedded store on its own thread from the compiled output, without the TypeScript loader', () => {
    // What a production server without MONGODB_URI starts (models/connection.ts): the thread
    // loads dist/localdb/thread.js; tsx is not installed here.
    const script = `
      import { openLocalDbThread } from './dist/localdb/thread.js';
      import { MongoClient } from 'mongodb';
      const db = await openLocalDbThread({ dataDir: './data', log: () => {} });
      const client = new MongoClient(db.uri);
      await client.connect();
      await client.db('t').collection('c').insertOne({ n: 1 });
      const n = await client.db('t').collection('c').countDocuments();
      await client.close();
      await db.close();
      console.log(JSON.stringify({ owned: db.owned, n }));
    `;
    writeFileSync(path.join(prod, 'check-thread.mjs'), script);
    const r = run(process.execPath, ['check-thread.mjs'], prod);
    expect(r.code, r.out).to.equal(0);
    // Its one line on stdout; warnings on stderr come after it in r.out.
    expect(JSON.parse(r.out.split('\n').find((l) => l.startsWith('{"owned"')) ?? 'null')).to.deep.equal({
      owned: true,
      n: 1,
    });
    expect(existsSync(path.join(prod, 'data', 'localdb.lock')), 'the folder is released').to.equal(false);
  });
});
