import { expect } from 'chai';
import { DEMO_COMMUNICATOR_EMAIL, generateDemoOrganisation, generateSyntheticPeople } from '../../demo/index.js';
import { parsePhone } from '../../core/phones.js';
import { ROLES } from '../../models/person.js';

const org = generateDemoOrganisation();
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const countBy = <T>(items: T[], key: (t: T) => string) => {
  const m = new Map<string, number>();
  for (const t of items) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
  return m;
};

describe('demo: the demo organisation', () => {
  it('is the same on every run', () => {
    expect(generateDemoOrganisation()).to.deep.equal(org);
  });

  it('has about 450 people in every department', () => {
    expect(org.people.length).to.be.within(430, 470);
    const names = org.departments.map((d) => d.name);
    for (const d of [
      'Burgerzaken',
      'Klantcontactcentrum',
      'Openbare Ruimte',
      'Groenvoorziening',
      'Boomverzorging',
      'Communicatie',
      'Sociaal Domein',
      'Financiën',
      'P&O',
      'ICT & Informatievoorziening',
      'Ruimtelijke Ontwikkeling',
      'Vergunningen & Handhaving',
      'Bestuursondersteuning',
    ]) {
      expect(names).to.include(d);
      expect(
        org.people.some((p) => p.department === d),
        d,
      ).to.equal(true);
    }
    expect(org.departments.find((d) => d.name === 'Groenvoorziening')!.parent).to.equal('Openbare Ruimte');
  });

  it('gives everyone a unique ascii email and a unique GUID', () => {
    expect(new Set(org.people.map((p) => p.email)).size).to.equal(org.people.length);
    expect(new Set(org.people.map((p) => p.aadObjectId)).size).to.equal(org.people.length);
    for (const p of org.people) {
      expect(p.email).to.match(/^[a-z0-9-]+\.[a-z0-9-]+\d*@gemeente-ids\.nl$/);
      expect(p.aadObjectId).to.match(GUID);
    }
    expect(org.people.map((p) => p.email)).to.include.members([
      'jelte.deboer@gemeente-ids.nl',
      'anne-roos.vandervooren@gemeente-ids.nl',
      'cetin.yilmaz@gemeente-ids.nl',
      'jan.devries@gemeente-ids.nl',
      'jan.devries2@gemeente-ids.nl',
    ]);
  });

  it('has exactly one Jelte and one Anne-Roos, and first names that several people share', () => {
    const first = countBy(org.people, (p) => p.givenName);
    expect(first.get('Jelte')).to.equal(1);
    expect(first.get('Anne-Roos')).to.equal(1);
    expect(first.get('Femke')).to.equal(1);
    expect(first.get('Sjoerd')).to.be.greaterThan(1);
    expect(first.get('Anne')).to.be.greaterThan(1);
  });

  it('has tussenvoegsels, diacritics and double surnames', () => {
    const surnames = org.people.map((p) => p.surname);
    expect(surnames.some((s) => /^van der /.test(s))).to.equal(true);
    expect(surnames.some((s) => /^de /.test(s))).to.equal(true);
    expect(surnames.some((s) => /-/.test(s))).to.equal(true);
    expect(org.people.some((p) => /[ëéüöçıâ]/i.test(p.displayName))).to.equal(true);
    expect(org.people.find((p) => p.givenName === 'Çetin')!.displayName).to.equal('Çetin Yılmaz');
  });

  it('starts with the demo communicator', () => {
    const firstCommunicator = org.people.find((p) => p.roles.includes('communicator'))!;
    expect(firstCommunicator.email).to.equal(DEMO_COMMUNICATOR_EMAIL);
    expect(firstCommunicator.displayName).to.equal('Femke Dijkstra');
    expect(firstCommunicator.department).to.equal('Communicatie');
  });

  it('has communicators, one manager per department, two admins and about 15 ambassadors', () => {
    const withRole = (r: string) => org.people.filter((p) => (p.roles as string[]).includes(r));
    expect(withRole('communicator').every((p) => p.department === 'Communicatie')).to.equal(true);
    expect(withRole('communicator').length).to.be.within(3, 8);
    const managers = withRole('manager');
    expect(managers.length).to.equal(org.departments.length);
    expect(new Set(managers.map((m) => m.department)).size).to.equal(org.departments.length);
    expect(withRole('admin')).to.have.length(2);
    const ambassadors = withRole('ambassador');
    expect(ambassadors.length).to.be.within(12, 18);
    expect(new Set(ambassadors.map((a) => a.department)).size).to.be.greaterThan(9);
    for (const p of org.people) for (const r of p.roles) expect(ROLES).to.include(r);
  });

  it('links everyone but the top to a manager who exists', () => {
    const emails = new Set(org.people.map((p) => p.email));
    const withoutManager = org.people.filter((p) => !p.managerEmail);
    expect(withoutManager.map((p) => p.displayName)).to.deep.equal(['Durk Hoekstra']);
    for (const p of org.people) if (p.managerEmail) expect(emails.has(p.managerEmail)).to.equal(true);
  });

  it('writes phone numbers in many ways, all of them valid', () => {
    const written = org.people.flatMap((p) => [p.businessPhone, p.mobilePhone].filter((x): x is string => !!x));
    for (const w of written) expect(parsePhone(w), w).to.not.equal(undefined);
    const e164 = org.people.flatMap((p) => (p.mobilePhone ? [parsePhone(p.mobilePhone)!.e164] : []));
    expect(new Set(e164).size).to.equal(e164.length);
    expect(written.some((w) => w.startsWith('+31 (0)6'))).to.equal(true);
    expect(written.some((w) => /^06-\d{8}$/.test(w))).to.equal(true);
    expect(written.some((w) => /^0515 48 \d\d \d\d$/.test(w))).to.equal(true);
    expect(org.people.some((p) => p.businessPhone && parsePhone(p.businessPhone)!.kind === 'extension')).to.equal(true);
  });

  it('puts the field crews on the Gemeentewerf, mostly with only a mobile', () => {
    const field = org.people.filter((p) => p.department === 'Groenvoorziening' || p.department === 'Boomverzorging');
    expect(field.every((p) => p.officeLocation === 'Gemeentewerf')).to.equal(true);
    const onlyMobile = field.filter((p) => p.mobilePhone && !p.businessPhone).length;
    expect(onlyMobile / field.length).to.be.greaterThan(0.7);
    expect(field.some((p) => p.jobTitle === 'boomverzorger')).to.equal(true);
    const jelte = org.people.find((p) => p.givenName === 'Jelte')!;
    expect(jelte).to.include({
      officeLocation: 'Gemeentewerf',
      mobileVisibility: 'organisation',
      department: 'Boomverzorging',
    });
  });

  it('has profiles at every stage of completeness', () => {
    const share = (f: (p: (typeof org.people)[number]) => boolean) => org.people.filter(f).length / org.people.length;
    for (const f of [
      (p: (typeof org.people)[number]) => p.hasPhoto,
      (p: (typeof org.people)[number]) => !!p.bio,
      (p: (typeof org.people)[number]) => p.skills.length > 0,
      (p: (typeof org.people)[number]) => !!p.mobilePhone,
      (p: (typeof org.people)[number]) => p.mobileVisibility === 'organisation',
    ]) {
      expect(share(f)).to.be.within(0.15, 0.9);
    }
    const communicatie = org.people.filter((p) => p.department === 'Communicatie');
    expect(communicatie.every((p) => p.hasPhoto && p.bio && p.skills.length > 0 && p.mobilePhone)).to.equal(true);
  });

  it('has the groups and posts the demo needs', () => {
    const group = (slug: string) => org.groups.find((g) => g.slug === slug)!;
    expect(group('vraag-ids')).to.include({ name: 'Vraag Ids', kind: 'qa', visibility: 'open' });
    expect(group('buitendienst').visibility).to.equal('open');
    expect(group('managementteam').visibility).to.equal('closed');
    expect(group('ambassadeurs').visibility).to.equal('closed');
    expect(org.groups.map((g) => g.slug)).to.include.members(['fotoclub', 'lunchwandelen']);
    const emails = new Set(org.people.map((p) => p.email));
    for (const g of org.groups) {
      expect(g.memberEmails.length, g.slug).to.be.greaterThan(2);
      for (const e of [...g.memberEmails, ...g.adminEmails]) expect(emails.has(e)).to.equal(true);
      expect(new Set(g.memberEmails).size).to.equal(g.memberEmails.length);
    }
    const posts = org.posts;
    expect(posts.filter((p) => p.pinned)).to.have.length(1);
    expect(posts.some((p) => p.important && p.requiresAck && p.audience.organisation)).to.equal(true);
    expect(posts.some((p) => p.kind === 'department')).to.equal(true);
    const questions = posts.filter((p) => p.kind === 'question');
    expect(questions.length).to.be.greaterThan(1);
    expect(questions.filter((q) => q.answer)).to.have.length(1);
    expect(posts.some((p) => p.kind === 'group' && p.likedBy.length > 0 && p.comments.length > 0)).to.equal(true);
    const communicators = new Set(org.people.filter((p) => p.roles.includes('communicator')).map((p) => p.email));
    for (const p of posts.filter((p) => p.kind === 'news')) expect(communicators.has(p.authorEmail)).to.equal(true);
    for (const p of posts) {
      for (const e of [p.authorEmail, ...p.likedBy, ...p.comments.map((c) => c.authorEmail)])
        expect(emails.has(e)).to.equal(true);
      expect(new Set(p.likedBy).size).to.equal(p.likedBy.length);
      if (p.groupSlug) expect(group(p.groupSlug).memberEmails).to.include(p.authorEmail);
    }
  });
});

describe('demo: synthetic people', () => {
  it('is deterministic per seed and differs between seeds', () => {
    expect(generateSyntheticPeople(300, 7)).to.deep.equal(generateSyntheticPeople(300, 7));
    expect(generateSyntheticPeople(50, 7)).to.not.deep.equal(generateSyntheticPeople(50, 8));
  });

  it('makes exactly n people with unique emails and valid phones', () => {
    const people = generateSyntheticPeople(10_000, 'bench');
    expect(people).to.have.length(10_000);
    expect(new Set(people.map((p) => p.email)).size).to.equal(10_000);
    expect(new Set(people.map((p) => p.aadObjectId)).size).to.equal(10_000);
    for (const p of people.slice(0, 2000)) {
      for (const w of [p.businessPhone, p.mobilePhone]) if (w) expect(parsePhone(w), w).to.not.equal(undefined);
    }
    const emails = new Set(people.map((p) => p.email));
    for (const p of people) if (p.managerEmail) expect(emails.has(p.managerEmail)).to.equal(true);
    expect(generateSyntheticPeople(0)).to.deep.equal([]);
  });
});
