// `npm run playground`: Microsoft 365 Agents Playground (npm @microsoft/m365agentsplayground, a dev
// dependency), Microsoft's local Teams-like client, in Teams mode against the running bot:
// personal chat, group chat and a channel, cards rendered as Teams renders them, card actions,
// mocked installation and member events. Start Ids first (npm start), then this; open the
// address it prints. Who you are is set in .m365agentsplayground.yml (demo people).
//
// The bot endpoint is http://127.0.0.1:<PORT>/api/messages (PORT from the environment or .env,
// default 3978); BOT_ENDPOINT overrides it. PLAYGROUND_PORT sets the playground's own port
// (default 56150). Telemetry to Microsoft is off. Anything after `--` goes to the playground.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { stopWhenOrphaned } from './lib/stop-when-orphaned.mjs';

const root = path.resolve(import.meta.dirname, '..');
const envName = process.env.IDS_ENV_FILE?.trim() || '.env';
if (envName !== 'none' && existsSync(path.resolve(envName))) process.loadEnvFile(path.resolve(envName));

const cli = path.join(root, 'node_modules/@microsoft/m365agentsplayground/cli.js');
if (!existsSync(cli)) {
  process.stderr.write('The Agents Playground is a dev dependency: run "npm install" (not a production install).\n');
  process.exit(1);
}
if (process.env.MicrosoftAppId) {
  process.stderr.write(
    'warning: MicrosoftAppId is set, so the bot checks Bot Framework tokens, which the playground does not have.\n' +
      'Run Ids for the playground without MicrosoftAppId (development), or pass --client-id/--client-secret/--tenant-id after --.\n',
  );
}
const endpoint = process.env.BOT_ENDPOINT || `http://127.0.0.1:${process.env.PORT || 3978}/api/messages`;
const port = process.env.PLAYGROUND_PORT || '56150';
const args = [cli, '--app-endpoint', endpoint, '--channel-id', 'msteams', '--port', port, '--disable-telemetry'];
process.stdout.write(`Agents Playground for ${endpoint}: open http://localhost:${port} (Ctrl-C stops it)\n`);

const child = spawn(process.execPath, [...args, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
stopWhenOrphaned();
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
