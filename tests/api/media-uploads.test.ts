import { expect } from 'chai';
import request from 'supertest';
import { startTestServer, type TestServer } from '../support/server.js';
import { aPerson, type PersonRecord } from '../support/factories.js';
import { countMedia } from '../support/social.js';
import { eventually, openUpload, ownTempFiles } from '../support/uploads.js';
import { jpegWithGps } from '../support/social-files.js';
import { DEV_USER_HEADER } from '../../server/auth.js';

const MB = 1024 * 1024;
/** A PDF of `bytes` bytes: the magic, then filler. */
const pdfOf = (bytes: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(bytes - 9, 0x20)]);

/**
 * Uploads are streamed to a temporary file (never held whole in memory), bounded per person and
 * per instance, and held to a per-person storage quota; refusals come as JSON in the asker's
 * language, and temporary files never outlive their request.
 */
describe('api: upload limits', function () {
  this.timeout(60_000);
  let server: TestServer;
  let anne: PersonRecord; // Dutch
  let ben: PersonRecord; // English
  let cas: PersonRecord; // English
  let dirk: PersonRecord; // Dutch

  before(async () => {
    server = await startTestServer({
      SEED_DEMO: 'false',
      UPLOADS_PER_PERSON: '2',
      UPLOADS_AT_ONCE: '3',
      MEDIA_QUOTA_MB: '20',
    });
    anne = await aPerson({ locale: 'nl' });
    ben = await aPerson({ locale: 'en' });
    cas = await aPerson({ locale: 'en' });
    dirk = await aPerson({ locale: 'nl' });
  });
  after(async () => server?.stop());

  const upload = (who: PersonRecord, data: Buffer, name: string) =>
    request(server.url).post('/api/media').set(DEV_USER_HEADER, who.email).attach('file', data, name);
  const open = (who: PersonRecord, declaredBytes = 5 * MB) =>
    openUpload(server.url, { email: who.email, name: 'rapport.pdf', declaredBytes });

  it('writes an upload in progress to a temporary file, not to memory; a cut-off upload leaves nothing', async () => {
    const before = await countMedia();
    const u = open(anne);
    await u.write(pdfOf(MB));
    await eventually(async () => (await ownTempFiles()).some((f) => f.size >= MB), 'the first megabyte is on disk');
    u.abort();
    await eventually(async () => (await ownTempFiles()).length === 0, 'the temporary file is removed');
    expect(await countMedia()).to.deep.equal(before);
    // The place it held is free again: Anne can send two more at once.
    const [a, b] = await Promise.all([upload(anne, pdfOf(1000), 'a.pdf'), upload(anne, pdfOf(1000), 'b.pdf')]);
    expect([a.status, b.status]).to.deep.equal([201, 201]);
  });

  it('removes the temporary file of a refused upload (not an image, too large, unreadable)', async () => {
    await upload(anne, Buffer.from('<html>no</html>'), 'x.jpg').expect(415);
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(5000, 7)]);
    await upload(anne, fake, 'kapot.jpg').expect(415);
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(10 * MB + 10, 1)]);
    const r = await upload(anne, big, 'groot.jpg').expect(413);
    expect(r.body.error.message).to.equal('Een foto mag hoogstens 10 MB zijn.');
    expect(await ownTempFiles()).to.deep.equal([]);
  });

  it('lets one person send two files at once; a third is refused at once with 429 in their language', async () => {
    const first = open(anne);
    const second = open(anne);
    await first.write(pdfOf(64 * 1024));
    await second.write(pdfOf(64 * 1024));
    await eventually(async () => (await ownTempFiles()).length === 2, 'both uploads are being received');
    const third = await upload(anne, pdfOf(1000), 'derde.pdf');
    expect(third.status).to.equal(429);
    expect(third.headers['content-type']).to.match(/application\/json/);
    expect(third.body.error.code).to.equal('rate_limited');
    expect(third.body.error.message).to.equal(
      'Je verstuurt al 2 bestanden tegelijk. Wacht tot die binnen zijn en probeer het dan opnieuw.',
    );
    // Someone else is not held up by Anne's uploads.
    await upload(ben, pdfOf(1000), 'mine.pdf').expect(201);

    // The instance receives three at once: with Anne's two and one of Ben's, Cas waits his turn.
    const bens = open(ben);
    await bens.write(pdfOf(64 * 1024));
    await eventually(async () => (await ownTempFiles()).length === 3, 'three uploads are being received');
    const busy = await upload(cas, pdfOf(1000), 'cas.pdf');
    expect(busy.status).to.equal(429);
    expect(busy.body.error.message).to.equal('Ids is receiving many files right now. Try again in a minute.');

    // Finished uploads are stored; the places are free again.
    const done = await Promise.all([
      first.finish(Buffer.alloc(5 * MB - 64 * 1024, 0x20)),
      second.finish(Buffer.alloc(5 * MB - 64 * 1024, 0x20)),
    ]);
    expect(done.map((d) => d.status)).to.deep.equal([201, 201]);
    expect(done[0]!.body.size).to.equal(5 * MB);
    bens.abort();
    await eventually(async () => (await ownTempFiles()).length === 0, 'no temporary file is left');
    await upload(cas, pdfOf(1000), 'cas.pdf').expect(201);
  });

  it('holds each person to their storage quota: 413 in their language, before the body is read', async () => {
    await upload(dirk, pdfOf(8 * MB), 'een.pdf').expect(201);
    await upload(dirk, pdfOf(8 * MB), 'twee.pdf').expect(201);
    const over = await upload(dirk, pdfOf(8 * MB), 'drie.pdf');
    expect(over.status).to.equal(413);
    expect(over.body.error.code).to.equal('quota_exceeded');
    expect(over.body.error.message).to.match(
      /^Dit bestand \(8 MB\) past niet meer in je opslagruimte: je gebruikt 16 MB van de 20 MB\./,
    );
    // A small file still fits.
    await upload(dirk, pdfOf(MB), 'klein.pdf').expect(201);

    // Announcing 8 MB more is enough to be refused: the server does not read the body first.
    const announced = open(dirk, 8 * MB);
    const early = await announced.answered;
    expect(early.status).to.equal(413);
    expect(early.body.error.code).to.equal('quota_exceeded');
    announced.abort();

    // Profile photos count too, and go the same way.
    await upload(dirk, pdfOf(3 * MB), 'vol.pdf').expect(201);
    const photo = await request(server.url)
      .put('/api/me/photo')
      .set(DEV_USER_HEADER, dirk.email)
      .attach('file', await jpegWithGps(4000, 3000), 'ik.jpg');
    expect(photo.status, JSON.stringify(photo.body)).to.equal(413);
    expect(photo.body.error.code).to.equal('quota_exceeded');
    // Someone else's quota is their own.
    await upload(cas, pdfOf(8 * MB), 'cas.pdf').expect(201);
  });
});
