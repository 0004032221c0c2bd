import { createRandom } from './random.js';
import { DEPARTMENTS, EMAIL_DOMAIN, type DepartmentProfile } from './catalogue.js';
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
import type { DemoPerson } from './types.js';

/**
 * n people with the demo organisation's realism, for benches at 10,000 and 100,000:
 * same departments (in proportion), names, phone formats and profile completeness; teams
 * of about twelve under a teamleider (role manager). No groups or posts.
 * The set stands alone: its emails may coincide with the demo organisation's.
 */
export function generateSyntheticPeople(
  n: number,
  seed: string | number = 'synthetic',
  options: { domain?: string } = {},
): DemoPerson[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('n must be a non-negative integer');
  const rnd = createRandom(`synthetic:${seed}`);
  const emails = new EmailRegistry(options.domain ?? EMAIL_DOMAIN);
  // Leeuwarden (058) has room for far more numbers than the 0515 48 range.
  const fixed = new NumberRange(2_000_000, 7_000_000, 3_000_017, rnd.int(0, 6_999_999));
  const mobiles = new NumberRange(10_000_000, 50_000_000, 7_919_213, rnd.int(0, 49_999_999));
  const seedText = `synthetic:${seed}`;

  const totalSize = DEPARTMENTS.reduce((s, d) => s + d.size, 0);
  const people: DemoPerson[] = new Array(n);
  let index = 0;
  for (const [di, dept] of DEPARTMENTS.entries()) {
    // Proportional share; the last department takes the remainder.
    const share = di === DEPARTMENTS.length - 1 ? n - index : Math.round((n * dept.size) / totalSize);
    let lead: DemoPerson | undefined;
    for (let i = 0; i < share && index < n; i++) {
      const isLead = i % 12 === 0;
      const person = makePerson(dept, isLead);
      if (isLead) lead = person;
      else if (lead) person.managerEmail = lead.email;
      people[index++] = person;
    }
  }
  people.length = index;
  return people;

  function makePerson(dept: DepartmentProfile, isLead: boolean): DemoPerson {
    const { givenName, surname } = drawName(rnd);
    const email = emails.claim(givenName, surname);
    const jobTitle = isLead ? `teamleider ${dept.name}` : rnd.weighted(dept.jobs);
    const field = dept.field === true;
    const skills = rnd.chance(0.68) ? drawSkills(rnd, dept, 1, 5) : [];
    const person: DemoPerson = {
      email,
      displayName: `${givenName} ${surname}`,
      givenName,
      surname,
      jobTitle,
      department: dept.name,
      officeLocation: rnd.weighted(dept.offices),
      mobileVisibility: rnd.chance(field ? 0.85 : 0.4) ? 'organisation' : 'private',
      skills,
      hasPhoto: rnd.chance(field ? 0.4 : 0.6),
      roles: isLead ? ['manager'] : rnd.chance(0.03) ? ['ambassador'] : [],
      aadObjectId: deterministicGuid(seedText, email),
    };
    if (rnd.chance(field ? 0.05 : 0.93)) person.businessPhone = writeFixed('058', String(fixed.take()), rnd);
    if (rnd.chance(field ? 0.9 : 0.55)) person.mobilePhone = writeMobile(String(mobiles.take()), rnd);
    if (rnd.chance(field ? 0.2 : 0.45)) person.bio = writeBio(rnd, { jobTitle, department: dept.name, skills });
    return person;
  }
}
