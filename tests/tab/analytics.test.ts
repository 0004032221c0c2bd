import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import { screenReady, seriousViolations, useTeamsTab } from '../support/tab.js';
import { aDepartment, aPerson, aPost, type PersonRecord } from '../support/factories.js';
import { EngagementEvent } from '../../models/engagement.js';
import { dayOf } from '../../core/analytics/calendar.js';

// Browser globals inside evaluate() callbacks (the root tsconfig has no DOM types).
declare const document: any;
declare const window: any;

/**
 * The engagement report, the privacy page and "Download mijn gegevens" in a real browser inside
 * the local Teams host, signed in with SSO: what a communicator sees (folded figures, the user
 * types with their definitions, a CSV), what everyone else sees (no report, a privacy page, their
 * own data), on a desktop and on a phone.
 */
describe('tab: analytics and privacy, inside Teams', function () {
  this.timeout(90_000);
  let communicator: PersonRecord;
  let worker: PersonRecord;
  const teams = useTeamsTab(async (server) => {
    const groen = await aDepartment({ name: 'Groenbeheer' });
    const balie = await aDepartment({ name: 'Publiekszaken' });
    communicator = await aPerson({
      roles: ['communicator'],
      department: balie,
      givenName: 'Femke',
      surname: 'Dijkstra',
    });
    worker = await aPerson({ department: groen, givenName: 'Gijs', surname: 'Hovenier', jobTitle: 'Hovenier' });
    const crew = [worker];
    for (let i = 0; i < 6; i++) crew.push(await aPerson({ department: groen }));
    const desk = [communicator];
    for (let i = 0; i < 4; i++) desk.push(await aPerson({ department: balie }));
    // A third department, quiet this week: without it, the total minus Groenbeheer would give
    // Publiekszaken's hidden figure away, and Groenbeheer's would be hidden too.
    const financien = await aDepartment({ name: 'Financiën' });
    for (let i = 0; i < 5; i++) await aPerson({ department: financien });
    // This week: all of Groenbeheer opened a post, two of them posted; two of the desk searched.
    const now = new Date();
    const day = dayOf(now, server.config.orgTimezone);
    await EngagementEvent.insertMany([
      ...crew.map((p) => ({ personId: p._id, departmentId: p.departmentId, kind: 'post_opened', at: now, day })),
      ...crew.slice(0, 2).map((p) => ({ personId: p._id, departmentId: p.departmentId, kind: 'post', at: now, day })),
      ...desk
        .slice(0, 2)
        .map((p) => ({ personId: p._id, departmentId: p.departmentId, kind: 'people_search', at: now, day })),
    ]);
    // More news this period than the screen lists (the newest 10; the CSV has every one).
    for (let i = 0; i < 12; i++)
      await aPost(communicator, { title: `Nieuws ${i + 1}`, publishedAt: new Date(now.getTime() - (i + 1) * 60_000) });
    await server.services.runAnalyticsJob();
  });
  const open = (person: PersonRecord, options?: Parameters<typeof teams.open>[1]) => teams.open(person, options);

  it('shows a communicator the figures per department, folded below 5, with the user types and their definitions', async () => {
    const host = await open(communicator);
    const tab = await host.openStaticTab('profile');
    await screenReady(tab, 'Mijn profiel');
    await tab.getByRole('button', { name: 'Gebruik van Ids' }).click();
    await screenReady(tab, 'Gebruik van Ids');
    const active = tab.getByRole('table', { name: 'Actieve mensen per week' });
    await active.waitFor();
    // Groenbeheer: 7 of 7 active this week; Publiekszaken: 2 people, hidden (and Financiën's 0 with
    // it, or the total would give it away).
    const groenRow = active.getByRole('row').filter({ hasText: 'Groenbeheer' });
    await expect(await groenRow.textContent()).to.include('100%');
    const deskRow = active.getByRole('row').filter({ hasText: 'Publiekszaken' });
    expect(await deskRow.textContent()).to.include('verborgen');
    // Posts this week by 2 people: folded.
    const posts = tab.getByRole('table', { name: 'berichten' });
    expect(await posts.getByRole('row').filter({ hasText: 'Groenbeheer' }).textContent()).to.include('verborgen');
    // The newest news posts, and how many more the CSV holds.
    await tab.getByRole('table', { name: 'Nieuws 1', exact: true }).waitFor();
    expect(await tab.getByRole('table', { name: 'Nieuws 11', exact: true }).count()).to.equal(0);
    await tab.getByText('Nog 2 meer in deze periode; de CSV heeft ze allemaal.').waitFor();
    // Vraag Ids is counted for the whole organisation, and says so.
    await tab.getByText('Voor de hele organisatie, ook met een afdeling gekozen', { exact: false }).waitFor();
    // The user types, with what each means.
    const types = tab.getByRole('table', { name: 'Soorten gebruikers' });
    await types.waitFor();
    expect(await types.getByRole('columnheader').allTextContents()).to.include.members([
      'Enthousiastelingen',
      'Positief afwachtenden',
      'Negatief afwachtenden',
      'Achterblijvers',
    ]);
    await tab.getByText('Zo zijn de soorten bepaald').click();
    await tab.getByText('Plaatsten een bericht, vraag of reactie in minstens 50% van de weken.').waitFor();
    expect(await seriousViolations(host)).to.deep.equal([]);

    // The CSV, as Excel opens it.
    const [download] = await Promise.all([
      host.page.waitForEvent('download'),
      tab.getByRole('button', { name: 'Download als CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).to.match(/^ids-gebruik-.*\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv).to.match(/^\uFEFFonderdeel;groep;week;maat;waarde\r\n/);
    expect(csv).to.match(/Actieve mensen per week;Groenbeheer;\d{4}-W\d{2};actieve mensen;7\r\n/);
  });

  it('fits a phone: the report scrolls inside its tables, never the page', async () => {
    const host = await open(communicator, { clientType: 'android' });
    const tab = await host.openUrl('/tab?view=analytics');
    await screenReady(tab, 'Gebruik van Ids');
    await tab.getByRole('table', { name: 'Soorten gebruikers' }).waitFor();
    const overflow = await tab.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).to.be.at.most(0);
  });

  it('gives an employee no report (the server says who may see it), a privacy page and their own data', async () => {
    const host = await open(worker, { clientType: 'android' });
    const tab = await host.openStaticTab('profile');
    await screenReady(tab, 'Mijn profiel');
    expect(await tab.getByRole('button', { name: 'Gebruik van Ids' }).count()).to.equal(0);
    await tab.getByRole('button', { name: 'Privacy en je gegevens' }).click();
    await screenReady(tab, 'Privacy');
    await tab.getByRole('heading', { name: 'Hoe lang' }).waitFor();
    await tab.getByText('Je gebruik van Ids 90 dagen', { exact: false }).waitFor();
    await tab.getByText('nooit over minder dan 5 mensen', { exact: false }).waitFor();
    expect(await seriousViolations(host)).to.deep.equal([]);

    const [download] = await Promise.all([
      host.page.waitForEvent('download'),
      tab.getByRole('button', { name: 'Download mijn gegevens' }).click(),
    ]);
    expect(download.suggestedFilename()).to.match(/^ids-mijn-gegevens-\d{4}-\d{2}-\d{2}\.zip$/);
    const files = unzipSync(new Uint8Array(await readFile((await download.path())!)));
    expect(JSON.parse(strFromU8(files['profile.json']!))).to.deep.include({
      email: worker.email,
      jobTitle: 'Hovenier',
    });
    await tab.getByText('Je gegevens zijn gedownload.').first().waitFor();

    // The report's address typed in by hand: the server's refusal, in words.
    const report = await host.openUrl('/tab?view=analytics');
    await report.getByText('Alleen het communicatieteam en beheerders zien de cijfers', { exact: false }).waitFor();
  });

  it('records that the tab was opened, once per opening', async () => {
    await teams.server.services.engagement.flush();
    const before = await EngagementEvent.countDocuments({ personId: worker._id, kind: 'tab_opened' });
    const host = await open(worker);
    const tab = await host.openStaticTab('home');
    await screenReady(tab);
    await teams.server.services.engagement.flush();
    const deadline = Date.now() + 5000;
    let after = before;
    while (after === before && Date.now() < deadline) {
      await teams.server.services.engagement.flush();
      after = await EngagementEvent.countDocuments({ personId: worker._id, kind: 'tab_opened' });
    }
    expect(after).to.equal(before + 1);
  });
});
