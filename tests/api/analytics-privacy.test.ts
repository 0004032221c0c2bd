import { expect } from 'chai';
import { strFromU8, unzipSync } from 'fflate';
import { startTestServer, type TestServer } from '../support/server.js';
import { actingAs } from '../support/social.js';
import { aDepartment, aGroup, aPerson, type PersonRecord } from '../support/factories.js';
import { runScript } from '../support/cli.js';
import { BufferedRecorder, installRecorder, type EngagementRecorder } from '../../core/analytics/events.js';
import { EngagementEvent } from '../../models/engagement.js';
import { ActivityWeek } from '../../models/analytics.js';
import { weekOfDay, dayOf } from '../../core/analytics/calendar.js';
import { AuditEvent } from '../../models/audit.js';
import { ConversationRef, Delivery, PostReceipt } from '../../models/delivery.js';
import { Person } from '../../models/person.js';
import { Like, Post } from '../../models/post.js';
import { Group } from '../../models/group.js';
import { newsCardPost } from '../../core/delivery/news.js';

/** Buffers a response body (supertest leaves binary ones alone otherwise). */
const binary = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void) => {
  const parts: Buffer[] = [];
  res.on('data', (d: Buffer) => parts.push(d));
  res.on('end', () => cb(null, Buffer.concat(parts)));
};

/**
 * Engagement and people's rights through the API, as the tab uses them: events recorded where
 * things happen (and never in the way), the report's 403, the export archive and an erasure
 * (by an admin in the API and by the command on the server) after which search, feeds, cards
 * and exports show nothing of the person but their kept posts under the neutral name.
 */
describe('analytics and privacy through the API', function () {
  this.timeout(60000);
  let server: TestServer;
  let communicator: PersonRecord;
  let admin: PersonRecord;
  let anne: PersonRecord;
  let bram: PersonRecord;
  let dept: { _id: import('mongoose').Types.ObjectId; name: string };
  let park: { _id: import('mongoose').Types.ObjectId };
  /** A post in the open group "Park" (anyone may write there). */
  const groupPost = (body: string) => ({ kind: 'group', groupId: park._id.toString(), body });

  before(async () => {
    server = await startTestServer({ SEED_DEMO: 'false' });
    dept = await aDepartment({ name: 'Wijkbeheer' });
    communicator = await aPerson({ roles: ['communicator'], department: dept });
    admin = await aPerson({ roles: ['admin'], department: dept });
    anne = await aPerson({ givenName: 'Anne-Roos', surname: 'Verhoef', department: dept, jobTitle: 'Boomverzorger' });
    bram = await aPerson({ givenName: 'Bram', surname: 'Wessels', department: dept });
    park = await aGroup({ name: 'Park', visibility: 'open', members: [communicator, admin, anne, bram] });
    await server.services.directory.refreshChanged();
  });
  after(async () => {
    await server?.stop();
  });

  const as = (who: PersonRecord) => actingAs(server.url, who.email);
  const flushed = () => server.services.engagement.flush();

  it('refuses the report to an employee (403 JSON) and gives it to a communicator, also as CSV', async () => {
    const refused = await as(anne).get('/api/analytics');
    expect(refused.status).to.equal(403);
    expect(refused.body.error.code).to.equal('forbidden');
    expect(refused.body.error.message).to.match(/communicatieteam/);
    const ok = await as(communicator).get('/api/analytics?weeks=4');
    expect(ok.status).to.equal(200);
    expect(ok.body.period.weeks).to.have.length(4);
    expect(ok.body.minGroup).to.equal(5);
    const csv = await as(admin).get('/api/analytics?weeks=2&format=csv');
    expect(csv.status).to.equal(200);
    expect(csv.headers['content-type']).to.match(/^text\/csv/);
    expect(csv.headers['content-disposition']).to.match(/attachment; filename="?ids-gebruik-/);
    expect((await as(communicator).get('/api/analytics?from=2026-05-01&to=2026-01-01')).status).to.equal(400);
  });

  it('records what people do where it happens, without the words of a search', async () => {
    const before = await EngagementEvent.countDocuments();
    const post = await as(bram).post('/api/posts', groupPost('Nieuwe bladblazers binnen'));
    expect(post.status).to.equal(201);
    expect((await as(anne).put(`/api/posts/${post.body.id}/like`)).status).to.equal(200);
    expect((await as(anne).post(`/api/posts/${post.body.id}/comments`, { body: 'Mooi!' })).status).to.equal(201);
    expect((await as(anne).get(`/api/posts/${post.body.id}`)).status).to.equal(200);
    expect((await as(anne).get('/api/people/search?q=Wessels')).status).to.equal(200);
    expect((await as(anne).post('/api/events', { kind: 'tab_opened' })).status).to.equal(204);
    // The tab may report only that it was opened: nothing else can be made up from outside.
    expect((await as(anne).post('/api/events', { kind: 'like' })).status).to.equal(400);
    await flushed();
    const mine = await EngagementEvent.find({ personId: anne._id }).lean();
    expect(mine.map((e) => e.kind).sort()).to.deep.equal(
      ['comment', 'like', 'people_search', 'post_opened', 'tab_opened'].sort(),
    );
    expect(await EngagementEvent.countDocuments()).to.equal(before + 6);
    for (const e of mine) {
      expect(e.departmentId?.toString()).to.equal(dept._id.toString());
      expect(
        Object.keys(e).every((k) =>
          ['_id', 'personId', 'departmentId', 'kind', 'postId', 'news', 'at', 'day'].includes(k),
        ),
      ).to.equal(true);
    }
    expect(JSON.stringify(mine)).to.not.include('Wessels');
  });

  it('counts a draft as a post only once it is published', async () => {
    const draft = await as(communicator).post('/api/posts', {
      kind: 'news',
      title: 'Concept',
      body: 'Nog niet af.',
      audience: { organisation: true },
      status: 'draft',
    });
    expect(draft.status).to.equal(201);
    await flushed();
    expect(await EngagementEvent.countDocuments({ postId: draft.body.id })).to.equal(0);
    expect((await as(communicator).patch(`/api/posts/${draft.body.id}`, { title: 'Concept 2' })).status).to.equal(200);
    expect((await as(communicator).patch(`/api/posts/${draft.body.id}`, { status: 'published' })).status).to.equal(200);
    await flushed();
    const events = await EngagementEvent.find({ postId: draft.body.id }).lean();
    expect(events.map((e) => [e.kind, e.personId.toString()])).to.deep.equal([['post', communicator._id.toString()]]);
  });

  it('never fails or slows a like when recording fails', async () => {
    const post = await as(bram).post('/api/posts', groupPost('Snoeiwerk klaar'));
    const throwing: EngagementRecorder = {
      record() {
        throw new Error('recorder broken');
      },
    };
    const previous = installRecorder(throwing);
    try {
      const liked = await as(anne).put(`/api/posts/${post.body.id}/like`);
      expect(liked.status).to.equal(200);
      expect(liked.body).to.deep.equal({ liked: true, likeCount: 1 });
    } finally {
      installRecorder(previous);
    }
    // A store that never answers: the buffer stays bounded, the like answers at once.
    const stuck = new BufferedRecorder({ maxBuffered: 2, batchSize: 100, write: () => new Promise(() => undefined) });
    installRecorder(stuck);
    try {
      const started = Date.now();
      for (const who of [bram, communicator, admin]) {
        const r = await as(who).put(`/api/posts/${post.body.id}/like`);
        expect(r.status).to.equal(200);
      }
      expect(stuck.counts()).to.include({ buffered: 2, dropped: 1, written: 0 });
      void stuck.flush(); // hangs for good
      expect((await as(anne).delete(`/api/posts/${post.body.id}/like`)).body).to.deep.equal({
        liked: false,
        likeCount: 3,
      });
      expect((await as(anne).put(`/api/posts/${post.body.id}/like`)).body).to.deep.equal({ liked: true, likeCount: 4 });
      expect(Date.now() - started).to.be.below(5000);
      expect(stuck.counts()).to.include({ written: 0 });
    } finally {
      installRecorder(previous);
    }
    const failing = new BufferedRecorder({ write: () => Promise.reject(new Error('store down')) });
    failing.record({ personId: anne._id, kind: 'like' });
    await failing.flush();
    expect(failing.counts()).to.include({ written: 0, dropped: 1, failedWrites: 1 });
  });

  it("exports a person's own data as a zip, and nobody else's", async () => {
    const news = await as(communicator).post('/api/posts', {
      kind: 'news',
      title: 'Strooiroutes',
      body: 'Vanaf maandag.',
      requiresAck: true,
      audience: { organisation: true },
    });
    expect(news.status).to.equal(201);
    expect((await as(anne).post(`/api/posts/${news.body.id}/ack`)).status).to.equal(200);
    expect((await as(bram).put(`/api/posts/${news.body.id}/like`)).status).to.equal(200);
    await flushed();
    // The job's record of who was active this week names Anne (and Bram): her export says which weeks.
    await server.services.runAnalyticsJob();
    const res = await as(anne)
      .get('/api/me/export')
      .buffer(true)
      .parse(binary as never);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal('application/zip');
    expect(res.headers['content-disposition']).to.match(
      /attachment; filename="?ids-mijn-gegevens-\d{4}-\d{2}-\d{2}\.zip/,
    );
    const files = unzipSync(new Uint8Array(res.body as Buffer));
    expect(Object.keys(files).sort()).to.include.members([
      'README.txt',
      'profile.json',
      'posts.json',
      'comments.json',
      'likes.json',
      'receipts.json',
      'deliveries.json',
      'events.json',
      'groups.json',
    ]);
    const read = (name: string) => JSON.parse(strFromU8(files[name]!));
    expect(read('profile.json')).to.deep.include({
      email: anne.email,
      displayName: 'Anne-Roos Verhoef',
      jobTitle: 'Boomverzorger',
    });
    expect(read('comments.json').map((c: { body: string }) => c.body)).to.deep.equal(['Mooi!']);
    expect(read('likes.json')).to.have.length(2);
    expect(read('receipts.json')).to.have.length.at.least(1);
    expect(read('receipts.json').some((r: { acknowledgedAt: string | null }) => r.acknowledgedAt)).to.equal(true);
    expect(read('events.json').map((e: { kind: string }) => e.kind)).to.include.members(['ack', 'like', 'tab_opened']);
    // Anne commented earlier in this test run: active and contributing this week.
    const thisWeek = weekOfDay(dayOf(new Date(), server.config.orgTimezone));
    expect(read('activity-weeks.json')).to.deep.include({ week: thisWeek, active: true, contributed: true });
    const everything = Object.values(files)
      .map((f) => Buffer.from(f).toString('latin1'))
      .join('\n');
    for (const other of [bram, communicator, admin]) {
      expect(everything).to.not.include(other.email);
      expect(everything).to.not.include(other.displayName);
      expect(everything).to.not.include(other._id.toString());
    }
  });

  it('erases through the API for admins only, after the email is typed to confirm', async () => {
    const leaving = await aPerson({ givenName: 'Sjoerd', surname: 'Pronk', department: dept });
    expect(
      (await as(communicator).post(`/api/admin/people/${leaving._id}/erase`, { confirmEmail: leaving.email })).status,
    ).to.equal(403);
    expect(
      (await as(admin).post(`/api/admin/people/${admin._id}/erase`, { confirmEmail: admin.email })).status,
    ).to.equal(403);
    const wrong = await as(admin).post(`/api/admin/people/${leaving._id}/erase`, { confirmEmail: 'iemand@anders.nl' });
    expect(wrong.status).to.equal(400);
    expect(wrong.body.error.message).to.match(/e-mailadres/);
    expect(await Person.countDocuments({ _id: leaving._id, erasedAt: { $exists: true } })).to.equal(0);
  });

  it('after an erasure, search, person pages, feeds, cards and exports show nothing of the person but kept posts under the neutral name', async () => {
    const sjoerd = await aPerson({
      givenName: 'Sjoerdje',
      surname: 'Kwakkelstein',
      department: dept,
      aadObjectId: 'aad-sjoerdje',
      mobilePhone: { display: '06 98765432', e164: '+31698765432' },
    });
    await server.services.directory.refreshChanged();
    const group = await aGroup({ members: [sjoerd, anne] });
    await Group.updateOne({ _id: park._id }, { $addToSet: { members: sjoerd._id } });
    const as_ = as(sjoerd);
    const kept = await as_.post('/api/posts', groupPost('Bankjes in het park geverfd'));
    const annePost = await as(anne).post('/api/posts', groupPost('Wie heeft de ladder?'));
    await as_.put(`/api/posts/${annePost.body.id}/like`);
    await as_.post(`/api/posts/${annePost.body.id}/comments`, { body: 'Ligt in de schuur' });
    await ConversationRef.create({
      kind: 'personal',
      personId: sjoerd._id,
      conversationId: `a:personal-${sjoerd._id}`,
      serviceUrl: 'https://smba.example/',
    });
    await Delivery.create({ key: `news:x:${sjoerd._id}`, kind: 'news', personId: sjoerd._id, status: 'sent' });
    await PostReceipt.create({ postId: annePost.body.id, personId: sjoerd._id, readAt: new Date() });
    await flushed();
    expect(await EngagementEvent.countDocuments({ personId: sjoerd._id })).to.be.greaterThan(0);
    await server.services.runAnalyticsJob();
    expect(await ActivityWeek.countDocuments({ active: sjoerd._id, contributed: sjoerd._id })).to.equal(1);
    expect((await as(anne).get('/api/people/search?q=Kwakkelstein')).body.people).to.have.length(1);

    const erased = await as(admin).post(`/api/admin/people/${sjoerd._id}/erase`, { confirmEmail: sjoerd.email });
    expect(erased.status).to.equal(200);
    expect(erased.body.removed).to.deep.include({ likes: 1, deliveries: 1, conversations: 1, receipts: 1, groups: 2 });
    expect(erased.body.kept).to.deep.equal({ posts: 1, comments: 1 });

    // The directory forgot them at once: no search hit, no page.
    expect((await as(anne).get('/api/people/search?q=Kwakkelstein')).body.people).to.have.length(0);
    expect((await as(anne).get(`/api/people/${sjoerd._id}`)).status).to.equal(404);
    // They cannot sign in any more (their email is gone).
    expect((await as_.get('/api/me')).status).to.equal(401);
    // Their like, events, deliveries, receipts, conversation and group membership are gone.
    expect(await Like.countDocuments({ personId: sjoerd._id })).to.equal(0);
    expect((await Post.findById(annePost.body.id).lean())!.likeCount).to.equal(0);
    expect(await EngagementEvent.countDocuments({ personId: sjoerd._id })).to.equal(0);
    expect(erased.body.removed.activityWeeks).to.equal(1);
    expect(await ActivityWeek.countDocuments({ $or: [{ active: sjoerd._id }, { contributed: sjoerd._id }] })).to.equal(
      0,
    );
    expect(await ActivityWeek.countDocuments({ active: anne._id })).to.equal(1);
    expect(await Delivery.countDocuments({ personId: sjoerd._id })).to.equal(0);
    expect(await PostReceipt.countDocuments({ personId: sjoerd._id })).to.equal(0);
    expect(await ConversationRef.countDocuments({ personId: sjoerd._id })).to.equal(0);
    expect((await Group.findById(group._id).lean())!.members.map(String)).to.not.include(sjoerd._id.toString());
    // What is left of the person holds nothing personal.
    const left = await Person.findById(sjoerd._id).lean();
    const stored = JSON.stringify(left);
    for (const s of ['Sjoerdje', 'Kwakkelstein', sjoerd.email, 'aad-sjoerdje', '98765432', dept._id.toString()])
      expect(stored).to.not.include(s);

    // Their post stays under the neutral name, in the feed and as a card; so does their comment.
    expect(kept.status).to.equal(201);
    const feed = await as(anne).get('/api/feed');
    const keptPost = feed.body.posts.find((p: { id: string }) => p.id === kept.body.id);
    expect(keptPost.author).to.deep.include({ displayName: 'Voormalig medewerker', former: true, department: null });
    const comments = await as(anne).get(`/api/posts/${annePost.body.id}/comments`);
    expect(comments.body.comments[0].author.displayName).to.equal('Voormalig medewerker');
    const english = await aPerson({ department: dept, locale: 'en' });
    const enComments = await actingAs(server.url, english.email)
      .get(`/api/posts/${annePost.body.id}/comments`)
      .set('Accept-Language', 'en-GB');
    expect(enComments.body.comments[0].author.displayName).to.equal('Former colleague');
    const card = await newsCardPost((await Post.findById(kept.body.id).lean())!, {
      publicUrl: server.config.publicUrl,
      mediaUrlSecret: server.config.mediaUrlSecret,
      media: server.config.media,
    } as never);
    expect(JSON.stringify(card)).to.not.include('Kwakkelstein');
    // Anne's export has her post with its comment count, never the erased person's name.
    const res = await as(anne)
      .get('/api/me/export')
      .buffer(true)
      .parse(binary as never);
    const all = Object.values(unzipSync(new Uint8Array(res.body as Buffer)))
      .map((f) => Buffer.from(f).toString('utf8'))
      .join('\n');
    expect(all).to.not.include('Kwakkelstein');
    expect(all).to.not.include(sjoerd._id.toString());

    // The audit log says who erased whom and what went, never the erased data.
    const audit = await AuditEvent.findOne({ action: 'person.erased', personId: sjoerd._id }).lean();
    expect(audit!.actorId?.toString()).to.equal(admin._id.toString());
    expect(audit!.via).to.equal('api');
    expect(audit!.details).to.deep.include({ completed: true, removeContent: false });
    const auditText = JSON.stringify(audit);
    for (const s of ['Sjoerdje', 'Kwakkelstein', sjoerd.email]) expect(auditText).to.not.include(s);
    // And the server's log never named them.
    expect(server.logLines.join('\n')).to.not.include('Kwakkelstein');
  });

  it('erases with npm run erase:person -- <email> on the server; running servers forget the person within a second', async () => {
    const leaver = await aPerson({ givenName: 'Tjitske', surname: 'Zuidervaart', department: dept });
    await Group.updateOne({ _id: park._id }, { $addToSet: { members: leaver._id } });
    await server.services.directory.refreshChanged();
    const post = await as(leaver).post('/api/posts', groupPost('Laatste werkdag!'));
    expect((await as(anne).get('/api/people/search?q=Zuidervaart')).body.people).to.have.length(1);
    const env = { MONGODB_URI: server.config.mongodbUri!, MONGODB_DB: server.config.mongodbDb };
    const unknown = await runScript('scripts/erase-person.ts', ['niemand@ids.test'], env);
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr).to.match(/nobody with that email/);
    const run = await runScript('scripts/erase-person.ts', [leaver.email, '--remove-content'], env);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/Erased \(record [0-9a-f]{24}\)/);
    expect(run.stdout).to.match(/1 posts/);
    expect(run.stdout + run.stderr).to.not.include('Zuidervaart');
    expect(run.stdout + run.stderr).to.not.include(leaver.email);
    // The running server's directory refreshes every second.
    const deadline = Date.now() + 5000;
    let hits = 1;
    while (Date.now() < deadline && hits > 0) {
      hits = (await as(anne).get('/api/people/search?q=Zuidervaart')).body.people.length;
      if (hits > 0) await new Promise((r) => setTimeout(r, 200));
    }
    expect(hits).to.equal(0);
    // --remove-content: the post is gone from the feed, its text too.
    expect((await as(anne).get(`/api/posts/${post.body.id}`)).status).to.equal(404);
    expect((await Post.findById(post.body.id).lean())!.body).to.equal('');
    const audit = await AuditEvent.findOne({ action: 'person.erased', personId: leaver._id }).lean();
    expect(audit).to.deep.include({ via: 'cli' });
    expect(audit!.actorId).to.equal(undefined);
  });
});
