import { expect } from 'chai';
import { startTestServer, type TestServer } from '../support/server.js';
import { aCast, actingAs, type Cast } from '../support/social.js';
import { assertSafeHtml } from '../support/safe-html.js';
import { Department } from '../../models/department.js';

/** Publishing, reading, editing and deleting posts: every rule, from the outside. */
describe('api: posts', function () {
  this.timeout(30000);
  let server: TestServer;
  let cast: Cast;
  let otherDepartmentId: string;
  const as = (who: Cast[keyof Cast] | string) => actingAs(server.url, who as never);

  before(async function () {
    this.timeout(120000);
    server = await startTestServer({ SEED_DEMO: 'false' });
    cast = await aCast();
    otherDepartmentId = (await Department.findOne({ _id: { $ne: cast.manager.departmentId } }).lean())!._id.toString();
  });
  after(async () => server?.stop());

  const news = (extra: object = {}) => ({ kind: 'news', title: 'Nieuws', body: 'Hallo **allemaal**', ...extra });

  describe('organisation news', () => {
    it('is published by a communicator, for the whole organisation when no audience is given', async () => {
      const res = await as(cast.communicator).post('/api/posts', news()).expect(201);
      expect(res.body.kind).to.equal('news');
      expect(res.body.bodyHtml).to.equal('<p>Hallo <strong>allemaal</strong></p>');
      expect(res.body.audience.organisation).to.equal(true);
      await as(cast.outsider).get(`/api/posts/${res.body.id}`).expect(200);
    });

    it('is refused to managers, colleagues and ambassadors (403), and admins may', async () => {
      for (const who of [cast.manager, cast.colleague, cast.outsider]) {
        const res = await as(who).post('/api/posts', news()).expect(403);
        expect(res.body.error.code).to.equal('forbidden');
      }
      await as(cast.admin).post('/api/posts', news()).expect(201);
    });

    it('needs a title; an invalid body is a 400 naming each problem', async () => {
      await as(cast.communicator).post('/api/posts', { kind: 'news', body: 'x' }).expect(400);
      const res = await as(cast.communicator)
        .post('/api/posts', { kind: 'bulletin', body: 5, audience: { roles: ['king'] } })
        .expect(400);
      expect(res.body.error.code).to.equal('validation_failed');
      const paths = res.body.error.details.map((d: { path: string }) => d.path);
      expect(paths).to.include.members(['kind', 'body', 'audience.roles.0']);
    });

    it('reaches only its audience: a department, a location, a role', async () => {
      const forDept = await as(cast.communicator)
        .post('/api/posts', news({ audience: { departmentIds: [cast.manager.departmentId] } }))
        .expect(201);
      await as(cast.colleague).get(`/api/posts/${forDept.body.id}`).expect(200);
      await as(cast.outsider).get(`/api/posts/${forDept.body.id}`).expect(404);

      const forManagers = await as(cast.communicator)
        .post('/api/posts', news({ audience: { roles: ['manager'] } }))
        .expect(201);
      await as(cast.manager).get(`/api/posts/${forManagers.body.id}`).expect(200);
      await as(cast.colleague).get(`/api/posts/${forManagers.body.id}`).expect(404);

      // The outsider works at the Gemeentewerf, the colleague at the Stadhuis.
      const forLocation = await as(cast.communicator)
        .post('/api/posts', news({ audience: { locations: ['Gemeentewerf'] } }))
        .expect(201);
      await as(cast.outsider).get(`/api/posts/${forLocation.body.id}`).expect(200);
      await as(cast.colleague).get(`/api/posts/${forLocation.body.id}`).expect(404);
    });
  });

  describe('department news', () => {
    it('a manager publishes for their own department only', async () => {
      const own = await as(cast.manager)
        .post('/api/posts', { kind: 'department', title: 'Afdelingsoverleg', body: 'Donderdag' })
        .expect(201);
      expect(own.body.audience.departmentIds).to.deep.equal([cast.manager.departmentId]);
      await as(cast.colleague).get(`/api/posts/${own.body.id}`).expect(200);
      await as(cast.outsider).get(`/api/posts/${own.body.id}`).expect(404);
      await as(cast.manager)
        .post('/api/posts', {
          kind: 'department',
          title: 'x',
          body: 'y',
          audience: { departmentIds: [otherDepartmentId] },
        })
        .expect(403);
      await as(cast.manager)
        .post('/api/posts', {
          kind: 'department',
          title: 'x',
          body: 'y',
          audience: { departmentIds: [cast.manager.departmentId, otherDepartmentId] },
        })
        .expect(403);
    });

    it('a colleague without a role cannot; a communicator can for any department', async () => {
      await as(cast.colleague).post('/api/posts', { kind: 'department', title: 'x', body: 'y' }).expect(403);
      await as(cast.communicator)
        .post('/api/posts', {
          kind: 'department',
          title: 'x',
          body: 'y',
          audience: { departmentIds: [otherDepartmentId] },
        })
        .expect(201);
    });

    it('a manager cannot widen their department news when editing it', async () => {
      const own = await as(cast.manager)
        .post('/api/posts', { kind: 'department', title: 'Eigen', body: 'z' })
        .expect(201);
      await as(cast.manager)
        .patch(`/api/posts/${own.body.id}`, { audience: { departmentIds: [otherDepartmentId] } })
        .expect(403);
    });
  });

  describe('editing and deleting', () => {
    it('the author edits (marked edited); others may not (403), a stranger to the post gets 404', async () => {
      const p = await as(cast.manager)
        .post('/api/posts', { kind: 'department', title: 'Eerst', body: 'tekst' })
        .expect(201);
      expect(p.body.edited).to.equal(false);
      const edited = await as(cast.manager).patch(`/api/posts/${p.body.id}`, { body: 'nieuwe *tekst*' }).expect(200);
      expect(edited.body.edited).to.equal(true);
      expect(edited.body.editedAt).to.be.a('string');
      expect(edited.body.bodyHtml).to.equal('<p>nieuwe <em>tekst</em></p>');
      await as(cast.colleague).patch(`/api/posts/${p.body.id}`, { body: 'gekaapt' }).expect(403);
      await as(cast.communicator).patch(`/api/posts/${p.body.id}`, { body: 'gekaapt' }).expect(403);
      await as(cast.outsider).patch(`/api/posts/${p.body.id}`, { body: 'gekaapt' }).expect(404);
      await as(cast.admin).patch(`/api/posts/${p.body.id}`, { title: 'Door beheer' }).expect(200);
    });

    it('only the author sees the markdown source and may-edit flags', async () => {
      const p = await as(cast.communicator).post('/api/posts', news()).expect(201);
      expect(p.body.body).to.equal('Hallo **allemaal**');
      expect(p.body.can.edit).to.equal(true);
      const seen = await as(cast.outsider).get(`/api/posts/${p.body.id}`).expect(200);
      expect(seen.body).to.not.have.property('body');
      expect(seen.body).to.not.have.property('audience');
      expect(seen.body.can).to.deep.equal({
        edit: false,
        delete: false,
        pin: false,
        markAnswer: false,
        viewDelivery: false,
      });
    });

    it('a colleague cannot delete news; a communicator moderates news; deleted posts vanish everywhere', async () => {
      const author = cast.manager;
      const p = await as(author)
        .post('/api/posts', { kind: 'department', title: 'Weg', body: 'straks weg' })
        .expect(201);
      await as(cast.colleague).delete(`/api/posts/${p.body.id}`).expect(403);
      await as(cast.communicator).delete(`/api/posts/${p.body.id}`).expect(204);
      await as(author).get(`/api/posts/${p.body.id}`).expect(404);
      await as(cast.colleague).get(`/api/posts/${p.body.id}/comments`).expect(404);
      await as(cast.colleague).post(`/api/posts/${p.body.id}/like`).expect(404);
      const feed = await as(cast.colleague).get('/api/feed?limit=50').expect(200);
      expect(feed.body.posts.map((x: { id: string }) => x.id)).to.not.include(p.body.id);
      const dept = await as(cast.colleague).get(`/api/departments/${author.departmentId}/feed`).expect(200);
      expect(dept.body.posts.map((x: { id: string }) => x.id)).to.not.include(p.body.id);
      await as(author).delete(`/api/posts/${p.body.id}`).expect(404);
    });

    it('authors delete their own posts; admins delete anything', async () => {
      const a = await as(cast.manager).post('/api/posts', { kind: 'department', title: 'a', body: 'a' }).expect(201);
      await as(cast.manager).delete(`/api/posts/${a.body.id}`).expect(204);
      const b = await as(cast.communicator).post('/api/posts', news()).expect(201);
      await as(cast.admin).delete(`/api/posts/${b.body.id}`).expect(204);
    });

    it('pinning is for communicators (403 for the manager who wrote it)', async () => {
      const p = await as(cast.manager).post('/api/posts', { kind: 'department', title: 'pin', body: 'x' }).expect(201);
      await as(cast.manager).patch(`/api/posts/${p.body.id}`, { pinned: true }).expect(403);
      await as(cast.manager)
        .post('/api/posts', { kind: 'department', title: 'pin', body: 'x', pinned: true })
        .expect(403);
      const pinned = await as(cast.communicator).patch(`/api/posts/${p.body.id}`, { pinned: true }).expect(200);
      expect(pinned.body.pinned).to.equal(true);
      expect(pinned.body.edited).to.equal(false);
      await as(cast.communicator).patch(`/api/posts/${p.body.id}`, { pinned: false }).expect(200);
    });

    it('important news may require acknowledgement', async () => {
      const p = await as(cast.communicator)
        .post('/api/posts', news({ requiresAck: true }))
        .expect(201);
      expect(p.body.requiresAck).to.equal(true);
      expect(p.body.important).to.equal(true);
    });
  });

  describe('hostile text', () => {
    const hostile = [
      '<script>alert(1)</script>',
      '<img src=x onerror="alert(2)">',
      '[klik](javascript:alert(3))',
      '<a href="javascript:alert(4)" onclick="alert(5)">x</a>',
      '**<svg onload=alert(6)>**',
      '[x](https://ok.example" onmouseover="alert(7))',
      '- <iframe src="https://evil.example"></iframe>',
    ].join('\n\n');

    it('a post body full of script, handlers and javascript: links comes back harmless', async () => {
      const p = await as(cast.communicator)
        .post('/api/posts', news({ title: '<script>alert(0)</script>', body: hostile }))
        .expect(201);
      for (const view of [p.body, (await as(cast.outsider).get(`/api/posts/${p.body.id}`).expect(200)).body]) {
        assertSafeHtml(view.bodyHtml);
        expect(view.bodyHtml).to.not.match(/<(script|img|svg|iframe|a [^>]*on)|href="javascript/i);
        // The title is JSON text, never HTML; the tab renders it as text.
        expect(view.title).to.equal('<script>alert(0)</script>');
        expect(view.excerpt).to.not.match(/javascript:alert\(3\)\)/);
      }
      const feed = await as(cast.outsider).get('/api/feed').expect(200);
      const inFeed = feed.body.posts.find((x: { id: string }) => x.id === p.body.id);
      assertSafeHtml(inFeed.bodyHtml);
    });

    it('a hostile comment comes back harmless', async () => {
      const p = await as(cast.communicator).post('/api/posts', news()).expect(201);
      const c = await as(cast.outsider).post(`/api/posts/${p.body.id}/comments`, { body: hostile }).expect(201);
      assertSafeHtml(c.body.bodyHtml);
      const list = await as(cast.colleague).get(`/api/posts/${p.body.id}/comments`).expect(200);
      for (const comment of list.body.comments) assertSafeHtml(comment.bodyHtml);
    });
  });

  it('unknown and malformed ids are 404 and 400', async () => {
    await as(cast.colleague).get('/api/posts/0123456789abcdef01234567').expect(404);
    const res = await as(cast.colleague).get('/api/posts/not-an-id').expect(400);
    expect(res.body.error.code).to.equal('validation_failed');
  });
});
