import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { refreshDirectory, startTestServer, type TestServer } from '../support/server.js';
import { aPerson, type PersonFields, type PersonRecord } from '../support/factories.js';
import { startBotConnector, type BotConnectorStandIn } from '../support/bot-connector.js';
import { lastMessageId, postActivity, teamsMessage } from '../support/activities.js';
import { Person } from '../../models/person.js';
import { ConversationRef } from '../../models/delivery.js';

describe('bot: finding a colleague (end to end over /api/messages)', () => {
  let server: TestServer;
  let connector: BotConnectorStandIn;
  let asker: PersonRecord;
  let jelte: PersonRecord;
  let privateMobile: PersonRecord;
  let shared: PersonRecord;
  let unbound: PersonRecord;
  const numbers = {
    jelte: '020 555 1234',
    privateMobile: '06 1111 2222',
    shared: '06 3333 4444',
    unbound: '06 5555 6666',
  };

  before(async function () {
    this.timeout(60_000);
    connector = await startBotConnector();
    server = await startTestServer({ SEED_DEMO: 'false' });
    const known = (fields: PersonFields = {}) => aPerson({ aadObjectId: randomUUID(), ...fields });
    asker = await known();
    jelte = await known({ givenName: 'Jelte', surname: 'de Boer', businessPhone: numbers.jelte });
    for (const surname of ['Bakker', 'Visser', 'Smit']) await known({ givenName: 'Sanne', surname });
    privateMobile = await known({ mobilePhone: numbers.privateMobile, mobileVisibility: 'private' });
    shared = await known({ mobilePhone: numbers.shared, mobileVisibility: 'organisation' });
    // Known to Teams, but not yet bound to a Teams identity in the directory.
    unbound = await aPerson({ mobilePhone: numbers.unbound, mobileVisibility: 'private' });
    // Development's stand-in for whoever it cannot place (the Emulator, Web Chat).
    await known({ roles: ['communicator'] });
    await refreshDirectory(server);
  });
  after(async () => {
    await server?.stop();
    await connector?.stop();
  });
  beforeEach(() => connector.clear());

  const activity = (overrides: Record<string, unknown> = {}) => teamsMessage(connector.serviceUrl, asker, overrides);

  const send = (body: object) => postActivity(server.url, body);

  function cardOf(sent: { body: Record<string, any> }) {
    const att = sent.body.attachments?.[0];
    expect(att?.contentType).to.equal('application/vnd.microsoft.card.adaptive');
    return att.content;
  }

  it('answers "wat is het nummer van Jelte?" with Jelte\'s person card carrying the number', async () => {
    const res = await send(activity({ text: 'wat is het nummer van Jelte?' }));
    expect(res.status).to.equal(200);
    const [reply] = await connector.waitFor(1);
    expect(reply!.replyToId).to.equal(lastMessageId());
    const card = JSON.stringify(cardOf(reply!));
    expect(card).to.include(jelte.displayName);
    expect(card).to.include(numbers.jelte);
    expect(card).to.include('Bellen');
    expect(card).to.include('https://teams.microsoft.com/l/call/0/0?users=');
  });

  it('answers in English when the user writes English', async () => {
    await send(activity({ text: 'what is the phone number of Jelte', locale: 'en-US' }));
    const [reply] = await connector.waitFor(1);
    const card = JSON.stringify(cardOf(reply!));
    expect(card).to.include('Call');
    expect(card).to.include(jelte.displayName);
  });

  it('offers a pick list for an ambiguous first name, whose button opens that card', async () => {
    const name = 'Sanne';
    await send(activity({ text: `nummer van ${name}` }));
    const [reply] = await connector.waitFor(1);
    const card = cardOf(reply!);
    const actions = JSON.stringify(card).match(/"verb":"showPerson","personId":"([0-9a-f]{24})"/g) ?? [];
    expect(actions.length).to.equal(3);
    const personId = /"personId":"([0-9a-f]{24})"/.exec(actions[0]!)![1]!;
    connector.clear();
    await send(activity({ text: undefined, value: { verb: 'showPerson', personId } }));
    const [second] = await connector.waitFor(1);
    const chosen = await Person.findById(personId).lean();
    expect(JSON.stringify(cardOf(second!))).to.include(chosen!.displayName);
  });

  it('says "did you mean" when nobody matches', async () => {
    await send(activity({ text: 'wie is Xqzwv Plofkraan' }));
    const [reply] = await connector.waitFor(1);
    const card = JSON.stringify(cardOf(reply!));
    expect(card).to.match(/Niemand gevonden/);
    expect(card).to.match(/wie weet iets van/i);
  });

  it('shows a private mobile number to nobody else, and not in a channel', async () => {
    await send(activity({ text: `nummer van ${privateMobile.displayName}` }));
    const [reply] = await connector.waitFor(1);
    const card = JSON.stringify(cardOf(reply!));
    expect(card).to.include(privateMobile.displayName);
    expect(card).not.to.include(numbers.privateMobile);
  });

  it('answers in a channel when mentioned, with only what every colleague may see', async () => {
    await send(
      activity({
        text: `<at>Ids</at> nummer van ${shared.displayName}`,
        conversation: {
          id: '19:channel@thread.tacv2;messageid=1',
          conversationType: 'channel',
          isGroup: true,
          tenantId: 'tenant-1',
        },
        entities: [{ type: 'mention', text: '<at>Ids</at>', mentioned: { id: '28:ids-bot', name: 'Ids' } }],
      }),
    );
    const [reply] = await connector.waitFor(1);
    const card = JSON.stringify(cardOf(reply!));
    expect(card).to.include(shared.displayName);
    expect(card).to.include(numbers.shared);
  });

  it('answers the Emulator with plain text and markdown links', async () => {
    await send(
      activity({ channelId: 'emulator', text: 'nummer van Jelte', from: { id: 'emulator-user', name: 'User' } }),
    );
    const [reply] = await connector.waitFor(1);
    expect(reply!.body.attachments ?? []).to.have.length(0);
    expect(reply!.body.text).to.include(jelte.displayName);
    expect(reply!.body.text).to.match(/\]\(tel:\+31\d+\)/);
  });

  it('gives a guest no directory data', async () => {
    connector.members.set('29:guest-1', {
      id: '29:guest-1',
      name: 'Gast',
      aadObjectId: '77777777-0000-0000-0000-000000000001',
      email: 'gast@extern.example',
      userRole: 'guest',
    });
    await send(
      activity({
        text: 'nummer van Jelte',
        from: { id: '29:guest-1', name: 'Gast', aadObjectId: '77777777-0000-0000-0000-000000000001' },
      }),
    );
    const [reply] = await connector.waitFor(1);
    expect(reply!.body.attachments ?? []).to.have.length(0);
    expect(reply!.body.text).to.match(/Gasten/);
    expect(JSON.stringify(reply!.body)).not.to.include(jelte.displayName);
  });

  it('matches a Teams user without a bound aadObjectId by the email the Bot Connector returns', async () => {
    const other = unbound;
    connector.members.set('29:by-email', {
      id: '29:by-email',
      name: other.displayName,
      email: other.email,
      userRole: 'user',
    });
    await send(activity({ text: `nummer van ${other.email}`, from: { id: '29:by-email', name: other.displayName } }));
    const [reply] = await connector.waitFor(1);
    // The person sees their own card, so their own private mobile number is there.
    const card = JSON.stringify(cardOf(reply!));
    expect(card).to.include(other.displayName);
    expect(card, card).to.include(numbers.unbound);
  });

  it('answers a message-extension query with up to 25 people, previews and full cards', async () => {
    const res = await send(
      activity({
        type: 'invoke',
        name: 'composeExtension/query',
        text: undefined,
        value: {
          commandId: 'searchPeople',
          parameters: [{ name: 'query', value: 'Jelte' }],
          queryOptions: { skip: 0, count: 25 },
        },
      }),
    );
    expect(res.status).to.equal(200);
    const body = await res.json();
    expect(body.composeExtension.type).to.equal('result');
    const atts = body.composeExtension.attachments as Array<{
      content: unknown;
      preview: { content: { title: string } };
    }>;
    expect(atts.length).to.be.within(1, 25);
    expect(atts[0]!.preview.content.title).to.include('Jelte');
    const card = JSON.stringify(atts[0]!.content);
    expect(card).to.include(jelte.displayName);
  });

  it('never puts a private mobile number into a message-extension card', async () => {
    const res = await send(
      activity({
        type: 'invoke',
        name: 'composeExtension/query',
        text: undefined,
        value: { commandId: 'searchPeople', parameters: [{ name: 'query', value: privateMobile.displayName }] },
      }),
    );
    const text = await res.text();
    expect(text).to.include(privateMobile.displayName);
    expect(text).not.to.include(numbers.privateMobile);
  });

  it('greets a personal install with the help card and remembers the conversation', async () => {
    await ConversationRef.deleteMany({ personId: asker._id.toString() });
    const res = await send(activity({ type: 'installationUpdate', action: 'add', text: undefined }));
    expect(res.status).to.equal(200);
    const [reply] = await connector.waitFor(1);
    const card = JSON.stringify(cardOf(reply!));
    expect(card).to.include('Wat kan Ids voor je doen?');
    const ref = await ConversationRef.findOne({ personId: asker._id.toString() }).lean();
    expect(ref?.conversationId).to.equal(`a:personal-${asker._id}`);
    expect(ref?.serviceUrl).to.equal(connector.serviceUrl);
  });

  it('does not take a Web Chat client at its word about who it is', async () => {
    const owner = privateMobile;
    await ConversationRef.deleteMany({ teamsUserId: 'webchat-impostor' });
    await send(
      activity({
        channelId: 'webchat',
        text: `nummer van ${owner.email}`,
        from: { id: 'webchat-impostor', name: owner.displayName, aadObjectId: owner.aadObjectId },
      }),
    );
    const [reply] = await connector.waitFor(1);
    const card = JSON.stringify(cardOf(reply!));
    expect(card).to.include(owner.displayName);
    // Had the claimed aadObjectId been believed, the owner's own private mobile would show.
    expect(card).not.to.include(numbers.privateMobile);
    // Development's stand-in identity collects nobody's proactive messages.
    expect(await ConversationRef.countDocuments({ teamsUserId: 'webchat-impostor' })).to.equal(0);
  });

  it('keeps personal data and message text out of the logs', () => {
    const logs = server.logLines.join('\n');
    expect(logs.length).to.be.greaterThan(0);
    for (const secret of [jelte.email, jelte.displayName, numbers.privateMobile, 'wat is het nummer', asker.email]) {
      expect(logs, secret).not.to.include(secret);
    }
  });
});
