import { expect } from 'chai';
import { Types } from 'mongoose';
import { Comment, Department, Group, Like, Person, Post } from '../../models/index.js';
import { seedDemoOrganisation } from '../../demo/seed.js';
import { DEMO_COMMUNICATOR_EMAIL, generateDemoOrganisation } from '../../demo/index.js';
import { useTestStore } from '../support/db.js';
import { actorOf } from '../support/factories.js';
import { EngagementEvent } from '../../models/engagement.js';
import { AnalyticsState, EngagementRollup } from '../../models/analytics.js';
import { rollUp } from '../../core/analytics/rollup.js';
import { analyticsReport } from '../../core/analytics/report.js';
import { dayOf } from '../../core/analytics/calendar.js';

describe('demo: seeding the demo organisation', () => {
  useTestStore();

  it('seeds an empty store (how long it takes: npm run bench:people-import)', async () => {
    const result = await seedDemoOrganisation();
    expect(result.seeded).to.equal(true);
    const org = generateDemoOrganisation();
    expect(result).to.include({
      people: org.people.length,
      departments: org.departments.length,
      groups: org.groups.length,
      posts: org.posts.length,
    });
    expect(await Person.countDocuments()).to.equal(org.people.length);
    expect(await Department.countDocuments()).to.equal(org.departments.length);
    expect(await Like.countDocuments()).to.equal(result.likes);
    expect(await Comment.countDocuments()).to.equal(result.comments);
  });

  it('leaves a store with people alone unless told to reset', async () => {
    const femkeBefore = await Person.findOne({ email: DEMO_COMMUNICATOR_EMAIL }).lean();
    const again = await seedDemoOrganisation();
    expect(again.seeded).to.equal(false);
    expect(String((await Person.findOne({ email: DEMO_COMMUNICATOR_EMAIL }).lean())!._id)).to.equal(
      String(femkeBefore!._id),
    );

    await Post.create({ kind: 'news', authorId: femkeBefore!._id, body: 'left over' });
    const reset = await seedDemoOrganisation({ reset: true });
    expect(reset.seeded).to.equal(true);
    expect(await Post.countDocuments({ body: 'left over' })).to.equal(0);
    expect(await Person.countDocuments()).to.equal(reset.people);
  });

  it('stores people the way the product reads them', async () => {
    const femke = await Person.findOne({ email: DEMO_COMMUNICATOR_EMAIL }).lean();
    expect(femke).to.include({ displayName: 'Femke Dijkstra', department: 'Communicatie' });
    expect(femke!.roles).to.include('communicator');
    const jelte = await Person.find({ givenName: 'Jelte' }).lean();
    expect(jelte).to.have.length(1);
    expect(jelte[0]!.mobilePhone).to.deep.equal({ display: '06-41235678', e164: '+31641235678' });
    expect(jelte[0]!.businessPhone).to.equal(undefined);
    const groen = await Department.findOne({ name: 'Groenvoorziening' }).lean();
    const or = await Department.findOne({ name: 'Openbare Ruimte' }).lean();
    expect(String(groen!.parentId)).to.equal(String(or!._id));
    expect(await Person.countDocuments({ departmentId: groen!._id })).to.be.greaterThan(10);
    // Every phone that is not an internal extension has its E.164 form.
    const withPhones = await Person.find({
      $or: [{ 'businessPhone.display': { $exists: true } }, { 'mobilePhone.display': { $exists: true } }],
    }).lean();
    for (const p of withPhones) {
      if (p.mobilePhone) expect(p.mobilePhone.e164, p.mobilePhone.display ?? '').to.match(/^\+316\d{8}$/);
      if (p.businessPhone && p.businessPhone.display!.length > 5)
        expect(p.businessPhone.e164).to.match(/^\+31\d{8,9}$/);
    }
    const managers = await Person.countDocuments({ managerId: { $exists: true } });
    expect(managers).to.equal((await Person.countDocuments()) - 1);
  });

  it('stores groups, posts, comments and likes that hang together', async () => {
    const vraagIds = await Group.findOne({ slug: 'vraag-ids' }).lean();
    expect(vraagIds).to.include({ kind: 'qa', visibility: 'open' });
    const answered = await Post.find({ groupId: vraagIds!._id, 'answer.commentId': { $exists: true } }).lean();
    expect(answered).to.have.length(1);
    const answer = await Comment.findById(answered[0]!.answer!.commentId).lean();
    expect(String(answer!.postId)).to.equal(String(answered[0]!._id));
    expect(answered[0]!.firstAnswerAt!.getTime()).to.be.greaterThan(answered[0]!.publishedAt.getTime());

    expect(await Post.countDocuments({ pinned: true })).to.equal(1);
    expect(await Post.countDocuments({ important: true, requiresAck: true, 'audience.organisation': true })).to.equal(
      1,
    );

    const now = Date.now();
    for (const post of await Post.find().lean()) {
      expect(await Like.countDocuments({ postId: post._id }), post.title ?? post.body).to.equal(post.likeCount);
      expect(await Comment.countDocuments({ postId: post._id })).to.equal(post.commentCount);
      expect(post.publishedAt.getTime()).to.be.at.most(now);
      if (post.groupId) {
        const group = await Group.findById(post.groupId).lean();
        expect(group!.members.map(String)).to.include(String(post.authorId));
      }
    }
    for (const c of await Comment.find().lean()) {
      const post = await Post.findById(c.postId).lean();
      expect(c.createdAt.getTime()).to.be.greaterThan(post!.publishedAt.getTime());
    }
  });

  it('stores a photo through the given photo store', async () => {
    const stored: string[] = [];
    await seedDemoOrganisation({
      reset: true,
      storePhoto: async (p) => {
        stored.push(p.email);
        return new Types.ObjectId();
      },
    });
    expect(stored).to.include(DEMO_COMMUNICATOR_EMAIL);
    expect(await Person.countDocuments({ photoId: { $exists: true } })).to.equal(stored.length);
  });

  it('brings twelve weeks of use, which the rollup job turns into a report with figures in it', async () => {
    const now = new Date('2026-11-25T11:00:00Z');
    const tz = 'Europe/Amsterdam';
    const seeded = await seedDemoOrganisation({ reset: true, now, timeZone: tz });
    expect(seeded.events).to.equal(await EngagementEvent.countDocuments());
    expect(seeded.events, 'a demo, not a load test').to.be.within(5_000, 40_000);
    const events = await EngagementEvent.find().lean();
    expect(events.every((e) => e.at.getTime() <= now.getTime() && e.day === dayOf(e.at, tz))).to.equal(true);
    const days = new Set(events.map((e) => e.day));
    expect(days.size, 'spread over the weeks').to.be.greaterThan(70);
    expect(new Set(events.map((e) => String(e.personId))).size, 'not everyone uses it yet').to.be.within(250, 420);

    await rollUp({ timeZone: tz, retentionDays: 90, now });
    const femke = await Person.findOne({ email: DEMO_COMMUNICATOR_EMAIL }).lean();
    const report = await analyticsReport(
      actorOf({ _id: femke!._id, email: femke!.email, displayName: femke!.displayName, roles: femke!.roles }),
      { weeks: 12 },
      { timeZone: tz, retentionDays: 90, enthusiastPct: 50, regularPct: 50, now },
    );
    const shares = report.active!.rows.flatMap((r) => r.weeks.map((w) => w.share ?? 0));
    expect(Math.max(...shares), 'departments were active').to.be.greaterThan(0.3);
    expect(Math.min(...shares.filter((x) => x > 0)), 'but not everyone, every week').to.be.lessThan(0.9);

    // Seeding again from scratch starts the rollup over too (no day left marked as done).
    await seedDemoOrganisation({ reset: true, now, timeZone: tz });
    expect(await EngagementRollup.countDocuments()).to.equal(0);
    expect(await AnalyticsState.countDocuments()).to.equal(0);
  });
});
