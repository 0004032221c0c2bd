import type { MobileVisibility, Role } from '../models/person.js';
import { createRandom, type Random } from './random.js';
import { DEPARTMENTS, EMAIL_DOMAIN, ORGANISATION_NAME, OFFICES, type DepartmentProfile } from './catalogue.js';
import {
  EmailRegistry,
  NumberRange,
  deterministicGuid,
  drawName,
  drawSkills,
  writeBio,
  writeFixed,
  writeMobile,
} from './people.js';
import { demoGroups, demoPosts } from './content.js';
import type { DemoOrganisation, DemoPerson } from './types.js';

/**
 * The demo organisation "Gemeente Ids": about 450 people in thirteen departments, groups,
 * news, and questions in "Vraag Ids". Deterministic: the same seed gives the same data.
 */

export const DEMO_SEED = 'gemeente-ids';

/**
 * Development mode acts as "the first demo communicator" when no user is named; this is
 * that person, and she is first in `people`.
 */
export const DEMO_COMMUNICATOR_EMAIL = `femke.dijkstra@${EMAIL_DOMAIN}`;

/** The municipal business range: 0515 48 xx xx. */
const BUSINESS_AREA = '0515';
const BUSINESS_PREFIX = '48';

interface CastMember {
  givenName: string;
  surname: string;
  department: string;
  jobTitle: string;
  office?: string;
  roles?: Role[];
  /** Extension on the 0515 48 range, written as the person did. */
  businessPhone?: string;
  mobilePhone?: string;
  mobileVisibility?: MobileVisibility;
  noBusinessPhone?: boolean;
  noMobile?: boolean;
  skills?: string[];
  bio?: string;
  hasPhoto?: boolean;
}

/**
 * People the product's examples and the demo script rely on. Femke comes first (the dev
 * login); Jelte and Anne-Roos are the only people with those first names.
 */
const CAST: CastMember[] = [
  {
    givenName: 'Femke',
    surname: 'Dijkstra',
    department: 'Communicatie',
    jobTitle: 'senior communicatieadviseur',
    roles: ['communicator', 'ambassador'],
    businessPhone: '0515 48 12 00',
    mobilePhone: '06-20481200',
    mobileVisibility: 'organisation',
    skills: ['interne communicatie', 'social media', 'B1-taalniveau', 'campagnes'],
    bio: "Ik maak Ids samen met jullie: nieuws, vragen en verhalen van collega's. Tips? Stuur me een berichtje!",
    hasPhoto: true,
  },
  {
    givenName: 'Jelte',
    surname: 'de Boer',
    department: 'Boomverzorging',
    jobTitle: 'boomverzorger',
    office: OFFICES.werf,
    roles: ['ambassador'],
    mobilePhone: '06-41235678',
    mobileVisibility: 'organisation',
    noBusinessPhone: true,
    skills: ['boomveiligheid', 'klimmen', 'snoeien', 'kettingzaag'],
    bio: 'Al twintig jaar in de bomen van Ids. Zie je een boom die er niet goed uitziet? Bel me gerust.',
    hasPhoto: true,
  },
  {
    givenName: 'Anne-Roos',
    surname: 'van der Vooren',
    department: 'Klantcontactcentrum',
    jobTitle: 'klantadviseur',
    office: OFFICES.stadhuis,
    roles: ['ambassador'],
    businessPhone: '0515 48 23 45',
    mobilePhone: '06 5123 4567',
    mobileVisibility: 'private',
    skills: ['klantcontact', 'afvalinzameling', 'webcare'],
    hasPhoto: true,
    bio: 'Aan de telefoon bij het KCC: ik hoor als eerste wat er speelt in de gemeente.',
  },
  {
    givenName: 'Durk',
    surname: 'Hoekstra',
    department: 'Bestuursondersteuning',
    jobTitle: 'gemeentesecretaris / algemeen directeur',
    roles: ['manager'],
    hasPhoto: true,
  },
  {
    givenName: 'Marieke',
    surname: 'Postma',
    department: 'Burgerzaken',
    jobTitle: 'afdelingsmanager Burgerzaken',
    roles: ['manager'],
  },
  {
    givenName: 'Ymkje',
    surname: 'Sikkema',
    department: 'Klantcontactcentrum',
    jobTitle: 'afdelingsmanager Klantcontactcentrum',
    roles: ['manager'],
  },
  {
    givenName: 'Sjoerd',
    surname: 'Wiersma',
    department: 'Openbare Ruimte',
    jobTitle: 'afdelingsmanager Openbare Ruimte',
    roles: ['manager'],
  },
  {
    givenName: 'Klaas',
    surname: 'Veenstra',
    department: 'Groenvoorziening',
    jobTitle: 'teamleider groenvoorziening',
    office: OFFICES.werf,
    roles: ['manager'],
  },
  {
    givenName: 'Hylke',
    surname: 'Terpstra',
    department: 'Boomverzorging',
    jobTitle: 'teamleider boomverzorging',
    office: OFFICES.werf,
    roles: ['manager'],
  },
  {
    givenName: 'Renske',
    surname: 'Bosma',
    department: 'Communicatie',
    jobTitle: 'afdelingsmanager Communicatie',
    roles: ['manager', 'communicator'],
  },
  {
    givenName: 'Esther',
    surname: 'Kooistra',
    department: 'Sociaal Domein',
    jobTitle: 'afdelingsmanager Sociaal Domein',
    roles: ['manager'],
  },
  {
    givenName: 'Gerrit',
    surname: 'Zijlstra',
    department: 'Financiën',
    jobTitle: 'afdelingsmanager Financiën',
    roles: ['manager'],
  },
  { givenName: 'Nynke', surname: 'Jellema', department: 'P&O', jobTitle: 'afdelingsmanager P&O', roles: ['manager'] },
  {
    givenName: 'Rutger',
    surname: 'van der Meer',
    department: 'ICT & Informatievoorziening',
    jobTitle: 'afdelingsmanager ICT & Informatievoorziening',
    roles: ['manager'],
  },
  {
    givenName: 'Tjeerd',
    surname: 'Hofstra',
    department: 'Ruimtelijke Ontwikkeling',
    jobTitle: 'afdelingsmanager Ruimtelijke Ontwikkeling',
    roles: ['manager'],
  },
  {
    givenName: 'Karin',
    surname: 'Brouwer',
    department: 'Vergunningen & Handhaving',
    jobTitle: 'afdelingsmanager Vergunningen & Handhaving',
    roles: ['manager'],
  },
  {
    givenName: 'Pieter',
    surname: 'Bakker',
    department: 'ICT & Informatievoorziening',
    jobTitle: 'functioneel beheerder Ids',
    roles: ['admin'],
    hasPhoto: true,
  },
  {
    givenName: 'Sanne',
    surname: 'Visser',
    department: 'ICT & Informatievoorziening',
    jobTitle: 'applicatiebeheerder',
    roles: ['admin'],
  },
  {
    givenName: 'Noëlle',
    surname: 'Brinkman',
    department: 'Communicatie',
    jobTitle: 'communicatieadviseur',
    roles: ['communicator'],
  },
  {
    givenName: 'Wiebe',
    surname: 'Haarsma',
    department: 'Communicatie',
    jobTitle: 'online communicatieadviseur',
    roles: ['communicator'],
  },
  {
    givenName: 'Gerbrich',
    surname: 'Wâlde',
    department: 'Communicatie',
    jobTitle: 'communicatieadviseur interne communicatie',
    roles: ['communicator', 'ambassador'],
  },
  {
    givenName: 'Çetin',
    surname: 'Yılmaz',
    department: 'ICT & Informatievoorziening',
    jobTitle: 'informatiebeveiliger',
    roles: ['ambassador'],
    skills: ['informatiebeveiliging', 'BIO', 'AVG', 'Azure'],
  },
  {
    givenName: 'Hüseyin',
    surname: 'Öztürk',
    department: 'Vergunningen & Handhaving',
    jobTitle: 'boa',
    office: OFFICES.stadhuis,
    mobileVisibility: 'organisation',
  },
  {
    givenName: 'Siebren',
    surname: 'Kingma',
    department: 'Groenvoorziening',
    jobTitle: 'medewerker groenvoorziening',
    office: OFFICES.werf,
    roles: ['ambassador'],
    hasPhoto: true,
  },
  // Two colleagues with the same name, so a full-name search can still be ambiguous.
  {
    givenName: 'Jan',
    surname: 'de Vries',
    department: 'Burgerzaken',
    jobTitle: 'medewerker burgerzaken',
    office: OFFICES.stadhuis,
  },
  { givenName: 'Jan', surname: 'de Vries', department: 'Groenvoorziening', jobTitle: 'hovenier', office: OFFICES.werf },
];

/** Departments whose ambassador is drawn from the generated staff (the cast covers the rest). */
const AMBASSADOR_DEPARTMENTS = [
  'Burgerzaken',
  'Openbare Ruimte',
  'Sociaal Domein',
  'Sociaal Domein',
  'Financiën',
  'P&O',
  'Ruimtelijke Ontwikkeling',
  'Vergunningen & Handhaving',
  'Bestuursondersteuning',
];

/** Departments where everyone completed their profile (they got the smoothies). */
const COMPLETE_DEPARTMENTS = new Set(['Communicatie']);

const departmentByName = new Map(DEPARTMENTS.map((d) => [d.name, d]));

function profileOf(name: string): DepartmentProfile {
  const d = departmentByName.get(name);
  if (!d) throw new Error(`unknown demo department ${name}`);
  return d;
}

const digitsOf = (written: string) => written.replace(/\D/g, '');

/** Numbers written in the cast are kept out of the generated ranges. */
function reservedNumbers(): { extensions: Set<number>; mobiles: Set<number> } {
  const extensions = new Set<number>();
  const mobiles = new Set<number>();
  for (const c of CAST) {
    if (c.businessPhone) extensions.add(Number(digitsOf(c.businessPhone).slice(-4)));
    if (c.mobilePhone) mobiles.add(Number(digitsOf(c.mobilePhone).slice(-8)));
  }
  return { extensions, mobiles };
}

export interface PhoneBook {
  business(rnd: Random): string;
  mobile(rnd: Random): string;
}

function demoPhoneBook(rnd: Random): PhoneBook {
  const reserved = reservedNumbers();
  const extensions = new NumberRange(1000, 9000, 4801, rnd.int(0, 8999));
  const mobiles = new NumberRange(10_000_000, 50_000_000, 7_919_213, rnd.int(0, 49_999_999));
  return {
    business(r) {
      let ext: number;
      do ext = extensions.take();
      while (reserved.extensions.has(ext));
      // A few people still write only their internal extension.
      if (r.chance(0.015)) return String(ext);
      return writeFixed(BUSINESS_AREA, `${BUSINESS_PREFIX}${ext}`, r);
    },
    mobile(r) {
      let n: number;
      do n = mobiles.take();
      while (reserved.mobiles.has(n));
      return writeMobile(String(n), r);
    },
  };
}

interface Completeness {
  business: number;
  mobile: number;
  orgVisible: number;
  photo: number;
  bio: number;
  skills: number;
}

const OFFICE_STAFF: Completeness = {
  business: 0.93,
  mobile: 0.55,
  orgVisible: 0.4,
  photo: 0.6,
  bio: 0.45,
  skills: 0.7,
};
const FIELD_STAFF: Completeness = { business: 0.05, mobile: 0.9, orgVisible: 0.85, photo: 0.4, bio: 0.2, skills: 0.65 };
const COMPLETE: Completeness = { business: 1, mobile: 1, orgVisible: 0.6, photo: 1, bio: 1, skills: 1 };

function buildPerson(
  rnd: Random,
  phones: PhoneBook,
  emails: EmailRegistry,
  spec: CastMember & { complete?: boolean },
): DemoPerson {
  const dept = profileOf(spec.department);
  const odds =
    spec.complete || COMPLETE_DEPARTMENTS.has(dept.name) ? COMPLETE : dept.field ? FIELD_STAFF : OFFICE_STAFF;
  const email = emails.claim(spec.givenName, spec.surname);
  const skills = spec.skills ?? (rnd.chance(odds.skills) ? drawSkills(rnd, dept, odds === COMPLETE ? 3 : 1, 5) : []);
  const english = rnd.chance(0.02);
  const bio =
    spec.bio ??
    (rnd.chance(odds.bio)
      ? writeBio(rnd, { jobTitle: spec.jobTitle, department: dept.name, skills }, english)
      : undefined);
  const businessPhone = spec.noBusinessPhone
    ? undefined
    : (spec.businessPhone ?? (rnd.chance(odds.business) ? phones.business(rnd) : undefined));
  const mobilePhone = spec.noMobile
    ? undefined
    : (spec.mobilePhone ?? (rnd.chance(odds.mobile) ? phones.mobile(rnd) : undefined));
  const person: DemoPerson = {
    email,
    displayName: `${spec.givenName} ${spec.surname}`,
    givenName: spec.givenName,
    surname: spec.surname,
    jobTitle: spec.jobTitle,
    department: dept.name,
    officeLocation: spec.office ?? rnd.weighted(dept.offices),
    mobileVisibility: spec.mobileVisibility ?? (rnd.chance(odds.orgVisible) ? 'organisation' : 'private'),
    skills,
    hasPhoto: spec.hasPhoto ?? rnd.chance(odds.photo),
    roles: spec.roles ?? [],
    aadObjectId: deterministicGuid(DEMO_SEED, email),
  };
  if (businessPhone) person.businessPhone = businessPhone;
  if (mobilePhone) person.mobilePhone = mobilePhone;
  if (bio) person.bio = bio;
  if (english) person.locale = 'en';
  return person;
}

/** Whom each department reports to: department managers to the gemeentesecretaris, crews to Openbare Ruimte. */
function assignManagers(people: DemoPerson[]): void {
  const managerOf = new Map<string, DemoPerson>();
  for (const p of people)
    if (p.roles.includes('manager') && !managerOf.has(p.department)) managerOf.set(p.department, p);
  const top = managerOf.get('Bestuursondersteuning')!;
  for (const p of people) {
    if (p === top) continue;
    const own = managerOf.get(p.department)!;
    if (own !== p) {
      p.managerEmail = own.email;
      continue;
    }
    const parent = profileOf(p.department).parent;
    p.managerEmail = (parent ? managerOf.get(parent)! : top).email;
  }
}

export function generateDemoOrganisation(): DemoOrganisation {
  const root = createRandom(DEMO_SEED);
  const rnd = root.fork('people');
  const phones = demoPhoneBook(root.fork('phones'));
  const emails = new EmailRegistry(EMAIL_DOMAIN);

  const people: DemoPerson[] = CAST.map((c) => buildPerson(rnd, phones, emails, c));
  const castCount = new Map<string, number>();
  for (const c of CAST) castCount.set(c.department, (castCount.get(c.department) ?? 0) + 1);

  const ambassadorsWanted = new Map<string, number>();
  for (const d of AMBASSADOR_DEPARTMENTS) ambassadorsWanted.set(d, (ambassadorsWanted.get(d) ?? 0) + 1);

  for (const dept of DEPARTMENTS) {
    const count = dept.size - (castCount.get(dept.name) ?? 0);
    for (let i = 0; i < count; i++) {
      const { givenName, surname } = drawName(rnd);
      const ambassador = (ambassadorsWanted.get(dept.name) ?? 0) > 0 && i % 7 === 3;
      if (ambassador) ambassadorsWanted.set(dept.name, ambassadorsWanted.get(dept.name)! - 1);
      people.push(
        buildPerson(rnd, phones, emails, {
          givenName,
          surname,
          department: dept.name,
          jobTitle: rnd.weighted(dept.jobs),
          roles: ambassador ? ['ambassador'] : [],
          // Ambassadors set the example: their profile is complete.
          complete: ambassador,
        }),
      );
    }
  }
  assignManagers(people);

  const departments = DEPARTMENTS.map((d) => (d.parent ? { name: d.name, parent: d.parent } : { name: d.name }));
  const groups = demoGroups(root.fork('groups'), people);
  const posts = demoPosts(root.fork('posts'), people, groups);
  return { name: ORGANISATION_NAME, domain: EMAIL_DOMAIN, departments, people, groups, posts };
}
