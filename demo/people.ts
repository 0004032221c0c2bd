import { createHash } from 'node:crypto';
import type { Random } from './random.js';
import { NAME_POOLS, asciiFold } from './names.js';
import { BIO_EN, BIO_HOBBIES, BIO_OPENINGS, BIO_WORK, GENERAL_SKILLS, type DepartmentProfile } from './catalogue.js';

/** Building blocks shared by the demo organisation and the synthetic bench people. */

export interface DrawnName {
  givenName: string;
  surname: string;
}

/** A first name and surname, as a staff list of a Frisian municipality would have them. */
export function drawName(rnd: Random): DrawnName {
  const elsewhere = rnd.chance(0.08);
  const female = rnd.chance(0.52);
  const givenName = elsewhere
    ? rnd.pick(female ? NAME_POOLS.femaleElsewhere : NAME_POOLS.maleElsewhere)
    : rnd.pick(female ? NAME_POOLS.female : NAME_POOLS.male);
  let surname = elsewhere && rnd.chance(0.85) ? rnd.pick(NAME_POOLS.surnamesElsewhere) : rnd.pick(NAME_POOLS.surnames);
  // Double surnames (mostly a partner's name joined with a hyphen).
  if (rnd.chance(0.05)) {
    const second = rnd.pick(NAME_POOLS.surnames);
    if (second !== surname) surname = `${surname}-${second}`;
  }
  return { givenName, surname };
}

/** Hands out unique email addresses: "jan.devries", then "jan.devries2", … */
export class EmailRegistry {
  private readonly taken = new Set<string>();
  private readonly folded = new Map<string, string>();
  private readonly nextSuffix = new Map<string, number>();

  constructor(readonly domain: string) {}

  private fold(part: string): string {
    let f = this.folded.get(part);
    if (f === undefined) {
      f = asciiFold(part);
      this.folded.set(part, f);
    }
    return f;
  }

  claim(givenName: string, surname: string): string {
    const base = `${this.fold(givenName)}.${this.fold(surname)}`;
    let local = base;
    // Remember where counting stopped per name, or 100,000 people would take quadratic time.
    let n = this.nextSuffix.get(base) ?? 2;
    while (this.taken.has(local)) local = `${base}${n++}`;
    this.nextSuffix.set(base, n);
    this.taken.add(local);
    return `${local}@${this.domain}`;
  }
}

/** A stable GUID for a person (what Entra ID would give them), derived from seed and email. */
export function deterministicGuid(seed: string, email: string): string {
  const h = createHash('sha1').update(`${seed}\u0000${email}`).digest('hex');
  // Shape it as a version 5 / RFC 4122 variant GUID.
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Distinct numbers from a range without remembering which were handed out: the i-th
 * number is (a·i + b) mod size with a coprime to size, a bijection on the range.
 */
export class NumberRange {
  private next = 0;
  constructor(
    private readonly start: number,
    private readonly size: number,
    private readonly step: number,
    private readonly offset: number,
  ) {}

  take(): number {
    if (this.next >= this.size) throw new Error('number range exhausted');
    const i = this.next++;
    return this.start + ((i * this.step + this.offset) % this.size);
  }
}

const pairs = (digits: string) => digits.match(/../g)!.join(' ');

/** "06 12345678" and the other ways people write a mobile number; `digits` are the 8 after 06. */
export function writeMobile(digits: string, rnd: Random): string {
  switch (rnd.int(0, 9)) {
    case 0:
    case 1:
    case 2:
      return `06 ${digits}`;
    case 3:
    case 4:
      return `06-${digits}`;
    case 5:
      return `06 ${digits.slice(0, 4)} ${digits.slice(4)}`;
    case 6:
      return `06-${pairs(digits)}`;
    case 7:
      return `+31 6 ${digits.slice(0, 4)} ${digits.slice(4)}`;
    case 8:
      return `+31 (0)6 ${pairs(digits)}`;
    default:
      return rnd.chance(0.5) ? `0031 6 ${digits}` : `06${digits}`;
  }
}

/** A number on a fixed-line range ("0515 48 12 34" and variants); `local` are the digits after the area code. */
export function writeFixed(areaCode: string, local: string, rnd: Random): string {
  const bare = areaCode.slice(1);
  const grouped =
    local.length === 6 ? `${local.slice(0, 2)} ${pairs(local.slice(2))}` : `${local.slice(0, 3)} ${local.slice(3)}`;
  switch (rnd.int(0, 7)) {
    case 0:
    case 1:
    case 2:
      return `${areaCode} ${grouped}`;
    case 3:
      return `${areaCode}-${local}`;
    case 4:
      return `(${areaCode}) ${grouped}`;
    case 5:
      return `+31 ${bare} ${grouped}`;
    case 6:
      return `+31 (0)${bare} ${grouped}`;
    default:
      return `${areaCode}${local}`;
  }
}

export function drawSkills(rnd: Random, department: DepartmentProfile, min: number, max: number): string[] {
  const count = rnd.int(min, max);
  const own = rnd.sample(department.skills, Math.min(count, department.skills.length));
  if (count > own.length || rnd.chance(0.35)) {
    const extra = rnd.pick(GENERAL_SKILLS);
    if (!own.some((s) => s.toLowerCase() === extra.toLowerCase())) own.push(extra);
  }
  return own;
}

export function writeBio(
  rnd: Random,
  p: { jobTitle: string; department: string; skills: string[] },
  english = false,
): string {
  const fill = (template: string) =>
    template
      .replace('{year}', String(rnd.int(1992, 2024)))
      .replace('{jobTitle}', p.jobTitle)
      .replace('{department}', p.department)
      .replace('{skill}', p.skills[0] ?? p.jobTitle);
  if (english) return fill(rnd.pick(BIO_EN));
  const work = p.skills.length > 0 ? fill(rnd.pick(BIO_WORK)) : '';
  return [fill(rnd.pick(BIO_OPENINGS)), work, rnd.pick(BIO_HOBBIES)].filter((s) => s !== '').join(' ');
}
