// npm run playground: Microsoft 365 Agents Playground, installed from npm as a dev dependency and
// run here with nothing downloaded at run time, drives the bot in Teams mode: a message in the
// personal chat gets the person card, rendered by the playground as Teams renders cards.
import { expect } from 'chai';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ROOT, appEnv } from '../support/app-process.js';
import { launchBrowser } from '../support/browser.js';
import { aDepartment, aPerson } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('ops: npm run playground (Microsoft 365 Agents Playground)', function () {
  this.timeout(120_000);
  let server: TestServer;
  let playground: ChildProcess;
  let browser: Browser;
  let port: number;
  let logDir: string;
  const outside: string[] = [];

  before(async () => {
    server = await startTestServer({ SEED_DEMO: 'false', LOG_LEVEL: 'debug' });
    const department = await aDepartment({ name: 'Boomverzorging' });
    await aPerson({
      email: 'femke.dijkstra@gemeente-ids.nl',
      givenName: 'Femke',
      surname: 'Dijkstra',
      roles: ['communicator'],
    });
    await aPerson({ givenName: 'Jelte', surname: 'de Boer', department, jobTitle: 'boomverzorger' });
    await server.services.directory.refreshChanged();

    port = await freePort();
    logDir = mkdtempSync(path.join(os.tmpdir(), 'ids-playground-'));
    playground = spawn('npm', ['run', 'playground'], {
      cwd: ROOT,
      env: appEnv({
        BOT_ENDPOINT: `${server.url}/api/messages`,
        PLAYGROUND_PORT: String(port),
        M365_AGENTS_PLAYGROUND_LOGFILE: path.join(logDir, 'playground.log'),
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`the playground did not start: ${out}`)), 60_000);
      const onData = (d: Buffer) => {
        out += d.toString();
        if (out.includes(`Listening on ${port}`)) {
          clearTimeout(timer);
          resolve();
        }
      };
      playground.stdout!.on('data', onData);
      playground.stderr!.on('data', onData);
      playground.once('exit', (code) => reject(new Error(`the playground exited (${code}): ${out}`)));
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    if (playground?.pid) process.kill(-playground.pid, 'SIGTERM');
    await server?.stop();
    rmSync(logDir, { recursive: true, force: true });
  });

  it('asks the bot for a colleague in the personal chat and shows the person card', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Nothing leaves the machine: the playground's own page and socket only (its web fonts are
    // answered 404 here, which the page survives).
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`http://localhost:${port}`) || url.startsWith(`ws://localhost:${port}`))
        return route.continue();
      outside.push(url);
      return route.fulfill({ status: 404, body: '' });
    });
    const page = await context.newPage();
    await page.goto(`http://localhost:${port}/`);
    // The compose box (the playground draws its placeholder itself).
    const input = page.locator('textarea, [contenteditable=true], input[type=text]').first();
    await input.waitFor({ timeout: 30_000 });
    await input.fill('wat is het nummer van Jelte?');
    await input.press('Enter');
    // The person card as the playground renders Adaptive Cards: name, job title, department.
    await page.getByText('boomverzorger').first().waitFor({ timeout: 30_000 });
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).to.contain('Jelte de Boer');
    expect(text).to.contain('Boomverzorging');
    // The installation event the playground sends on open reached the bot, as Teams' would.
    const turns = server.logLines.map((l) => JSON.parse(l)).filter((e) => e.msg === 'bot turn');
    expect(turns.map((e) => e.activity)).to.include.members(['installationUpdate', 'conversationUpdate', 'message']);
    expect(outside.every((u) => u.includes('cdn.office.net'))).to.equal(true);
    await context.close();
  });
});
