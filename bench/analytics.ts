/**
 * Engagement analytics figures for an organisation of 450 people and again for 10,000: synthetic
 * events fed week by week as the job meets them (events written, rolled up, the retention sweep
 * run), then the report's answer time from a year of rollups, the user types from raw events,
 * the storage per month of raw events and of rollups, and the sweep's time.
 *
 *   npm run bench:analytics                          # 450 and 10,000 people
 *   npm run bench:analytics -- --people 450          # one size only
 *   npm run bench:analytics -- --weeks 52 --runs 5   # simulate all 52 weeks event by event
 *
 * `--weeks` (default 13, the raw retention window) are simulated event by event; the rest of the
 * year's rollups are those weeks' rollups repeated further back (same documents, earlier weeks), and
 * with fewer weeks than the retention window so are the records of who was active per week, so the
 * report reads a full year of rollups without an hour of writing events on a shared machine.
 *
 * Aims (issue 15): the report under 300 ms for 450 people, under 2 s for 10,000. Figures are
 * printed, never asserted (CONVENTIONS 11). The store is an in-memory localdb in this process
 * (set MONGODB_URI to measure a real MongoDB); sizes are BSON data sizes as the store reports
 * them (MongoDB compresses on disk and adds its indexes).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import mongoose, { Types } from 'mongoose';
import { startLocalDb } from '../localdb/index.js';
import { Department, departmentKey } from '../models/department.js';
import { Person } from '../models/person.js';
import { Post } from '../models/post.js';
import { Delivery, PostReceipt } from '../models/delivery.js';
import { EngagementEvent, type EngagementKind } from '../models/engagement.js';
import { ActivityWeek, EngagementRollup, NewsReach } from '../models/analytics.js';
import { createRandom, type Random } from '../demo/random.js';
import { rollUp, sweepEngagement } from '../core/analytics/rollup.js';
import { analyticsReport, type AnalyticsQuery } from '../core/analytics/report.js';
import { actorFromPerson } from '../core/identity.js';
import { startOfDay, nextDay, dayOf, mondayOf, weekOfDay } from '../core/analytics/calendar.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};
const SIZES = args.includes('--people') ? [option('people', 450)] : [450, 10_000];
const WEEKS = option('weeks', 13);
const YEAR = 52;
const RUNS = option('runs', 5);
const TZ = 'Europe/Amsterdam';
const RETENTION = 90;
const DAY = 86_400_000;

/** How often each kind of person does something on a working day (the four user types, by design). */
const PROFILES: Array<{ share: number; perDay: number; contributes: number }> = [
  { share: 0.1, perDay: 6, contributes: 0.35 }, // enthusiasts
  { share: 0.4, perDay: 2.5, contributes: 0.04 }, // positively waiting
  { share: 0.3, perDay: 0.4, contributes: 0.02 }, // negatively waiting
  { share: 0.2, perDay: 0, contributes: 0 }, // laggards
];
const READING: EngagementKind[] = ['post_opened', 'tab_opened', 'card_seen', 'people_search', 'bot_message', 'like'];
const CONTRIBUTING: EngagementKind[] = ['post', 'comment', 'comment', 'question', 'ack'];

const ms = (x: number) => `${x.toFixed(0)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function collectionBytes(name: string): Promise<number> {
  const stats = (await mongoose.connection.db!.command({ collStats: name })) as { size?: number };
  return stats.size ?? 0;
}

function poisson(rnd: Random, mean: number): number {
  if (mean <= 0) return 0;
  let k = 0;
  let p = Math.exp(-mean);
  let s = p;
  const u = rnd.next();
  while (u > s && k < 100) {
    k += 1;
    p *= mean / k;
    s += p;
  }
  return k;
}

async function organisation(size: number, rnd: Random) {
  const departments = Math.max(8, Math.round(size / 25));
  const depts = await Department.insertMany(
    Array.from({ length: departments }, (_, i) => ({
      name: `Afdeling ${i + 1}`,
      key: departmentKey(`afdeling ${i + 1}`),
    })),
  );
  const people = [];
  for (let i = 0; i < size; i++) {
    // Department sizes vary (some below 5, to exercise folding).
    const d = depts[Math.min(departments - 1, Math.floor(departments * rnd.next() ** 1.4))]!;
    const profile = rnd.weighted(PROFILES.map((p) => [p, p.share] as const));
    people.push({
      doc: {
        _id: new Types.ObjectId(),
        email: `p${i}@bench.example`,
        displayName: `Persoon ${i}`,
        departmentId: d._id,
        department: d.name,
        roles: i === 0 ? ['communicator'] : [],
        ...(rnd.chance(0.6) ? { jobTitle: 'Medewerker' } : {}),
        ...(rnd.chance(0.4) ? { officeLocation: 'Stadhuis' } : {}),
        ...(rnd.chance(0.5) ? { skills: ['plannen'] } : {}),
        ...(rnd.chance(0.3) ? { bio: 'Hallo' } : {}),
        ...(rnd.chance(0.3) ? { photoId: new Types.ObjectId() } : {}),
      },
      profile,
    });
  }
  for (let i = 0; i < people.length; i += 2000) await Person.insertMany(people.slice(i, i + 2000).map((p) => p.doc));
  return people;
}

async function measure(size: number) {
  const rnd = createRandom(`analytics-bench-${size}`);
  const people = await organisation(size, rnd);
  const now = new Date();
  const firstDay = nextDay(dayOf(now, TZ), -7 * WEEKS);
  let inserted = 0;
  let rollupMs = 0;
  let sweepMs = 0;
  let sweptEvents = 0;
  let eventsInWindow = 0;
  const withDeliveries = size <= 1000;
  const author = people[0]!.doc._id;

  for (let week = 0; week < WEEKS; week++) {
    const monday = nextDay(firstDay, week * 7);
    // This week's news (one post to everyone; read by about a third) and five questions.
    const newsAt = new Date(startOfDay(nextDay(monday, 1), TZ).getTime() + 9 * 3600_000);
    const news = await Post.create({
      kind: 'news',
      authorId: author,
      title: `Nieuws week ${week + 1}`,
      body: 'Tekst',
      audience: { organisation: true },
      notify: withDeliveries,
      publishedAt: newsAt,
    });
    if (withDeliveries)
      await Delivery.insertMany(
        people.map((p) => ({
          key: `news:${news._id}:${p.doc._id}`,
          kind: 'news',
          postId: news._id,
          personId: p.doc._id,
          departmentId: p.doc.departmentId,
          status: 'sent',
          ...(rnd.chance(0.6) ? { seenAt: newsAt } : {}),
        })),
        { lean: true },
      );
    const readers = people.filter((p) => rnd.chance(p.profile.perDay > 1 ? 0.6 : p.profile.perDay > 0 ? 0.2 : 0));
    for (let i = 0; i < readers.length; i += 5000)
      await PostReceipt.insertMany(
        readers.slice(i, i + 5000).map((p) => ({ postId: news._id, personId: p.doc._id, readAt: newsAt })),
        { lean: true },
      );
    for (let q = 0; q < 5; q++) {
      const at = new Date(newsAt.getTime() + q * DAY);
      await Post.create({
        kind: 'question',
        authorId: rnd.pick(people).doc._id,
        body: 'Vraag',
        publishedAt: at,
        ...(rnd.chance(0.9) ? { firstAnswerAt: new Date(at.getTime() + rnd.int(2, 240) * 60_000) } : {}),
      });
    }

    // The week's events, working days only, spread over office hours.
    let batch: object[] = [];
    for (let d = 0; d < 5; d++) {
      const dayStart = startOfDay(nextDay(monday, d), TZ).getTime() + 8 * 3600_000;
      for (const p of people) {
        const n = poisson(rnd, p.profile.perDay);
        for (let k = 0; k < n; k++) {
          const kind = rnd.chance(p.profile.contributes) ? rnd.pick(CONTRIBUTING) : rnd.pick(READING);
          batch.push({
            personId: p.doc._id,
            departmentId: p.doc.departmentId,
            kind,
            ...(kind === 'post_opened' || kind === 'card_seen' || kind === 'ack'
              ? { postId: news._id, news: true }
              : {}),
            at: new Date(dayStart + rnd.int(0, 9 * 3600_000)),
            day: nextDay(monday, d),
          });
        }
        if (batch.length >= 5000) {
          await EngagementEvent.insertMany(batch, { lean: true });
          inserted += batch.length;
          batch = [];
        }
      }
    }
    if (batch.length) await EngagementEvent.insertMany(batch, { lean: true });
    inserted += batch.length;

    // The job, as it would run at the end of that Sunday.
    const jobAt = new Date(startOfDay(nextDay(monday, 7), TZ).getTime() - 60_000);
    let t = performance.now();
    await rollUp({ timeZone: TZ, retentionDays: RETENTION, now: jobAt });
    rollupMs += performance.now() - t;
    t = performance.now();
    const swept = await sweepEngagement({ timeZone: TZ, retentionDays: RETENTION, now: jobAt });
    sweepMs += performance.now() - t;
    sweptEvents += swept.deleted;
    if (week === WEEKS - 1) eventsInWindow = await EngagementEvent.countDocuments();
    if ((week + 1) % 13 === 0 || size > 1000)
      process.stdout.write(
        `  ${size} people: week ${week + 1}/${WEEKS}, ${inserted.toLocaleString('en')} events so far\n`,
      );
  }
  // Today's job too: the current week and the last days.
  await rollUp({ timeZone: TZ, retentionDays: RETENTION, now });
  // The rest of the year: the simulated weeks' rollups again, further back.
  // (Not the current week: it is still being counted, and its copy would land on the first simulated week.)
  const simulated = await EngagementRollup.find(
    { start: { $lt: startOfDay(mondayOf(dayOf(now, TZ)), TZ) } },
    { _id: 0 },
  ).lean();
  for (let shift = WEEKS; shift < YEAR; shift += WEEKS) {
    const copies = simulated
      .map((r) => {
        const day = nextDay(dayOf(r.start, TZ), -7 * shift);
        return { ...r, start: startOfDay(day, TZ), key: r.period === 'day' ? day : weekOfDay(day) };
      })
      .filter((r) => r.start >= startOfDay(nextDay(dayOf(now, TZ), -7 * YEAR), TZ));
    for (let i = 0; i < copies.length; i += 5000)
      await EngagementRollup.insertMany(copies.slice(i, i + 5000), { ordered: false, lean: true });
  }
  // Likewise the records of who was active per week, as far back as raw events are kept (fewer
  // simulated weeks than the retention window: the user types still read a full window).
  const weekRecords = await ActivityWeek.find(
    { start: { $lt: startOfDay(mondayOf(dayOf(now, TZ)), TZ) } },
    { _id: 0 },
  ).lean();
  const keptFrom = new Date(now.getTime() - RETENTION * DAY);
  for (let shift = WEEKS; shift < RETENTION / 7; shift += WEEKS)
    for (const w of weekRecords) {
      const monday = nextDay(dayOf(w.start, TZ), -7 * shift);
      const start = startOfDay(monday, TZ);
      if (start >= keptFrom) await ActivityWeek.create({ ...w, key: weekOfDay(monday), start });
    }

  const rawBytes = await collectionBytes('engagementevents');
  const rollupBytes = (await collectionBytes('engagement_rollups')) + (await collectionBytes('news_reach'));
  const rawDocs = await EngagementEvent.countDocuments();
  const rollupDocs = (await EngagementRollup.countDocuments()) + (await NewsReach.countDocuments());
  const months = (WEEKS * 7) / 30.44;
  const rollupMonths = (YEAR * 7) / 30.44;

  const communicator = await Person.findById(author).lean();
  const actor = actorFromPerson({ ...communicator!, locale: 'nl' } as never, 'nl');
  const settings = { timeZone: TZ, retentionDays: RETENTION, enthusiastPct: 50, regularPct: 50, now };
  const time = async (q: AnalyticsQuery) => {
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await analyticsReport(actor, q, settings);
      samples.push(performance.now() - t0);
    }
    return median(samples);
  };
  const rollupSections = ['active', 'activity', 'news', 'questions', 'profile'] as const;
  const report12 = await time({ weeks: 12, sections: rollupSections });
  const report52 = await time({ weeks: 52, sections: rollupSections });
  const types13 = await time({ weeks: 13, sections: ['types'] });
  const whole12 = await time({ weeks: 12 });
  // Where the 12-week report's time goes: each section alone (median of the same runs).
  const perSection: Record<string, number> = {};
  for (const section of [...rollupSections, 'types'] as const)
    perSection[section] = await time({ weeks: 12, sections: [section] });

  // One bigger sweep: the retention shortened to 60 days deletes a month at once.
  const t = performance.now();
  const shortened = await sweepEngagement({ timeZone: TZ, retentionDays: 60, now });
  const bigSweepMs = performance.now() - t;

  return {
    size,
    inserted,
    eventsInWindow,
    rawDocs,
    rawPerMonth: (rawBytes / rawDocs) * (inserted / months),
    rawBytes,
    rollupDocs,
    rollupPerMonth: rollupBytes / rollupMonths,
    rollupMsPerWeek: rollupMs / WEEKS,
    sweepMsPerWeek: sweepMs / WEEKS,
    sweptEvents,
    report12,
    report52,
    types13,
    whole12,
    perSection,
    bigSweep: { deleted: shortened.deleted, ms: bigSweepMs },
  };
}

async function main() {
  const external = process.env.MONGODB_URI;
  console.log(
    `bench:analytics on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'cpu'}), load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, ${WEEKS} weeks, raw events kept ${RETENTION} days, ${RUNS} runs per report (median)`,
  );
  const results = [];
  for (const size of SIZES) {
    const db = external ? undefined : await startLocalDb({ log: () => undefined });
    await mongoose.connect(external ?? db!.uri, { dbName: `ids_analytics_bench_${size}_${Date.now()}` });
    await Promise.all(Object.values(mongoose.models).map((m) => m.init()));
    try {
      results.push(await measure(size));
    } finally {
      if (external) await mongoose.connection.db?.dropDatabase();
      await mongoose.disconnect();
      await db?.close();
    }
  }
  console.log(
    `\nload after: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  for (const r of results) {
    console.log(
      `\n${r.size.toLocaleString('en')} people, ${r.inserted.toLocaleString('en')} events simulated in ${WEEKS} weeks, rollups for ${YEAR} weeks`,
    );
    console.log(`  report from rollups, 12 weeks (5 sections):  ${ms(r.report12)}`);
    console.log(`  report from rollups, 52 weeks (5 sections):  ${ms(r.report52)}`);
    console.log(`  user types from raw events, 13 weeks:        ${ms(r.types13)}`);
    console.log(`  whole report, 12 weeks (with user types):    ${ms(r.whole12)}`);
    console.log(
      `  each section alone, 12 weeks: ${Object.entries(r.perSection)
        .map(([s, t]) => `${s} ${ms(t)}`)
        .join(', ')}`,
    );
    console.log(
      `  raw events per month:   ${mb(r.rawPerMonth)} (${Math.round(r.inserted / ((WEEKS * 7) / 30.44)).toLocaleString('en')} events); kept now ${r.rawDocs.toLocaleString('en')} = ${mb(r.rawBytes)}`,
    );
    console.log(
      `  rollups per month:      ${mb(r.rollupPerMonth)} (${r.rollupDocs.toLocaleString('en')} documents for the whole period)`,
    );
    console.log(
      `  rollup job per week:    ${ms(r.rollupMsPerWeek)}; retention sweep per week: ${ms(r.sweepMsPerWeek)} (${r.sweptEvents.toLocaleString('en')} events deleted over the year)`,
    );
    console.log(
      `  sweep of a month at once (retention 90 → 60 days): ${r.bigSweep.deleted.toLocaleString('en')} events in ${ms(r.bigSweep.ms)}`,
    );
  }
}

await main();
process.exit(0);
