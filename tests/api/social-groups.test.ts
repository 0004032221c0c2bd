import { expect } from 'chai';
import request from 'supertest';
import { startTestServer, type TestServer } from '../support/server.js';
import { aCast, actingAs, type Cast, type SocialPerson } from '../support/social.js';
import { jpegWithGps } from '../support/social-files.js';
import { DEV_USER_HEADER } from '../../server/auth.js';

/** Groups: membership, following, moderation, and a closed group's posts staying closed everywhere. */
describe('api: groups', function () {
  this.timeout(30000);
  let server: TestServer;
  let cast: Cast;
  const as = (who: SocialPerson | string) => actingAs(server.url, who);
  const ids = (posts: Array<{ id: string }>) => posts.map((p) => p.id);

  before(async function () {
    this.timeout(120000);
    server = await startTestServer({ SEED_DEMO: 'false' });
    cast = await aCast();
  });
  after(async () => server?.stop());

  async function openGroup(admin: SocialPerson, name: string) {
    const res = await as(admin).post('/api/groups', { name, visibility: 'open', description: 'Test' }).expect(201);
    return res.body.id as string;
  }

  describe('open groups', () => {
    let groupId: string;
    before(async () => {
      groupId = await openGroup(cast.colleague, `Open groep ${Date.now()}`);
    });

    it('the creator is admin and member; anyone sees the group and its posts and may join directly', async () => {
      const g = await as(cast.colleague).get(`/api/groups/${groupId}`).expect(200);
      expect(g.body).to.include({ isAdmin: true, isMember: true, canManage: true, visibility: 'open' });
      const post = await as(cast.colleague).post('/api/posts', { kind: 'group', groupId, body: 'Welkom' }).expect(201);
      // Readable by every colleague (they can read and join), but not in their home feed until they join or follow.
      await as(cast.outsider).get(`/api/posts/${post.body.id}`).expect(200);
      const feed = await as(cast.outsider).get(`/api/groups/${groupId}/feed`).expect(200);
      expect(ids(feed.body.posts)).to.deep.equal([post.body.id]);
      const home = await as(cast.outsider).get('/api/feed?limit=50').expect(200);
      expect(ids(home.body.posts)).to.not.include(post.body.id);

      const joined = await as(cast.outsider).post(`/api/groups/${groupId}/join`).expect(200);
      expect(joined.body).to.include({ isMember: true, isAdmin: false });
      await as(cast.outsider).post(`/api/groups/${groupId}/join`).expect(200); // idempotent
      const after = await as(cast.outsider).get('/api/feed?limit=50').expect(200);
      expect(ids(after.body.posts)).to.include(post.body.id);
      const left = await as(cast.outsider).post(`/api/groups/${groupId}/leave`).expect(200);
      expect(left.body.isMember).to.equal(false);
    });

    it('following brings the posts into the home feed; unfollowing takes them out', async () => {
      const post = await as(cast.colleague).post('/api/posts', { kind: 'group', groupId, body: 'Volgers' }).expect(201);
      const followed = await as(cast.manager).post(`/api/groups/${groupId}/follow`).expect(200);
      expect(followed.body).to.include({ isFollowing: true, isMember: false });
      expect(ids((await as(cast.manager).get('/api/feed?limit=50').expect(200)).body.posts)).to.include(post.body.id);
      await as(cast.manager).post(`/api/groups/${groupId}/unfollow`).expect(200);
      expect(ids((await as(cast.manager).get('/api/feed?limit=50').expect(200)).body.posts)).to.not.include(
        post.body.id,
      );
    });

    it('posting in an open group makes you a member; a group post cannot carry an audience or a pin', async () => {
      await as(cast.manager).post('/api/posts', { kind: 'group', groupId, body: 'Ik doe mee' }).expect(201);
      expect((await as(cast.manager).get(`/api/groups/${groupId}`).expect(200)).body.isMember).to.equal(true);
      await as(cast.manager)
        .post('/api/posts', { kind: 'group', groupId, body: 'x', audience: { organisation: true } })
        .expect(400);
      await as(cast.manager).post('/api/posts', { kind: 'group', groupId, body: 'x', pinned: true }).expect(400);
    });

    it("group admins moderate posts and comments in their group; members cannot delete others' posts", async () => {
      await as(cast.outsider).post(`/api/groups/${groupId}/join`).expect(200);
      const post = await as(cast.outsider)
        .post('/api/posts', { kind: 'group', groupId, body: 'Te verwijderen' })
        .expect(201);
      const comment = await as(cast.outsider)
        .post(`/api/posts/${post.body.id}/comments`, { body: 'reactie' })
        .expect(201);
      await as(cast.manager).delete(`/api/comments/${comment.body.id}`).expect(403);
      await as(cast.manager).delete(`/api/posts/${post.body.id}`).expect(403);
      await as(cast.manager).patch(`/api/posts/${post.body.id}`, { body: 'gekaapt' }).expect(403);
      await as(cast.colleague).delete(`/api/comments/${comment.body.id}`).expect(204);
      await as(cast.colleague).delete(`/api/posts/${post.body.id}`).expect(204);
      await as(cast.outsider).get(`/api/posts/${post.body.id}`).expect(404);
      // Admins moderate in any group they can see.
      const other = await as(cast.outsider)
        .post('/api/posts', { kind: 'group', groupId, body: 'Voor beheer' })
        .expect(201);
      await as(cast.admin).delete(`/api/posts/${other.body.id}`).expect(204);
      // A group admin of one group moderates nothing elsewhere.
      const news = await as(cast.communicator).post('/api/posts', { kind: 'news', title: 't', body: 'b' }).expect(201);
      await as(cast.colleague).delete(`/api/posts/${news.body.id}`).expect(403);
    });

    it('group admins add and remove members; others may not; the last admin cannot leave', async () => {
      await as(cast.manager).post(`/api/groups/${groupId}/members/${cast.admin.id}`).expect(403);
      const added = await as(cast.colleague)
        .post(`/api/groups/${groupId}/members/${cast.communicator.id}`)
        .send({ admin: true })
        .expect(200);
      const member = added.body.members.find((m: { id: string }) => m.id === cast.communicator.id);
      expect(member).to.include({ isAdmin: true });
      await as(cast.manager).delete(`/api/groups/${groupId}/members/${cast.communicator.id}`).expect(403);
      await as(cast.colleague).delete(`/api/groups/${groupId}/members/${cast.communicator.id}`).expect(200);
      const res = await as(cast.colleague).post(`/api/groups/${groupId}/leave`).expect(409);
      expect(res.body.error.code).to.equal('conflict');
      await as(cast.colleague).post(`/api/groups/${groupId}/members/0123456789abcdef01234567`).expect(404);
    });

    it('anyone may start a group; only communicators start Q&A groups; names are unique', async () => {
      await as(cast.outsider)
        .post('/api/groups', { name: `Q&A ${Date.now()}`, visibility: 'open', kind: 'qa' })
        .expect(403);
      const name = `Uniek ${Date.now()}`;
      await as(cast.outsider).post('/api/groups', { name, visibility: 'open' }).expect(201);
      await as(cast.manager).post('/api/groups', { name, visibility: 'open' }).expect(409);
      await as(cast.outsider).post('/api/groups', { name: 'x' }).expect(400);
    });
  });

  describe('closed groups', () => {
    let postId: string;
    let commentId: string;
    let mediaId: string;
    let signedUrl: string;

    before(async () => {
      const image = await jpegWithGps(600, 400);
      const upload = await request(server.url)
        .post('/api/media')
        .set(DEV_USER_HEADER, cast.manager.email)
        .attach('file', image, 'overleg.jpg')
        .expect(201);
      mediaId = upload.body.id;
      const post = await as(cast.manager)
        .post('/api/posts', {
          kind: 'group',
          groupId: cast.closedGroupId,
          body: 'Vertrouwelijk: reorganisatie',
          attachmentIds: [mediaId],
        })
        .expect(201);
      postId = post.body.id;
      signedUrl = post.body.attachments[0].signedUrl;
      commentId = (await as(cast.manager).post(`/api/posts/${postId}/comments`, { body: 'Eens' }).expect(201)).body.id;
    });

    it('members read the post, its comments, its image and its feed', async () => {
      await as(cast.manager).get(`/api/posts/${postId}`).expect(200);
      await as(cast.closedGroupAdmin).get(`/api/posts/${postId}/comments`).expect(200);
      await as(cast.closedGroupAdmin).get(`/api/media/${mediaId}`).expect(200);
      const feed = await as(cast.closedGroupAdmin).get(`/api/groups/${cast.closedGroupId}/feed`).expect(200);
      expect(ids(feed.body.posts)).to.include(postId);
      const home = await as(cast.closedGroupAdmin).get('/api/feed?limit=50').expect(200);
      expect(ids(home.body.posts)).to.include(postId);
    });

    it('is invisible to an outsider through every route: 404, never 403', async () => {
      for (const who of [cast.outsider, cast.colleague, cast.communicator]) {
        const home = await as(who).get('/api/feed?limit=50').expect(200);
        expect(ids([...home.body.posts, ...home.body.pinned])).to.not.include(postId);
        await as(who).get(`/api/groups/${cast.closedGroupId}`).expect(404);
        await as(who).get(`/api/groups/${cast.closedGroupId}/feed`).expect(404);
        await as(who).get(`/api/posts/${postId}`).expect(404);
        await as(who).get(`/api/posts/${postId}/comments`).expect(404);
        await as(who).post(`/api/posts/${postId}/comments`, { body: 'mag ik?' }).expect(404);
        await as(who).post(`/api/posts/${postId}/like`).expect(404);
        await as(who).put(`/api/posts/${postId}/like`).expect(404);
        await as(who).patch(`/api/posts/${postId}`, { body: 'x' }).expect(404);
        await as(who).delete(`/api/posts/${postId}`).expect(404);
        await as(who).patch(`/api/comments/${commentId}`, { body: 'x' }).expect(404);
        await as(who).delete(`/api/comments/${commentId}`).expect(404);
        await as(who).get(`/api/media/${mediaId}`).expect(404);
        await as(who).get(`/api/media/${mediaId}/thumbnail`).expect(404);
        await as(who).post(`/api/groups/${cast.closedGroupId}/join`).expect(404);
        await as(who).post(`/api/groups/${cast.closedGroupId}/follow`).expect(404);
        await as(who).post('/api/posts', { kind: 'group', groupId: cast.closedGroupId, body: 'x' }).expect(404);
        const groups = await as(who).get('/api/groups').expect(200);
        expect(groups.body.groups.map((g: { id: string }) => g.id)).to.not.include(cast.closedGroupId);
      }
    });

    it('an admin may know the closed group exists but reads none of its posts', async () => {
      await as(cast.admin).get(`/api/groups/${cast.closedGroupId}`).expect(200);
      await as(cast.admin).get(`/api/posts/${postId}`).expect(404);
      await as(cast.admin).get(`/api/groups/${cast.closedGroupId}/feed`).expect(404);
    });

    it('the signed image URL works without a token, but an outsider cannot obtain one and a forged one fails', async () => {
      const path = new URL(signedUrl).pathname;
      const img = await request(server.url).get(path).expect(200);
      expect(img.headers['content-type']).to.equal('image/jpeg');
      // The outsider never sees the post, so never gets its signed URL; guessing or tampering fails.
      const token = path.split('/').pop()!;
      const [fid, exp, mac] = token.split('.');
      await request(server.url)
        .get(`/api/m/${fid}.${Number(exp) + 3600}.${mac}`)
        .expect(404);
      await request(server.url)
        .get(`/api/m/${mediaId}.9999999999.${'A'.repeat(43)}`)
        .expect(404);
      await request(server.url).get(`/api/m/nonsense`).expect(404);
    });

    it('joining a closed group is refused to a visible non-member (admin), following needs membership; a group admin adds members', async () => {
      await as(cast.admin).post(`/api/groups/${cast.closedGroupId}/join`).expect(403);
      await as(cast.admin).post(`/api/groups/${cast.closedGroupId}/follow`).expect(403);
      await as(cast.manager).post(`/api/groups/${cast.closedGroupId}/members/${cast.outsider.id}`).expect(403);
      await as(cast.closedGroupAdmin).post(`/api/groups/${cast.closedGroupId}/members/${cast.outsider.id}`).expect(200);
      await as(cast.outsider).get(`/api/posts/${postId}`).expect(200);
      await as(cast.outsider).post(`/api/groups/${cast.closedGroupId}/follow`).expect(200);
      await as(cast.closedGroupAdmin)
        .delete(`/api/groups/${cast.closedGroupId}/members/${cast.outsider.id}`)
        .expect(200);
      await as(cast.outsider).get(`/api/posts/${postId}`).expect(404);
      await as(cast.outsider).get(`/api/media/${mediaId}`).expect(404);
      const home = await as(cast.outsider).get('/api/feed?limit=50').expect(200);
      expect(ids(home.body.posts)).to.not.include(postId);
    });

    it('once the post is deleted, even its signed URL stops working', async () => {
      const path = new URL(signedUrl).pathname;
      await as(cast.manager).delete(`/api/posts/${postId}`).expect(204);
      await request(server.url).get(path).expect(404);
      await as(cast.manager).get(`/api/media/${mediaId}`).expect(404);
    });
  });
});
