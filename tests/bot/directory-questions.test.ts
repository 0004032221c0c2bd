import { expect } from 'chai';
import { startTestServer, type TestServer } from '../support/server.js';
import { startBotConnector, type BotConnectorStandIn } from '../support/bot-connector.js';
import { postActivity, teamsMessage } from '../support/activities.js';
import { aDepartment, aPerson, type PersonRecord } from '../support/factories.js';
import { parseCardAction } from '../../cards/actions.js';

/**
 * The questions that failed when tried as a new user would, each in Dutch and English, end to
 * end over /api/messages: an exact first name first, who works in a department (English names
 * too), someone's manager and team, pick lists that count and page, and namesakes told apart.
 */
describe('bot: directory questions beyond a name (end to end)', function () {
  this.timeout(60_000);
  let server: TestServer;
  let connector: BotConnectorStandIn;
  let asker: PersonRecord;
  let jelte: PersonRecord;
  let hylke: PersonRecord;
  let marieke: PersonRecord;
  let janBz: PersonRecord;
  let janGroen: PersonRecord;
  const BURGERZAKEN = 12;

  before(async () => {
    connector = await startBotConnector();
    server = await startTestServer({ SEED_DEMO: 'false' });
    const burgerzaken = await aDepartment({ name: 'Burgerzaken' });
    const boom = await aDepartment({ name: 'Boomverzorging' });
    const groen = await aDepartment({ name: 'Groenvoorziening' });
    asker = await aPerson({
      givenName: 'Femke',
      surname: 'Dijkstra',
      roles: ['communicator'],
      aadObjectId: '0a0a0a0a-0000-4000-8000-00000000000a',
    });
    marieke = await aPerson({
      givenName: 'Marieke',
      surname: 'Postma',
      department: burgerzaken,
      jobTitle: 'afdelingsmanager',
    });
    janBz = await aPerson({
      givenName: 'Jan',
      surname: 'de Vries',
      department: burgerzaken,
      jobTitle: 'medewerker burgerzaken',
      officeLocation: 'Stadhuis',
      manager: marieke,
    });
    await aPerson({ givenName: 'Gert-Jan', surname: 'Sikkema', department: burgerzaken, manager: marieke });
    for (let i = 0; i < BURGERZAKEN - 3; i++)
      await aPerson({
        givenName: `Baliemedewerker${String.fromCharCode(97 + i)}`,
        surname: 'Balie',
        department: burgerzaken,
        manager: marieke,
      });
    hylke = await aPerson({
      givenName: 'Hylke',
      surname: 'Terpstra',
      department: boom,
      jobTitle: 'teamleider boomverzorging',
    });
    jelte = await aPerson({
      givenName: 'Jelte',
      surname: 'de Boer',
      department: boom,
      jobTitle: 'boomverzorger',
      manager: hylke,
    });
    await aPerson({ givenName: 'Jan', surname: 'Bakker', department: boom, jobTitle: 'boomverzorger', manager: hylke });
    janGroen = await aPerson({
      givenName: 'Jan',
      surname: 'de Vries',
      department: groen,
      jobTitle: 'hovenier',
      officeLocation: 'Gemeentewerf',
    });
    await server.services.directory.refreshChanged();
  });
  after(async () => {
    await server?.stop();
    await connector?.stop();
  });
  beforeEach(() => connector.clear());

  async function ask(text: string | undefined, extra: Record<string, unknown> = {}) {
    await postActivity(server.url, teamsMessage(connector.serviceUrl, asker, { text, ...extra }));
    const [reply] = await connector.waitFor(1);
    connector.clear();
    const att = reply!.body.attachments?.[0];
    expect(att?.contentType, JSON.stringify(reply!.body)).to.equal('application/vnd.microsoft.card.adaptive');
    return att.content as Record<string, unknown>;
  }
  const texts = (card: unknown): string[] => {
    const out: string[] = [];
    JSON.stringify(card, (k, v) => {
      if (k === 'text' && typeof v === 'string') out.push(v);
      return v;
    });
    return out;
  };
  const buttons = (card: unknown) => {
    const out: Array<{ title: string; data: unknown }> = [];
    JSON.stringify(card, (_k, v) => {
      if (v && typeof v === 'object' && (v as { type?: string }).type === 'Action.Submit') out.push(v);
      return v;
    });
    return out;
  };
  const apiTotal = async (q: string) =>
    (
      (await (
        await fetch(`${server.url}/api/people/search?q=${encodeURIComponent(q)}`, {
          headers: { 'x-ids-dev-user': asker.email },
        })
      ).json()) as { total: number }
    ).total;

  it('"Jan": an exact first name ranks before names that merely contain it, and the count agrees with the API', async () => {
    const card = await ask('Jan');
    const lines = texts(card);
    const names = lines.filter((l) => /Jan|Gert/.test(l) && !/colleg/.test(l));
    expect(names.indexOf('Jan Bakker')).to.be.lessThan(names.indexOf('Gert-Jan Sikkema'));
    expect(names.slice(0, 3)).to.deep.equal(['Jan Bakker', 'Jan de Vries', 'Jan de Vries']);
    const total = await apiTotal('Jan');
    expect(lines[0]).to.equal(`Ik vond ${total} collega's voor ‘Jan’`);
    expect(total).to.equal(4);
  });

  it('"wie werkt er bij Burgerzaken?": the department with its count, and "Meer" pages on', async () => {
    const card = await ask('wie werkt er bij Burgerzaken?');
    expect(texts(card)[0]).to.equal(`${BURGERZAKEN} collega's bij Burgerzaken`);
    expect(texts(card)).to.include(`1–8 van ${BURGERZAKEN}`);
    const more = buttons(card).find((b) => b.title === 'Meer');
    expect(more, 'a Meer button').to.not.equal(undefined);
    expect(parseCardAction(more!.data)).to.deep.include({ verb: 'morePeople', offset: 8 });
    const next = await ask(undefined, { value: more!.data });
    expect(texts(next)).to.include(`9–${BURGERZAKEN} van ${BURGERZAKEN}`);
    expect(buttons(next).some((b) => b.title === 'Meer')).to.equal(false);
    const shown = [...texts(card), ...texts(next)];
    for (const name of ['Marieke Postma', 'Gert-Jan Sikkema', 'Jan de Vries']) expect(shown).to.include(name);
  });

  it('"who works at Civil Affairs?": English department names find the department', async () => {
    const card = await ask('who works at Civil Affairs?', { locale: 'en-US' });
    expect(texts(card)[0]).to.equal(`${BURGERZAKEN} colleagues at Burgerzaken`);
    expect(buttons(card).some((b) => b.title === 'More')).to.equal(true);
  });

  it('"wie is de manager van Jelte?" and "who is Jelte\'s manager?": the manager\'s card, saying so', async () => {
    const nl = texts(await ask('wie is de manager van Jelte?'));
    expect(nl[0]).to.equal('De leidinggevende van Jelte de Boer:');
    expect(nl).to.include('Hylke Terpstra');
    const en = texts(await ask("who is Jelte's manager?", { locale: 'en-US' }));
    expect(en[0]).to.equal("Jelte de Boer's manager:");
    expect(en).to.include('Hylke Terpstra');
  });

  it("a department's manager, and someone without one", async () => {
    expect(texts(await ask('wie is de manager van Burgerzaken?'))).to.include('Marieke Postma');
    await postActivity(server.url, teamsMessage(connector.serviceUrl, asker, { text: 'wie is de manager van Hylke?' }));
    const [reply] = await connector.waitFor(1);
    expect(reply!.body.text).to.equal('Voor Hylke Terpstra is geen leidinggevende bekend.');
  });

  it('"wie zitten er in het team van Jelte?": the team Jelte is in, its lead first', async () => {
    const lines = texts(await ask('wie zitten er in het team van Jelte?'));
    expect(lines[0]).to.equal("Het team van Hylke Terpstra: 3 collega's");
    expect(lines.filter((l) => /Terpstra|de Boer|Bakker/.test(l))).to.deep.equal([
      "Het team van Hylke Terpstra: 3 collega's",
      'Hylke Terpstra',
      'Jan Bakker',
      'Jelte de Boer',
    ]);
    const en = texts(await ask("who's in Hylke's team?", { locale: 'en-US' }));
    expect(en[0]).to.equal("Hylke Terpstra's team: 3 colleagues");
  });

  it('namesakes are told apart by department, job title and location; a question about one asks which', async () => {
    const list = texts(await ask('nummer van Jan de Vries'));
    expect(list).to.include('medewerker burgerzaken · Burgerzaken · Stadhuis');
    expect(list).to.include('hovenier · Groenvoorziening · Gemeentewerf');

    const choose = await ask('wie is de manager van Jan de Vries?');
    expect(texts(choose)[0]).to.equal("Wie bedoel je? Ik vond 2 collega's voor ‘Jan de Vries’");
    const picks = buttons(choose).map((b) => parseCardAction(b.data));
    expect(picks).to.deep.include({ verb: 'askAbout', question: 'manager', personId: janBz._id.toString() });
    const answer = texts(
      await ask(undefined, { value: { verb: 'askAbout', question: 'manager', personId: janBz._id.toString() } }),
    );
    expect(answer).to.include('Marieke Postma');
    expect(janGroen._id.toString()).to.not.equal(janBz._id.toString());
  });

  it('"did you mean" buttons tell namesakes apart too', async () => {
    const card = await ask('Jan de Vriez Fout');
    const titles = buttons(card).map((b) => b.title);
    expect(titles).to.include('Jan de Vries (Burgerzaken)');
    expect(titles).to.include('Jan de Vries (Groenvoorziening)');
    expect(jelte.displayName).to.equal('Jelte de Boer');
  });
});
