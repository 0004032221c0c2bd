import { expect } from 'chai';
import { startTestServer, type TestServer } from '../support/server.js';
import { aCast, actingAs, type Cast, type SocialPerson } from '../support/social.js';
import { Like, Post } from '../../models/post.js';
import { Group } from '../../models/group.js';
import { Person } from '../../models/person.js';

/** Likes, comments and the Q&A group's questions and answers. */
describe('api: likes, comments and questions', function () {
  this.timeout(30000);
  let server: TestServer;
  let cast: Cast;
  const as = (who: SocialPerson | string) => actingAs(server.url, who);

  before(async function () {
    this.timeout(120000);
    server = await startTestServer({ SEED_DEMO: 'false' });
    cast = await aCast();
  });
  after(async () => server?.stop());

  const newsPost = async () =>
    (await as(cast.communicator).post('/api/posts', { kind: 'news', title: 'Like mij', body: 'x' }).expect(201)).body
      .id as string;

  describe('likes', () => {
    it('toggle, and PUT/DELETE are idempotent; likeCount moves only when a like is created or removed', async () => {
      const id = await newsPost();
      expect((await as(cast.colleague).post(`/api/posts/${id}/like`).expect(200)).body).to.deep.equal({
        liked: true,
        likeCount: 1,
      });
      expect((await as(cast.colleague).put(`/api/posts/${id}/like`).expect(200)).body).to.deep.equal({
        liked: true,
        likeCount: 1,
      });
      expect((await as(cast.outsider).put(`/api/posts/${id}/like`).expect(200)).body).to.deep.equal({
        liked: true,
        likeCount: 2,
      });
      expect((await as(cast.colleague).post(`/api/posts/${id}/like`).expect(200)).body).to.deep.equal({
        liked: false,
        likeCount: 1,
      });
      expect((await as(cast.colleague).delete(`/api/posts/${id}/like`).expect(200)).body).to.deep.equal({
        liked: false,
        likeCount: 1,
      });
      const seen = await as(cast.outsider).get(`/api/posts/${id}`).expect(200);
      expect(seen.body).to.include({ likedByMe: true, likeCount: 1 });
    });

    it('concurrent likes by one person count once', async () => {
      const id = await newsPost();
      await Promise.all(Array.from({ length: 8 }, () => as(cast.manager).put(`/api/posts/${id}/like`).expect(200)));
      const post = await Post.findById(id).lean();
      expect(post!.likeCount).to.equal(1);
      expect(await Like.countDocuments({ postId: id })).to.equal(1);
    });

    it('someone outside the audience cannot like (404)', async () => {
      const dept = await as(cast.manager).post('/api/posts', { kind: 'department', title: 'd', body: 'd' }).expect(201);
      await as(cast.outsider).post(`/api/posts/${dept.body.id}/like`).expect(404);
    });
  });

  describe('comments', () => {
    it('one level of replies: a reply to a reply attaches to the top-level comment', async () => {
      const id = await newsPost();
      const top = await as(cast.colleague).post(`/api/posts/${id}/comments`, { body: 'Eerste' }).expect(201);
      const reply = await as(cast.outsider)
        .post(`/api/posts/${id}/comments`, { body: 'Antwoord', parentId: top.body.id })
        .expect(201);
      expect(reply.body.parentId).to.equal(top.body.id);
      const replyToReply = await as(cast.manager)
        .post(`/api/posts/${id}/comments`, { body: 'Nog een', parentId: reply.body.id })
        .expect(201);
      expect(replyToReply.body.parentId).to.equal(top.body.id);
      const list = await as(cast.colleague).get(`/api/posts/${id}/comments`).expect(200);
      expect(list.body.comments.map((c: { parentId: string | null }) => c.parentId)).to.deep.equal([
        null,
        top.body.id,
        top.body.id,
      ]);
      expect((await as(cast.colleague).get(`/api/posts/${id}`).expect(200)).body.commentCount).to.equal(3);
      // A parent on another post is not found.
      const other = await newsPost();
      await as(cast.colleague).post(`/api/posts/${other}/comments`, { body: 'x', parentId: top.body.id }).expect(404);
    });

    it('authors edit their comments (marked edited); others get 403; deleting a top-level comment takes its replies', async () => {
      const id = await newsPost();
      const top = await as(cast.colleague).post(`/api/posts/${id}/comments`, { body: 'Eerste' }).expect(201);
      await as(cast.outsider).post(`/api/posts/${id}/comments`, { body: 'reply', parentId: top.body.id }).expect(201);
      const edited = await as(cast.colleague)
        .patch(`/api/comments/${top.body.id}`, { body: 'Eerste, verbeterd' })
        .expect(200);
      expect(edited.body).to.include({ edited: true });
      await as(cast.outsider).patch(`/api/comments/${top.body.id}`, { body: 'gekaapt' }).expect(403);
      await as(cast.outsider).delete(`/api/comments/${top.body.id}`).expect(403);
      await as(cast.colleague).post(`/api/posts/${id}/comments`, { body: '' }).expect(400);
      await as(cast.colleague).delete(`/api/comments/${top.body.id}`).expect(204);
      expect((await as(cast.colleague).get(`/api/posts/${id}/comments`).expect(200)).body.comments).to.deep.equal([]);
      expect((await as(cast.colleague).get(`/api/posts/${id}`).expect(200)).body.commentCount).to.equal(0);
    });

    it('communicators moderate comments on news; admins on anything', async () => {
      const id = await newsPost();
      const c1 = await as(cast.colleague).post(`/api/posts/${id}/comments`, { body: 'a' }).expect(201);
      const c2 = await as(cast.colleague).post(`/api/posts/${id}/comments`, { body: 'b' }).expect(201);
      await as(cast.manager).delete(`/api/comments/${c1.body.id}`).expect(403);
      await as(cast.communicator).delete(`/api/comments/${c1.body.id}`).expect(204);
      await as(cast.admin).delete(`/api/comments/${c2.body.id}`).expect(204);
    });
  });

  describe('questions in the Q&A group', () => {
    it('a question goes only to a Q&A group; a group post not', async () => {
      const g = await as(cast.colleague)
        .post('/api/groups', { name: `Gewoon ${Date.now()}`, visibility: 'open' })
        .expect(201);
      await as(cast.colleague).post('/api/posts', { kind: 'question', groupId: g.body.id, body: 'Vraag?' }).expect(400);
      await as(cast.colleague).post('/api/posts', { kind: 'group', groupId: cast.qaGroupId, body: 'x' }).expect(400);
    });

    it('records the time to first answer from the first comment by someone other than the asker', async () => {
      const q = await as(cast.outsider)
        .post('/api/posts', {
          kind: 'question',
          groupId: cast.qaGroupId,
          body: 'Waar vind ik het declaratieformulier?',
        })
        .expect(201);
      expect(q.body.question).to.deep.include({ answered: false, firstAnswerAt: null });
      await as(cast.outsider).post(`/api/posts/${q.body.id}/comments`, { body: 'Iemand?' }).expect(201);
      expect((await as(cast.outsider).get(`/api/posts/${q.body.id}`).expect(200)).body.question.firstAnswerAt).to.equal(
        null,
      );
      const answer = await as(cast.colleague)
        .post(`/api/posts/${q.body.id}/comments`, { body: 'Op de P&O-pagina.' })
        .expect(201);
      const after = await as(cast.outsider).get(`/api/posts/${q.body.id}`).expect(200);
      expect(after.body.question.firstAnswerAt).to.equal(answer.body.createdAt);
      await as(cast.manager).post(`/api/posts/${q.body.id}/comments`, { body: 'Klopt' }).expect(201);
      expect((await as(cast.outsider).get(`/api/posts/${q.body.id}`).expect(200)).body.question.firstAnswerAt).to.equal(
        answer.body.createdAt,
      );
    });

    it('the asker, a group admin or an admin marks the accepted answer; others get 403', async () => {
      const q = await as(cast.outsider)
        .post('/api/posts', { kind: 'question', groupId: cast.qaGroupId, body: 'Wie heeft de sleutel?' })
        .expect(201);
      const a = await as(cast.colleague).post(`/api/posts/${q.body.id}/comments`, { body: 'De receptie.' }).expect(201);
      await as(cast.colleague).post(`/api/posts/${q.body.id}/answer`, { commentId: a.body.id }).expect(403);
      const marked = await as(cast.outsider)
        .post(`/api/posts/${q.body.id}/answer`, { commentId: a.body.id })
        .expect(200);
      expect(marked.body.question).to.include({ answered: true, answerCommentId: a.body.id });
      const list = await as(cast.colleague).get(`/api/posts/${q.body.id}/comments`).expect(200);
      expect(list.body.comments[0].isAnswer).to.equal(true);
      await as(cast.admin).post(`/api/posts/${q.body.id}/answer`, { commentId: a.body.id }).expect(200);
      const qa = await Group.findById(cast.qaGroupId).lean();
      const qaAdmin = await Person.findById(qa!.admins[0]).lean();
      await as(qaAdmin!.email).post(`/api/posts/${q.body.id}/answer`, { commentId: a.body.id }).expect(200);
      // A comment of another post, or a news post, is refused.
      const other = await newsPost();
      const c = await as(cast.colleague).post(`/api/posts/${other}/comments`, { body: 'x' }).expect(201);
      await as(cast.outsider).post(`/api/posts/${q.body.id}/answer`, { commentId: c.body.id }).expect(404);
      await as(cast.communicator).post(`/api/posts/${other}/answer`, { commentId: c.body.id }).expect(400);
    });
  });
});
