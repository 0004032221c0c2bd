import { expect } from 'chai';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { ImageWorkers, UnreadableImageError } from '../../core/media/images.js';
import { jpegWithGps } from '../support/social-files.js';
import { eventually } from '../support/uploads.js';

/** Images are re-encoded in worker processes that come and go, so their memory never stays in the server. */
describe('media: image workers', function () {
  this.timeout(60_000);
  let dir: string;
  const files = (name: string) => ({
    inPath: path.join(dir, `${name}.in`),
    outPath: path.join(dir, `${name}.out`),
    thumbPath: path.join(dir, `${name}.thumb.jpg`),
  });
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ids-images-test-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('re-encodes upright, without metadata, at most 4096 px, with a thumbnail; an idle worker exits', async () => {
    const workers = new ImageWorkers({ idleMs: 300 });
    const big = files('big');
    await writeFile(
      big.inPath,
      await sharp({ create: { width: 6000, height: 3000, channels: 3, background: '#456' } })
        .jpeg()
        .withMetadata({ orientation: 6 })
        .toBuffer(),
    );
    const result = await workers.reencode({ ...big, contentType: 'image/jpeg', thumbnailPx: 400 });
    // Turned upright (portrait), then fitted into 4096 px.
    expect(result).to.deep.equal({ width: 2048, height: 4096 });
    const out = await sharp(big.outPath).metadata();
    expect([out.width, out.height, out.orientation ?? 1, out.exif]).to.deep.equal([2048, 4096, 1, undefined]);
    const thumb = await sharp(big.thumbPath).metadata();
    expect([thumb.width, thumb.height, thumb.format]).to.deep.equal([200, 400, 'jpeg']);

    const gps = files('gps');
    await writeFile(gps.inPath, await jpegWithGps(1200, 800));
    await workers.reencode({ ...gps, contentType: 'image/jpeg', thumbnailPx: 400 });
    expect((await sharp(gps.outPath).metadata()).exif).to.equal(undefined);

    expect(workers.processes).to.have.length(1);
    await eventually(async () => workers.processes.length === 0, 'the idle worker has exited', 5000);
  });

  it('refuses what is not a readable image, and a worker that dies or hangs on a file; the next image is fine', async () => {
    const workers = new ImageWorkers({ idleMs: 200 });
    const junk = files('junk');
    await writeFile(junk.inPath, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(4000, 9)]));
    let err: unknown = await workers.reencode({ ...junk, contentType: 'image/jpeg', thumbnailPx: 400 }).catch((e) => e);
    expect(err).to.be.instanceOf(UnreadableImageError);

    // A worker killed while it works (as a decoder crash would end it).
    const photo = files('photo');
    await writeFile(photo.inPath, await jpegWithGps(3000, 2000));
    const pending = workers.reencode({ ...photo, contentType: 'image/jpeg', thumbnailPx: 400 });
    await eventually(async () => workers.processes.length === 1, 'a worker is started');
    process.kill(workers.processes[0]!, 'SIGKILL');
    err = await pending.catch((e) => e);
    expect(err).to.be.instanceOf(UnreadableImageError);

    // A worker that takes too long is killed.
    const hasty = new ImageWorkers({ timeoutMs: 1 });
    err = await hasty.reencode({ ...photo, contentType: 'image/jpeg', thumbnailPx: 400 }).catch((e) => e);
    expect(err).to.be.instanceOf(UnreadableImageError);
    await eventually(async () => hasty.processes.length === 0, 'the hung worker is gone', 5000);

    const ok = await workers.reencode({ ...photo, contentType: 'image/jpeg', thumbnailPx: 400 });
    expect(ok).to.deep.equal({ width: 3000, height: 2000 });
    await workers.close();
    expect(workers.processes).to.deep.equal([]);
  });
});
