import { expect } from 'chai';
import sharp from 'sharp';
import type { Frame } from 'playwright-core';
import { localContext } from '../support/browser.js';
import { DEFAULT_TEAM, type TeamsHost } from '../support/teams-host.js';
import { screenReady, seriousViolations, useTeamsTab, type TabOptions } from '../support/tab.js';
import { eventually } from '../support/uploads.js';
import { phoneProblems } from '../support/layout.js';
import {
  aComment,
  aDepartment,
  aGroup,
  aPerson,
  aPost,
  type DepartmentRecord,
  type GroupRecord,
  type PersonRecord,
} from '../support/factories.js';
import { tabLink } from '../../core/links.js';
import { Comment, Like, Post } from '../../models/post.js';
import { Person } from '../../models/person.js';
import { reindexPerson } from '../../core/people/profile.js';
import { ConversationRef, PostReceipt } from '../../models/delivery.js';
import { saveConversation } from '../../core/delivery/conversations.js';
import { startBotConnector } from '../support/bot-connector.js';

// Browser globals inside evaluate() callbacks (the root tsconfig has no DOM types).
declare const getComputedStyle: any;

/**
 * The tab in a real browser, inside a local Teams that speaks teams-js's protocol and hands out
 * SSO tokens signed by the Entra ID stand-in: the production sign-in path, no development header.
 */
describe('tab: the screens, inside Teams, signed in with SSO', function () {
  this.timeout(60_000);
  let groen: DepartmentRecord;
  let burgerzaken: DepartmentRecord;
  let communicator: PersonRecord;
  let manager: PersonRecord;
  let worker: PersonRecord;
  let colleague: PersonRecord;
  let crew: GroupRecord;
  let qa: GroupRecord;
  let pinnedId: string;
  let ackId: string;
  let questionId: string;
  // The world of these tests; useTeamsTab refreshes the directory after it.
  const teams = useTeamsTab(async () => {
    groen = await aDepartment({ name: 'Groenbeheer' });
    burgerzaken = await aDepartment({ name: 'Burgerzaken' });
    communicator = await aPerson({
      roles: ['communicator'],
      department: burgerzaken,
      givenName: 'Femke',
      surname: 'Dijkstra',
      jobTitle: 'Communicatieadviseur',
    });
    manager = await aPerson({
      roles: ['manager'],
      department: groen,
      givenName: 'Mara',
      surname: 'Bakker',
      jobTitle: 'Teamleider groen',
      businessPhone: { display: '0515 481234', e164: '+31515481234' },
    });
    worker = await aPerson({
      department: groen,
      givenName: 'Gijs',
      surname: 'Hovenier',
      jobTitle: 'Hovenier',
      manager,
      skills: ['Bomen', 'Snoeien'],
      officeLocation: 'Gemeentewerf',
    });
    colleague = await aPerson({
      department: groen,
      givenName: 'Anne-Roos',
      surname: 'van der Vooren',
      jobTitle: 'Boomverzorger',
      skills: ['Boomveiligheid'],
      businessPhone: { display: '0515 481299', e164: '+31515481299' },
      mobilePhone: { display: '06 12345678', e164: '+31612345678' },
      mobileVisibility: 'organisation',
      bio: 'Ik inspecteer de bomen langs de wegen.',
    });
    crew = await aGroup({ name: 'Buitendienst', admins: [manager], members: [worker, colleague] });
    qa = await aGroup({ name: 'Vraag Ids', kind: 'qa', admins: [communicator], members: [worker] });
    await aPost(communicator, { title: 'Oudere nieuwsbrief', publishedAt: new Date(Date.now() - 5 * 86400_000) });
    pinnedId = (
      await aPost(communicator, {
        title: 'Welkom op Ids',
        body: 'Het nieuwe intranet staat **in Teams**.',
        pinned: true,
        publishedAt: new Date(Date.now() - 3 * 86400_000),
      })
    )._id.toString();
    ackId = (
      await aPost(communicator, {
        title: 'Nieuwe veiligheidsregels',
        body: 'Lees dit voor je de kettingzaag gebruikt.',
        important: true,
        requiresAck: true,
      })
    )._id.toString();
    const question = await aPost(worker, {
      group: qa,
      kind: 'question',
      body: 'Waar vind ik het declaratieformulier?',
    });
    questionId = question._id.toString();
    await aComment(question, communicator, { body: 'Op de pagina van P&O.' });
    await aPost(colleague, { group: crew, body: 'De lindes aan de Kerkstraat zijn gesnoeid.' });
  });
  const open = (person: PersonRecord, options: TabOptions = {}) => teams.open(person, options);
  const home = async (host: TeamsHost) => {
    const tab = await host.openStaticTab('home');
    await screenReady(tab, 'Nieuws');
    return tab;
  };
  const articles = (tab: Frame) => tab.getByRole('article');

  describe('Home', () => {
    it('shows the feed with pinned news first, signed in through Teams SSO', async () => {
      const host = await open(worker);
      const tab = await home(host);
      const first = articles(tab).first();
      await expect(await first.getByRole('heading').textContent()).to.equal('Welkom op Ids');
      await first.getByText('Vastgezet').waitFor();
      const titles = await tab.getByRole('heading', { level: 2 }).allTextContents();
      expect(titles.slice(0, 3)).to.deep.equal(['Welkom op Ids', 'Nieuwe veiligheidsregels', 'Oudere nieuwsbrief']);
      expect(host.tokensIssued()).to.be.greaterThan(0);
      expect(host.calls('authentication.getAuthToken').length).to.be.greaterThan(0);
      // Nothing leaves for elsewhere but teams-js's own list of Teams hosts (its CDN).
      expect(host.externalRequests().filter((u) => !u.includes('/teams-js/validDomains/'))).to.deep.equal([]);
    });

    it('likes a post, comments and replies, and marks required news as read', async () => {
      const host = await open(worker);
      const tab = await home(host);
      const post = articles(tab).filter({ hasText: 'Nieuwe veiligheidsregels' });
      await post.getByRole('button', { name: 'Vind ik leuk, 0' }).click();
      await post.getByRole('button', { name: 'Je vindt dit leuk, 1' }).waitFor();
      // The button answers at once; the like is stored when the server has it.
      await eventually(
        async () => (await Like.countDocuments({ postId: ackId, personId: worker._id })) === 1,
        'the like is stored',
      );

      await post.getByRole('button', { name: 'Ik heb dit gelezen' }).click();
      await post.getByText('Gelezen', { exact: true }).waitFor();
      await eventually(
        async () => !!(await PostReceipt.findOne({ postId: ackId, personId: worker._id }).lean())?.acknowledgedAt,
        'the acknowledgement is stored',
      );

      await post.getByRole('button', { name: 'Reacties, 0' }).click();
      await post.getByText('Nog geen reacties. Schrijf de eerste.').waitFor();
      await post.getByRole('textbox', { name: 'Schrijf een reactie' }).fill('Gelezen, duidelijk!');
      await post.getByRole('button', { name: 'Reageren' }).click();
      await post.getByText('Gelezen, duidelijk!').waitFor();
      await post.getByRole('button', { name: 'Antwoorden' }).click();
      await post.getByRole('textbox', { name: /Schrijf een antwoord aan Gijs Hovenier/ }).fill('Fijn.');
      await post.getByRole('button', { name: 'Reageren' }).first().click();
      // The reply form closes once the reply is stored, and the reply stands under the comment.
      await post.getByRole('textbox', { name: /Schrijf een antwoord aan/ }).waitFor({ state: 'detached' });
      await post.getByRole('article', { name: 'Reactie van Gijs Hovenier' }).filter({ hasText: 'Fijn.' }).waitFor();
      await eventually(
        async () => (await Comment.countDocuments({ postId: ackId, parentId: { $exists: true } })) === 1,
        'the reply is stored',
      );
      expect((await Post.findById(ackId).lean())?.commentCount).to.equal(2);
    });

    it('posts a photo from the composer: made smaller in the browser, described, with progress', async () => {
      const host = await open(worker, { clientType: 'android' });
      const tab = await home(host);
      await tab.getByRole('button', { name: 'Bericht plaatsen' }).click();
      const dialog = tab.getByRole('dialog', { name: 'Bericht plaatsen' });
      await dialog.getByRole('combobox', { name: /Waar plaats je het/ }).click();
      await tab.getByRole('option', { name: 'Buitendienst' }).click();
      await dialog.getByRole('textbox', { name: 'Wat wil je delen?' }).fill('Nieuwe aanplant in het park.');
      const photo = await sharp({
        create: { width: 4000, height: 3000, channels: 3, background: { r: 40, g: 140, b: 60 } },
      })
        .jpeg({ quality: 95 })
        .toBuffer();
      await dialog.getByRole('button', { name: 'Foto maken' }).waitFor();
      await tab
        .locator('[data-testid="photo-input"]')
        .setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: photo });
      await dialog.getByRole('img', { name: 'Voorbeeld van je foto' }).waitFor();
      await dialog.getByRole('button', { name: 'Plaatsen' }).click();
      await dialog.getByText('Beschrijf kort wat er op de foto staat.').waitFor();
      await dialog.getByRole('textbox', { name: /Beschrijf de foto/ }).fill('Jonge eiken in het stadspark');
      await dialog.getByRole('button', { name: 'Plaatsen' }).click();
      await dialog.waitFor({ state: 'detached' });
      const posted = articles(tab).filter({ hasText: 'Nieuwe aanplant in het park.' });
      await posted.getByRole('img', { name: 'Jonge eiken in het stadspark' }).waitFor();
      const stored = await Post.findOne({ body: 'Nieuwe aanplant in het park.' }).lean();
      expect(stored?.groupId?.toString()).to.equal(crew._id.toString());
      const [image] = stored!.attachments;
      expect(image).to.include({ kind: 'image', alt: 'Jonge eiken in het stadspark' });
      expect(Math.max(image!.width!, image!.height!), 'resized to at most 2048 px before upload').to.be.at.most(2048);
      expect(image!.size, 'a few hundred KB rather than the original').to.be.below(photo.length);
    });
  });

  describe('People and search', () => {
    it('finds a colleague as you type and opens their page: tel: links, Teams chat and call, skills, manager', async () => {
      const host = await open(worker, { clientType: 'android' });
      const tab = await host.openStaticTab('people');
      await screenReady(tab, 'Mensen');
      await tab.getByRole('searchbox', { name: 'Zoek een collega' }).fill('anne-roos');
      await tab.getByRole('button', { name: /Anne-Roos van der Vooren/ }).click();
      await screenReady(tab, 'Anne-Roos van der Vooren');
      expect(await tab.getByRole('link', { name: 'Bel Mobiel 06 12345678' }).getAttribute('href')).to.equal(
        'tel:+31612345678',
      );
      expect(await tab.getByRole('link', { name: 'Bel Werk 0515 481299' }).getAttribute('href')).to.equal(
        'tel:+31515481299',
      );
      await tab.getByText('Ik inspecteer de bomen langs de wegen.').waitFor();
      await tab.getByText('Boomveiligheid').waitFor();
      await tab.getByRole('button', { name: 'Chat in Teams' }).click();
      await eventually(async () => host.openedLinks().length > 0, 'Teams was asked to open the chat');
      expect(JSON.stringify(host.openedLinks())).to.contain(encodeURIComponent(colleague.email).replace('%40', '@'));
      // Colleagues in the department, and back to the list.
      await tab.getByRole('heading', { name: 'Collega’s bij Groenbeheer' }).waitFor();
      await tab.getByRole('button', { name: 'Terug' }).click();
      await screenReady(tab, 'Mensen');
    });

    it('browses by department', async () => {
      const host = await open(worker);
      const tab = await host.openStaticTab('people');
      await screenReady(tab, 'Mensen');
      await tab.getByRole('button', { name: /Groenbeheer \(3 collega’s\)/ }).click();
      await tab.getByRole('button', { name: /Mara Bakker/ }).waitFor();
    });

    it('searches people and posts from one box, saying why each matched', async () => {
      const host = await open(worker);
      const tab = await host.openStaticTab('search');
      await screenReady(tab, 'Zoeken');
      await tab.getByRole('searchbox', { name: 'Zoek collega’s en berichten' }).fill('bomen');
      await tab.getByRole('button', { name: /Gijs Hovenier.*Gevonden op expertise/ }).waitFor();
      await tab.getByRole('searchbox', { name: 'Zoek collega’s en berichten' }).fill('veiligheidsregels');
      await tab.getByRole('button', { name: 'Nieuwe veiligheidsregels' }).click();
      await screenReady(tab, 'Nieuwe veiligheidsregels');
    });
  });

  describe('My profile', () => {
    it('refuses a malformed phone under its field, then saves the profile', async () => {
      const host = await open(worker, { clientType: 'android' });
      const tab = await host.openStaticTab('profile');
      await screenReady(tab, 'Mijn profiel');
      await tab.getByRole('textbox', { name: 'Mobiel nummer' }).fill('06 1234 567');
      await tab.getByRole('textbox', { name: 'Over mij' }).fill('Ik zorg voor de bomen in Noord.');
      await tab.getByRole('button', { name: 'Opslaan' }).click();
      await tab.getByText('‘06 1234 567’ is geen geldig mobiel nummer', { exact: false }).waitFor();
      expect((await Person.findById(worker._id).lean())?.bio, 'nothing stored').to.equal(undefined);
      await tab.getByRole('textbox', { name: 'Mobiel nummer' }).fill('06 87654321');
      await tab.getByRole('radio', { name: 'Alle collega’s' }).check();
      await tab.getByRole('textbox', { name: 'Nieuw onderwerp' }).fill('Stadsbomen');
      await tab.getByRole('button', { name: 'Toevoegen' }).click();
      await tab.getByRole('button', { name: 'Opslaan' }).click();
      await tab.getByText('Je profiel is opgeslagen.').first().waitFor();
      const stored = await Person.findById(worker._id).lean();
      expect(stored).to.deep.include({
        bio: 'Ik zorg voor de bomen in Noord.',
        mobileVisibility: 'organisation',
        skills: ['Bomen', 'Snoeien', 'Stadsbomen'],
      });
      expect(stored?.mobilePhone?.e164).to.equal('+31687654321');
    });

    it("takes the mobile number's visibility back to the organisation's default", async () => {
      await Person.updateOne(
        { _id: worker._id },
        { $set: { mobileVisibility: 'organisation', mobilePhone: { display: '06 87654321', e164: '+31687654321' } } },
      );
      await reindexPerson(teams.server.services.directory, worker._id);
      const mobileLink = 'a[href="tel:+31687654321"]';
      const colleagueView = await open(colleague);
      let page = await colleagueView.openDeepLink(tabLink(teams.server.config, `person:${worker._id}`));
      await screenReady(page, 'Gijs Hovenier');
      expect(await page.locator(mobileLink).count(), 'shown while chosen so').to.equal(1);

      const host = await open(worker, { clientType: 'android' });
      const tab = await host.openStaticTab('profile');
      await screenReady(tab, 'Mijn profiel');
      expect(await tab.getByRole('radio', { name: 'Alle collega’s' }).isChecked()).to.equal(true);
      // The server's MOBILE_VISIBILITY is private here: the choice names what applies then.
      const byDefault = tab.getByRole('radio', { name: 'Zoals de gemeente het instelt (nu: alleen ik)' });
      await byDefault.check();
      await tab.getByRole('button', { name: 'Opslaan' }).click();
      await tab.getByText('Je profiel is opgeslagen.').first().waitFor();
      const stored = await Person.findById(worker._id).lean();
      expect(stored, 'no choice of their own stored').to.not.have.property('mobileVisibility');
      expect(stored?.mobilePhone?.e164, 'the number itself stays').to.equal('+31687654321');
      // A colleague no longer sees it; the screen, opened again, shows the default as chosen.
      page = await colleagueView.openDeepLink(tabLink(teams.server.config, `person:${worker._id}`));
      await screenReady(page, 'Gijs Hovenier');
      expect(await page.locator(mobileLink).count()).to.equal(0);
      const again = await host.openStaticTab('profile');
      await screenReady(again, 'Mijn profiel');
      expect(
        await again.getByRole('radio', { name: 'Zoals de gemeente het instelt (nu: alleen ik)' }).isChecked(),
      ).to.equal(true);
    });
  });

  describe('Groups and questions', () => {
    it('joins a group, and filters a Q&A group on unanswered questions', async () => {
      const host = await open(colleague);
      const tab = await host.openStaticTab('groups');
      await screenReady(tab, 'Groepen');
      await tab.getByRole('tab', { name: 'Alle groepen' }).click();
      await tab.getByRole('button', { name: 'Lid worden van Vraag Ids' }).click();
      await tab.getByRole('button', { name: 'Vraag Ids verlaten' }).waitFor();
      await tab.getByRole('button', { name: 'Vraag Ids', exact: true }).click();
      await screenReady(tab, 'Vraag Ids');
      await tab.getByText('Waar vind ik het declaratieformulier?').waitFor();
      await tab.getByText('Onbeantwoord', { exact: true }).first().waitFor();
      await tab.getByRole('tab', { name: 'Onbeantwoord' }).click();
      await tab.getByText('Waar vind ik het declaratieformulier?').waitFor();
    });

    it('the asker marks the answer; the question then counts as answered', async () => {
      const host = await open(worker);
      const tab = await host.openDeepLink(tabLink(teams.server.config, `question:${questionId}`));
      await screenReady(tab);
      await tab.getByRole('button', { name: 'Dit is het antwoord' }).click();
      await tab.getByText('Het antwoord', { exact: true }).waitFor();
      await tab.getByText('Beantwoord', { exact: true }).waitFor();
      expect((await Post.findById(questionId).lean())?.answer?.commentId).to.not.equal(undefined);
    });
  });

  describe('News for communicators', () => {
    it('composes targeted, important news with a card preview and publishes it', async () => {
      const host = await open(communicator);
      const tab = await host.openUrl('/tab?view=compose');
      await screenReady(tab, 'Nieuws schrijven');
      await tab.getByRole('textbox', { name: /Titel/ }).fill('Snoeiwerk in het centrum');
      await tab.getByRole('textbox', { name: /^Tekst/ }).fill('Vanaf maandag wordt er **gesnoeid**.');
      await tab.getByRole('switch', { name: 'Iedereen in de organisatie' }).uncheck();
      await tab.getByRole('checkbox', { name: 'Groenbeheer' }).check();
      await tab.getByRole('switch', { name: 'Belangrijk' }).check();
      // The card preview is the server's card, rendered by the Adaptive Cards library.
      await tab
        .locator('[data-testid="card-preview"] .ac-adaptiveCard')
        .getByText('Snoeiwerk in het centrum')
        .waitFor();
      await tab.getByRole('button', { name: 'Publiceren' }).click();
      await screenReady(tab, 'Snoeiwerk in het centrum');
      const post = await Post.findOne({ title: 'Snoeiwerk in het centrum' }).lean();
      expect(post).to.include({ kind: 'news', important: true });
      expect(post?.audienceKeys).to.deep.equal([`dept:${groen._id}`]);
    });

    it('shows the author how news was delivered and read, and who has not confirmed yet; not a colleague', async () => {
      const post = await aPost(communicator, { title: 'Nieuwe werktijden', requiresAck: true });
      const id = post._id.toString();
      await PostReceipt.create({
        postId: post._id,
        personId: colleague._id,
        readAt: new Date(),
        acknowledgedAt: new Date(),
      });

      const host = await open(communicator);
      const tab = await host.openDeepLink(tabLink(teams.server.config, `post:${id}`));
      await screenReady(tab, 'Nieuwe werktijden');
      const report = tab.getByRole('region', { name: 'Bezorging en lezen' });
      await report.getByText('Niet als kaartje in Teams verstuurd', { exact: false }).waitFor();
      const figure = (label: string) =>
        report.locator('dl > div').filter({ has: tab.getByText(label, { exact: true }) });
      const audience = await Person.countDocuments({ active: true });
      expect(await figure('Ontvangers').locator('dd').textContent()).to.equal(String(audience));
      expect(await figure('Bevestigd').locator('dd').textContent()).to.equal('1');
      const missing = report.getByRole('region', { name: `Nog niet bevestigd (${audience - 1})` });
      await missing.getByText('Mara Bakker', { exact: false }).waitFor();
      expect(await missing.getByText('Anne-Roos van der Vooren', { exact: false }).count()).to.equal(0);
      // Fewer than 5 people per department: only "other" is shown.
      const rows = report.getByRole('row');
      expect(await rows.count()).to.equal(2);
      await rows.nth(1).getByText('Overig', { exact: false }).waitFor();

      const [file] = await Promise.all([
        host.page.waitForEvent('download'),
        report.getByRole('button', { name: 'Download wie nog niet bevestigd heeft' }).click(),
      ]);
      expect(file.suggestedFilename()).to.equal(`ids-niet-bevestigd-${id}.csv`);
      const csv = await new Promise<string>((resolve, reject) => {
        file
          .createReadStream()
          .then((stream) => {
            const parts: Buffer[] = [];
            stream.on('data', (c: Buffer) => parts.push(c));
            stream.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
            stream.on('error', reject);
          })
          .catch(reject);
      });
      expect(csv).to.include('Mara Bakker').and.not.include('Anne-Roos');

      // A colleague reads the same post without the report.
      const other = await open(worker);
      const theirs = await other.openDeepLink(tabLink(teams.server.config, `post:${id}`));
      await screenReady(theirs, 'Nieuwe werktijden');
      await theirs.getByRole('region', { name: 'Reacties' }).waitFor();
      expect(await theirs.getByRole('region', { name: 'Bezorging en lezen' }).count()).to.equal(0);
    });

    it('is refused to a colleague without the role, with what to do instead', async () => {
      const host = await open(worker);
      const tab = await host.openUrl('/tab?view=compose');
      await screenReady(tab, 'Nieuws schrijven');
      await tab
        .getByText('Alleen het communicatieteam en leidinggevenden schrijven nieuws.', { exact: false })
        .waitFor();
    });
  });

  describe('Teams around the tab', () => {
    it('follows the bot’s deep links to a post and a person', async () => {
      const host = await open(worker);
      let tab = await host.openDeepLink(tabLink(teams.server.config, `post:${pinnedId}`));
      await screenReady(tab, 'Welkom op Ids');
      await tab.getByRole('region', { name: 'Reacties' }).waitFor();
      // The post's title is the page's heading, drawn once (not again as the card's heading).
      expect(await tab.getByText('Welkom op Ids', { exact: true }).count()).to.equal(1);
      expect(await tab.getByRole('heading', { level: 1 }).count()).to.equal(1);
      tab = await host.openDeepLink(tabLink(teams.server.config, `person:${manager._id}`));
      await screenReady(tab, 'Mara Bakker');
    });

    it('switches to the dark theme live, and speaks English when Teams does', async () => {
      const host = await open(worker, { locale: 'en-us' });
      const tab = await host.openStaticTab('home');
      await screenReady(tab, 'News');
      const background = () =>
        tab
          .locator('.fui-FluentProvider')
          .first()
          .evaluate((el) => getComputedStyle(el).backgroundColor);
      const light = await background();
      await host.setTheme('dark');
      await eventually(async () => (await background()) !== light, 'the dark theme is drawn');
      expect(await tab.locator('html').getAttribute('data-theme')).to.equal('dark');
      expect(await tab.locator('html').getAttribute('lang')).to.equal('en');
      await tab
        .getByRole('button', { name: /^Like, \d+$/ })
        .first()
        .waitFor();
    });

    it('a team owner pins a group’s feed to a channel; the channel tab shows it', async () => {
      const host = await open(manager);
      const tab = await host.openConfig();
      await screenReady(tab, 'Ids toevoegen aan dit kanaal of deze chat');
      await tab.getByRole('combobox', { name: 'Welk nieuws?' }).click();
      await tab.getByRole('option', { name: 'Buitendienst' }).click();
      const saved = await host.save();
      expect(saved.ok, saved.reason).to.equal(true);
      expect(saved.config?.contentUrl).to.contain(`feed=group:${crew._id}`);
      const channel = await host.openUrl(
        saved.config!.contentUrl!.replace('{locale}', 'nl-nl').replace('{theme}', 'default'),
      );
      await screenReady(channel, 'Berichten in Buitendienst');
      await channel.getByText('De lindes aan de Kerkstraat zijn gesnoeid.').waitFor();
    });

    it("a team member sends a department's news cards to the channel from its channel tab", async () => {
      const connector = await startBotConnector();
      try {
        // Ids is in the team (its install is tested with the bot); Teams knows the manager as a member.
        await saveConversation({
          kind: 'channel',
          conversationId: DEFAULT_TEAM.channelId,
          teamId: DEFAULT_TEAM.teamId,
          serviceUrl: connector.serviceUrl,
          channelId: 'msteams',
          botId: '28:ids-bot',
        });
        const host = await open(manager);
        connector.members.set(host.user.oid, { id: `29:${manager._id}`, aadObjectId: host.user.oid });
        const tab = await host.openUrl(`/tab?view=channel&feed=department:${groen._id}&locale=nl-nl&theme=default`, {
          team: DEFAULT_TEAM,
        });
        await screenReady(tab, 'Nieuws van Groenbeheer');
        const cards = tab.getByRole('switch', { name: 'Nieuws van Groenbeheer ook als kaartje in dit kanaal' });
        await cards.waitFor();
        expect(await cards.isChecked()).to.equal(false);
        await cards.check();
        // The toast (also read out by its live region).
        await tab.getByText('Dit kanaal volgt nu het nieuws van Groenbeheer.').first().waitFor();
        const follows = async () =>
          (await ConversationRef.findOne({ conversationId: DEFAULT_TEAM.channelId }).lean())?.followsDepartmentIds?.map(
            String,
          );
        expect(await follows()).to.deep.equal([groen._id.toString()]);
        // Teams was asked whether the manager is in the team.
        expect(connector.requests.some((r) => r.op === 'member' && r.conversationId === DEFAULT_TEAM.teamId)).to.equal(
          true,
        );
        await cards.uncheck();
        await eventually(async () => (await follows())?.length === 0, 'the channel follows nothing');
      } finally {
        await ConversationRef.deleteOne({ conversationId: DEFAULT_TEAM.channelId });
        await connector.stop();
      }
    });
  });

  describe('Quality', () => {
    const screens: Array<{ name: string; open: (h: TeamsHost) => Promise<Frame>; as?: () => PersonRecord }> = [
      { name: 'home', open: (h) => h.openStaticTab('home') },
      { name: 'search', open: (h) => h.openUrl('/tab?view=search&q=bomen') },
      { name: 'people', open: (h) => h.openStaticTab('people') },
      { name: 'person', open: (h) => h.openDeepLink(tabLink(teams.server.config, `person:${colleague._id}`)) },
      { name: 'post', open: (h) => h.openDeepLink(tabLink(teams.server.config, `post:${ackId}`)) },
      { name: 'question', open: (h) => h.openDeepLink(tabLink(teams.server.config, `question:${questionId}`)) },
      { name: 'profile', open: (h) => h.openStaticTab('profile') },
      { name: 'groups', open: (h) => h.openStaticTab('groups') },
      { name: 'group', open: (h) => h.openUrl(`/tab?view=group&id=${qa._id}`) },
      { name: 'compose', open: (h) => h.openUrl('/tab?view=compose'), as: () => communicator },
      {
        name: 'post with its delivery report',
        open: (h) => h.openDeepLink(tabLink(teams.server.config, `post:${ackId}`)),
        as: () => communicator,
      },
      { name: 'config', open: (h) => h.openConfig(), as: () => manager },
      { name: 'analytics', open: (h) => h.openUrl('/tab?view=analytics'), as: () => communicator },
      { name: 'privacy', open: (h) => h.openUrl('/tab?view=privacy') },
      { name: 'a post that is gone', open: (h) => h.openUrl('/tab?view=post&id=0123456789abcdef01234567') },
    ];

    /** Visits every screen, one Teams session per person looking, and collects what `check` finds. */
    async function sweep(options: TabOptions, check: (host: TeamsHost, tab: Frame) => Promise<string[]>) {
      const found: string[] = [];
      const byPerson = new Map<PersonRecord, typeof screens>();
      for (const screen of screens) {
        const who = screen.as?.() ?? worker;
        byPerson.set(who, [...(byPerson.get(who) ?? []), screen]);
      }
      for (const [who, list] of byPerson) {
        const host = await open(who, options);
        for (const screen of list) {
          const tab = await screen.open(host);
          await screenReady(tab);
          found.push(...(await check(host, tab)).map((problem) => `${screen.name}: ${problem}`));
        }
        await teams.close(host);
      }
      return found;
    }

    for (const theme of ['default', 'dark', 'contrast'] as const) {
      it(`axe finds no serious or critical violation on any screen in the ${theme} theme`, async function () {
        this.timeout(180_000);
        expect(await sweep({ theme }, (host) => seriousViolations(host))).to.deep.equal([]);
      });
    }

    it('fits 320 px: nothing runs off the screen or into its margins, touch targets of at least 44 px', async function () {
      this.timeout(120_000);
      const problems = await sweep({ clientType: 'android', viewport: { width: 320, height: 640 } }, (_host, tab) =>
        phoneProblems(tab),
      );
      expect(problems).to.deep.equal([]);
    });

    it('works by keyboard: like a post and open comments without a mouse, focus visible', async () => {
      const host = await open(worker);
      const tab = await home(host);
      const like = articles(tab)
        .first()
        .getByRole('button', { name: /^Vind ik leuk, \d+$/ });
      await like.focus();
      const outline = await like.evaluate((el) => getComputedStyle(el, ':focus-visible').outlineStyle);
      expect(outline).to.not.equal(undefined);
      await host.page.keyboard.press('Enter');
      await articles(tab)
        .first()
        .getByRole('button', { name: /^Je vindt dit leuk, \d+$/ })
        .waitFor();
      await host.page.keyboard.press('Tab');
      await host.page.keyboard.press('Enter');
      await articles(tab).first().getByRole('region', { name: 'Reacties' }).waitFor();
    });
  });

  describe('outside Teams', () => {
    it('in production mode a plain browser explains how to open Ids in Teams', async () => {
      const context = await localContext(teams.browser, teams.server.url);
      const page = await context.newPage();
      await page.goto('/tab?locale=nl-NL');
      await page.getByRole('heading', { level: 1, name: 'Open Ids in Microsoft Teams' }).waitFor();
      expect(await page.getByRole('link', { name: 'Ids openen in Teams' }).getAttribute('href')).to.match(
        /^https:\/\/teams\.microsoft\.com\/l\/entity\//,
      );
      await context.close();
    });
  });
});
