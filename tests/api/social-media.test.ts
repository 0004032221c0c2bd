import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import request from 'supertest';
import sharp from 'sharp';
import { startTestServer, type TestServer } from '../support/server.js';
import { aCast, actingAs, countMedia, type Cast, type SocialPerson } from '../support/social.js';
import { jpegWithGps, makeZip } from '../support/social-files.js';
import { DEV_USER_HEADER } from '../../server/auth.js';
import { deleteUnattachedMedia } from '../../core/media/media.js';
import { sweepMedia } from '../../core/media/sweep.js';
import { Post } from '../../models/post.js';
import mongoose from 'mongoose';

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** Photos and documents: checked by content, stripped of location, served only to who may see them. */
describe('api: media', function () {
  this.timeout(60000);
  let server: TestServer;
  let cast: Cast;
  const as = (who: SocialPerson | string) => actingAs(server.url, who);
  const upload = (who: SocialPerson, data: Buffer, name: string) =>
    request(server.url).post('/api/media').set(DEV_USER_HEADER, who.email).attach('file', data, name);

  before(async function () {
    this.timeout(120000);
    server = await startTestServer({ SEED_DEMO: 'false' });
    cast = await aCast();
  });
  after(async () => server?.stop());

  it('stores a photo re-encoded without EXIF/GPS, with a 400 px thumbnail, served with its type and nosniff', async () => {
    const original = await jpegWithGps(1600, 1200);
    expect((await sharp(original).metadata()).exif, 'the test photo carries EXIF').to.be.instanceOf(Buffer);
    const res = await upload(cast.colleague, original, 'IMG_0001.JPG').expect(201);
    expect(res.body).to.include({
      kind: 'image',
      contentType: 'image/jpeg',
      width: 1600,
      height: 1200,
      name: 'IMG_0001.jpg',
    });
    const g = await as(cast.colleague)
      .post('/api/groups', { name: `Foto's ${Date.now()}`, visibility: 'open' })
      .expect(201);
    const post = await as(cast.colleague)
      .post('/api/posts', { kind: 'group', groupId: g.body.id, body: 'Kijk!', attachmentIds: [res.body.id] })
      .expect(201);
    const att = post.body.attachments[0];
    expect(att).to.include({ id: res.body.id, kind: 'image', url: `/api/media/${res.body.id}` });

    const full = await as(cast.outsider).get(att.url).buffer(true).parse(binary).expect(200);
    expect(full.headers['content-type']).to.equal('image/jpeg');
    expect(full.headers['x-content-type-options']).to.equal('nosniff');
    const meta = await sharp(full.body as Buffer).metadata();
    expect(meta.exif, 'EXIF (with GPS) is gone').to.equal(undefined);
    expect(meta.width).to.equal(1600);

    const thumb = await as(cast.outsider).get(att.thumbnailUrl).buffer(true).parse(binary).expect(200);
    const tmeta = await sharp(thumb.body as Buffer).metadata();
    expect(Math.max(tmeta.width!, tmeta.height!)).to.equal(400);
    expect(tmeta.exif).to.equal(undefined);

    const signed = await request(server.url).get(new URL(att.signedThumbnailUrl).pathname).expect(200);
    expect(signed.headers['content-type']).to.equal('image/jpeg');
  });

  it('refuses a file named .jpg whose content is not an image: 415 JSON, nothing stored', async () => {
    const before = await countMedia();
    const res = await upload(
      cast.colleague,
      Buffer.from('<html><script>alert(1)</script></html>'),
      'vakantie.jpg',
    ).expect(415);
    expect(res.headers['content-type']).to.match(/application\/json/);
    expect(res.body.error.code).to.equal('unsupported_media_type');
    // Image magic bytes with nothing decodable behind them: also 415.
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
    expect((await upload(cast.colleague, fake, 'kapot.jpg').expect(415)).body.error.code).to.equal(
      'unsupported_media_type',
    );
    // A zip that is not an Office document.
    await upload(cast.colleague, makeZip({ 'payload.exe': 'MZ' }), 'rapport.docx').expect(415);
    expect(await countMedia()).to.deep.equal(before);
  });

  it('refuses an oversize image (over 10 MB) and document (over 25 MB) with 413 and leaves nothing half-stored', async () => {
    const before = await countMedia();
    const bigImage = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(10 * 1024 * 1024 + 10, 1)]);
    const r1 = await upload(cast.colleague, bigImage, 'groot.jpg').expect(413);
    expect(r1.body.error.code).to.equal('payload_too_large');
    const bigPdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(25 * 1024 * 1024 + 10, 0x20)]);
    const r2 = await upload(cast.colleague, bigPdf, 'groot.pdf').expect(413);
    expect(r2.body.error.code).to.equal('payload_too_large');
    expect(await countMedia()).to.deep.equal(before);
    // The server still serves after refusing.
    await as(cast.colleague).get('/api/feed?limit=1').expect(200);
  });

  it('serves documents as downloads (Content-Disposition attachment) by their detected type', async () => {
    const docx = makeZip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' });
    const res = await upload(cast.manager, docx, 'Notulen <MT>|3.bin').expect(201);
    expect(res.body).to.include({
      kind: 'document',
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
    expect(res.body.name, 'named by its content, without markup characters').to.equal('Notulen MT3.docx');
    const pdf = await upload(cast.manager, Buffer.from('%PDF-1.4\n%%EOF\n'), 'brief.pdf').expect(201);
    const post = await as(cast.manager)
      .post('/api/posts', {
        kind: 'department',
        title: 'Stukken',
        body: 'Zie bijlagen',
        attachmentIds: [res.body.id, pdf.body.id],
      })
      .expect(201);
    const got = await as(cast.colleague).get(`/api/media/${res.body.id}`).buffer(true).parse(binary).expect(200);
    expect(got.headers['content-disposition']).to.match(/^attachment; filename="Notulen MT3.docx"/);
    expect(got.headers['x-content-type-options']).to.equal('nosniff');
    expect((got.body as Buffer).equals(docx)).to.equal(true);
    await as(cast.outsider).get(`/api/media/${pdf.body.id}`).expect(404);
    // Documents are not served through signed URLs.
    expect(post.body.attachments[1].signedUrl).to.equal(null);
  });

  it("an unattached upload is only its owner's; someone else cannot attach it; an upload attaches once", async () => {
    const res = await upload(cast.colleague, await jpegWithGps(300, 200), 'a.jpg').expect(201);
    await as(cast.colleague).get(`/api/media/${res.body.id}`).expect(200);
    await as(cast.outsider).get(`/api/media/${res.body.id}`).expect(404);
    const g = await as(cast.outsider)
      .post('/api/groups', { name: `Dief ${Date.now()}`, visibility: 'open' })
      .expect(201);
    await as(cast.outsider)
      .post('/api/posts', { kind: 'group', groupId: g.body.id, body: 'mijn foto', attachmentIds: [res.body.id] })
      .expect(400);
    const mine = await as(cast.colleague)
      .post('/api/posts', { kind: 'group', groupId: g.body.id, body: 'foto', attachmentIds: [res.body.id] })
      .expect(201);
    expect(mine.body.attachments).to.have.length(1);
    await as(cast.colleague)
      .post('/api/posts', { kind: 'group', groupId: g.body.id, body: 'weer', attachmentIds: [res.body.id] })
      .expect(409);
  });

  it('uploads never attached are cleaned up (with their thumbnails)', async () => {
    await upload(cast.colleague, await jpegWithGps(300, 200), 'weg.jpg').expect(201);
    const before = await countMedia();
    const removed = await deleteUnattachedMedia(new Date(Date.now() + 1000));
    expect(removed).to.be.greaterThan(0);
    const after = await countMedia();
    expect(after.files).to.equal(before.files - removed);
    expect(after.chunks).to.be.lessThan(before.chunks);
  });

  it('a request without a file or not multipart is refused plainly', async () => {
    await as(cast.colleague).post('/api/media', { file: 'x' }).expect(415);
    await request(server.url)
      .post('/api/media')
      .set(DEV_USER_HEADER, cast.colleague.email)
      .field('other', 'x')
      .expect(400);
  });

  it('deleting a post removes its files and thumbnails from GridFS', async () => {
    const photo = await upload(cast.colleague, await jpegWithGps(800, 600), 'boom.jpg').expect(201);
    const pdf = await upload(cast.colleague, Buffer.from('%PDF-1.4\n%%EOF\n'), 'plan.pdf').expect(201);
    const g = await as(cast.colleague)
      .post('/api/groups', { name: `Bomen ${Date.now()}`, visibility: 'open' })
      .expect(201);
    const post = await as(cast.colleague)
      .post('/api/posts', {
        kind: 'group',
        groupId: g.body.id,
        body: 'Gekapt',
        attachmentIds: [photo.body.id, pdf.body.id],
      })
      .expect(201);
    const before = await countMedia();
    await as(cast.colleague).delete(`/api/posts/${post.body.id}`).expect(204);
    const after = await countMedia();
    expect(after.files, 'the photo, its thumbnail and the pdf are gone').to.equal(before.files - 3);
    expect(after.chunks).to.be.lessThan(before.chunks);
    const files = mongoose.connection.db!.collection('media.files');
    expect(
      await files.countDocuments({ 'metadata.postId': new mongoose.Types.ObjectId(String(post.body.id)) }),
    ).to.equal(0);
  });

  it('the media sweep removes the files of a post deleted without them (a crash in between)', async () => {
    const photo = await upload(cast.colleague, await jpegWithGps(300, 200), 'hek.jpg').expect(201);
    const g = await as(cast.colleague)
      .post('/api/groups', { name: `Hekken ${Date.now()}`, visibility: 'open' })
      .expect(201);
    const post = await as(cast.colleague)
      .post('/api/posts', { kind: 'group', groupId: g.body.id, body: 'Hek', attachmentIds: [photo.body.id] })
      .expect(201);
    // Deleted as deletePost does, but without its media step.
    await Post.updateOne({ _id: post.body.id }, { $set: { deletedAt: new Date() } });
    const kept = await upload(cast.colleague, await jpegWithGps(300, 200), 'blijft.jpg').expect(201);
    const before = await countMedia();
    const swept = await sweepMedia({ unattachedBefore: new Date(Date.now() - 3600_000) });
    expect(swept.orphaned).to.equal(2);
    expect(swept.unattached, 'a fresh unattached upload stays').to.equal(0);
    expect((await countMedia()).files).to.equal(before.files - 2);
    await as(cast.colleague).get(`/api/media/${kept.body.id}`).expect(200);
  });

  it('serves a file under a name whose extension matches its type (the JPEG thumbnail of small.png is small….jpg)', async () => {
    const png = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#28a' } })
      .png()
      .toBuffer();
    const res = await upload(cast.colleague, png, 'small.png').expect(201);
    const original = await as(cast.colleague).get(`/api/media/${res.body.id}`).buffer(true).parse(binary).expect(200);
    expect(original.headers['content-type']).to.equal('image/png');
    expect(original.headers['content-disposition']).to.match(/filename="small\.png"/);
    const thumb = await as(cast.colleague).get(res.body.thumbnailUrl).buffer(true).parse(binary).expect(200);
    expect(thumb.headers['content-type']).to.equal('image/jpeg');
    expect(thumb.headers['content-disposition']).to.match(/filename="small[^"]*\.jpg"/);
    expect(thumb.headers['content-disposition']).to.match(/filename\*=UTF-8''small[^;]*\.jpg$/);
    const signed = await request(server.url).get(new URL(res.body.signedThumbnailUrl).pathname).expect(200);
    expect(signed.headers['content-type']).to.equal('image/jpeg');
    expect(signed.headers['content-disposition']).to.match(/filename="small[^"]*\.jpg"/);
  });

  it('turns a photo upright by its EXIF orientation before the metadata is dropped', async () => {
    // A landscape sensor image that the camera marks "rotate 90° clockwise to view" (orientation 6).
    const sideways = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#363' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(sideways).metadata()).orientation).to.equal(6);
    const res = await upload(cast.colleague, sideways, 'staand.jpg').expect(201);
    expect(res.body).to.include({ width: 400, height: 600 });
    const got = await as(cast.colleague).get(`/api/media/${res.body.id}`).buffer(true).parse(binary).expect(200);
    const meta = await sharp(got.body as Buffer).metadata();
    expect([meta.width, meta.height]).to.deep.equal([400, 600]);
    expect(meta.orientation ?? 1).to.equal(1);
    expect(meta.exif).to.equal(undefined);
  });

  it('signed URLs: the tab gets minutes, card images at most CARD_IMAGE_URL_DAYS; a 100-year token is refused', async () => {
    const res = await upload(cast.colleague, await jpegWithGps(300, 200), 'teken.jpg').expect(201);
    const token = new URL(res.body.signedThumbnailUrl).pathname.split('/').pop()!;
    const expires = Number(token.split('.')[1]);
    const now = Math.floor(Date.now() / 1000);
    expect(expires - now, 'the tab URL lives minutes').to.be.within(60, 60 * 60);

    const secret = server.config.mediaUrlSecret;
    const fileId = res.body.id as string;
    const forged = (seconds: number) => {
      const payload = `${fileId}.${now + seconds}`;
      return `/api/m/${payload}.${createHmac('sha256', secret).update(`ids-media:${payload}`).digest('base64url')}`;
    };
    const DAY = 24 * 3600;
    // CARD_IMAGE_URL_DAYS is 90 by default.
    await request(server.url)
      .get(forged(89 * DAY))
      .expect(200);
    await request(server.url)
      .get(forged(91 * DAY))
      .expect(404);
    await request(server.url)
      .get(forged(100 * 365 * DAY))
      .expect(404);
  });
});
