import { expect } from 'chai';
import { Types } from 'mongoose';
import { useTestStore } from '../support/db.js';
import { aDepartment, aGroup, aPerson, actorOf, type PersonRecord } from '../support/factories.js';
import { EngagementEvent, type EngagementKind } from '../../models/engagement.js';
import { EngagementRollup } from '../../models/analytics.js';
import { Delivery, PostReceipt } from '../../models/delivery.js';
import { Person } from '../../models/person.js';
import { Post } from '../../models/post.js';
import { rollUp, sweepEngagement } from '../../core/analytics/rollup.js';
import { analyticsReport, type AnalyticsQuery, type AnalyticsReport } from '../../core/analytics/report.js';
import { analyticsCsv } from '../../core/analytics/csv.js';
import { AppError } from '../../core/errors.js';
import { dayOf } from '../../core/analytics/calendar.js';
import { departmentLeaderboard } from '../../core/nudges/leaderboard.js';
import { COMPLETENESS_PROJECTION, scoreProfile } from '../../core/nudges/completeness.js';

const TZ = 'Europe/Amsterdam';
/** Wednesday 25 November 2026, noon in Amsterdam: week 48; week 47 began on Monday the 16th. */
const NOW = new Date('2026-11-25T11:00:00Z');
const W47 = new Date('2026-11-18T10:00:00Z');
const W48 = new Date('2026-11-24T10:00:00Z');
const SETTINGS = { timeZone: TZ, retentionDays: 90, enthusiastPct: 50, regularPct: 50, now: NOW };

/**
 * A hand-computed small organisation: Groen (6 people), Burgerzaken (5) and, together as
 * "other", Juridisch (2) and one person without a department. Every figure below was worked out
 * on paper from the events written here; null is what the report shows as "verborgen" (hidden).
 */
describe('analytics: reports against a hand-computed organisation', function () {
  this.timeout(30000);
  useTestStore();
  let a: PersonRecord[];
  let b: PersonRecord[];
  let c: PersonRecord[];
  let x: PersonRecord;
  let groen: { _id: Types.ObjectId };
  let burgerzaken: { _id: Types.ObjectId };
  let juridisch: { _id: Types.ObjectId };

  const event = (p: PersonRecord, kind: EngagementKind, at: Date, extra: object = {}) => ({
    personId: p._id,
    departmentId: p.departmentId,
    kind,
    at,
    day: dayOf(at, TZ),
    ...extra,
  });
  const report = (q: AnalyticsQuery = {}, who: PersonRecord = a[0]!): Promise<AnalyticsReport> =>
    analyticsReport(actorOf(who), { weeks: 2, ...q }, SETTINGS);

  before(async () => {
    const dg = await aDepartment({ name: 'Groen' });
    const db = await aDepartment({ name: 'Burgerzaken' });
    const dj = await aDepartment({ name: 'Juridisch' });
    groen = dg;
    burgerzaken = db;
    juridisch = dj;
    a = [];
    for (let i = 0; i < 6; i++) a.push(await aPerson({ department: dg, roles: i === 0 ? ['communicator'] : [] }));
    b = [];
    for (let i = 0; i < 5; i++) b.push(await aPerson({ department: db, jobTitle: 'Baliemedewerker' }));
    c = [await aPerson({ department: dj }), await aPerson({ department: dj })];
    x = await aPerson({});
    // Profiles, scored as on My profile and the leaderboard (core/nudges/completeness.ts): a1–a5
    // complete (100); a6 only the department (10); Burgerzaken a job title and the department
    // (15 + 10 = 25); Juridisch the department (10); x nothing (0).
    await Person.updateMany(
      { _id: { $in: a.slice(0, 5).map((p) => p._id) } },
      {
        $set: {
          photoId: new Types.ObjectId(),
          jobTitle: 'Hovenier',
          officeLocation: 'Werf',
          businessPhone: { display: '020 123 4567', e164: '+31201234567' },
          mobilePhone: { display: '06 12345678', e164: '+31612345678' },
          skills: ['snoeien'],
          bio: 'Buiten aan het werk.',
          managerId: x._id,
        },
      },
    );

    const events = [
      // Week 47: everyone in Groen active; a1 posts twice, a2 once; a3–a5 comment; all of Groen likes.
      ...a.slice(0, 5).map((p) => event(p, 'post_opened', W47)),
      event(a[0]!, 'post', W47),
      event(a[0]!, 'post', W47),
      event(a[1]!, 'post', W47),
      ...a.slice(2, 5).map((p) => event(p, 'comment', W47)),
      ...a.map((p) => event(p, 'like', W47)),
      // Burgerzaken b1–b4 opened the tab; c1 posted.
      ...b.slice(0, 4).map((p) => event(p, 'tab_opened', W47)),
      event(c[0]!, 'post', W47),
      // Week 48: all of Groen and Burgerzaken opened a post.
      ...a.map((p) => event(p, 'post_opened', W48)),
      ...b.map((p) => event(p, 'post_opened', W48)),
    ];
    await EngagementEvent.insertMany(events);

    // Vraag Ids: week 47 two questions (b1, b2: 5 and 20 minutes); week 48 five (a1–a5: 10, 30, 50, 90 minutes, one open).
    const qa = await aGroup({ kind: 'qa', members: [...a, ...b] });
    const question = (p: PersonRecord, at: Date, minutes: number | null) =>
      Post.create({
        kind: 'question',
        authorId: p._id,
        groupId: qa._id,
        body: 'Een vraag',
        audience: { groupIds: [qa._id] },
        publishedAt: at,
        ...(minutes === null ? {} : { firstAnswerAt: new Date(at.getTime() + minutes * 60_000) }),
      });
    await question(b[0]!, W47, 5);
    await question(b[1]!, W47, 20);
    for (const [i, m] of [10, 30, 50, 90, null].entries()) await question(a[i]!, W48, m);

    // News in week 48 to everyone as cards: seen by a1–a4 and all of Burgerzaken, read by a1–a5 and
    // b1–b5, acknowledged by a1 and a2.
    const news = await Post.create({
      kind: 'news',
      authorId: a[0]!._id,
      title: 'Nieuwe werktijden',
      body: 'Vanaf januari.',
      audience: { organisation: true },
      notify: true,
      requiresAck: true,
      publishedAt: W48,
    });
    const everyone = [...a, ...b, ...c, x];
    await Delivery.insertMany(
      everyone.map((p) => ({
        key: `news:${news._id}:${p._id}`,
        kind: 'news',
        postId: news._id,
        personId: p._id,
        departmentId: p.departmentId,
        status: 'sent',
        sentAt: W48,
        ...(a.slice(0, 4).includes(p) || b.includes(p) ? { seenAt: W48 } : {}),
      })),
    );
    await PostReceipt.insertMany(
      [...a.slice(0, 5), ...b].map((p) => ({
        postId: news._id,
        personId: p._id,
        readAt: W48,
        ...(p === a[0] || p === a[1] ? { acknowledgedAt: W48 } : {}),
      })),
    );
    await rollUp({ timeZone: TZ, retentionDays: 90, now: NOW });
  });

  it('refuses an employee with 403 and a sentence that says who may see the figures', async () => {
    try {
      await report({}, b[0]!);
      expect.fail('an employee got the report');
    } catch (err) {
      expect(err).to.be.instanceOf(AppError);
      expect((err as AppError).status).to.equal(403);
      expect((err as AppError).text?.key).to.equal('policy.view_analytics');
    }
  });

  it('counts people active per week per department as a share of its staff, folding below 5', async () => {
    const r = await report({ sections: ['active'] });
    expect(r.period.weeks).to.deep.equal(['2026-W47', '2026-W48']);
    expect(r.groups.map((g) => [g.name, g.staff])).to.deep.equal([
      ['Burgerzaken', 5],
      ['Groen', 6],
      [null, 3],
    ]);
    const row = (name: string | null) => r.active!.rows.find((x) => x.group.name === name)!.weeks;
    // Week 47: Groen 6 of 6; Burgerzaken 4 (< 5); other 1 (a group of 3 is never shown).
    expect(row('Groen')[0]).to.deep.include({ active: 6, staff: 6, share: 1 });
    expect(row('Burgerzaken')[0]!.active).to.equal(null);
    expect(row(null)[0]!.active).to.equal(null);
    expect(r.active!.total![0]).to.deep.include({ active: 11, staff: 14, share: 0.786 });
    // Week 48: Groen 6, Burgerzaken 5: but with "other" hidden, 11 − 6 would give Burgerzaken's 5
    // and that would give other's 0 away, so Burgerzaken is hidden too.
    expect(row('Groen')[1]!.active).to.equal(6);
    expect(row('Burgerzaken')[1]!.active).to.equal(null);
    expect(r.active!.total![1]!.active).to.equal(11);
  });

  it('counts posts, likes and comments per department and week, folded when fewer than 5 people made them', async () => {
    const r = await report({ sections: ['activity'] });
    const week47 = (name: string | null) => r.activity!.rows.find((x) => x.group.name === name)!.weeks[0]!;
    // Likes: 6 by the 6 of Groen; posts 3 by only 2 people; comments 3 by 3 people.
    expect(week47('Groen').like).to.equal(6);
    expect(week47('Groen').post).to.equal(null);
    expect(week47('Groen').comment).to.equal(null);
    expect(r.activity!.total![0]).to.deep.include({ like: 6, post: null, comment: null, question: 0 });
    // Burgerzaken liked nothing, but "other" is hidden and the total is shown: 0 is hidden with it.
    expect(week47('Burgerzaken').like).to.equal(null);
  });

  it('gives Vraag Ids the median and 90th percentile to the first answer and the share within an hour', async () => {
    const r = await report({ sections: ['questions'] });
    const [w47, w48] = r.questions!.weeks;
    expect(w47).to.deep.equal({
      week: '2026-W47',
      asked: null,
      answered: null,
      medianMinutes: null,
      p90Minutes: null,
      withinHourShare: null,
    });
    expect(w48).to.deep.equal({
      week: '2026-W48',
      asked: 5,
      answered: 4,
      medianMinutes: 30,
      p90Minutes: 90,
      withinHourShare: 0.6,
    });
    expect(r.questions!.total).to.deep.equal({
      asked: 7,
      answered: 6,
      medianMinutes: 20,
      p90Minutes: 90,
      withinHourShare: 0.714,
    });
  });

  it('shows news reach per department as shares of the audience, from the deliveries and receipts', async () => {
    const r = await report({ sections: ['news'] });
    expect(r.news).to.have.length(1);
    const post = r.news![0]!;
    expect(post.title).to.equal('Nieuwe werktijden');
    expect(post.total).to.deep.include({ audience: 14, delivered: 14, seen: 9, read: 10, acknowledged: null });
    expect(post.total!.shares).to.deep.include({ delivered: 1, seen: 0.643, read: 0.714 });
    const groenRow = post.departments.find((d) => d.group.name === 'Groen')!;
    expect(groenRow.audience).to.equal(6);
    expect(groenRow.delivered).to.equal(6);
    // Seen by 4 and acknowledged by 2: fewer than 5 people.
    expect(groenRow.seen).to.equal(null);
    expect(groenRow.acknowledged).to.equal(null);
    const other = post.departments.find((d) => d.group.id === null)!;
    expect([other.audience, other.delivered, other.seen, other.read]).to.deep.equal([null, null, null, null]);
  });

  it('shows profile completeness per department for the weeks it was measured', async () => {
    const r = await report({ sections: ['profile'] });
    const row = (name: string | null) => r.profile!.rows.find((x) => x.group.name === name)!.weeks;
    // Week 47 was rolled up late (its first run was in week 48): it got the counts of then.
    // Groen (5 × 100 + 10) / 6 = 85.
    expect(row('Groen')[0]).to.deep.equal({ week: '2026-W47', staff: 6, complete: 5, averageScore: 85 });
    expect(row('Groen')[1]).to.deep.equal({ week: '2026-W48', staff: 6, complete: 5, averageScore: 85 });
    // Burgerzaken: 0 complete is hidden with "other", as the total (5) would give it away; the average is about 5 people.
    expect(row('Burgerzaken')[1]).to.deep.equal({ week: '2026-W48', staff: 5, complete: null, averageScore: 25 });
    // (510 + 125 + 20 + 0) / 14 = 46.8.
    expect(r.profile!.total![1]).to.deep.equal({ week: '2026-W48', staff: 14, complete: 5, averageScore: 47 });
  });

  it('uses the completeness people see on their profile and on the leaderboard, not a score of its own', async () => {
    const r = await report({ sections: ['profile'] });
    const board = await departmentLeaderboard();
    for (const name of ['Groen', 'Burgerzaken']) {
      const standing = board.departments.find((d) => d.name === name)!;
      const week = r.profile!.rows.find((x) => x.group.name === name)!.weeks[1]!;
      expect(week, name).to.include({ staff: standing.people, averageScore: standing.averageScore });
    }
    const own = scoreProfile((await Person.findById(b[0]!._id, COMPLETENESS_PROJECTION).lean())!).score;
    expect(r.profile!.rows.find((x) => x.group.name === 'Burgerzaken')!.weeks[1]).to.include({ averageScore: own });
  });

  it('computes the four user types per department when asked, with their definitions, as counts only', async () => {
    const r = await report({ sections: ['types'], regularPct: 60 });
    const types = r.types!;
    expect(types.definitions).to.deep.equal({ enthusiastPct: 50, regularPct: 60 });
    expect(types.basis).to.deep.include({ from: '2026-11-16', to: '2026-11-25', weeks: 2, retentionDays: 90 });
    const row = (name: string | null) => {
      const found = types.rows.find((x) => x.group.name === name)!;
      return [found.enthusiast, found.positive, found.negative, found.laggard];
    };
    // Groen: a1–a5 contributed in 1 of 2 weeks (enthusiasts), a6 only read, both weeks (positive).
    // a6 alone would be singled out, and with staff 6 shown, one more figure is hidden beside it.
    expect(row('Groen')).to.deep.equal([5, null, null, 0]);
    // Burgerzaken: 4 positive, b5 active one week of two (negative): both hidden; the 0 enthusiasts
    // too, since "other" is hidden and the organisation's 6 enthusiasts minus Groen's 5 would show it.
    expect(row('Burgerzaken')).to.deep.equal([null, null, null, 0]);
    expect(row(null)).to.deep.equal([null, null, null, null]);
    expect(types.total).to.deep.equal({ staff: 14, enthusiast: 6, positive: 5, negative: null, laggard: null });
    // Nothing about a segment was stored.
    expect(
      await EngagementRollup.countDocuments({ kind: { $in: ['enthusiast', 'positive', 'negative', 'laggard'] } }),
    ).to.equal(0);
  });

  it('never shows a hidden figure that a published total would give back (every table, every line)', async () => {
    const r = await report({ regularPct: 60 });
    const check = (line: Array<number | null>, total: number | null, what: string) => {
      if (total === null) return;
      const hidden = line.filter((v) => v === null).length;
      expect(hidden, `${what}: ${JSON.stringify(line)} total ${total}`).to.not.equal(1);
    };
    const weeks = r.period.weeks.length;
    for (let w = 0; w < weeks; w++) {
      check(
        r.active!.rows.map((x) => x.weeks[w]!.active),
        r.active!.total![w]!.active,
        `active ${w}`,
      );
      for (const k of ['post', 'like', 'comment', 'question'] as const)
        check(
          r.activity!.rows.map((x) => x.weeks[w]![k]),
          r.activity!.total![w]![k],
          `${k} ${w}`,
        );
    }
    for (const k of ['enthusiast', 'positive', 'negative', 'laggard'] as const)
      check(
        r.types!.rows.map((x) => x[k]),
        r.types!.total![k],
        k,
      );
    for (const x of r.types!.rows)
      check([x.enthusiast, x.positive, x.negative, x.laggard], x.group.staff >= 5 ? x.group.staff : null, 'row');
    for (const post of r.news!)
      for (const k of ['audience', 'delivered', 'seen', 'read', 'acknowledged'] as const)
        check(
          post.departments.map((d) => d[k]),
          post.total?.[k] ?? null,
          `news ${k}`,
        );
    // And nothing shown is about 1 to 4 people.
    const shown = JSON.stringify(r, (key, v) => (key === 'share' || key === 'shares' ? undefined : v));
    expect(shown).to.not.match(
      /"(active|enthusiast|positive|negative|laggard|complete|seen|read|acknowledged)":[1-4][,}]/,
    );
  });

  it('folds through combined filters: a small department picks "other" whole, and filtered reports have no totals', async () => {
    // Juridisch has 2 people: asking for it alone gives the whole "other" group, all of it hidden.
    const small = await report({ departmentIds: [juridisch._id.toString()], regularPct: 60 });
    expect(small.filtered).to.equal(true);
    expect(small.groups).to.deep.equal([{ id: null, name: null, staff: 3 }]);
    expect(small.active!.total).to.equal(null);
    expect(small.types!.total).to.equal(null);
    expect(small.types!.rows[0]).to.deep.include({ enthusiast: null, positive: null, negative: null, laggard: null });
    expect(small.active!.rows[0]!.weeks.every((w) => w.active === null)).to.equal(true);
    // Groen with Juridisch, and Groen alone: no total differs between them, so subtracting one
    // report from the other reveals nothing about Juridisch.
    const both = await report({ departmentIds: [groen._id.toString(), juridisch._id.toString()] });
    const alone = await report({ departmentIds: [groen._id.toString()] });
    expect(both.activity!.total).to.equal(null);
    expect(alone.activity!.total).to.equal(null);
    expect(alone.groups.map((g) => g.name)).to.deep.equal(['Groen']);
    expect(both.groups.map((g) => g.name)).to.deep.equal(['Groen', null]);
    for (const rep of [both, alone]) for (const post of rep.news!) expect(post.total).to.equal(null);
    // A period and a department together never narrow a row below 5 either.
    const oneDay = await report({ from: '2026-11-24', to: '2026-11-24', departmentIds: [burgerzaken._id.toString()] });
    expect(oneDay.groups).to.deep.equal([{ id: burgerzaken._id.toString(), name: 'Burgerzaken', staff: 5 }]);
  });

  it('writes the same figures as CSV, "verborgen" where hidden, for Dutch Excel', async () => {
    const r = await report({ regularPct: 60 });
    const csv = analyticsCsv(r, 'nl');
    expect(csv.startsWith('\uFEFFonderdeel;groep;week;maat;waarde\r\n')).to.equal(true);
    expect(csv).to.include('Actieve mensen per week;Groen;2026-W47;actieve mensen;6\r\n');
    expect(csv).to.include('Actieve mensen per week;Burgerzaken;2026-W47;actieve mensen;verborgen\r\n');
    expect(csv).to.include('Soorten gebruikers;Hele organisatie;2026-11-16/2026-11-25;Enthousiastelingen;6\r\n');
    expect(csv).to.include(
      'Vraag Ids: tijd tot het eerste antwoord;Hele organisatie;2026-W48;mediaan (minuten);30\r\n',
    );
    expect(analyticsCsv(r, 'en')).to.include('Active people per week;Groen;2026-W47;active people;6\r\n');
  });

  it('keeps rollups and deletes raw events past the retention period, but never a day not rolled up', async () => {
    const later = new Date(NOW.getTime() + 100 * 86_400_000);
    // One event today (25 November), a day the job has not finished: the sweep must keep it even
    // 100 days later, as long as the job has not rolled it up; everything up to yesterday goes.
    await EngagementEvent.create(event(b[4]!, 'like', NOW));
    const early = await sweepEngagement({ timeZone: TZ, retentionDays: 90, now: later });
    expect(early.deleted).to.equal(33);
    expect(await EngagementEvent.countDocuments()).to.equal(1);
    const rollupsBefore = await EngagementRollup.countDocuments();
    await rollUp({ timeZone: TZ, retentionDays: 90, now: later });
    const swept = await sweepEngagement({ timeZone: TZ, retentionDays: 90, now: later });
    expect(swept.deleted).to.equal(1);
    expect(await EngagementEvent.countDocuments()).to.equal(0);
    expect(await EngagementRollup.countDocuments()).to.be.at.least(rollupsBefore);
    // The report over those weeks reads the same from the rollups alone.
    const r = await report({ sections: ['active', 'activity'] });
    expect(r.active!.rows.find((x) => x.group.name === 'Groen')!.weeks[0]!.active).to.equal(6);
    expect(r.activity!.total![0]!.like).to.equal(6);
    // Rollups name no person.
    const sample = await EngagementRollup.findOne({ kind: 'like' }).lean();
    expect(Object.keys(sample!).sort()).to.deep.equal(
      ['_id', 'departmentId', 'events', 'key', 'kind', 'people', 'period', 'postId', 'start'].sort(),
    );
  });
});
