import { expect } from 'chai';
import request from 'supertest';
import { startTestServer, type TestServer } from '../support/server.js';
import { aPerson, type PersonRecord } from '../support/factories.js';
import { DEV_USER_HEADER } from '../../server/auth.js';

/** API errors: a stable code, and a message in the asker's language (their own, else the browser's, else the default). */
describe('api: errors in the asker’s language', function () {
  this.timeout(30000);
  let server: TestServer;
  let english: PersonRecord;
  let undecided: PersonRecord;
  const missing = '/api/posts/0123456789abcdef01234567';
  const nlNotFound = 'Dit bericht bestaat niet (meer) of is niet voor jou.';
  const enNotFound = 'This post does not exist (any more) or is not for you.';

  before(async function () {
    this.timeout(120000);
    server = await startTestServer({ SEED_DEMO: 'false' });
    english = await aPerson({ locale: 'en' });
    undecided = await aPerson();
  });
  after(async () => server?.stop());

  const get = (who: PersonRecord | string, path: string, acceptLanguage?: string) => {
    const r = request(server.url)
      .get(path)
      .set(DEV_USER_HEADER, typeof who === 'string' ? who : who.email);
    return acceptLanguage ? r.set('Accept-Language', acceptLanguage) : r;
  };

  it("answers in the person's own language, whatever the browser asks", async () => {
    const res = await get(english, missing, 'nl-NL,nl;q=0.9').expect(404);
    expect(res.body.error).to.deep.equal({ code: 'not_found', message: enNotFound });
    expect(res.headers['content-language']).to.equal('en');
  });

  it('answers someone who never chose in the language the browser prefers, else in the default (Dutch)', async () => {
    expect((await get(undecided, missing, 'en-US,en;q=0.9,nl;q=0.8').expect(404)).body.error.message).to.equal(
      enNotFound,
    );
    expect((await get(undecided, missing, 'fr-FR, en;q=0.3, fy;q=0.5').expect(404)).body.error.message).to.equal(
      nlNotFound,
    );
    expect((await get(undecided, missing, 'de-DE').expect(404)).body.error.message).to.equal(nlNotFound);
    expect((await get(undecided, missing).expect(404)).body.error.message).to.equal(nlNotFound);
  });

  it('before anyone is known (not signed in, invalid input), by the browser', async () => {
    const unknown = await get('niemand@ids.test', '/api/me', 'en').expect(401);
    expect(unknown.body.error).to.deep.equal({
      code: 'unauthenticated',
      message: 'You are not signed in. Open Ids again from Teams.',
    });
    const bad = await request(server.url)
      .post('/api/posts')
      .set(DEV_USER_HEADER, undecided.email)
      .set('Accept-Language', 'nl')
      .send({ kind: 'nonsense' })
      .expect(400);
    expect(bad.body.error.code).to.equal('validation_failed');
    expect(bad.body.error.message).to.equal('Niet alles is goed ingevuld. Kijk de velden na en probeer het opnieuw.');
    expect(bad.body.error.details[0].path).to.equal('kind');
  });

  it('a refusal says why, in the asker’s language', async () => {
    const res = await request(server.url)
      .post('/api/posts')
      .set(DEV_USER_HEADER, english.email)
      .send({ kind: 'news', title: 'Hallo', body: 'Iedereen' })
      .expect(403);
    expect(res.body.error).to.deep.equal({
      code: 'forbidden',
      message: 'Only the communication team publishes news for the whole organisation.',
    });
  });
});
