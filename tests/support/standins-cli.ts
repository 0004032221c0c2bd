// `npm run standins`: the test suite's stand-ins for Microsoft's services, as a process of their
// own, so Ids can run in production mode on one machine without a tenant: Entra ID (the keys
// that sign Teams SSO tokens), the Bot Framework's token service (the keys of the Bot
// Connector's tokens) and the Bot Connector (where the bot's messages go). Writes the settings
// that point Ids at them to standins.env (append it to .env), and answers on its own port:
//   GET /sso-token?oid=<Entra object id>   a Teams SSO token for that person (1 hour)
//   GET /bot-token                         a Bot Connector token for an activity to the bot
//   GET /sent                              what the bot sent to the Bot Connector, as JSON
// Development and trials only: the tokens it signs are accepted by an Ids that trusts it.
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startBotConnector } from './bot-connector.js';
import { startBotFrameworkAuth } from './bot-framework-auth.js';
import { startEntraStandIn } from './entra.js';
import { productionEnv } from './server.js';
import { stopWhenOrphaned } from '../../scripts/lib/stop-when-orphaned.mjs';

const APP_ID = '44444444-5555-4666-8777-888888888888';
const port = Number(process.env.STANDINS_PORT ?? 3990);
const out = path.resolve(process.env.INIT_CWD || process.cwd(), process.env.STANDINS_ENV_FILE ?? 'standins.env');

const [entra, auth, connector] = await Promise.all([startEntraStandIn(), startBotFrameworkAuth(), startBotConnector()]);

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const send = (status: number, body: string, type = 'text/plain') => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };
  if (url.pathname === '/sso-token') {
    const oid = url.searchParams.get('oid');
    if (!oid) return send(400, 'give ?oid=<the person’s Entra object id>\n');
    void entra.token({ oid }).then((t) => send(200, t));
    return;
  }
  if (url.pathname === '/bot-token') {
    void auth.token(APP_ID, connector.serviceUrl).then((t) => send(200, t));
    return;
  }
  if (url.pathname === '/sent') return send(200, JSON.stringify(connector.sent, null, 2), 'application/json');
  send(404, 'GET /sso-token?oid=…, /bot-token or /sent\n');
});
await new Promise<void>((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, '127.0.0.1', () => resolve());
});
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const settings = {
  ...productionEnv(entra, APP_ID),
  BOT_OPENID_METADATA_URL: auth.metadataUrl,
  STANDINS_URL: base,
  STANDINS_SERVICE_URL: connector.serviceUrl,
};
writeFileSync(
  out,
  `# Written by npm run standins (${new Date().toISOString()}): Microsoft's services replaced by local stand-ins.\n` +
    `${Object.entries(settings)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
);
process.stdout.write(`Stand-ins for Entra ID, the Bot Framework and the Bot Connector are running.\n`);
process.stdout.write(`Settings for Ids written to ${out}; tokens at ${base}/sso-token?oid=… and ${base}/bot-token.\n`);

const stop = () => {
  server.close();
  void Promise.all([entra.stop(), auth.stop(), connector.stop()]).then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
stopWhenOrphaned();
