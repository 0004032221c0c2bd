import { expect } from 'chai';
import fc from 'fast-check';
import sharp from 'sharp';
import mongoose, { type Types } from 'mongoose';
import request from 'supertest';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  aComment,
  aDepartment,
  aGroup,
  aPerson,
  aPost,
  actorOf,
  type DepartmentRecord,
  type PersonRecord,
} from '../support/factories.js';
import { DEV_USER_HEADER } from '../../server/auth.js';
import { Comment, Like, Post } from '../../models/post.js';
import { Group } from '../../models/group.js';
import { Person, type Role } from '../../models/person.js';
import { claimMediaForPost } from '../../core/media/attach.js';
import { loadViewer } from '../../core/posts/viewer.js';
import type { Decision } from '../../core/policies/decision.js';
import * as postPolicy from '../../core/policies/post.js';
import * as commentPolicy from '../../core/policies/comment.js';
import * as groupPolicy from '../../core/policies/group.js';
import * as mediaPolicy from '../../core/policies/media.js';
import * as deliveryPolicy from '../../core/policies/delivery.js';
import { after as afterDecision } from '../../core/policies/decision.js';

/**
 * Every route answers as the policies decide. fast-check builds small organisations (people with
 * roles and departments, open and closed groups and Q&A groups with members and admins, posts of
 * every kind, some drafts, deleted or with a photo), then every person tries every route on every
 * post and group, and each answer is compared with core/policies on the world as it stands.
 * Independently of the policy code: a closed group's post is 404 to a non-member through every route.
 *
 * Seeded, so a failure reproduces: POLICY_SEED=<seed> (printed on failure) reruns it;
 * POLICY_RUNS sets how many organisations are tried.
 */

const SEED = Number(process.env.POLICY_SEED ?? 20260607);
const RUNS = Number(process.env.POLICY_RUNS ?? 2);
const PEOPLE = 4;

interface PersonSpec {
  roles: Role[];
  department: number;
}
interface GroupSpec {
  visibility: 'open' | 'closed';
  kind: 'group' | 'qa';
  members: boolean[];
  admins: boolean[];
}
type AudienceSpec = 'organisation' | 'department' | 'role' | 'group';
interface PostSpec {
  kind: 'news' | 'department' | 'group';
  author: number;
  group: number;
  audience: AudienceSpec;
  draft: boolean;
  deleted: boolean;
  pinned: boolean;
  photo: boolean;
  commenter: number;
}
interface WorldSpec {
  people: PersonSpec[];
  groups: GroupSpec[];
  posts: PostSpec[];
  /** The order in which people try the destructive routes. */
  order: number[];
}

const flags = fc.array(fc.boolean(), { minLength: PEOPLE, maxLength: PEOPLE });
const worldArb: fc.Arbitrary<WorldSpec> = fc.record({
  people: fc.array(
    fc.record({
      // Most colleagues have no role; some are managers, communicators or admins.
      roles: fc.oneof(
        { weight: 3, arbitrary: fc.constant<Role[]>([]) },
        {
          weight: 2,
          arbitrary: fc.constantFrom<Role[]>(['manager'], ['communicator'], ['admin'], ['communicator', 'manager']),
        },
      ),
      department: fc.integer({ min: 0, max: 1 }),
    }),
    { minLength: PEOPLE, maxLength: PEOPLE },
  ),
  groups: fc.array(
    fc.record({
      visibility: fc.constantFrom<'open' | 'closed'>('open', 'closed'),
      kind: fc.constantFrom<'group' | 'qa'>('group', 'group', 'qa'),
      members: flags,
      admins: flags,
    }),
    { minLength: 2, maxLength: 3 },
  ),
  posts: fc.array(
    fc.record({
      kind: fc.constantFrom<PostSpec['kind']>('news', 'department', 'group', 'group'),
      author: fc.integer({ min: 0, max: PEOPLE - 1 }),
      group: fc.integer({ min: 0, max: 2 }),
      audience: fc.constantFrom<AudienceSpec>('organisation', 'department', 'role', 'group'),
      draft: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
      deleted: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      pinned: fc.boolean(),
      photo: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
      commenter: fc.integer({ min: 0, max: PEOPLE - 1 }),
    }),
    { minLength: 3, maxLength: 4 },
  ),
  order: fc.shuffledSubarray([0, 1, 2, 3], { minLength: PEOPLE, maxLength: PEOPLE }),
});

/** A world as stored: people, groups and posts with their ids. */
interface World {
  people: PersonRecord[];
  groups: Array<{ _id: Types.ObjectId; visibility: string }>;
  posts: Array<{ _id: Types.ObjectId; commentId: Types.ObjectId; fileId?: Types.ObjectId }>;
}

describe('policies: every route answers as core/policies decides (property)', function () {
  this.timeout(120_000);
  let server: TestServer;
  let departments: DepartmentRecord[];
  let photo: Buffer;
  const calls = { count: 0 };

  before(async () => {
    server = await startTestServer({ SEED_DEMO: 'false' });
    departments = [await aDepartment(), await aDepartment()];
    photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#3a7' } })
      .jpeg()
      .toBuffer();
  });
  after(async () => server?.stop());

  const http = (who: PersonRecord) => {
    const agent = request(server.url);
    const as = <T extends request.Test>(r: T) => {
      calls.count++;
      return r.set(DEV_USER_HEADER, who.email);
    };
    return {
      get: (path: string) => as(agent.get(path)),
      post: (path: string, body?: object) => (body ? as(agent.post(path)).send(body) : as(agent.post(path))),
      put: (path: string) => as(agent.put(path)),
      patch: (path: string, body: object) => as(agent.patch(path)).send(body),
      delete: (path: string) => as(agent.delete(path)),
    };
  };

  /** The status a route answers for a decision: allowed → `ok`, hidden → 404, refused → 403. */
  const statusFor = (d: Decision, ok: number) => (d.ok ? ok : d.reason === 'hidden' ? 404 : 403);

  /** Asserts a route's status, naming the route and who asked when it differs. */
  async function answers(req: Promise<request.Response>, status: number, what: string, who: PersonRecord) {
    const res = await req;
    expect(res.status, `${what} as ${who.email} (${who.roles.join(',') || 'no role'})`).to.equal(status);
    return res;
  }

  async function clean(): Promise<void> {
    const db = mongoose.connection.db!;
    await Promise.all([
      Post.deleteMany({}),
      Comment.deleteMany({}),
      Like.deleteMany({}),
      Group.deleteMany({}),
      Person.deleteMany({}),
      db.collection('media.files').deleteMany({}),
      db.collection('media.chunks').deleteMany({}),
    ]);
  }

  async function build(spec: WorldSpec): Promise<World> {
    const people: PersonRecord[] = [];
    // The last person is an admin and communicator outside the first group, which is closed and
    // holds the first post: the case that must never leak ("closed means closed, admins included").
    for (const [n, p] of spec.people.entries()) {
      const roles: Role[] = n === PEOPLE - 1 ? ['admin', 'communicator'] : p.roles;
      people.push(await aPerson({ roles, department: departments[p.department] }));
    }
    const groups = [];
    for (const [i, g] of spec.groups.entries()) {
      const closedOne = i === 0;
      const members = people.filter((_, n) => g.members[n] && !(closedOne && n === PEOPLE - 1));
      const admins = members.filter((m) => g.admins[people.indexOf(m)]);
      const stored = await aGroup({
        visibility: closedOne ? 'closed' : g.visibility,
        kind: g.kind,
        members,
        admins,
      });
      groups.push(await Group.findById(stored._id, { visibility: 1 }).lean().orFail());
    }
    const posts = [];
    for (const [n, generated] of spec.posts.entries()) {
      const p =
        n === 0
          ? { ...generated, kind: 'group' as const, group: 0, draft: false, deleted: false, photo: true }
          : generated;
      const author = people[p.author]!;
      const group = groups[p.group % groups.length]!;
      const news = p.kind !== 'group';
      const audience =
        p.kind === 'department' || p.audience === 'department'
          ? { departmentIds: [departments[spec.people[p.author]!.department]!._id] }
          : p.audience === 'role'
            ? { roles: ['manager'] }
            : p.audience === 'group'
              ? { groupIds: [group._id] }
              : { organisation: true };
      const kind = news ? p.kind : spec.groups[p.group % groups.length]!.kind === 'qa' ? 'question' : 'group';
      const post = await aPost(author, {
        kind,
        ...(news ? { audience, pinned: p.pinned } : { group }),
        status: p.draft ? 'draft' : 'published',
      });
      const comment = await aComment(post, people[p.commenter]!);
      let fileId: Types.ObjectId | undefined;
      if (p.photo) {
        const upload = await http(author).post('/api/media').attach('file', photo, 'foto.jpg').expect(201);
        const [attachment] = await claimMediaForPost(actorOf(author), [upload.body.id], post._id);
        await Post.updateOne({ _id: post._id }, { $set: { attachments: [attachment] } });
        fileId = attachment!.fileId;
      }
      if (p.deleted) await Post.updateOne({ _id: post._id }, { $set: { deletedAt: new Date() } });
      posts.push({ _id: post._id, commentId: comment._id, fileId });
    }
    return { people, groups, posts };
  }

  const postNow = (id: Types.ObjectId) => Post.findById(id).lean().orFail();
  const groupNow = (id: Types.ObjectId) => Group.findById(id).lean().orFail();
  const ids = (posts: Array<{ id: string }>) => posts.map((p) => p.id);

  /** The groups as they stand, by id (membership changes only in the membership phase). */
  const groupsNow = async (world: World) =>
    new Map((await Group.find({ _id: { $in: world.groups.map((g) => g._id) } }).lean()).map((g) => [String(g._id), g]));

  /** Independently of the policies: is this post in a closed group the person is not a member of? */
  function closedTo(
    person: PersonRecord,
    post: { groupId?: Types.ObjectId | null },
    groups: Map<string, { visibility: string; members: Types.ObjectId[] }>,
  ): boolean {
    const g = post.groupId && groups.get(String(post.groupId));
    return !!g && g.visibility === 'closed' && !g.members.some((m) => m.equals(person._id));
  }

  async function readsAndReactions(world: World): Promise<void> {
    const groups = await groupsNow(world);
    for (const person of world.people) {
      const viewer = await loadViewer(actorOf(person));
      const as = http(person);
      const who = `${person.email} (${person.roles.join(',') || 'no role'})`;
      for (const { _id, commentId, fileId } of world.posts) {
        const post = await postNow(_id);
        const read = postPolicy.read(viewer, post);
        const hiddenByGroup = closedTo(person, post, groups);
        const at = (route: string) => `${route} as ${who} on a ${post.kind} (${post.status}, group ${post.groupId})`;
        const expectStatus = async (route: string, res: Promise<request.Response>, status: number) => {
          const got = (await res).status;
          expect(got, at(route)).to.equal(status);
          if (hiddenByGroup) expect(got, `closed group leaked: ${at(route)}`).to.equal(404);
          return res;
        };
        const p = `/api/posts/${_id}`;

        const shown = await expectStatus('GET post', as.get(p), statusFor(read, 200));
        if (read.ok) {
          // What the tab offers is what the API allows.
          expect(shown.body.can, at('can flags')).to.deep.equal({
            edit: postPolicy.edit(viewer, post).ok,
            delete: postPolicy.remove(viewer, post).ok,
            pin: postPolicy.pin(viewer, post).ok,
            markAnswer: postPolicy.markAnswer(viewer, post).ok,
            viewDelivery: deliveryPolicy.viewDelivery(viewer.actor, post).ok,
          });
        }
        // The delivery report: reading the post first, then the delivery policy.
        const report = afterDecision(read, () => deliveryPolicy.viewDelivery(viewer.actor, post));
        await expectStatus('GET delivery report', as.get(`${p}/delivery`), statusFor(report, 200));
        const listed = await expectStatus('GET comments', as.get(`${p}/comments`), statusFor(read, 200));
        const listedComments: Array<{ id: string; can: unknown }> = listed.body.comments ?? [];
        const stored = new Map(
          (await Comment.find({ _id: { $in: listedComments.map((c) => c.id) } }).lean()).map((c) => [String(c._id), c]),
        );
        for (const c of listedComments) {
          const comment = stored.get(c.id)!;
          expect(c.can, at('comment can flags')).to.deep.equal({
            edit: commentPolicy.edit(viewer, comment, post).ok,
            delete: commentPolicy.remove(viewer, comment, post).ok,
          });
        }
        const like = statusFor(postPolicy.like(viewer, post), 200);
        await expectStatus('PUT like', as.put(`${p}/like`), like);
        await expectStatus('POST like (toggles it off again)', as.post(`${p}/like`), like);
        await expectStatus('POST comment', as.post(`${p}/comments`, { body: 'Goed idee' }), statusFor(read, 201));
        await expectStatus(
          'PATCH post',
          as.patch(p, { body: post.body }),
          statusFor(postPolicy.edit(viewer, post), 200),
        );
        await expectStatus(
          'PATCH pin',
          as.patch(p, { pinned: !!post.pinned }),
          statusFor(postPolicy.pin(viewer, post), 200),
        );
        const answer = !read.ok
          ? 404
          : post.kind !== 'question'
            ? 400
            : statusFor(postPolicy.markAnswer(viewer, post), 200);
        await expectStatus('POST answer', as.post(`${p}/answer`, { commentId }), answer);
        const comment = await Comment.findById(commentId).lean().orFail();
        await expectStatus(
          'PATCH comment',
          as.patch(`/api/comments/${commentId}`, { body: comment.body }),
          statusFor(commentPolicy.edit(viewer, comment, post), 200),
        );
        if (fileId) {
          const file = { ownerId: post.authorId, postId: post._id };
          const attached = { listsFile: !post.deletedAt, readable: read.ok };
          const media = statusFor(mediaPolicy.read(actorOf(person), file, attached), 200);
          await expectStatus('GET media', as.get(`/api/media/${fileId}/thumbnail`), media);
        }
      }
    }
  }

  async function feedsAndGroups(world: World): Promise<void> {
    const groups = await groupsNow(world);
    for (const person of world.people) {
      const actor = actorOf(person);
      const viewer = await loadViewer(actor);
      const as = http(person);
      const readable = async (postIds: string[], route: string) => {
        for (const post of await Post.find({ _id: { $in: postIds } }).lean()) {
          expect(postPolicy.read(viewer, post).ok, `${route} shows an unreadable post to ${person.email}`).to.equal(
            true,
          );
          expect(closedTo(person, post, groups), `${route} leaks a closed group's post`).to.equal(false);
        }
      };
      const home = (await as.get('/api/feed?limit=50').expect(200)).body;
      await readable([...ids(home.pinned), ...ids(home.posts)], 'home feed');
      for (const d of departments) {
        const feed = (await as.get(`/api/departments/${d._id}/feed?limit=50`).expect(200)).body;
        await readable([...ids(feed.pinned), ...ids(feed.posts)], 'department feed');
      }
      const listed = (await as.get('/api/groups').expect(200)).body.groups.map((g: { id: string }) => g.id);
      for (const { _id } of world.groups) {
        const g = groups.get(String(_id))!;
        const see = groupPolicy.see(actor, g);
        expect(listed.includes(_id.toString()), `group list for ${person.email}`).to.equal(see.ok);
        const detail = await answers(
          as.get(`/api/groups/${_id}`),
          statusFor(see, 200),
          `GET ${g.visibility} group`,
          person,
        );
        if (see.ok) expect(detail.body.canManage).to.equal(groupPolicy.manageMembers(actor, g).ok);
        const readPosts = groupPolicy.readPosts(actor, g);
        const feed = await answers(
          as.get(`/api/groups/${_id}/feed?limit=50`),
          statusFor(readPosts, 200),
          `GET ${g.visibility} group feed`,
          person,
        );
        if (readPosts.ok) {
          // Exactly the live posts addressed to the group that the person may read.
          const addressed = await Post.find({
            audienceKeys: `group:${_id}`,
            deletedAt: null,
            status: 'published',
          }).lean();
          const expected = addressed.filter((p) => postPolicy.read(viewer, p).ok).map((p) => p._id.toString());
          expect(ids(feed.body.posts), `group feed for ${person.email}`).to.have.members(expected);
        }
      }
    }
  }

  async function membership(world: World): Promise<void> {
    const target = await aPerson();
    const visibilityOf = (id: Types.ObjectId) => world.groups.find((g) => g._id.equals(id))!.visibility;
    for (const person of world.people) {
      const actor = actorOf(person);
      const as = http(person);
      for (const { _id } of world.groups) {
        const path = `/api/groups/${_id}`;
        const on = `${visibilityOf(_id)} group`;
        let g = await groupNow(_id);
        const wasMember = groupPolicy.isMember(actor, g);
        const joined = await answers(
          as.post(`${path}/join`),
          statusFor(groupPolicy.join(actor, g), 200),
          `join ${on}`,
          person,
        );
        if (joined.status === 200 && !wasMember) await answers(as.post(`${path}/leave`), 200, `leave ${on}`, person);

        g = await groupNow(_id);
        const wasFollowing = groupPolicy.isFollowing(actor, g);
        const follow = statusFor(groupPolicy.follow(actor, g), 200);
        const followed = await answers(as.post(`${path}/follow`), follow, `follow ${on}`, person);
        if (followed.status === 200 && !wasFollowing)
          await answers(as.post(`${path}/unfollow`), 200, 'unfollow', person);

        g = await groupNow(_id);
        // As admin where that leaves the group another admin (the last admin could not be removed again).
        const admin = (g.admins ?? []).length > 0;
        const manage = statusFor(groupPolicy.manageMembers(actor, g), 200);
        const added = await answers(
          as.post(`${path}/members/${target._id}`, { admin }),
          manage,
          `add to ${on}`,
          person,
        );
        if (added.status === 200) {
          g = await groupNow(_id);
          const remove = statusFor(groupPolicy.removeMember(actor, g, target._id), 200);
          await answers(as.delete(`${path}/members/${target._id}`), remove, `remove from ${on}`, person);
        }
        expect((await groupNow(_id)).members.map(String)).to.not.include(target._id.toString());
      }
    }
  }

  /**
   * Deleting can be tried once per thing, so everyone the policy refuses tries first (each must
   * be refused and leave it in place), then the first one allowed, in the generated order.
   */
  async function deletions(world: World, order: number[]): Promise<void> {
    const people = order.map((n) => world.people[n]!);
    const viewers = new Map(await Promise.all(people.map(async (p) => [p, await loadViewer(actorOf(p))] as const)));
    for (const { _id, commentId } of world.posts) {
      const on = async () => {
        const post = await postNow(_id);
        return `a ${post.kind} (${post.status}${post.deletedAt ? ', deleted' : ''})`;
      };
      const comment = await Comment.findById(commentId).lean().orFail();
      let post = await postNow(_id);
      const mayDeleteComment = (p: PersonRecord) => commentPolicy.remove(viewers.get(p)!, comment, post);
      for (const person of [...people].sort((a, b) => +mayDeleteComment(a).ok - +mayDeleteComment(b).ok)) {
        const decision = mayDeleteComment(person);
        const route = `DELETE comment on ${await on()}`;
        await answers(http(person).delete(`/api/comments/${commentId}`), statusFor(decision, 204), route, person);
        if (decision.ok) break;
      }
      post = await postNow(_id);
      const mayDeletePost = (p: PersonRecord) => postPolicy.remove(viewers.get(p)!, post);
      for (const person of [...people].sort((a, b) => +mayDeletePost(a).ok - +mayDeletePost(b).ok)) {
        const decision = mayDeletePost(person);
        await answers(
          http(person).delete(`/api/posts/${_id}`),
          statusFor(decision, 204),
          `DELETE ${await on()}`,
          person,
        );
        if (decision.ok) break;
      }
    }
  }

  it(`holds for ${RUNS} generated organisations (seed ${SEED})`, async () => {
    const started = Date.now();
    const cpu = process.cpuUsage();
    await fc.assert(
      fc.asyncProperty(worldArb, async (spec) => {
        await clean();
        const world = await build(spec);
        await readsAndReactions(world);
        await feedsAndGroups(world);
        await membership(world);
        await deletions(world, spec.order);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    const { user, system } = process.cpuUsage(cpu);
    const cpuMs = Math.round((user + system) / 1000);
    console.log(`      ${calls.count} requests in ${Date.now() - started} ms (${cpuMs} ms of CPU, server included)`);
  });
});
