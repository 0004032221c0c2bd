import { expect } from 'chai';
import { screenReady, useTeamsTab } from '../support/tab.js';
import { aDepartment, aPerson, completeProfile, withPhoto, type PersonRecord } from '../support/factories.js';
import { tabLink } from '../../core/links.js';
import { Person } from '../../models/person.js';
import { eventually } from '../support/uploads.js';

/** The completeness meter on "My profile", the leaderboard, the campaign button and the ambassador badge, in Teams. */
describe('tab: profile completeness and the department challenge', function () {
  this.timeout(60_000);
  let worker: PersonRecord;
  let communicator: PersonRecord;
  let ambassador: PersonRecord;
  const teams = useTeamsTab(async () => {
    const boss = await aPerson({ ...completeProfile });
    const burgerzaken = await aDepartment({ name: 'Burgerzaken' });
    const communicatie = await aDepartment({ name: 'Communicatie' });
    const member = async (department: typeof burgerzaken, fields: Record<string, unknown> = {}) => {
      const p = await aPerson({ ...completeProfile, department, manager: boss, ...fields });
      await withPhoto(p);
      return p;
    };
    worker = await member(burgerzaken, {
      businessPhone: undefined,
      bio: undefined,
      givenName: 'Gijs',
      surname: 'Balie',
    });
    ambassador = await member(burgerzaken, { roles: ['ambassador'], givenName: 'Aaltje', surname: 'Ambassadeur' });
    for (let i = 0; i < 3; i++) await member(burgerzaken);
    communicator = await member(communicatie, { roles: ['communicator'] });
    for (let i = 0; i < 4; i++) await member(communicatie);
  });
  const open = (person: PersonRecord, options?: Parameters<typeof teams.open>[1]) => teams.open(person, options);

  it('the meter names the next step and follows a save; the leaderboard marks my department', async () => {
    const host = await open(worker, { clientType: 'android' });
    const tab = await host.openStaticTab('profile');
    await screenReady(tab, 'Mijn profiel');
    const meter = tab.getByTestId('completeness-meter');
    await meter.getByText('Je profiel is 70% compleet').waitFor();
    await meter.getByText('Volgende stap: voeg je werknummer toe (+20%).').waitFor();
    const board = tab.getByTestId('leaderboard');
    await board.getByText('Communicatie').waitFor();
    const rows = await board.getByRole('listitem').allInnerTexts();
    expect(rows[0]).to.contain('Communicatie');
    expect(rows[1]).to.contain('Burgerzaken').and.contain('Jouw afdeling').and.contain('80% compleet');
    expect(await board.getByRole('button', { name: 'Campagne starten' }).count(), 'not for colleagues').to.equal(0);

    await tab.getByRole('textbox', { name: 'Werknummer' }).fill('0515 48 12 34');
    await tab.getByRole('button', { name: 'Opslaan' }).click();
    await meter.getByText('Je profiel is 90% compleet').waitFor();
    await meter.getByText('Volgende stap: voeg een paar zinnen over jezelf toe (+10%).').waitFor();

    await meter.getByRole('switch', { name: 'Herinner me af en toe aan mijn profiel' }).click();
    await eventually(async () => (await Person.findById(worker._id).lean())?.nudgesOptOut === true, 'reminders off');
    await meter.getByRole('switch', { name: 'Herinner me af en toe aan mijn profiel', checked: false }).waitFor();
  });

  it('a communicator starts and ends the campaign from the leaderboard', async () => {
    const host = await open(communicator);
    const tab = await host.openStaticTab('profile');
    await screenReady(tab, 'Mijn profiel');
    const board = tab.getByTestId('leaderboard');
    await board.getByRole('textbox', { name: 'Naam van de campagne (mag leeg)' }).fill('Smoothies');
    await board.getByRole('button', { name: 'Campagne starten' }).click();
    await board.getByText('Campagne ‘Smoothies’ loopt', { exact: false }).waitFor();
    await board.getByRole('button', { name: 'Campagne beëindigen' }).click();
    await board.getByRole('button', { name: 'Campagne starten' }).waitFor();
  });

  it('an ambassador is shown as such on their page, in English too', async () => {
    const host = await open(worker, { locale: 'en-us' });
    const tab = await host.openDeepLink(tabLink(teams.server.config, `person:${ambassador._id}`));
    await screenReady(tab, ambassador.displayName);
    await tab.getByText('Ambassador', { exact: true }).waitFor();
  });
});
