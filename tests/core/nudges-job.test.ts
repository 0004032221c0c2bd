import { expect } from 'chai';
import type { Types } from 'mongoose';
import { parseConfig } from '../../config/index.js';
import { useTestStore } from '../support/db.js';
import { aDepartment, aPerson, completeProfile, withPhoto, type PersonRecord } from '../support/factories.js';
import { Delivery } from '../../models/delivery.js';
import { NudgeState } from '../../models/nudge.js';
import { Person } from '../../models/person.js';
import { runNudgeRound, type NudgeJobDeps } from '../../core/nudges/job.js';
import { nudgeRenderer } from '../../core/nudges/render.js';
import { scoreProfile } from '../../core/nudges/completeness.js';
import { completenessRules } from '../../core/nudges/index.js';
import { validateCard } from '../../cards/validate.js';
import type { AdaptiveCard } from '../../cards/adaptive.js';

const complete = completeProfile;

describe('core/nudges: the nudge job, with a controllable clock', () => {
  useTestStore();
  const config = parseConfig({ NUDGE_PERIOD_DAYS: '14', NUDGE_THRESHOLD: '100', NUDGE_QUIET_HOURS: '17:00-09:00' });
  const deps: NudgeJobDeps = { settings: config.nudges, timeZone: 'Europe/Amsterdam' };
  const renderer = nudgeRenderer(config);
  /** Tuesday 1 December 2026, 10:00 in Amsterdam. */
  const tuesday = new Date('2026-12-01T09:00:00Z');
  const days = (n: number, from = tuesday) => new Date(from.getTime() + n * 86_400_000);

  let manager: PersonRecord;
  beforeEach(async () => {
    await Promise.all([Delivery.deleteMany({}), NudgeState.deleteMany({}), Person.deleteMany({})]);
    // A complete colleague (their own manager, for the test's sake): never nudged.
    manager = await aPerson({ ...complete, department: await aDepartment() });
    await Person.updateOne({ _id: manager._id }, { $set: { photoId: manager._id, managerId: manager._id } });
  });

  /** A colleague with a department and a manager (never asked of them), missing what `leave` names. */
  async function colleague(
    leave: Array<keyof typeof complete | 'photo'> = ['bio'],
    extra: Record<string, unknown> = {},
    department?: { _id: Types.ObjectId; name: string },
  ) {
    department ??= await aDepartment();
    const fields = Object.fromEntries(Object.entries(complete).filter(([k]) => !leave.includes(k as never)));
    const p = await aPerson({ ...fields, department, manager, ...extra });
    if (!leave.includes('photo')) await withPhoto(p);
    return p;
  }
  const nudgesOf = (who: { _id: Types.ObjectId }) => Delivery.find({ kind: 'nudge', personId: who._id }).lean();

  it('nudges people below the threshold who can add something, once, keyed by period and person', async () => {
    const missingBio = await colleague(['bio']);
    const whole = await colleague([]);
    const onlyManagerMissing = await aPerson({ ...complete, department: await aDepartment() });
    await withPhoto(onlyManagerMissing);

    const round = await runNudgeRound(deps, tuesday);
    expect(round.closed).to.equal(undefined);
    expect(round.nudged).to.equal(1);
    const [d] = await nudgesOf(missingBio);
    expect(d?.key).to.equal(`nudge|profile|person:${missingBio._id}|${round.period}`);
    expect(await nudgesOf(whole)).to.have.length(0);
    // Only the manager is missing: nothing the person can do, so nobody asks them.
    expect(await nudgesOf(onlyManagerMissing)).to.have.length(0);

    // A rerun the same hour, and one the next day: nothing new.
    expect((await runNudgeRound(deps, tuesday)).nudged).to.equal(0);
    expect((await runNudgeRound(deps, days(1))).nudged).to.equal(0);
    expect(await nudgesOf(missingBio)).to.have.length(1);
  });

  it('while the Entra ID sync is on, never asks for what Entra owns: only for what the person sets themselves', async () => {
    const entraConfig = parseConfig({
      ENTRA_SYNC: 'on',
      ENTRA_TENANT_ID: '11111111-1111-1111-1111-111111111111',
      ENTRA_CLIENT_ID: '22222222-2222-2222-2222-222222222222',
      ENTRA_CLIENT_SECRET: 's',
    });
    const rules = completenessRules(entraConfig);
    const onlyEntraMissing = await colleague(['jobTitle', 'businessPhone']);
    const bioMissing = await colleague(['jobTitle', 'bio']);
    await runNudgeRound({ ...deps, rules }, tuesday);
    expect(await nudgesOf(onlyEntraMissing)).to.have.length(0);
    const [d] = await nudgesOf(bioMissing);
    const card = await nudgeRenderer(config, rules).render(d!, {
      audience: 'personal',
      locale: 'nl',
      person: (await Person.findById(bioMissing._id).lean())!,
    });
    const text = JSON.stringify((card as { message: { card: AdaptiveCard } }).message.card);
    expect(text).to.contain('een paar zinnen over jezelf');
    expect(text).to.not.contain('je functie');
    expect(text).to.not.contain('"id":"jobTitle"');
  });

  it('follows the threshold: at 80 only profiles under 80 are nudged', async () => {
    const at90 = await colleague(['bio']); // 90
    const at70 = await colleague(['businessPhone', 'bio']); // 70
    const lenient: NudgeJobDeps = { ...deps, settings: { ...config.nudges, threshold: 80 } };
    expect((await runNudgeRound(lenient, tuesday)).nudged).to.equal(1);
    expect(await nudgesOf(at90)).to.have.length(0);
    expect(await nudgesOf(at70)).to.have.length(1);
  });

  it('caps at one per period and never sooner than a period after the last: at most 4 in 8 weeks of daily rounds', async () => {
    const p = await colleague(['bio']);
    for (let d = 0; d < 56; d++) await runNudgeRound(deps, days(d));
    const sent = await nudgesOf(p);
    expect(sent).to.have.length(4);
    const times = sent.map((s) => s.createdAt.getTime()).sort();
    expect(new Set(sent.map((s) => s.key)).size).to.equal(sent.length);
    const state = await NudgeState.findById(p._id).lean();
    expect(state?.count).to.equal(sent.length);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).to.be.greaterThan(0);
  });

  it('sends nothing in quiet hours, at the weekend or on a Dutch public holiday', async () => {
    const p = await colleague(['bio']);
    const moments = {
      quiet_hours: new Date('2026-12-01T17:30:00Z'), // 18:30 in Amsterdam
      early: new Date('2026-12-01T07:59:00Z'), // 08:59
      weekend: new Date('2026-12-05T10:00:00Z'), // Saturday
      holiday: new Date('2026-12-25T10:00:00Z'), // Christmas Day (a Friday)
      kingsDay: new Date('2027-04-27T10:00:00Z'), // a Tuesday
    };
    for (const [what, at] of Object.entries(moments)) {
      const round = await runNudgeRound(deps, at);
      expect(round.nudged, what).to.equal(0);
      expect(round.closed, what).to.be.a('string');
    }
    expect(await nudgesOf(p)).to.have.length(0);
    expect(await NudgeState.countDocuments()).to.equal(0);
  });

  it('leaves out whoever opted out, and takes them back when they opt in again', async () => {
    const p = await colleague(['bio'], { nudgesOptOut: true });
    expect((await runNudgeRound(deps, tuesday)).nudged).to.equal(0);
    await Person.updateOne({ _id: p._id }, { $set: { nudgesOptOut: false } });
    expect((await runNudgeRound(deps, days(1))).nudged).to.equal(1);
  });

  it('two instances at the same moment: one nudge, counted once', async () => {
    const people = await Promise.all(Array.from({ length: 6 }, () => colleague(['bio', 'skills'])));
    const rounds = await Promise.all([
      runNudgeRound(deps, tuesday),
      runNudgeRound(deps, tuesday),
      runNudgeRound(deps, tuesday),
    ]);
    expect(rounds.reduce((n, r) => n + r.nudged, 0)).to.equal(people.length);
    for (const p of people) {
      expect(await nudgesOf(p)).to.have.length(1);
      expect((await NudgeState.findById(p._id).lean())?.count).to.equal(1);
    }
  });

  it('a claim whose delivery was lost (a crash in between) is made good in the same period, not counted again', async () => {
    const p = await colleague(['bio']);
    await runNudgeRound(deps, tuesday);
    await Delivery.deleteMany({ personId: p._id });
    expect((await runNudgeRound(deps, days(1))).nudged).to.equal(1);
    expect((await NudgeState.findById(p._id).lean())?.count).to.equal(1);
  });

  it('at send time: skipped when the profile was completed, the person opted out or left in the meantime', async () => {
    const [completer, quitter, leaver, waiter] = await Promise.all([
      colleague(['bio']),
      colleague(['bio']),
      colleague(['bio']),
      colleague(['bio']),
    ]);
    await runNudgeRound(deps, tuesday);
    await Person.updateOne({ _id: completer._id }, { $set: { bio: 'Nu wel ingevuld.' } });
    await Person.updateOne({ _id: quitter._id }, { $set: { nudgesOptOut: true } });
    await Person.updateOne({ _id: leaver._id }, { $set: { active: false } });
    const render = async (who: PersonRecord) => {
      const [d] = await nudgesOf(who);
      const person = (await Person.findById(who._id).lean())!;
      return renderer.render(d!, { audience: 'personal', locale: 'nl', person });
    };
    expect(await render(completer)).to.deep.equal({ skip: 'complete' });
    expect(await render(quitter)).to.deep.equal({ skip: 'opted_out' });
    expect(await render(leaver)).to.deep.equal({ skip: 'inactive' });
    const sent = await render(waiter);
    expect(sent).to.have.property('message');
    const card = (sent as { message: { card: AdaptiveCard } }).message.card;
    expect(validateCard(card).warnings).to.deep.equal([]);
    expect(JSON.stringify(card)).to.contain('een paar zinnen over jezelf');
  });

  it('gentle escalation: the first names one field; a later one shows progress and the department’s standing', async () => {
    const department = await aDepartment({ name: 'Burgerzaken' });
    const p = await colleague(['bio', 'skills', 'officeLocation'], {}, department); // 70
    for (let i = 0; i < 4; i++) await colleague([], {}, department);
    await runNudgeRound(deps, tuesday);
    const person = async () => (await Person.findById(p._id).lean())!;
    const first = await renderer.render((await nudgesOf(p))[0]!, {
      audience: 'personal',
      locale: 'nl',
      person: await person(),
    });
    const firstCard = JSON.stringify((first as { message: { card: AdaptiveCard } }).message.card);
    expect(firstCard).to.contain('waar je verstand van hebt');
    expect(firstCard).to.not.contain('waar je werkt');
    expect(firstCard.match(/"Input.Text"/g)).to.have.length(1);

    await Person.updateOne({ _id: p._id }, { $set: { skills: ['paspoorten'] } }); // 80
    await runNudgeRound(deps, days(15));
    const later = (await nudgesOf(p)).find((d) => (d.payload as { sequence: number }).sequence === 2);
    expect(later, 'a second nudge after the period').to.not.equal(undefined);
    const rendered = await renderer.render(later!, { audience: 'personal', locale: 'en', person: await person() });
    const text = JSON.stringify((rendered as { message: { card: AdaptiveCard } }).message.card);
    expect(text).to.contain('Your profile is 80% complete. At the last reminder it was 70%');
    // Four of its five are complete; the only other department (the manager's) has one person, so it is folded.
    expect(text).to.contain('Burgerzaken is number 1 of 1 departments, with 80% complete profiles.');
    expect(scoreProfile(await person()).score).to.equal(80);
  });
});
