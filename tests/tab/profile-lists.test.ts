import { expect } from 'chai';
import type { Frame } from 'playwright-core';
import { screenReady, seriousViolations, useTeamsTab } from '../support/tab.js';
import { phoneProblems } from '../support/layout.js';
import {
  aDepartment,
  aPerson,
  completeProfile,
  withPhoto,
  type DepartmentRecord,
  type PersonRecord,
} from '../support/factories.js';
import type { TeamsHost } from '../support/teams-host.js';

/**
 * The lists behind the department challenge, in Teams with SSO: an ambassador's own department
 * (who still misses something) and the admins' gaps only the organisation fills in. Each is
 * offered only to those the API lets see it; anyone else who types the address gets the
 * server's refusal in words.
 */
describe('tab: incomplete profiles for ambassadors, profile gaps for admins', function () {
  this.timeout(90_000);
  let burgerzaken: DepartmentRecord;
  let communicatie: DepartmentRecord;
  let ambassador: PersonRecord;
  let happyAmbassador: PersonRecord;
  let worker: PersonRecord;
  let boss: PersonRecord;
  let admin: PersonRecord;
  const teams = useTeamsTab(
    async () => {
      // The director: no department and no manager (only the organisation can fill those in).
      boss = await aPerson({ ...completeProfile, givenName: 'Dirk', surname: 'Directeur' });
      await withPhoto(boss);
      burgerzaken = await aDepartment({ name: 'Burgerzaken' });
      communicatie = await aDepartment({ name: 'Communicatie' });
      const financien = await aDepartment({ name: 'Financiën' });
      const member = async (department: DepartmentRecord, fields: Parameters<typeof aPerson>[0] = {}) => {
        const p = await aPerson({ ...completeProfile, department, manager: boss, ...fields });
        await withPhoto(p);
        return p;
      };
      ambassador = await member(burgerzaken, { roles: ['ambassador'], givenName: 'Aaltje', surname: 'Ambassadeur' });
      worker = await member(burgerzaken, {
        givenName: 'Gijs',
        surname: 'Balie',
        businessPhone: undefined,
        bio: undefined,
      });
      // New, nothing filled in yet, and no manager set by the organisation.
      await aPerson({ department: burgerzaken, givenName: 'Bram', surname: 'Nieuw' });
      for (let i = 0; i < 2; i++) await member(burgerzaken);
      // Communicatie is complete; its ambassador sees an empty list.
      happyAmbassador = await member(communicatie, { roles: ['ambassador'], givenName: 'Carla', surname: 'Compleet' });
      admin = await member(communicatie, { roles: ['admin'], givenName: 'Bea', surname: 'Beheer' });
      for (let i = 0; i < 3; i++) await member(communicatie);
      // Someone elsewhere with an incomplete profile: no ambassador of Burgerzaken sees her.
      await member(financien, { givenName: 'Femke', surname: 'Elders', jobTitle: undefined });
    },
    { AMBASSADOR_LISTS: 'on' },
  );
  const open = (person: PersonRecord, options?: Parameters<typeof teams.open>[1]) => teams.open(person, options);
  const rows = (tab: Frame, list: string) => tab.getByRole('list', { name: list }).getByRole('listitem');

  it('an ambassador opens who in their department misses what from the department page, on a phone', async () => {
    const host = await open(ambassador, { clientType: 'android' });
    let tab = await host.openUrl(`/tab?view=department&id=${burgerzaken._id}`);
    await screenReady(tab, 'Burgerzaken');
    await tab.getByRole('button', { name: 'Wie in mijn afdeling mist nog iets?' }).click();
    await screenReady(tab, 'Profielen aanvullen');
    await tab.getByText('Afdeling Burgerzaken').waitFor();
    await tab.getByRole('heading', { level: 2, name: 'Nog niet compleet: 2' }).waitFor();
    const listed = await rows(tab, 'Collega’s met een onvolledig profiel').allInnerTexts();
    expect(listed).to.have.length(2);
    expect(listed[0])
      .to.contain('Bram Nieuw')
      .and.contain('Mist: werknummer, foto, functie, expertise, werkplek, over mij, leidinggevende');
    expect(listed[1]).to.contain('Gijs Balie').and.contain('Mist: werknummer, over mij');
    // Nobody complete, nobody of another department.
    expect(listed.join()).to.not.contain('Aaltje').and.not.contain('Femke');
    // A name opens the colleague's page, to call or chat them.
    await tab.getByRole('button', { name: /Gijs Balie/ }).click();
    await screenReady(tab, 'Gijs Balie');

    // From "My profile" too.
    tab = await host.openStaticTab('profile');
    await screenReady(tab, 'Mijn profiel');
    await tab
      .getByRole('region', { name: 'Voor je rol' })
      .getByRole('button', { name: 'Wie in mijn afdeling mist nog iets?' })
      .click();
    await screenReady(tab, 'Profielen aanvullen');
    expect(await seriousViolations(host)).to.deep.equal([]);
  });

  it('speaks English when Teams does, and says so when everyone is complete', async () => {
    const host = await open(ambassador, { locale: 'en-us' });
    let tab = await host.openUrl(`/tab?view=incomplete&id=${burgerzaken._id}`);
    await screenReady(tab, 'Completing profiles');
    await tab.getByRole('heading', { level: 2, name: 'Not complete yet: 2' }).waitFor();
    await rows(tab, 'Colleagues with an incomplete profile')
      .filter({ hasText: 'Gijs Balie' })
      .getByText('Missing: work number, about me')
      .waitFor();

    const happy = await open(happyAmbassador);
    tab = await happy.openUrl(`/tab?view=incomplete&id=${communicatie._id}`);
    await screenReady(tab, 'Profielen aanvullen');
    await tab.getByText('Iedereen in je afdeling heeft een compleet profiel. Goed gedaan!').waitFor();
  });

  it('offers an employee neither list; typed in by hand, the server’s refusal reads in words, without a retry', async () => {
    const host = await open(worker);
    let tab = await host.openStaticTab('profile');
    await screenReady(tab, 'Mijn profiel');
    expect(await tab.getByRole('region', { name: 'Voor je rol' }).count()).to.equal(0);
    tab = await host.openUrl(`/tab?view=department&id=${burgerzaken._id}`);
    await screenReady(tab, 'Burgerzaken');
    expect(await tab.getByRole('button', { name: 'Wie in mijn afdeling mist nog iets?' }).count()).to.equal(0);

    tab = await host.openUrl(`/tab?view=incomplete&id=${burgerzaken._id}`);
    await screenReady(tab, 'Profielen aanvullen');
    const refusal = tab.getByRole('alert');
    await refusal
      .getByText('Alleen ambassadeurs zien wie er in hun eigen afdeling nog iets mist', { exact: false })
      .waitFor();
    expect(await refusal.getByRole('button', { name: 'Opnieuw proberen' }).count()).to.equal(0);
    expect(await tab.getByText('Bram Nieuw').count()).to.equal(0);

    tab = await host.openUrl('/tab?view=profile-gaps');
    await screenReady(tab, 'Wat de organisatie nog invult');
    await tab.getByRole('alert').getByText('Alleen Ids-beheerders zien', { exact: false }).waitFor();
    expect(await tab.getByText('Dirk Directeur').count()).to.equal(0);

    const english = await open(worker, { locale: 'en-us' });
    tab = await english.openUrl('/tab?view=profile-gaps');
    await screenReady(tab, 'What the organisation still fills in');
    await tab.getByRole('alert').getByText('Only Ids admins see', { exact: false }).waitFor();
  });

  it('an ambassador gets no list of another department', async () => {
    const host = await open(ambassador);
    let tab = await host.openUrl(`/tab?view=department&id=${communicatie._id}`);
    await screenReady(tab, 'Communicatie');
    expect(await tab.getByRole('button', { name: 'Wie in mijn afdeling mist nog iets?' }).count()).to.equal(0);
    tab = await host.openUrl(`/tab?view=incomplete&id=${communicatie._id}`);
    await screenReady(tab, 'Profielen aanvullen');
    await tab.getByRole('alert').getByText('Alleen ambassadeurs zien', { exact: false }).waitFor();
  });

  it('an admin sees what is missing most and who misses it, and filters by keyboard', async () => {
    const host = await open(admin);
    let tab = await host.openStaticTab('profile');
    await screenReady(tab, 'Mijn profiel');
    await tab
      .getByRole('region', { name: 'Voor je rol' })
      .getByRole('button', { name: 'Ontbrekende afdelingen en leidinggevenden' })
      .click();
    tab = host.tab;
    await screenReady(tab, 'Wat de organisatie nog invult');
    const filters = tab.getByRole('tablist', { name: 'Toon wie dit mist' });
    // Most often missing first.
    expect(await filters.getByRole('tab').allInnerTexts()).to.deep.equal([
      'Alles: 2',
      'Leidinggevende: 2',
      'Afdeling: 1',
    ]);
    const people = rows(tab, 'Mensen bij wie iets ontbreekt');
    expect(await people.allInnerTexts()).to.have.length(2);
    expect(await people.filter({ hasText: 'Dirk Directeur' }).textContent()).to.contain(
      'Geen afdeling · Mist: afdeling, leidinggevende',
    );
    expect(await people.filter({ hasText: 'Bram Nieuw' }).textContent()).to.contain(
      'Burgerzaken · Mist: leidinggevende',
    );

    await filters.getByRole('tab', { name: 'Alles: 2' }).focus();
    await host.page.keyboard.press('ArrowRight');
    await host.page.keyboard.press('ArrowRight');
    await host.page.keyboard.press('Enter');
    await filters.getByRole('tab', { name: 'Afdeling: 1', selected: true }).waitFor();
    expect(await people.allInnerTexts()).to.have.length(1);
    expect(await people.first().textContent()).to.contain('Dirk Directeur');
    // An admin is no ambassador by office: no department list for her.
    tab = await host.openStaticTab('profile');
    await screenReady(tab, 'Mijn profiel');
    expect(await tab.getByRole('button', { name: 'Wie in mijn afdeling mist nog iets?' }).count()).to.equal(0);
  });

  describe('quality', () => {
    const screens: Array<{ name: string; who: () => PersonRecord; url: () => string }> = [
      { name: 'incomplete', who: () => ambassador, url: () => `/tab?view=incomplete&id=${burgerzaken._id}` },
      {
        name: 'incomplete, empty',
        who: () => happyAmbassador,
        url: () => `/tab?view=incomplete&id=${communicatie._id}`,
      },
      { name: 'incomplete, refused', who: () => worker, url: () => `/tab?view=incomplete&id=${burgerzaken._id}` },
      { name: 'profile gaps', who: () => admin, url: () => '/tab?view=profile-gaps' },
    ];
    async function sweep(
      options: Parameters<typeof teams.open>[1],
      check: (host: TeamsHost, tab: Frame) => Promise<string[]>,
    ): Promise<string[]> {
      const found: string[] = [];
      for (const screen of screens) {
        const host = await open(screen.who(), options);
        const tab = await host.openUrl(screen.url());
        await screenReady(tab);
        found.push(...(await check(host, tab)).map((p) => `${screen.name}: ${p}`));
        await teams.close(host);
      }
      return found;
    }

    it('axe finds no serious or critical violation in the light, dark and contrast themes', async function () {
      this.timeout(180_000);
      const problems = await sweep({ theme: 'default' }, async (host, tab) => {
        const found: string[] = [];
        for (const theme of ['default', 'dark', 'contrast'] as const) {
          // Teams switches the theme live; the tab follows without a reload.
          await host.setTheme(theme);
          await tab.locator(`html[data-theme="${theme}"]`).waitFor({ state: 'attached' });
          found.push(...(await seriousViolations(host)).map((v) => `${theme}: ${v}`));
        }
        return found;
      });
      expect(problems).to.deep.equal([]);
    });

    it('fits 320 px with touch targets of at least 44 px', async function () {
      this.timeout(120_000);
      const problems = await sweep({ clientType: 'android', viewport: { width: 320, height: 640 } }, (_host, tab) =>
        phoneProblems(tab),
      );
      expect(problems).to.deep.equal([]);
    });
  });
});

describe('tab: incomplete profiles while the organisation keeps the lists off (the default)', function () {
  this.timeout(60_000);
  let department: DepartmentRecord;
  let ambassador: PersonRecord;
  const teams = useTeamsTab(async () => {
    department = await aDepartment({ name: 'Burgerzaken' });
    ambassador = await aPerson({ department, roles: ['ambassador'], givenName: 'Aaltje', surname: 'Ambassadeur' });
    for (let i = 0; i < 4; i++) await aPerson({ department });
  });

  it('offers an ambassador no list, and the address says why', async () => {
    const host = await teams.open(ambassador);
    let tab = await host.openUrl(`/tab?view=department&id=${department._id}`);
    await screenReady(tab, 'Burgerzaken');
    expect(await tab.getByRole('button', { name: 'Wie in mijn afdeling mist nog iets?' }).count()).to.equal(0);
    tab = await host.openUrl(`/tab?view=incomplete&id=${department._id}`);
    await screenReady(tab, 'Profielen aanvullen');
    await tab.getByRole('alert').getByText('alleen als de organisatie dat heeft aangezet', { exact: false }).waitFor();
  });
});
