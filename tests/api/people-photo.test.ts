import { expect } from 'chai';
import request from 'supertest';
import sharp from 'sharp';
import { refreshDirectory, startTestServer, type TestServer } from '../support/server.js';
import { aPerson, type PersonRecord } from '../support/factories.js';
import { jpegWithGps } from '../support/social-files.js';
import { DEV_USER_HEADER } from '../../server/auth.js';
import { deleteUnattachedMedia } from '../../core/media/media.js';

describe('tab API: profile photos', () => {
  let server: TestServer;
  let owner: PersonRecord;
  let colleague: PersonRecord;
  before(async function () {
    this.timeout(60_000);
    server = await startTestServer({ SEED_DEMO: 'false' });
    owner = await aPerson({ givenName: 'Fenna', surname: 'Hoekstra' });
    colleague = await aPerson();
    await refreshDirectory(server);
  });
  after(async () => server?.stop());

  /** Signed URLs name PUBLIC_URL; the test server listens elsewhere. */
  const local = (url: string) => url.replace(server.config.publicUrl, server.url);
  const upload = (data: Buffer, name: string) =>
    request(server.url).put('/api/me/photo').set(DEV_USER_HEADER, owner.email).attach('file', data, name);
  const view = async (as: PersonRecord) =>
    (await request(server.url).get(`/api/people/${owner._id}`).set(DEV_USER_HEADER, as.email)).body as {
      photoUrl?: string;
    };

  it('stores a photo without its location data and shows it to colleagues through a signed URL', async () => {
    const res = await upload(await jpegWithGps(1200, 900), 'ik.jpg');
    expect(res.status).to.equal(200);
    const seen = await view(colleague);
    expect(seen.photoUrl).to.match(/^https:\/\/ids\.test\.example\/api\/m\//);
    const img = await fetch(local(seen.photoUrl!));
    expect(img.status).to.equal(200);
    expect(img.headers.get('content-type')).to.equal('image/jpeg');
    const meta = await sharp(Buffer.from(await img.arrayBuffer())).metadata();
    expect(meta.width).to.be.at.most(400);
    expect(meta.exif, 'no EXIF (and so no GPS) survives').to.equal(undefined);
  });

  it('shows the photo in search results', async () => {
    const found = await request(server.url)
      .get(`/api/people/search?q=${encodeURIComponent(owner.email)}`)
      .set(DEV_USER_HEADER, colleague.email);
    expect(found.body.people[0].person.photoUrl).to.match(/\/api\/m\//);
  });

  it('keeps profile photos when unattached uploads are swept', async () => {
    await deleteUnattachedMedia(new Date(Date.now() + 60_000));
    const seen = await view(colleague);
    expect((await fetch(local(seen.photoUrl!))).status).to.equal(200);
  });

  it('refuses a file that is not an image with 415, keeping the old photo', async () => {
    const before = await view(colleague);
    const res = await upload(Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF'), 'foto.jpg');
    expect(res.status).to.equal(415);
    expect(res.body.error.code).to.equal('unsupported_media_type');
    expect((await view(colleague)).photoUrl?.split('.')[0]).to.equal(before.photoUrl?.split('.')[0]);
  });

  it('replaces and removes the photo, and the old one stops being served', async () => {
    const old = (await view(colleague)).photoUrl!;
    expect((await upload(await jpegWithGps(800, 800), 'nieuw.jpg')).status).to.equal(200);
    const replaced = (await view(colleague)).photoUrl!;
    expect(replaced).not.to.equal(old);
    expect((await fetch(local(old))).status).to.equal(404);
    const removed = await request(server.url).delete('/api/me/photo').set(DEV_USER_HEADER, owner.email);
    expect(removed.status).to.equal(204);
    expect((await view(colleague)).photoUrl).to.equal(undefined);
    expect((await fetch(local(replaced))).status).to.equal(404);
  });
});
