import { Types } from 'mongoose';
import type { Actor } from '../../core/actor.js';
import type { PresentablePerson } from '../../core/people/present.js';

/** Test data for people, shaped like the search index's results. */

type MutablePerson = { -readonly [K in keyof PresentablePerson]: PresentablePerson[K] };

export function person(overrides: Partial<MutablePerson> = {}): PresentablePerson & { id: string } {
  return {
    id: new Types.ObjectId().toHexString(),
    displayName: 'Anne-Roos van der Vooren',
    givenName: 'Anne-Roos',
    surname: 'van der Vooren',
    jobTitle: 'Beleidsmedewerker GIS',
    department: 'Ruimte en Wonen',
    officeLocation: 'Stadhuis, 2e verdieping',
    email: 'anne-roos.vandervooren@gemeente.example.nl',
    businessPhone: { display: '0512 123 456', e164: '+31512123456' },
    mobilePhone: { display: '06 12345678', e164: '+31612345678' },
    mobileVisibility: 'private',
    skills: ['GIS', 'Omgevingswet', 'kaarten'],
    ...overrides,
  } as PresentablePerson & { id: string };
}

export function actor(personId: string = new Types.ObjectId().toHexString(), locale: 'nl' | 'en' = 'nl'): Actor {
  return {
    personId: new Types.ObjectId(personId),
    email: 'viewer@gemeente.example.nl',
    roles: [],
    locale,
  };
}

const LONG = 'A'.repeat(5000);

/** Everything a hostile or careless profile could hold. */
export function hostilePerson(overrides: Partial<MutablePerson> = {}): PresentablePerson & { id: string } {
  return person({
    displayName: `[klik](javascript:alert(1)) <script>alert(1)</script> ${LONG}`,
    givenName: '[klik](javascript:alert(1))',
    surname: `<script>${LONG}`,
    jobTitle: '**vet** _schuin_ [phish](https://evil.example/login) <https://evil.example>\n- lijst\n# kop',
    department: '<img src=x onerror=alert(1)> &#91;x&#93;(javascript:alert(1))',
    officeLocation: `JavaScript:alert(document.cookie) ${LONG}`,
    businessPhone: { display: '[0512 123 456](javascript:alert(1))', e164: '+31512123456' },
    mobilePhone: { display: '06 12345678', e164: '+31612345678' },
    mobileVisibility: 'organisation',
    skills: [
      '[GIS](javascript:alert(1))',
      LONG,
      '\u202Eevil\u202C',
      ...Array.from({ length: 100 }, (_, i) => `skill ${i}`),
    ],
    ...overrides,
  });
}

export const HOSTILE_QUERY = `[klik](javascript:alert(1)) <script>alert(1)</script> ${'q'.repeat(5000)}`;
