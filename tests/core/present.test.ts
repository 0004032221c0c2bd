import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import type { IndexedPerson } from '../../core/directory/types.js';
import { Person } from '../../models/person.js';
import { initialsOf, presentPerson, teamsCallUrl, teamsChatUrl } from '../../core/people/present.js';
import { mobileShown } from '../../core/policies/person.js';
import { actor, person } from '../cards/people.js';

const mobileOf = (view: ReturnType<typeof presentPerson>) => view.phones.find((p) => p.kind === 'mobile');

describe('presentPerson', () => {
  describe('mobile number', () => {
    it('shows a mobile number shared with the organisation to a colleague, in a personal chat and in a channel', () => {
      const p = person({ mobileVisibility: 'organisation' });
      const colleague = actor();
      assert.equal(mobileOf(presentPerson(p, colleague, 'private'))?.e164, '+31612345678');
      assert.equal(mobileOf(presentPerson(p, colleague, 'shared'))?.e164, '+31612345678');
    });

    it('hides a private mobile number from a colleague, even in a personal chat', () => {
      const p = person({ mobileVisibility: 'private' });
      const view = presentPerson(p, actor(), 'private');
      assert.equal(mobileOf(view), undefined);
      assert.doesNotMatch(JSON.stringify(view), /12345678/);
    });

    it('shows a private mobile number to its owner in a personal chat', () => {
      const p = person({ mobileVisibility: 'private' });
      const view = presentPerson(p, actor(p.id), 'private');
      assert.deepEqual(mobileOf(view), {
        kind: 'mobile',
        display: '06 12345678',
        e164: '+31612345678',
        tel: 'tel:+31612345678',
      });
      assert.equal(view.self, true);
    });

    it('hides a private mobile number from its owner when the answer is shared (channel, group chat, message extension)', () => {
      const p = person({ mobileVisibility: 'private' });
      const view = presentPerson(p, actor(p.id), 'shared');
      assert.equal(mobileOf(view), undefined);
      assert.doesNotMatch(JSON.stringify(view), /12345678/);
    });

    it('treats a missing visibility as private', () => {
      const p = person({ mobileVisibility: undefined });
      assert.equal(mobileOf(presentPerson(p, actor(), 'private')), undefined);
      assert.equal(mobileOf(presentPerson(p, actor(p.id), 'shared')), undefined);
      assert.ok(mobileOf(presentPerson(p, actor(p.id), 'private')));
    });

    it('follows the rule table', () => {
      assert.equal(mobileShown('organisation', false, 'shared'), true);
      assert.equal(mobileShown('organisation', false, 'private'), true);
      assert.equal(mobileShown('private', true, 'private'), true);
      assert.equal(mobileShown('private', true, 'shared'), false);
      assert.equal(mobileShown('private', false, 'private'), false);
      assert.equal(mobileShown(undefined, false, 'private'), false);
      assert.equal(mobileShown(null, true, 'shared'), false);
    });
  });

  it('shows the business number to every colleague, also in shared answers', () => {
    const view = presentPerson(person(), actor(), 'shared');
    assert.deepEqual(view.phones, [
      { kind: 'business', display: '0512 123 456', e164: '+31512123456', tel: 'tel:+31512123456' },
    ]);
  });

  it('gives a viewer who is not a member of the organisation only the name', () => {
    const p = person({ mobileVisibility: 'organisation', photoId: new Types.ObjectId() });
    let asked = false;
    const view = presentPerson(p, null, 'private', {
      photoUrl: () => {
        asked = true;
        return 'https://ids.example/p.jpg';
      },
    });
    assert.deepEqual(view, {
      id: p.id,
      displayName: 'Anne-Roos van der Vooren',
      initials: 'AV',
      phones: [],
      skills: [],
      self: false,
    });
    assert.equal(asked, false);
  });

  it('links to a Teams chat and a Teams call in the documented deep-link formats', () => {
    const view = presentPerson(person(), actor(), 'shared');
    assert.equal(
      view.chatUrl,
      'https://teams.microsoft.com/l/chat/0/0?users=anne-roos.vandervooren@gemeente.example.nl',
    );
    assert.equal(
      view.callUrl,
      'https://teams.microsoft.com/l/call/0/0?users=anne-roos.vandervooren@gemeente.example.nl',
    );
    assert.equal(teamsChatUrl('a+b@x.nl'), 'https://teams.microsoft.com/l/chat/0/0?users=a%2Bb@x.nl');
    assert.equal(
      teamsCallUrl('a&users=evil@x.nl'),
      'https://teams.microsoft.com/l/call/0/0?users=a%26users%3Devil@x.nl',
    );
  });

  it('leaves out an email address that is not one, and the links built from it', () => {
    const view = presentPerson(person({ email: 'not an address' }), actor(), 'private');
    assert.equal(view.email, undefined);
    assert.equal(view.chatUrl, undefined);
    assert.equal(view.callUrl, undefined);
  });

  it('derives E.164 and a tel: link from a Dutch number written without one', () => {
    const view = presentPerson(
      person({
        businessPhone: { display: '0512-123456' },
        mobilePhone: { display: 'bel de receptie' },
        mobileVisibility: 'organisation',
      }),
      actor(),
      'private',
    );
    assert.deepEqual(view.phones, [
      { kind: 'business', display: '0512-123456', e164: '+31512123456', tel: 'tel:+31512123456' },
      { kind: 'mobile', display: 'bel de receptie' },
    ]);
  });

  it('asks the caller for a signed photo URL only when the person has a photo', () => {
    const photoId = new Types.ObjectId();
    const p = person({ photoId });
    const calls: unknown[] = [];
    const photoUrl = (photo: { personId: string; photoId: string }) => {
      calls.push(photo);
      return `https://ids.example/media/${photo.photoId}?sig=abc`;
    };
    const view = presentPerson(p, actor(), 'shared', { photoUrl });
    assert.equal(view.photoUrl, `https://ids.example/media/${photoId.toHexString()}?sig=abc`);
    assert.deepEqual(calls, [{ personId: p.id, photoId: photoId.toHexString() }]);
    assert.equal(presentPerson(person(), actor(), 'shared', { photoUrl }).photoUrl, undefined);
    assert.equal(calls.length, 1);
  });

  it('returns plain JSON without undefined members', () => {
    const view = presentPerson(person({ jobTitle: '  ', officeLocation: undefined }), actor(), 'private');
    assert.deepEqual(JSON.parse(JSON.stringify(view)), view);
    assert.equal('jobTitle' in view, false);
    assert.equal('officeLocation' in view, false);
  });

  it('trims skills and drops empty and duplicate ones', () => {
    const view = presentPerson(person({ skills: [' GIS ', 'gis', '', 'Omgevingswet'] }), actor(), 'private');
    assert.deepEqual(view.skills, ['GIS', 'Omgevingswet']);
  });

  it('presents a stored person (mongoose document) the same as a search result', () => {
    const doc = new Person({
      email: 'Jan.deVries@Gemeente.example.nl',
      displayName: 'Jan de Vries',
      givenName: 'Jan',
      surname: 'de Vries',
      businessPhone: { display: '0512 000 111', e164: '+31512000111' },
      mobilePhone: { display: '06 11122233', e164: '+31611122233' },
    });
    const view = presentPerson(doc, actor(), 'private');
    assert.equal(view.id, doc._id.toHexString());
    assert.equal(view.initials, 'JV');
    assert.equal(view.email, 'jan.devries@gemeente.example.nl');
    assert.equal(mobileOf(view), undefined, 'the schema default (private) applies');
    assert.equal(presentPerson(doc, actor(doc._id.toHexString()), 'private').self, true);
  });

  it('presents a directory search result', () => {
    const result: IndexedPerson = {
      id: '65f0c0ffee0000000000abcd',
      displayName: 'Bram Bakker',
      email: 'bram.bakker@gemeente.example.nl',
      mobilePhone: { display: '06 11122233', e164: '+31611122233' },
      mobileVisibility: 'organisation',
      skills: ['bomen'],
      roles: [],
    };
    const view = presentPerson(result, actor(), 'shared');
    assert.equal(view.id, '65f0c0ffee0000000000abcd');
    assert.deepEqual(
      view.phones.map((p) => p.e164),
      ['+31611122233'],
    );
  });

  it('refuses a person without an id', () => {
    assert.throws(() => presentPerson({ displayName: 'X' }, actor(), 'private'), TypeError);
  });
});

describe('initialsOf', () => {
  const cases: Array<[Parameters<typeof initialsOf>[0], string]> = [
    [{ displayName: 'Anne-Roos van der Vooren', givenName: 'Anne-Roos', surname: 'van der Vooren' }, 'AV'],
    [{ displayName: 'Anne-Roos van der Vooren' }, 'AV'],
    [{ displayName: 'Pieter ’t Hart', givenName: 'Pieter', surname: "'t Hart" }, 'PH'],
    [{ displayName: 'Sanne in ’t Veld' }, 'SV'],
    [{ displayName: 'IJsbrand de Jong', givenName: 'IJsbrand', surname: 'de Jong' }, 'IJJ'],
    [{ displayName: 'émile van Dam', givenName: 'émile', surname: 'van Dam' }, 'ÉD'],
    [{ displayName: 'Fatima', givenName: 'Fatima' }, 'F'],
    [{ displayName: 'Van', surname: 'Van' }, 'V'],
    [{ displayName: '  ', email: 'x@y.nl' }, 'X'],
    [{ displayName: '' }, '?'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input.displayName)} → ${expected}`, () => assert.equal(initialsOf(input), expected));
  }
});
