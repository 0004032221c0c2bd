import { expect } from 'chai';
import type { Types } from 'mongoose';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  startBotConnector,
  TEAMS_LIMITS,
  type BotConnectorStandIn,
  type SentActivity,
} from '../support/bot-connector.js';
import { postActivity, teamsMessage } from '../support/activities.js';
import {
  aDepartment,
  aPerson,
  completeProfile,
  withPhoto,
  type DepartmentRecord,
  type PersonRecord,
} from '../support/factories.js';
import { validateCard } from '../../cards/validate.js';
import { Delivery } from '../../models/delivery.js';
import { Person } from '../../models/person.js';
import { NudgeState } from '../../models/nudge.js';

/**
 * Nudges as a person meets them: the job's card arrives in their chat with Ids (through the
 * outbox, the worker and the Bot Connector stand-in), they fill in the missing field in the card
 * (Action.Execute), a malformed number or an over-long "about" is refused in the card, "stop" and
 * the card's button switch nudges off, "herinneringen aan" on again, and the communication team
 * hears once when a department is complete.
 */
describe('nudges: in the chat, end to end', function () {
  this.timeout(60000);
  let connector: BotConnectorStandIn;
  let server: TestServer;
  /** Tuesday 1 December 2026, 10:00 in Amsterdam. */
  const tuesday = new Date('2026-12-01T09:00:00Z');
  const days = (n: number) => new Date(tuesday.getTime() + n * 86_400_000);

  before(async () => {
    connector = await startBotConnector({ limits: TEAMS_LIMITS });
    server = await startTestServer({
      SEED_DEMO: 'false',
      DELIVERY_POLL_MS: '50',
      DELIVERY_RETRY_BASE_MS: '50',
      TEAMS_SERVICE_URL: connector.serviceUrl,
    });
  });
  after(async () => {
    await server?.stop();
    await connector?.stop();
  });
  beforeEach(async () => {
    await Promise.all([Delivery.deleteMany({ kind: { $in: ['nudge', 'challenge'] } }), NudgeState.deleteMany({})]);
    connector.clear();
  });

  const chatOf = (who: { _id: Types.ObjectId }) => `a:personal-${who._id}`;
  const send = async (body: object) => {
    const res = await postActivity(server.url, body);
    expect(res.status, await res.clone().text()).to.equal(200);
    return res;
  };
  const say = (who: PersonRecord, text: string) => send(teamsMessage(connector.serviceUrl, who, { text }));
  const invoke = async (who: PersonRecord, verb: string, data: Record<string, unknown> = {}, locale = 'nl-NL') => {
    const res = await send(
      teamsMessage(connector.serviceUrl, who, {
        locale,
        type: 'invoke',
        name: 'adaptiveCard/action',
        text: undefined,
        value: {
          action: { type: 'Action.Execute', verb, data },
          trigger: verb === 'nudgeRefresh' ? 'automatic' : 'manual',
        },
      }),
    );
    const body = await res.json();
    expect(body.statusCode).to.equal(200);
    expect(body.type).to.equal('application/vnd.microsoft.card.adaptive');
    expect(validateCard(body.value).warnings).to.deep.equal([]);
    return { card: body.value, text: JSON.stringify(body.value) };
  };
  const cardOf = (a: SentActivity) => a.body.attachments?.[0]?.content;
  const nudgeCardsFor = (who: PersonRecord) =>
    connector.sent.filter(
      (a) => a.conversationId === chatOf(who) && JSON.stringify(cardOf(a) ?? {}).includes('nudgeSave'),
    );

  let manager: PersonRecord;
  /** A colleague with Ids installed, missing the fields in `leave`. */
  async function colleague(
    department: DepartmentRecord,
    leave: Array<keyof typeof completeProfile> = [],
    extra: { roles?: Array<'communicator'>; locale?: 'nl' | 'en' } = {},
  ) {
    manager ??= await aPerson();
    const fields = Object.fromEntries(Object.entries(completeProfile).filter(([k]) => !leave.includes(k as never)));
    const p = await aPerson({
      ...fields,
      ...extra,
      department,
      manager,
      aadObjectId: `aad-${department._id}-${Math.random()}`,
    });
    await withPhoto(p);
    await send(teamsMessage(connector.serviceUrl, p, { type: 'installationUpdate', action: 'add', text: undefined }));
    return p;
  }

  it('a nudge arrives in the chat; the missing number is filled in inside the card, a malformed one is refused', async () => {
    const dept = await aDepartment();
    const p = await colleague(dept, ['businessPhone']);
    connector.clear();
    const round = await server.services.nudges.runRound(tuesday);
    expect(round.nudged).to.be.at.least(1);
    await connector.until(() => nudgeCardsFor(p).length === 1, 10_000, 'the nudge card');
    const card = cardOf(nudgeCardsFor(p)[0]!);
    expect(validateCard(card).warnings).to.deep.equal([]);
    expect(JSON.stringify(card)).to.contain('Met je werknummer in je profiel vinden ze je sneller');
    expect(
      card.body.filter((e: { type: string }) => e.type === 'Input.Text').map((e: { id: string }) => e.id),
    ).to.deep.equal(['businessPhone']);

    const refused = await invoke(p, 'nudgeSave', { shown: ['businessPhone'], businessPhone: '12-ab' });
    expect(refused.text).to.contain('Niet opgeslagen');
    expect(refused.text).to.contain('‘12-ab’ is geen geldig telefoonnummer');
    expect(refused.card.body.find((e: { id?: string }) => e.id === 'businessPhone').value).to.equal('12-ab');
    expect((await Person.findById(p._id).lean())?.businessPhone).to.equal(undefined);

    const saved = await invoke(p, 'nudgeSave', { shown: ['businessPhone'], businessPhone: '0515 48 12 34' });
    expect(saved.text).to.contain('Dank je! Je profiel is compleet');
    expect((await Person.findById(p._id).lean())?.businessPhone?.e164).to.equal('+31515481234');
    // The same profile in the tab: complete, nothing left to ask.
    const me = (await fetch(`${server.url}/api/me`, { headers: { 'x-ids-dev-user': p.email } }).then((r) =>
      r.json(),
    )) as {
      completeness: { score: number; missing: string[] };
    };
    expect(me.completeness).to.deep.include({ score: 100, missing: [] });
  });

  it('an over-long "about" is refused in the card, in English for an English speaker, and nothing is stored', async () => {
    const p = await colleague(await aDepartment(), ['bio', 'skills'], { locale: 'en' });
    const refused = await invoke(
      p,
      'nudgeSave',
      { shown: ['skills', 'bio'], skills: 'paspoorten', bio: 'x'.repeat(2001) },
      'en-GB',
    );
    expect(refused.text).to.contain('About me can be at most 2000 characters long.');
    const stored = (await Person.findById(p._id).lean())!;
    expect(stored.bio).to.equal(undefined);
    expect(stored.skills).to.deep.equal([]);
    const empty = await invoke(p, 'nudgeSave', { shown: ['bio'], bio: '   ' }, 'en-GB');
    expect(empty.text).to.contain('Fill something in first');
    const saved = await invoke(
      p,
      'nudgeSave',
      { shown: ['skills', 'bio'], skills: 'passports; driving licences', bio: 'At the desk.' },
      'en-GB',
    );
    expect(saved.text).to.contain('Your profile is complete');
    expect((await Person.findById(p._id).lean())?.skills).to.deep.equal(['passports', 'driving licences']);
  });

  it('"stop" and the card’s button switch nudges off, "herinneringen aan" on again', async () => {
    const p = await colleague(await aDepartment(), ['bio']);
    connector.clear();
    await say(p, 'stop');
    await connector.until(() => connector.sent.some((a) => a.conversationId === chatOf(p)), 5000, 'the reply');
    expect(connector.sent.at(-1)?.body.text).to.contain('ik stuur je geen herinneringen meer');
    expect((await Person.findById(p._id).lean())?.nudgesOptOut).to.equal(true);
    const nudgesOf = () => Delivery.countDocuments({ kind: 'nudge', personId: p._id });
    await server.services.nudges.runRound(tuesday);
    expect(await nudgesOf()).to.equal(0);

    await say(p, 'Herinneringen aan');
    expect((await Person.findById(p._id).lean())?.nudgesOptOut).to.equal(false);
    await server.services.nudges.runRound(days(1));
    await connector.until(() => nudgeCardsFor(p).length === 1, 10_000, 'the nudge card');

    const out = await invoke(p, 'nudgeOptOut');
    expect(out.text).to.contain('Je krijgt geen herinneringen meer');
    expect((await Person.findById(p._id).lean())?.nudgesOptOut).to.equal(true);
    // The card, when Teams shows it again, says so too; and the next period brings nothing.
    expect((await invoke(p, 'nudgeRefresh')).text).to.contain('Je krijgt geen herinneringen meer');
    await server.services.nudges.runRound(days(16));
    expect(await nudgesOf()).to.equal(1);
  });

  it('the communication team hears exactly once when the last member of a department completes in the card', async () => {
    const comms = await colleague(await aDepartment(), [], { roles: ['communicator'] });
    const start = await fetch(`${server.url}/api/campaigns`, {
      method: 'POST',
      headers: { 'x-ids-dev-user': comms.email, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Smoothies' }),
    });
    expect(start.status, await start.clone().text()).to.equal(201);
    const dept = await aDepartment({ name: `Belastingen ${Date.now()}` });
    const members = [];
    for (let i = 0; i < 4; i++) members.push(await colleague(dept));
    const last = await colleague(dept, ['jobTitle']);
    connector.clear();
    await invoke(last, 'nudgeSave', { shown: ['jobTitle'], jobTitle: 'Medewerker belastingen' });
    const isChallenge = (a: SentActivity) =>
      a.conversationId === chatOf(comms) && JSON.stringify(cardOf(a) ?? {}).includes(dept.name);
    await connector.until(() => connector.sent.some(isChallenge), 10_000, 'the card to the communication team');
    expect(JSON.stringify(cardOf(connector.sent.find(isChallenge)!))).to.contain(`Alle 5 collega’s van ${dept.name}`);
    // Another submission and a round later: still one.
    await invoke(last, 'nudgeSave', { shown: ['jobTitle'], jobTitle: 'Senior medewerker belastingen' });
    await server.services.nudges.runRound(days(1));
    await new Promise((r) => setTimeout(r, 300));
    expect(connector.sent.filter(isChallenge)).to.have.length(1);
    const end = await fetch(`${server.url}/api/campaigns/current/end`, {
      method: 'POST',
      headers: { 'x-ids-dev-user': comms.email, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(end.status).to.equal(200);
  });
});
