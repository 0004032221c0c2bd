// npm run backup / npm run restore on the embedded store, taken while a server runs and writes:
// restored into a fresh store, a server on it finds every person, post, like, comment and photo.
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { type AppProcess, appEnv, runScript, startApp, stopApp } from '../support/app-process.js';
import { aComment, aDepartment, aLike, aPerson, aPost, type PersonRecord } from '../support/factories.js';
import { jpegWithGps } from '../support/social-files.js';

const SECRET = 'backup-test-media-url-secret-0123456789abcdef';
const dev = (email: string) => ({ 'x-ids-dev-user': email });

async function json(url: string, email: string, init: RequestInit = {}) {
  const res = await fetch(url, { ...init, headers: { ...dev(email), ...(init.headers ?? {}) } });
  return { status: res.status, body: res.status < 300 && res.status !== 204 ? await res.json() : undefined };
}

describe('ops: backup and restore of the embedded store', function () {
  this.timeout(240_000);
  const dirs: string[] = [];
  const apps: AppProcess[] = [];
  const tmp = (name: string) => {
    const d = mkdtempSync(path.join(os.tmpdir(), `ids-${name}-`));
    dirs.push(d);
    return d;
  };
  after(async () => {
    await mongoose.disconnect();
    for (const app of apps) await stopApp(app);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('backs up while the server runs and writes, and restores every person, post, like, comment and photo', async () => {
    const dataDir = tmp('data');
    const app = await startApp({ DATA_DIR: dataDir, MEDIA_URL_SECRET: SECRET });
    apps.push(app);
    const { port } = JSON.parse(readFileSync(path.join(dataDir, 'localdb.lock'), 'utf8'));
    await mongoose.connect(`mongodb://127.0.0.1:${port}/?directConnection=true`, { dbName: 'ids' });

    const department = await aDepartment({ name: 'Groenbeheer' });
    const people: PersonRecord[] = [];
    for (let i = 0; i < 6; i++) people.push(await aPerson({ department, roles: i === 0 ? ['communicator'] : [] }));
    const [author, ...others] = people as [PersonRecord, ...PersonRecord[]];
    const posts = [await aPost(author), await aPost(author, { title: 'Bomen gesnoeid' })];
    for (const p of others.slice(0, 3)) await aLike(posts[0]!, p);
    const comment = await aComment(posts[0]!, others[0]!, { body: 'Mooi werk' });
    await aComment(posts[1]!, others[1]!);

    // A photo uploaded through the API and attached to a post.
    const photo = await jpegWithGps(640, 480);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'bomen.jpg');
    const upload = await json(`${app.url}/api/media`, author.email, { method: 'POST', body: form });
    expect(upload.status).to.equal(201);
    const withPhoto = await json(`${app.url}/api/posts`, author.email, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'news', title: 'Met foto', body: 'Zie foto', attachmentIds: [upload.body.id] }),
    });
    expect(withPhoto.status).to.equal(201);
    const original = await fetch(`${app.url}${upload.body.url}`, { headers: dev(author.email) });
    const photoBytes = Buffer.from(await original.arrayBuffer());
    expect(photoBytes.length).to.be.above(1000);

    // Writes keep coming while the backup is taken.
    let writing = true;
    const writes = (async () => {
      let n = 0;
      while (writing) {
        const p = others[n % others.length]!;
        await fetch(`${app.url}/api/posts/${posts[1]!._id}/like`, { method: 'POST', headers: dev(p.email) });
        n++;
      }
      return n;
    })();
    const backupDir = path.join(tmp('backups'), 'ids-backup');
    const backup = await runScript('backup', [backupDir], appEnv({ DATA_DIR: dataDir }));
    writing = false;
    expect(await writes).to.be.above(0);
    expect(backup.stderr).to.equal('');
    expect(backup.code).to.equal(0);
    expect(backup.stdout).to.contain('Backed up');
    const manifest = JSON.parse(readFileSync(path.join(backupDir, 'ids-backup.json'), 'utf8'));
    expect(manifest.collections.people).to.equal(6);
    expect(manifest.collections['media.files']).to.be.at.least(2); // the photo and its thumbnail
    expect(existsSync(path.join(backupDir, 'ids', 'people.bson'))).to.equal(true);
    expect(existsSync(path.join(backupDir, 'ids', 'people.metadata.json'))).to.equal(true);

    // A second backup into the same folder is refused rather than mixed in.
    const again = await runScript('backup', [backupDir], appEnv({ DATA_DIR: dataDir }));
    expect(again.code).to.equal(1);
    expect(again.stderr).to.contain('not empty');

    // Restoring over the running server's store is refused.
    const busy = await runScript('restore', [backupDir, '--drop'], appEnv({ DATA_DIR: dataDir }));
    expect(busy.code).to.equal(1);
    expect(busy.stderr).to.contain('Ids is running on this store');

    await mongoose.disconnect();
    expect(await stopApp(app)).to.equal(0);

    // Into a fresh store.
    const fresh = tmp('restored');
    const restored = await runScript('restore', [backupDir], appEnv({ DATA_DIR: fresh }));
    expect(restored.stderr).to.equal('');
    expect(restored.code).to.equal(0);
    expect(restored.stdout).to.contain('people 6');
    // Not twice: the store is no longer empty.
    const twice = await runScript('restore', [backupDir], appEnv({ DATA_DIR: fresh }));
    expect(twice.code).to.equal(1);
    expect(twice.stderr).to.contain('--drop');

    const back = await startApp({ DATA_DIR: fresh, MEDIA_URL_SECRET: SECRET });
    apps.push(back);
    for (const p of people) {
      const found = await json(`${back.url}/api/people/${p._id}`, author.email);
      expect(found.status, p.email).to.equal(200);
      expect(found.body.email).to.equal(p.email);
    }
    const first = await json(`${back.url}/api/posts/${posts[0]!._id}`, author.email);
    expect(first.status).to.equal(200);
    expect(first.body.likeCount).to.equal(3);
    const comments = await json(`${back.url}/api/posts/${posts[0]!._id}/comments`, author.email);
    expect(JSON.stringify(comments.body)).to.contain(String(comment._id));
    expect(JSON.stringify(comments.body)).to.contain('Mooi werk');
    const second = await json(`${back.url}/api/posts/${posts[1]!._id}`, author.email);
    expect(second.body.commentCount).to.equal(1);
    const pictured = await json(`${back.url}/api/posts/${withPhoto.body.id}`, author.email);
    expect(pictured.status).to.equal(200);
    const restoredPhoto = await fetch(`${back.url}${upload.body.url}`, { headers: dev(author.email) });
    expect(restoredPhoto.status).to.equal(200);
    expect(Buffer.from(await restoredPhoto.arrayBuffer()).equals(photoBytes)).to.equal(true);
    // Signed card image URLs made before the backup work on the restored store (same secret).
    const signed = await fetch(upload.body.signedThumbnailUrl.replace(/^https?:\/\/[^/]+/, back.url));
    expect(signed.status).to.equal(200);
  });
});
