import { expect } from 'chai';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { allScreens, SCREENS } from '../support/screens.js';
import { runScript } from '../support/cli.js';

const screenshots = (args: string[]) => runScript('scripts/screenshots.ts', args);

describe('scripts/screenshots (npm run screenshots)', function () {
  this.timeout(120_000);
  let out: string;
  before(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'ids-screenshots-'));
  });
  after(() => rm(out, { recursive: true, force: true }));

  it('writes a PNG per screen, size and theme, in the theme Teams asked for', async () => {
    const run = await screenshots(['--only', 'home,config', '--sizes', 'phone', '--themes', 'dark', '--out', out]);
    expect(run.stderr, run.stdout).to.equal('');
    expect(run.code).to.equal(0);
    expect(run.stdout).to.include(`2 screenshots in ${out}`);
    expect((await readdir(out)).sort()).to.deep.equal(['config-phone-dark.png', 'home-phone-dark.png']);
    const image = sharp(path.join(out, 'home-phone-dark.png'));
    expect(await image.metadata()).to.include({ format: 'png', width: 360, height: 740 });
    // The corner is the tab's background: Teams' dark theme, not the white of a page without one.
    const { data } = await image
      .extract({ left: 2, top: 700, width: 1, height: 1 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 3)]).to.deep.equal([31, 31, 31]);
  });

  it('refuses an unknown screen name and says which exist', async () => {
    const run = await screenshots(['--only', 'nope', '--out', out]);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.include('Unknown screen: nope');
    expect(run.stderr).to.include('home');
  });

  it('covers static tabs of the manifest that the list does not name', () => {
    const names = allScreens(['home', 'groups-tab']).map((s) => s.name);
    expect(names.filter((n) => n === 'home')).to.have.length(1);
    expect(names).to.include('tab-groups-tab');
    expect(names.slice(0, SCREENS.length)).to.deep.equal(SCREENS.map((s) => s.name));
  });
});
