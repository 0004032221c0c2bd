import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import type { Locale } from '../../core/i18n.js';
import { presentPerson, type PersonView } from '../../core/people/present.js';
import { cardAttachment, type AdaptiveCard } from '../../cards/adaptive.js';
import { helpCard } from '../../cards/help.js';
import { noMatchCard, type Suggestion } from '../../cards/no-match.js';
import { personCard } from '../../cards/person-card.js';
import { PICK_LIST_MAX, personPickList } from '../../cards/person-pick-list.js';
import { personPreview } from '../../cards/person-preview.js';
import { MAX_CARD_BYTES, validateCard } from '../../cards/validate.js';
import { actor, HOSTILE_QUERY, hostilePerson, person } from './people.js';

const LOCALES: Locale[] = ['nl', 'en'];
const PROFILE_URL =
  'https://teams.microsoft.com/l/entity/00000000-0000-0000-0000-000000000000/people?context=%7B%22subEntityId%22%3A%22p1%22%7D';

/** Every TextBlock text, fact and button title in a card: what a person reads. */
function texts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) texts(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    for (const key of ['text', 'title', 'value', 'altText', 'tooltip', 'fallbackText']) {
      if (typeof o[key] === 'string') out.push(o[key] as string);
    }
    for (const [key, value] of Object.entries(o)) if (key !== 'data') texts(value, out);
  }
  return out;
}

/** Every URL a card can open or load. */
function urls(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) urls(n, out);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'url' && typeof value === 'string') out.push(value);
      else urls(value, out);
    }
  }
  return out;
}

function assertSound(card: AdaptiveCard, what: string): void {
  const { warnings, bytes } = validateCard(card);
  assert.deepEqual(warnings, [], `${what}: ${warnings.join('; ')}`);
  assert.ok(bytes < MAX_CARD_BYTES, `${what}: ${bytes} bytes`);
  const json = JSON.stringify(card);
  assert.doesNotMatch(json, /javascript\s*:/i, `${what}: javascript: in card`);
  assert.doesNotMatch(json, /<script|<img|<https?:/i, `${what}: markup in card`);
  for (const text of texts(card)) {
    assert.doesNotMatch(text, /\]\s*\(/, `${what}: link syntax in "${text.slice(0, 80)}"`);
    assert.ok(text.length <= 1200, `${what}: text of ${text.length} characters`);
  }
  for (const url of urls(card)) assert.match(url, /^https:\/\//, `${what}: url ${url}`);
}

const privateMobile = { display: '06 99887766', e164: '+31699887766' };
const mobileDigits = /99887766|99 88 77 66/;

describe('cards', () => {
  const photoUrl = () => 'https://ids.example.nl/media/p/abc?exp=1&sig=def';

  for (const locale of LOCALES) {
    describe(`in ${locale}`, () => {
      describe('person card', () => {
        it('parses as schema 1.5 without warnings and shows every field with its label', () => {
          const p = person({ mobileVisibility: 'organisation' });
          const card = personCard(presentPerson(p, actor(), 'private'), { locale, profileUrl: PROFILE_URL });
          assertSound(card, 'person card');
          const json = JSON.stringify(card);
          const labels =
            locale === 'nl'
              ? ['Telefoon', 'Mobiel', 'E-mail', 'Afdeling', 'Locatie', 'Expertise', 'Chat', 'Bellen', 'Profiel']
              : ['Phone', 'Mobile', 'Email', 'Department', 'Location', 'Skills', 'Chat', 'Call', 'Profile'];
          for (const label of labels) assert.ok(json.includes(`"${label}"`), `label ${label}`);
          for (const value of [
            'Anne-Roos van der Vooren',
            'Beleidsmedewerker GIS',
            'Ruimte en Wonen',
            '0512 123 456',
            '06 12345678',
            'anne-roos.vandervooren@gemeente.example.nl',
            'Omgevingswet',
          ]) {
            assert.ok(json.includes(value), value);
          }
        });

        it('opens Teams chat and call deep links and the profile, never tel:', () => {
          const card = personCard(presentPerson(person(), actor(), 'private'), { locale, profileUrl: PROFILE_URL });
          assert.deepEqual(
            (card.actions ?? []).map((a) => (a.type === 'Action.OpenUrl' ? a.url : a.type)),
            [
              'https://teams.microsoft.com/l/chat/0/0?users=anne-roos.vandervooren@gemeente.example.nl',
              'https://teams.microsoft.com/l/call/0/0?users=anne-roos.vandervooren@gemeente.example.nl',
              PROFILE_URL,
            ],
          );
          assert.doesNotMatch(JSON.stringify(card), /tel:/);
        });

        it('shows a photo as a round image when there is one, else the initials', () => {
          const withPhoto = personCard(
            presentPerson(person({ photoId: new Types.ObjectId() }), actor(), 'shared', { photoUrl }),
            { locale },
          );
          assertSound(withPhoto, 'person card with photo');
          assert.match(
            JSON.stringify(withPhoto),
            /"type":"Image","url":"https:\/\/ids\.example\.nl\/media\/p\/abc\?exp=1&sig=def","style":"person"/,
          );
          const without = personCard(presentPerson(person(), actor(), 'shared', { photoUrl }), { locale });
          assert.doesNotMatch(JSON.stringify(without), /"Image"/);
          assert.ok(texts(without).includes('AV'));
        });

        it('leaves out what the person has not filled in, and the profile button without a profile URL', () => {
          const sparse = presentPerson(
            { id: 'p1', displayName: 'Kees', email: 'kees@gemeente.example.nl' },
            actor(),
            'private',
          );
          const card = personCard(sparse, { locale });
          assertSound(card, 'sparse person card');
          assert.equal(card.actions?.length, 2);
          const json = JSON.stringify(card);
          for (const label of ['Telefoon', 'Phone', 'Afdeling', 'Department', 'Expertise', 'Skills'])
            assert.ok(!json.includes(`"${label}"`), label);
        });

        it('never shows a private mobile number in a card for a shared audience, not even to its owner', () => {
          const p = person({ mobilePhone: privateMobile, mobileVisibility: 'private' });
          for (const viewer of [actor(p.id), actor()]) {
            const card = personCard(presentPerson(p, viewer, 'shared'), { locale });
            assertSound(card, 'shared person card');
            assert.doesNotMatch(JSON.stringify(card), mobileDigits);
            assert.doesNotMatch(
              JSON.stringify(personPreview(presentPerson(p, viewer, 'shared'), { locale })),
              mobileDigits,
            );
          }
          // The same card for the owner in their personal chat does show it: the check above can fail.
          assert.match(JSON.stringify(personCard(presentPerson(p, actor(p.id), 'private'), { locale })), mobileDigits);
        });

        it('stays safe and small with hostile and very long profile text', () => {
          const p = hostilePerson({ photoId: new Types.ObjectId() });
          const view = presentPerson(p, actor(), 'private', { photoUrl: () => 'javascript:alert(1)' });
          const card = personCard(view, { locale, profileUrl: 'javascript:alert(1)' });
          assertSound(card, 'hostile person card');
          assert.doesNotMatch(JSON.stringify(card), /"Image"/, 'an unsafe photo URL falls back to initials');
          assert.equal(card.actions?.length, 2, 'an unsafe profile URL gives no button');
          assert.ok(
            texts(card).some((s) => s.includes('［klik］(javascript∶alert(1))')),
            'the name shows literally',
          );
        });
      });

      it('person card with an intro says why the person is shown', () => {
        const p = presentPerson(person(), actor(), 'shared');
        const intro = locale === 'nl' ? 'De leidinggevende van Jelte de Boer:' : "Jelte de Boer's manager:";
        const card = personCard(p, { locale, intro });
        assertSound(card, 'person card with intro');
        assert.equal((card.body[0] as { text: string }).text, intro);
        assert.ok(card.fallbackText?.startsWith(intro));
      });

      describe('pick list', () => {
        const views = (n: number, make = person) =>
          Array.from({ length: n }, (_, i) =>
            presentPerson(make({ displayName: `Collega ${i + 1}` }), actor(), 'shared'),
          );

        it('says how many were found and offers a showPerson button per person', () => {
          const list = views(3);
          const card = personPickList(list, { locale, query: 'gis' });
          assertSound(card, 'pick list');
          const json = JSON.stringify(card);
          assert.ok(
            json.includes(locale === 'nl' ? "Ik vond 3 collega's voor ‘gis’" : 'I found 3 colleagues for ‘gis’'),
          );
          const submits = JSON.parse(json, (_k, v) => v).body.flatMap(
            (e: { columns?: { items: { actions?: { data: unknown }[] }[] }[] }) =>
              (e.columns ?? []).flatMap((c) => c.items.flatMap((i) => (i.actions ?? []).map((a) => a.data))),
          );
          assert.deepEqual(
            submits,
            list.map((v) => ({ verb: 'showPerson', personId: v.id })),
          );
          for (const label of ['Beleidsmedewerker GIS · Ruimte en Wonen', 'Collega 1', 'Collega 3'])
            assert.ok(json.includes(label), label);
        });

        it('uses the singular for one', () => {
          const card = personPickList(views(1), { locale, query: 'anne' });
          assert.ok(
            JSON.stringify(card).includes(
              locale === 'nl' ? 'Ik vond 1 collega voor ‘anne’' : 'I found 1 colleague for ‘anne’',
            ),
          );
        });

        it(`shows at most ${PICK_LIST_MAX} and says there were more`, () => {
          const card = personPickList(views(25, hostilePerson), { locale, query: HOSTILE_QUERY, total: 40 });
          assertSound(card, 'long hostile pick list');
          const json = JSON.stringify(card);
          assert.equal(json.match(/"verb":"showPerson"/g)?.length, PICK_LIST_MAX);
          assert.ok(json.includes(locale === 'nl' ? "Ik vond 40 collega's" : 'I found 40 colleagues'));
          assert.ok(json.includes(locale === 'nl' ? 'Ik laat de eerste 10 zien' : 'Showing the first 10'));
        });

        it('pages on: "which of how many" and a more button carrying the next offset', () => {
          const card = personPickList(views(8), {
            locale,
            query: 'Burgerzaken',
            total: 30,
            offset: 8,
            heading: locale === 'nl' ? "30 collega's bij Burgerzaken" : '30 colleagues at Burgerzaken',
            more: { verb: 'morePeople', list: { kind: 'department', department: 'Burgerzaken' }, offset: 16 },
          });
          assertSound(card, 'paged pick list');
          const json = JSON.stringify(card);
          assert.ok(json.includes(locale === 'nl' ? '9–16 van 30' : '9–16 of 30'));
          assert.equal(card.actions?.length, 1);
          assert.deepEqual((card.actions![0] as { data: unknown }).data, {
            verb: 'morePeople',
            list: { kind: 'department', department: 'Burgerzaken' },
            offset: 16,
          });
          assert.equal((card.actions![0] as { title: string }).title, locale === 'nl' ? 'Meer' : 'More');
        });

        it('tells namesakes apart by location, and can ask for a manager instead of a card', () => {
          const a = presentPerson(
            person({ displayName: 'Jan de Vries', jobTitle: 'hovenier', department: 'Groen', officeLocation: 'Werf' }),
            actor(),
            'shared',
          );
          const b = presentPerson(
            person({
              displayName: 'Jan de Vries',
              jobTitle: 'hovenier',
              department: 'Groen',
              officeLocation: 'Stadhuis',
            }),
            actor(),
            'shared',
          );
          const card = personPickList([a, b], { locale, query: 'Jan de Vries', pick: 'manager' });
          assertSound(card, 'namesakes');
          const json = JSON.stringify(card);
          assert.ok(json.includes('hovenier · Groen · Werf') && json.includes('hovenier · Groen · Stadhuis'));
          assert.equal(json.match(/"verb":"askAbout","question":"manager"/g)?.length, 2);
        });

        it('never shows a private mobile number', () => {
          const p = person({ mobilePhone: privateMobile });
          const card = personPickList([presentPerson(p, actor(p.id), 'shared')], { locale, query: 'anne' });
          assert.doesNotMatch(JSON.stringify(card), mobileDigits);
        });
      });

      describe('no match', () => {
        const suggestions: Suggestion[] = [
          { kind: 'person', personId: '65f0c0ffee0000000000abcd', label: 'Anne-Roos van der Vooren' },
          { kind: 'query', query: 'GIS' },
        ];

        it('says nobody was found, suggests, and explains searching by skill', () => {
          const card = noMatchCard({ locale, query: 'Anna Roos', suggestions });
          assertSound(card, 'no match');
          const json = JSON.stringify(card);
          assert.ok(
            json.includes(locale === 'nl' ? 'Niemand gevonden voor ‘Anna Roos’.' : 'Nobody found for ‘Anna Roos’.'),
          );
          assert.ok(json.includes(locale === 'nl' ? 'Bedoelde je…?' : 'Did you mean…?'));
          assert.ok(
            json.includes(
              locale === 'nl' ? 'Zoek op expertise: wie weet iets van GIS?' : 'Search by skill: who knows about GIS?',
            ),
          );
          assert.ok(json.includes('{"verb":"showPerson","personId":"65f0c0ffee0000000000abcd"}'));
          assert.ok(json.includes('{"verb":"search","query":"GIS"}'));
        });

        it('works without suggestions and with hostile input', () => {
          assertSound(noMatchCard({ locale, query: 'x' }), 'no match without suggestions');
          assert.doesNotMatch(JSON.stringify(noMatchCard({ locale, query: 'x' })), /Bedoelde|Did you mean/);
          const hostile = noMatchCard({
            locale,
            query: HOSTILE_QUERY,
            suggestions: Array.from({ length: 20 }, () => ({ kind: 'query' as const, query: HOSTILE_QUERY })),
          });
          assertSound(hostile, 'hostile no match');
        });
      });

      describe('help', () => {
        it('lists what the bot does', () => {
          const card = helpCard({
            locale,
            tabUrl: 'https://teams.microsoft.com/l/entity/00000000-0000-0000-0000-000000000000/home',
          });
          assertSound(card, 'help');
          const json = JSON.stringify(card);
          assert.ok(json.includes(locale === 'nl' ? 'Wat kan Ids voor je doen?' : 'What can Ids do for you?'));
          assert.ok(json.includes(locale === 'nl' ? 'wie weet iets van GIS?' : 'who knows about GIS?'));
          assert.equal(card.actions?.length, 1);
          assert.equal(helpCard({ locale }).actions, undefined);
        });
      });

      describe('message-extension preview', () => {
        it('is a thumbnail card with name, job title, department and the business number', () => {
          const p = person({ photoId: new Types.ObjectId() });
          const preview = personPreview(presentPerson(p, actor(), 'shared', { photoUrl }), { locale });
          assert.equal(preview.contentType, 'application/vnd.microsoft.card.thumbnail');
          assert.equal(preview.content.title, 'Anne-Roos van der Vooren');
          assert.equal(preview.content.subtitle, 'Beleidsmedewerker GIS');
          assert.equal(
            preview.content.text,
            `Ruimte en Wonen · ${locale === 'nl' ? 'Telefoon' : 'Phone'} 0512 123 456`,
          );
          assert.deepEqual(
            preview.content.images?.map((i) => i.url),
            ['https://ids.example.nl/media/p/abc?exp=1&sig=def'],
          );
        });

        it('keeps hostile text inert and drops unsafe images', () => {
          const view = presentPerson(hostilePerson({ photoId: new Types.ObjectId() }), actor(), 'shared', {
            photoUrl: () => 'data:image/png;base64,AAAA',
          });
          const preview = personPreview(view, { locale });
          const json = JSON.stringify(preview);
          assert.doesNotMatch(json, /javascript\s*:|<script|\]\(/i);
          assert.equal(preview.content.images, undefined);
          assert.ok(preview.content.title.length <= 120);
        });
      });
    });
  }

  it('wraps a card as a Bot Framework attachment', () => {
    const card = helpCard({ locale: 'nl' });
    assert.deepEqual(cardAttachment(card), { contentType: 'application/vnd.microsoft.card.adaptive', content: card });
  });

  it('builds cards from views only (a view without optional fields still validates)', () => {
    const minimal: PersonView = { id: 'p1', displayName: 'X', initials: 'X', phones: [], skills: [], self: false };
    assertSound(personCard(minimal, { locale: 'nl' }), 'minimal view');
    assertSound(personPickList([minimal], { locale: 'en', query: 'x' }), 'minimal pick list');
  });
});
