import { expect } from 'chai';
import { useTestStore } from '../support/db.js';
import { aDepartment, aPerson, actorOf, completeProfile, withPhoto, type PersonRecord } from '../support/factories.js';
import { Delivery } from '../../models/delivery.js';
import { Campaign } from '../../models/nudge.js';
import { Person } from '../../models/person.js';
import { AppError } from '../../core/errors.js';
import { endCampaign, reportCompleteDepartments, startCampaign } from '../../core/nudges/campaigns.js';
import { departmentLeaderboard } from '../../core/nudges/leaderboard.js';
import { challengeRenderer } from '../../core/nudges/render.js';
import { parseConfig } from '../../config/index.js';
import { validateCard } from '../../cards/validate.js';
import type { AdaptiveCard } from '../../cards/adaptive.js';

const full = { ...completeProfile, jobTitle: 'Boomverzorger', officeLocation: 'Gemeentewerf' };

describe('core/nudges: the department challenge', () => {
  useTestStore();
  let communicators: PersonRecord[];
  let boss: PersonRecord;

  beforeEach(async () => {
    await Promise.all([Delivery.deleteMany({}), Campaign.deleteMany({}), Person.deleteMany({})]);
    communicators = [
      await aPerson({ roles: ['communicator'] }),
      await aPerson({ roles: ['communicator', 'ambassador'] }),
    ];
    boss = await aPerson();
  });

  async function member(department: { _id: import('mongoose').Types.ObjectId; name: string }, complete = true) {
    const p = await aPerson({ ...(complete ? full : { ...full, bio: undefined }), department, manager: boss });
    await withPhoto(p);
    return p;
  }
  const challengeCards = () => Delivery.find({ kind: 'challenge' }).lean();

  it('tells every communicator once per department per campaign, when its last active member completes', async () => {
    const dept = await aDepartment({ name: 'Boomverzorging' });
    for (let i = 0; i < 4; i++) await member(dept);
    const last = await member(dept, false);
    const left = await member(dept, false);
    await Person.updateOne({ _id: left._id }, { $set: { active: false } }); // a leaver does not hold them back

    await startCampaign(actorOf(communicators[0]!), { name: 'Smoothies voor de eerste' });
    expect((await reportCompleteDepartments({})).reported).to.deep.equal([]);

    await Person.updateOne({ _id: last._id }, { $set: { bio: 'Nu compleet.' } });
    expect((await reportCompleteDepartments({})).reported).to.deep.equal([dept._id.toString()]);
    const cards = await challengeCards();
    expect(cards.map((c) => c.personId?.toString()).sort()).to.deep.equal(
      communicators.map((c) => c._id.toString()).sort(),
    );

    // Again, after a dip and a return: nothing new in this campaign.
    expect((await reportCompleteDepartments({})).reported).to.deep.equal([]);
    await Person.updateOne({ _id: last._id }, { $unset: { bio: 1 } });
    await reportCompleteDepartments({});
    await Person.updateOne({ _id: last._id }, { $set: { bio: 'Weer compleet.' } });
    await Promise.all([reportCompleteDepartments({}), reportCompleteDepartments({})]);
    expect(await challengeCards()).to.have.length(2);

    // A new campaign celebrates it again.
    await endCampaign(actorOf(communicators[1]!));
    expect((await reportCompleteDepartments({})).reported).to.deep.equal([]);
    await startCampaign(actorOf(communicators[1]!), {});
    expect((await reportCompleteDepartments({})).reported).to.have.length(1);
    expect(await challengeCards()).to.have.length(4);

    const config = parseConfig({});
    const card = await challengeRenderer(config).render(cards[0]!, {
      audience: 'personal',
      locale: 'nl',
      person: (await Person.findById(communicators[0]!._id).lean())!,
    });
    const content = (card as { message: { card: AdaptiveCard } }).message.card;
    expect(validateCard(content).warnings).to.deep.equal([]);
    expect(JSON.stringify(content)).to.contain('Alle 5 collega’s van Boomverzorging hebben hun profiel compleet');
    expect(JSON.stringify(content)).to.contain('Smoothies voor de eerste');
  });

  it('is run by communicators only, one campaign at a time', async () => {
    const someone = await aPerson();
    const refused = await startCampaign(actorOf(someone), {}).catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(AppError);
    expect((refused as AppError).status).to.equal(403);
    await startCampaign(actorOf(communicators[0]!), {});
    const twice = await startCampaign(actorOf(communicators[1]!), {}).catch((e: unknown) => e);
    expect((twice as AppError).status).to.equal(409);
    await endCampaign(actorOf(communicators[1]!));
    expect(((await endCampaign(actorOf(communicators[1]!)).catch((e: unknown) => e)) as AppError).status).to.equal(409);
  });

  it('ranks departments by their share of complete profiles and folds those under five people', async () => {
    const [a, b, small] = await Promise.all([aDepartment(), aDepartment(), aDepartment()]);
    for (let i = 0; i < 5; i++) await member(a, i < 4); // 80%
    for (let i = 0; i < 5; i++) await member(b); // 100%
    for (let i = 0; i < 2; i++) await member(small);
    const board = await departmentLeaderboard();
    const rows = board.departments;
    expect(rows.map((r) => [r.name ?? 'folded', r.completeShare, r.rank])).to.deep.equal([
      [b.name, 100, 1],
      [a.name, 80, 2],
    ]);
    // Two small-department people plus the three without a department count for the organisation only.
    expect(board.organisation.people).to.equal(15);
    expect(rows.some((r) => r.departmentId === small._id.toString())).to.equal(false);
  });
});
