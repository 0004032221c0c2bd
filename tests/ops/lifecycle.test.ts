// Stopping Ids as people do: SIGTERM from a service manager, Ctrl-C in a terminal, through npm.
// Requests in flight are finished, new ones are not taken, the store is closed, nothing is left
// listening, and the whole stop takes bounded time.
import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startBotConnector, type BotConnectorStandIn } from '../support/bot-connector.js';
import { type AppProcess, appEnv, listening, spawnApp, startApp, stopApp } from '../support/app-process.js';

/** A POST whose body is sent in two halves, so the request is in flight until `finish()`. */
function halfSentPost(url: string, body: string) {
  const u = new URL(url);
  const req = http.request({
    host: u.hostname,
    port: u.port,
    path: u.pathname,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  const answer = new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: text }));
    });
    req.on('error', reject);
  });
  const half = Math.floor(body.length / 2);
  req.write(body.slice(0, half));
  return { answer, finish: () => req.end(body.slice(half)) };
}

const helpActivity = (serviceUrl: string) =>
  JSON.stringify({
    type: 'message',
    id: 'msg-in-flight',
    channelId: 'msteams',
    serviceUrl,
    from: { id: '29:someone', name: 'Someone' },
    recipient: { id: '28:ids-bot' },
    conversation: { id: 'a:personal-someone', conversationType: 'personal' },
    text: 'help',
    locale: 'nl-NL',
  });

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const logged = (app: AppProcess, msg: string) => app.entries.filter((e) => e.msg === msg).length;

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

/** The server's pid, from the instance id it logs (host:pid:random). */
function serverPid(app: AppProcess): number {
  const entry = app.entries.find((e) => e.msg === 'Ids is listening');
  return Number(String(entry?.instance).split(':')[1]);
}

describe('ops: stopping the server', function () {
  this.timeout(120_000);
  let connector: BotConnectorStandIn;
  let dataDir: string;
  const apps: AppProcess[] = [];

  before(async () => {
    connector = await startBotConnector();
  });
  after(async () => {
    await connector.stop();
  });
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ids-stop-'));
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) {
      if (app.proc.pid && app.proc.exitCode === null) await stopApp(app, 'SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('SIGTERM: finishes the request in flight, takes no new connection, closes the store and exits 0', async () => {
    const app = await startApp({ DATA_DIR: dataDir });
    apps.push(app);
    expect(existsSync(path.join(dataDir, 'localdb.lock'))).to.equal(true);

    const inFlight = halfSentPost(`${app.url}/api/messages`, helpActivity(connector.serviceUrl));
    await new Promise((r) => setTimeout(r, 200));
    app.proc.kill('SIGTERM');
    await until(
      () => logged(app, 'stopping: no new requests, finishing those in flight, closing the store') > 0,
      5_000,
      'stopping',
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(await listening(app.port), 'a new connection while stopping').to.equal(false);

    const sentBefore = connector.sent.length;
    inFlight.finish();
    const answer = await inFlight.answer;
    expect(answer.status).to.equal(200);
    expect(answer.connection).to.equal('close');
    await connector.waitFor(sentBefore + 1);
    expect(connector.sent.at(-1)!.replyToId).to.equal('msg-in-flight');

    expect(await app.exited).to.equal(0);
    expect(logged(app, 'Ids stopped')).to.equal(1);
    // The embedded store flushed and let go of its folder.
    expect(existsSync(path.join(dataDir, 'localdb.lock'))).to.equal(false);
  });

  it('a request still running at SHUTDOWN_TIMEOUT_SECONDS is cut off, and the stop still ends', async () => {
    const app = await startApp({ DATA_DIR: dataDir, SHUTDOWN_TIMEOUT_SECONDS: '1' });
    apps.push(app);
    const stuck = halfSentPost(`${app.url}/api/messages`, helpActivity(connector.serviceUrl));
    const cutOff = stuck.answer.then(
      () => 'answered',
      () => 'cut off',
    );
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    app.proc.kill('SIGTERM');
    expect(await app.exited).to.equal(0);
    expect(Date.now() - started).to.be.below(8_000);
    expect(await cutOff).to.equal('cut off');
    expect(app.entries.some((e) => e.msg === 'requests still running at the shutdown deadline were cut off')).to.equal(
      true,
    );
  });

  describe('through npm start', () => {
    const npmStart = () =>
      spawnApp('npm', ['start'], appEnv({ DATA_DIR: dataDir }), { detached: true }).then((app) => {
        apps.push(app);
        return app;
      });

    it('SIGTERM to npm stops the server: nothing left running or listening', async () => {
      const app = await npmStart();
      const pid = serverPid(app);
      expect(pid).to.be.above(0);
      process.kill(app.proc.pid!, 'SIGTERM');
      await app.exited;
      await until(() => processGone(pid), 10_000, 'the server process to end');
      expect(await listening(app.port)).to.equal(false);
      expect(logged(app, 'Ids stopped')).to.equal(1);
    });

    it('Ctrl-C (SIGINT to the terminal’s process group) stops it once, cleanly', async () => {
      const app = await npmStart();
      const pid = serverPid(app);
      process.kill(-app.proc.pid!, 'SIGINT');
      await app.exited;
      await until(() => processGone(pid), 10_000, 'the server process to end');
      expect(await listening(app.port)).to.equal(false);
      expect(logged(app, 'Ids stopped')).to.equal(1);
      expect(logged(app, 'second signal: exiting now')).to.equal(0);
      expect(existsSync(path.join(dataDir, 'localdb.lock'))).to.equal(false);
    });

    it('npm killed outright: the server notices it was left behind and stops itself', async () => {
      const app = await npmStart();
      const pid = serverPid(app);
      process.kill(app.proc.pid!, 'SIGKILL');
      await until(() => processGone(pid), 15_000, 'the orphaned server to stop');
      expect(await listening(app.port)).to.equal(false);
    });
  });

  it('a second signal well after the first exits at once', async () => {
    const app = await startApp({ DATA_DIR: dataDir, SHUTDOWN_TIMEOUT_SECONDS: '60' });
    apps.push(app);
    halfSentPost(`${app.url}/api/messages`, helpActivity(connector.serviceUrl)).answer.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    app.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 2_500));
    expect(app.proc.exitCode).to.equal(null);
    app.proc.kill('SIGTERM');
    expect(await app.exited).to.equal(1);
  });
});
