import { expect } from 'chai';
import { useTestStore } from '../support/db.js';
import { aDepartment, aPerson, actorOf, type PersonRecord } from '../support/factories.js';
import { EngagementEvent, type EngagementKind } from '../../models/engagement.js';
import { ActivityWeek, AnalyticsState, EngagementRollup } from '../../models/analytics.js';
import { rollUp, sweepEngagement } from '../../core/analytics/rollup.js';
import { analyticsReport, weekRollups, type AnalyticsQuery } from '../../core/analytics/report.js';
import { dayOf, startOfDay } from '../../core/analytics/calendar.js';

const TZ = 'Europe/Amsterdam';
/** Wednesday 25 November 2026 in Amsterdam (week 48); weeks 46 and 47 are whole weeks before it. */
const NOW = new Date('2026-11-25T11:00:00Z');
const SETTINGS = { timeZone: TZ, retentionDays: 90, enthusiastPct: 50, regularPct: 50, now: NOW };
const at = (day: string) => new Date(startOfDay(day, TZ).getTime() + 10 * 3600_000);

/**
 * The job's record of who was active in each week (models/analytics.ts), from which the four
 * user types are counted: it must give the very figures the raw events give, be made again for
 * weeks rolled up before it existed, and go with its week's raw events.
 */
describe('analytics: who was active per week, for the user types', function () {
  // The sweep's case runs the job over twelve weeks of days: a minute on a busy machine.
  this.timeout(60000);
  useTestStore();
  let people: PersonRecord[];
  let boss: PersonRecord;

  const event = (p: PersonRecord, kind: EngagementKind, day: string) => ({
    personId: p._id,
    departmentId: p.departmentId,
    kind,
    at: at(day),
    day,
  });
  const types = async (q: AnalyticsQuery) =>
    (await analyticsReport(actorOf(boss), { sections: ['types'], ...q }, SETTINGS)).types!;
  const queries: AnalyticsQuery[] = [
    { weeks: 3 },
    { weeks: 3, regularPct: 70, enthusiastPct: 30 },
    // Cutting weeks 46 and 48: those come from raw events, week 47 from its record.
    { from: '2026-11-11', to: '2026-11-24' },
    { from: '2026-11-09', to: '2026-11-22' },
  ];

  before(async () => {
    const groen = await aDepartment({ name: 'Groen' });
    const balie = await aDepartment({ name: 'Balie' });
    people = [];
    for (let i = 0; i < 14; i++) people.push(await aPerson({ department: i < 8 ? groen : balie }));
    boss = await aPerson({ department: groen, roles: ['communicator'] });
    // A pattern with every type in it: contributing in some weeks, reading in others, some idle,
    // on days that a period can cut (Monday 9, Wednesday 11, Friday 13 November…).
    const days = ['2026-11-09', '2026-11-11', '2026-11-13', '2026-11-16', '2026-11-20', '2026-11-23', '2026-11-24'];
    const events = [];
    for (const [i, p] of people.entries())
      for (const [d, day] of days.entries()) {
        if ((i + d) % 3 === 0) events.push(event(p, 'post_opened', day));
        if (i < 6 && (i + d) % 2 === 0) events.push(event(p, i % 2 ? 'comment' : 'post', day));
        if (i >= 6 && i < 10 && d % 3 === 1) events.push(event(p, 'like', day));
      }
    await EngagementEvent.insertMany(events);
    await rollUp({ timeZone: TZ, retentionDays: 90, now: NOW });
  });

  it('records per week who was active and who contributed, as the raw events say', async () => {
    const weeks = await ActivityWeek.find({}).sort({ key: 1 }).lean();
    expect(weeks.map((w) => w.key)).to.deep.equal(['2026-W46', '2026-W47', '2026-W48']);
    for (const w of weeks) {
      const days = Array.from({ length: 7 }, (_, i) =>
        dayOf(new Date(w.start.getTime() + (i * 24 + 12) * 3600_000), TZ),
      );
      const active = await EngagementEvent.distinct('personId', { day: { $in: days } });
      const contributed = await EngagementEvent.distinct('personId', {
        day: { $in: days },
        kind: { $in: ['post', 'comment', 'question'] },
      });
      expect(w.active.map(String).sort(), w.key).to.deep.equal(active.map(String).sort());
      expect(w.contributed.map(String).sort(), w.key).to.deep.equal(contributed.map(String).sort());
      expect(w.contributed.length, w.key).to.be.greaterThan(0);
    }
  });

  it('gives the same user types from the records as from the raw events, whole weeks or cut ones', async () => {
    const fromRecords = await Promise.all(queries.map(types));
    const saved = await ActivityWeek.find({}).lean();
    await ActivityWeek.deleteMany({});
    try {
      const fromRaw = await Promise.all(queries.map(types));
      expect(fromRecords).to.deep.equal(fromRaw);
    } finally {
      await ActivityWeek.insertMany(saved);
    }
    // The whole weeks were read from the records: emptying one changes the figures.
    await ActivityWeek.updateOne({ key: '2026-W47' }, { $set: { active: [], contributed: [] } });
    try {
      expect(await types({ weeks: 3 })).to.not.deep.equal(fromRecords[0]);
    } finally {
      await ActivityWeek.deleteMany({});
      await ActivityWeek.insertMany(saved);
    }
    // Not all one type: the comparison says something.
    const total = fromRecords[0]!.total!;
    expect(Object.values({ ...total, staff: 0 }).filter((n) => n === null || n > 0)).to.have.length.at.least(2);
  });

  it('makes the records again for weeks rolled up before they existed (a migration), from their raw events', async () => {
    const before = (await ActivityWeek.find({}, { _id: 0, computedAt: 0 }).sort({ key: 1 }).lean()).map((w) => ({
      ...w,
      active: w.active.map(String).sort(),
      contributed: w.contributed.map(String).sort(),
    }));
    const typesBefore = await types({ weeks: 3 });
    await ActivityWeek.deleteMany({});
    const state = await AnalyticsState.findById('rollup').lean();
    // A later run of the job: its days are done, the weeks before it get their records back.
    await rollUp({ timeZone: TZ, retentionDays: 90, now: new Date(NOW.getTime() + 3600_000) });
    expect((await AnalyticsState.findById('rollup').lean())!.lastDay).to.equal(state!.lastDay);
    const after = (await ActivityWeek.find({}, { _id: 0, computedAt: 0 }).sort({ key: 1 }).lean()).map((w) => ({
      ...w,
      active: w.active.map(String).sort(),
      contributed: w.contributed.map(String).sort(),
    }));
    expect(after).to.deep.equal(before);
    expect(await types({ weeks: 3 })).to.deep.equal(typesBefore);
  });

  it('reads the weekly rollups it needs through an index that meets only those documents', async () => {
    const weeks = ['2026-W46', '2026-W47', '2026-W48'];
    for (const kinds of [['any', 'staff'], ['post', 'like', 'comment', 'question'], ['profile']]) {
      const filter = weekRollups(weeks, kinds);
      const found = await EngagementRollup.countDocuments(filter);
      expect(found, kinds.join()).to.be.greaterThan(0);
      const plan = (await EngagementRollup.find(filter).explain('executionStats')) as unknown as {
        executionStats: { totalDocsExamined: number; nReturned: number };
      };
      expect(plan.executionStats.nReturned, kinds.join()).to.equal(found);
      expect(plan.executionStats.totalDocsExamined, kinds.join()).to.equal(found);
    }
    // Every kind of every department is there to be crossed: the index is what keeps them out.
    expect(await EngagementRollup.countDocuments({ period: 'week', key: { $in: weeks } })).to.be.greaterThan(
      await EngagementRollup.countDocuments(weekRollups(weeks, ['any', 'staff'])),
    );
  });

  it('deletes a week’s record with the first raw events of that week, never earlier', async () => {
    // 90 days after Tuesday 17 November: Monday 16's events are past retention, and with them week 47's record.
    const later = new Date('2027-02-15T12:00:00Z');
    await rollUp({ timeZone: TZ, retentionDays: 90, now: later });
    const swept = await sweepEngagement({ timeZone: TZ, retentionDays: 90, now: later });
    expect(swept.activityWeeks).to.equal(2);
    expect((await ActivityWeek.find({}, { key: 1 }).lean()).map((w) => w.key)).to.deep.equal(['2026-W48']);
    expect(await EngagementEvent.countDocuments({ day: { $lt: '2026-11-17' } })).to.equal(0);
    expect(await EngagementEvent.countDocuments({ day: { $gte: '2026-11-23' } })).to.be.greaterThan(0);
  });
});
