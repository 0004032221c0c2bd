import { expect } from 'chai';
import request from 'supertest';
import sharp from 'sharp';
import { startTestServer, type TestServer } from '../support/server.js';
import { actingAs } from '../support/social.js';
import { aDepartment, aPerson, type PersonRecord } from '../support/factories.js';
import { validateCard } from '../../cards/validate.js';
import { DEV_USER_HEADER } from '../../server/auth.js';
import { cardImageLifetimeSeconds, verifyMediaToken } from '../../core/media/signed.js';

/** POST /api/posts/card-preview: the card a recipient would get, for the compose screen. */
describe('api: news card preview', function () {
  this.timeout(30000);
  let server: TestServer;
  let communicator: PersonRecord;
  let other: PersonRecord;
  let departmentId: string;

  before(async () => {
    server = await startTestServer({
      SEED_DEMO: 'false',
      MEDIA_URL_SECRET: 'preview-test-secret-of-at-least-32-chars',
    });
    const dept = await aDepartment({ name: 'Burgerzaken' });
    departmentId = dept._id.toString();
    communicator = await aPerson({ roles: ['communicator'], displayName: 'Fatima el Amrani', department: dept });
    other = await aPerson();
  });
  after(() => server?.stop());

  const upload = async (who: PersonRecord) => {
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#0b6e79' } })
      .png()
      .toBuffer();
    const res = await request(server.url)
      .post('/api/media')
      .set(DEV_USER_HEADER, who.email)
      .attach('file', png, 'foto.png')
      .expect(201);
    return res.body.id as string;
  };

  it('returns the personal card as a recipient would get it: department, author, photo, ack button', async () => {
    const mediaId = await upload(communicator);
    const res = await actingAs(server.url, communicator.email)
      .post('/api/posts/card-preview', {
        kind: 'department',
        title: 'Nieuwe openingstijden',
        summary: 'Vanaf maandag open tot 20.00 uur.',
        body: 'Meer tekst',
        requiresAck: true,
        attachmentIds: [mediaId],
        audience: { departmentIds: [departmentId] },
        notify: true,
      })
      .expect(200);
    const card = res.body.card;
    expect(validateCard(card).warnings).to.deep.equal([]);
    const json = JSON.stringify(card);
    for (const text of ['Nieuws van Burgerzaken', 'Nieuwe openingstijden', 'open tot 20.00 uur', 'Fatima el Amrani'])
      expect(json).to.include(text);
    expect(card.actions.map((a: { type: string }) => a.type)).to.deep.equal(['Action.OpenUrl', 'Action.Execute']);
    const image = card.body.find((e: { type: string }) => e.type === 'Image');
    const token = String(image.url).split('/api/m/')[1]!;
    // Lasts for days (Teams fetches the image on every render), not minutes.
    const inAWeek = Date.now() + 7 * 24 * 3600_000;
    const cap = { maxLifetimeSeconds: cardImageLifetimeSeconds(server.config), now: inAWeek };
    expect(verifyMediaToken(token, 'preview-test-secret-of-at-least-32-chars', cap)).to.not.equal(undefined);
  });

  it('speaks English when asked', async () => {
    const res = await actingAs(server.url, communicator.email)
      .post('/api/posts/card-preview', { kind: 'news', title: 'Coffee', body: 'x', locale: 'en' })
      .expect(200);
    const json = JSON.stringify(res.body.card);
    expect(json).to.include('News from the organisation');
    expect(json).to.include('Read more');
  });

  it('shows a placeholder title while the title is still empty', async () => {
    const res = await actingAs(server.url, communicator.email)
      .post('/api/posts/card-preview', { kind: 'news', body: '' })
      .expect(200);
    expect(validateCard(res.body.card).warnings).to.deep.equal([]);
    expect(JSON.stringify(res.body.card)).to.include('Titel van je bericht');
  });

  it("never signs someone else's upload", async () => {
    const theirs = await upload(other);
    const res = await actingAs(server.url, communicator.email)
      .post('/api/posts/card-preview', { kind: 'news', title: 'x', body: 'x', attachmentIds: [theirs] })
      .expect(200);
    expect(JSON.stringify(res.body.card)).to.not.include('"Image"');
  });

  it('refuses what is not news, and bodies that POST /api/posts would refuse', async () => {
    const as = actingAs(server.url, communicator.email);
    const group = await as.post('/api/posts/card-preview', { kind: 'group', body: 'x' }).expect(400);
    expect(group.body.error.code).to.equal('bad_request');
    await as.post('/api/posts/card-preview', { kind: 'news', body: 'x', colour: 'red' }).expect(400);
    await as.post('/api/posts/card-preview', { kind: 'news', body: 'x', locale: 'de' }).expect(400);
    await as.post('/api/posts/card-preview', { kind: 'news', body: 'x', attachmentIds: ['nope'] }).expect(400);
  });
});
