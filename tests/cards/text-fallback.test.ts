import assert from 'node:assert/strict';
import type { Locale } from '../../core/i18n.js';
import { presentPerson } from '../../core/people/present.js';
import { helpText, noMatchText, personText, pickListText } from '../../cards/text-fallback.js';
import { actor, HOSTILE_QUERY, hostilePerson, person } from './people.js';

/** The targets of every markdown link in `md`. */
function linkTargets(md: string): string[] {
  return [...md.matchAll(/\]\(([^)\s]*)\)/g)].map((m) => m[1]!);
}

function assertSafe(md: string, what: string): void {
  assert.doesNotMatch(md, /javascript\s*:/i, what);
  assert.doesNotMatch(md, /<script|<img|<https?:/i, what);
  for (const target of linkTargets(md))
    assert.match(target, /^(https:\/\/|tel:\+?\d+$|mailto:)/, `${what}: link to ${target}`);
}

describe('text fallbacks', () => {
  for (const locale of ['nl', 'en'] as Locale[]) {
    describe(`in ${locale}`, () => {
      it('gives a person as markdown with tel:, mailto: and Teams chat links', () => {
        const view = presentPerson(person({ mobileVisibility: 'organisation' }), actor(), 'private');
        const md = personText(view, locale, { profileUrl: 'https://teams.microsoft.com/l/entity/x/people' });
        assertSafe(md, 'person');
        const nl = locale === 'nl';
        assert.ok(md.startsWith('**Anne-Roos van der Vooren**'));
        assert.ok(md.includes(`${nl ? 'Telefoon' : 'Phone'}: [0512 123 456](tel:+31512123456)`));
        assert.ok(md.includes(`${nl ? 'Mobiel' : 'Mobile'}: [06 12345678](tel:+31612345678)`));
        assert.ok(
          md.includes(
            `${nl ? 'E-mail' : 'Email'}: [anne-roos.vandervooren@gemeente.example.nl](mailto:anne-roos.vandervooren@gemeente.example.nl)`,
          ),
        );
        assert.ok(md.includes(`${nl ? 'Afdeling' : 'Department'}: Ruimte en Wonen`));
        assert.ok(
          md.includes(
            '[Chat](https://teams.microsoft.com/l/chat/0/0?users=anne-roos.vandervooren@gemeente.example.nl)',
          ),
        );
        assert.ok(md.includes(`[${nl ? 'Bellen' : 'Call'}](tel:+31512123456)`));
        assert.ok(md.includes(`[${nl ? 'Profiel' : 'Profile'}](https://teams.microsoft.com/l/entity/x/people)`));
      });

      it('calls through Teams when there is no number', () => {
        const view = presentPerson(person({ businessPhone: null, mobilePhone: null }), actor(), 'private');
        assert.ok(
          personText(view, locale).includes(
            '(https://teams.microsoft.com/l/call/0/0?users=anne-roos.vandervooren@gemeente.example.nl)',
          ),
        );
      });

      it('never shows a private mobile number in a shared answer', () => {
        const p = person({ mobilePhone: { display: '06 99887766', e164: '+31699887766' } });
        const view = presentPerson(p, actor(p.id), 'shared');
        assert.doesNotMatch(personText(view, locale) + pickListText([view], { locale, query: 'x' }), /99887766/);
      });

      it('keeps hostile text inert', () => {
        const view = presentPerson(hostilePerson(), actor(), 'private');
        assertSafe(personText(view, locale, { profileUrl: 'javascript:alert(1)' }), 'hostile person');
        assertSafe(pickListText(Array(30).fill(view), { locale, query: HOSTILE_QUERY }), 'hostile pick list');
        assertSafe(
          noMatchText({ locale, query: HOSTILE_QUERY, suggestions: [{ kind: 'query', query: HOSTILE_QUERY }] }),
          'hostile no match',
        );
      });

      it('lists and counts a pick list', () => {
        const views = [
          person(),
          person({ displayName: 'Bram Bakker', jobTitle: 'Boomverzorger', department: 'Buitendienst' }),
        ].map((p) => presentPerson(p, actor(), 'shared'));
        const md = pickListText(views, { locale, query: 'gis' });
        assert.ok(md.includes(locale === 'nl' ? "Ik vond 2 collega's voor ‘gis’" : 'I found 2 colleagues for ‘gis’'));
        assert.ok(md.includes('2. **Bram Bakker** — Boomverzorger · Buitendienst'));
      });

      it('says nobody was found, with suggestions and the skill hint', () => {
        const md = noMatchText({
          locale,
          query: 'Anna',
          suggestions: [{ kind: 'person', personId: 'p1', label: 'Anne-Roos van der Vooren' }],
        });
        assert.ok(md.includes(locale === 'nl' ? 'Niemand gevonden voor ‘Anna’.' : 'Nobody found for ‘Anna’.'));
        assert.ok(md.includes('- Anne-Roos van der Vooren'));
        assert.ok(md.includes(locale === 'nl' ? 'Zoek op expertise' : 'Search by skill'));
      });

      it('explains what the bot does', () => {
        const md = helpText(locale, { tabUrl: 'https://teams.microsoft.com/l/entity/x/home' });
        assertSafe(md, 'help');
        assert.ok(md.includes(locale === 'nl' ? 'Wat kan Ids voor je doen?' : 'What can Ids do for you?'));
        assert.ok(md.includes('[Open Ids](https://teams.microsoft.com/l/entity/x/home)'));
      });
    });
  }
});
