// npm run manifest reads the same .env as the server: the package names the URL and ids set there.
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appEnv, runScript } from '../support/app-process.js';

describe('ops: npm run manifest reads .env', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ids-manifest-env-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('builds the package for the PUBLIC_URL and ids in the settings file', async () => {
    const file = path.join(dir, 'settings.env');
    writeFileSync(
      file,
      [
        'PUBLIC_URL=https://ids.from-env-file.example',
        'TEAMS_APP_ID=6a0e1c2d-3b4f-4a5b-8c6d-7e8f9a0b1c2d',
        'MicrosoftAppId=11111111-aaaa-4bbb-8ccc-222222222222',
        'ENTRA_CLIENT_ID=33333333-dddd-4eee-8fff-444444444444',
      ].join('\n'),
    );
    const built = await runScript('manifest', [], appEnv({ NODE_ENV: undefined, IDS_ENV_FILE: file }));
    expect(built.code, built.stderr).to.equal(0);
    expect(built.stdout).to.contain('tab https://ids.from-env-file.example/tab');
    expect(built.stdout).to.contain('app id 6a0e1c2d-3b4f-4a5b-8c6d-7e8f9a0b1c2d');
    expect(built.stdout).to.contain('bot 11111111-aaaa-4bbb-8ccc-222222222222');
  });
});
