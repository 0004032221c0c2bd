import { expect } from 'chai';
import { startTestServer, type TestServer } from '../support/server.js';
import { actingAs } from '../support/social.js';
import { aGroup, aPerson, aPost, type GroupRecord, type PersonRecord } from '../support/factories.js';
import { Group } from '../../models/group.js';
import { Person } from '../../models/person.js';
import { AuditEvent } from '../../models/audit.js';

/**
 * Closed groups stay closed to Ids admins too: only the group's own admins manage its members;
 * the one way in for an admin is an audited appointment when the group has no admin left.
 * And starting a group never confirms a closed group's name.
 */
describe('api: who manages a closed group, and group names', function () {
  this.timeout(30000);
  let server: TestServer;
  let admin: PersonRecord;
  let groupAdmin: PersonRecord;
  let member: PersonRecord;
  let outsider: PersonRecord;
  let closed: GroupRecord;
  let secretPostId: string;
  const as = (who: PersonRecord) => actingAs(server.url, who.email);
  const memberIds = async (g: GroupRecord) => ((await Group.findById(g._id).lean())?.members ?? []).map(String);
  const adminIds = async (g: GroupRecord) => ((await Group.findById(g._id).lean())?.admins ?? []).map(String);

  before(async function () {
    this.timeout(120000);
    server = await startTestServer({ SEED_DEMO: 'false' });
    admin = await aPerson({ roles: ['admin'] });
    groupAdmin = await aPerson();
    member = await aPerson();
    outsider = await aPerson();
    closed = await aGroup({
      name: 'Vertrouwenspersonen',
      visibility: 'closed',
      admins: [groupAdmin],
      members: [member],
    });
    secretPostId = (await aPost(member, { group: closed, body: 'Vertrouwelijk' }))._id.toString();
  });
  after(async () => server?.stop());

  describe('an Ids admin who is not a member', () => {
    it('cannot add themselves to a closed group, so cannot read it and leave without a trace', async () => {
      const res = await as(admin).post(`/api/groups/${closed._id}/members/${admin._id}`).expect(403);
      expect(res.body.error.code).to.equal('forbidden');
      expect(await memberIds(closed)).to.not.include(admin._id.toString());
      await as(admin).get(`/api/posts/${secretPostId}`).expect(404);
      await as(admin).get(`/api/groups/${closed._id}/feed`).expect(404);
    });

    it('cannot make an outsider a member or an admin of a closed group, nor remove its members', async () => {
      await as(admin).post(`/api/groups/${closed._id}/members/${outsider._id}`).send({ admin: true }).expect(403);
      await as(admin).post(`/api/groups/${closed._id}/members/${outsider._id}`).expect(403);
      await as(admin).delete(`/api/groups/${closed._id}/members/${member._id}`).expect(403);
      expect(await memberIds(closed)).to.have.members([groupAdmin._id.toString(), member._id.toString()]);
      expect(await adminIds(closed)).to.deep.equal([groupAdmin._id.toString()]);
      // What the tab offers agrees: no "manage members" for the admin.
      const seen = await as(admin).get(`/api/groups/${closed._id}`).expect(200);
      expect(seen.body.canManage).to.equal(false);
    });

    it("still manages an open group's members", async () => {
      const open = await aGroup({ visibility: 'open', admins: [groupAdmin] });
      await as(admin).post(`/api/groups/${open._id}/members/${outsider._id}`).send({ admin: true }).expect(200);
      expect(await adminIds(open)).to.include(outsider._id.toString());
    });

    it("the group's own admins still manage its members", async () => {
      await as(groupAdmin).post(`/api/groups/${closed._id}/members/${outsider._id}`).expect(200);
      await as(outsider).get(`/api/posts/${secretPostId}`).expect(200);
      await as(groupAdmin).delete(`/api/groups/${closed._id}/members/${outsider._id}`).expect(200);
      await as(outsider).get(`/api/posts/${secretPostId}`).expect(404);
    });
  });

  describe('a closed group whose admins all left', () => {
    let orphan: GroupRecord;
    let former: PersonRecord;
    let stays: PersonRecord;
    let orphanPostId: string;

    before(async () => {
      former = await aPerson();
      stays = await aPerson();
      orphan = await aGroup({ visibility: 'closed', admins: [former], members: [stays] });
      orphanPostId = (await aPost(stays, { group: orphan, body: 'Alleen voor ons' }))._id.toString();
    });

    it('is refused while the group has an active admin, and to anyone but an Ids admin', async () => {
      const res = await as(admin).post(`/api/groups/${orphan._id}/appoint-admin`, { personId: stays._id }).expect(403);
      expect(res.body.error.code).to.equal('forbidden');
      await Person.updateOne({ _id: former._id }, { $set: { active: false } });
      await as(stays).post(`/api/groups/${orphan._id}/appoint-admin`, { personId: stays._id }).expect(403);
      await as(outsider).post(`/api/groups/${orphan._id}/appoint-admin`, { personId: stays._id }).expect(404);
      // Only a member can be made its admin: not the Ids admin, not an outsider.
      await as(admin).post(`/api/groups/${orphan._id}/appoint-admin`, { personId: admin._id }).expect(400);
      await as(admin).post(`/api/groups/${orphan._id}/appoint-admin`, { personId: outsider._id }).expect(400);
      expect(await adminIds(orphan)).to.deep.equal([former._id.toString()]);
      expect(await AuditEvent.countDocuments({ groupId: orphan._id })).to.equal(0);
    });

    it('an Ids admin appoints a member as admin: recorded, and the members are told in the group', async () => {
      const before = Date.now();
      const res = await as(admin).post(`/api/groups/${orphan._id}/appoint-admin`, { personId: stays._id }).expect(200);
      expect(res.body.members.find((m: { id: string }) => m.id === stays._id.toString())).to.include({
        isAdmin: true,
      });
      const [audit, ...more] = await AuditEvent.find({ groupId: orphan._id }).lean();
      expect(more).to.have.length(0);
      expect(audit).to.include({ action: 'group.adminAppointed' });
      expect(audit!.actorId?.toString()).to.equal(admin._id.toString());
      expect(audit!.personId!.toString()).to.equal(stays._id.toString());
      expect(audit!.at.getTime()).to.be.at.least(before - 1000);

      // The members read who did it in their group feed.
      const feed = await as(stays).get(`/api/groups/${orphan._id}/feed`).expect(200);
      const notice = feed.body.posts.find(
        (p: { author: { id: string } | null }) => p.author?.id === admin._id.toString(),
      );
      expect(notice.bodyHtml).to.include(admin.displayName);
      expect(notice.bodyHtml).to.include(stays.displayName);
      // The admin is no member and still reads nothing; the new group admin manages the members.
      expect(await memberIds(orphan)).to.not.include(admin._id.toString());
      await as(admin).get(`/api/posts/${orphanPostId}`).expect(404);
      await as(admin).get(`/api/groups/${orphan._id}/feed`).expect(404);
      await as(stays).post(`/api/groups/${orphan._id}/members/${outsider._id}`).expect(200);
      // Once it has an admin again, the escape hatch is shut.
      await as(admin).post(`/api/groups/${orphan._id}/appoint-admin`, { personId: outsider._id }).expect(403);
    });
  });

  describe('starting a group', () => {
    it("does not confirm a closed group's name to an outsider", async () => {
      const secret = await as(groupAdmin).post('/api/groups', { name: 'Reorganisatie 2027', visibility: 'closed' });
      expect(secret.status).to.equal(201);
      // An outsider gets the answer a name nobody uses gets: a new group of their own.
      const res = await as(outsider)
        .post('/api/groups', { name: 'Reorganisatie 2027', visibility: 'open' })
        .expect(201);
      expect(res.body.id).to.not.equal(secret.body.id);
      expect(res.body.slug).to.not.equal(secret.body.slug);
      const fresh = await as(outsider)
        .post('/api/groups', { name: 'Reorganisatie 2028', visibility: 'open' })
        .expect(201);
      expect(Object.keys(fresh.body).sort()).to.deep.equal(Object.keys(res.body).sort());
      // The factory's closed group too.
      await as(outsider).post('/api/groups', { name: 'Vertrouwenspersonen', visibility: 'open' }).expect(201);
    });

    it('refuses a name the asker can see already (any spelling of it), with a sentence in their language', async () => {
      const res = await as(member)
        .post('/api/groups', { name: ' vertrouwenspersonen ', visibility: 'open' })
        .set('Accept-Language', 'en-GB,en;q=0.9')
        .expect(409);
      expect(res.body.error).to.deep.equal({
        code: 'conflict',
        message: 'A group with this name exists already. Choose another name, or join that group.',
      });
      const nl = await as(outsider)
        .post('/api/groups', { name: 'VERTROUWENSPERSONEN', visibility: 'closed' })
        .expect(409);
      expect(nl.body.error.message).to.equal(
        'Er is al een groep met deze naam. Kies een andere naam, of word lid van die groep.',
      );
    });

    it('gives names of punctuation only slugs that do not collide', async () => {
      const a = await as(outsider).post('/api/groups', { name: '!!!', visibility: 'open' }).expect(201);
      const b = await as(member).post('/api/groups', { name: '???', visibility: 'closed' }).expect(201);
      const c = await as(member).post('/api/groups', { name: '¡¿', visibility: 'open' }).expect(201);
      const slugs = [a.body.slug, b.body.slug, c.body.slug];
      expect(new Set(slugs).size).to.equal(3);
      for (const slug of slugs) expect(slug).to.match(/^groep-[0-9a-z]{8}$/);
    });
  });
});
