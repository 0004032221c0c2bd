import { expect } from 'chai';
import mongoose, { Types } from 'mongoose';
import pino from 'pino';
import { DirectoryIndex, type DirectoryPersonInput } from '../../core/directory/index.js';
import { presentPerson } from '../../core/people/present.js';
import { findPeople } from '../../core/people/find.js';
import { importPeople } from '../../core/people/import.js';
import { parsePeopleFile } from '../../core/people/import-file.js';
import { setOwnMobileVisibility } from '../../core/people/mobile-visibility.js';
import { actorFromPerson } from '../../core/identity.js';
import type { Actor, Audience } from '../../core/actor.js';
import { runMigrations } from '../../models/migrations.js';
import { Person, type MobileVisibility } from '../../models/person.js';
import { useTestStore } from '../support/db.js';
import { aPerson } from '../support/factories.js';

const OWNER_ID = new Types.ObjectId();
const COLLEAGUE_ID = new Types.ObjectId();
const MOBILE = { display: '06 4123 5678', e164: '+31641235678' };

function sietse(choice: MobileVisibility | undefined): DirectoryPersonInput {
  return {
    _id: OWNER_ID,
    email: 'sietse.kingma@gemeente-ids.nl',
    displayName: 'Sietse Kingma',
    givenName: 'Sietse',
    surname: 'Kingma',
    jobTitle: 'medewerker groenvoorziening',
    mobilePhone: MOBILE,
    ...(choice ? { mobileVisibility: choice } : {}),
  };
}

const actor = (id: Types.ObjectId): Actor => ({ personId: id, email: `${id}@x.nl`, roles: [], locale: 'nl' });

describe('mobile numbers: the organisation default, the CSV and the owner', () => {
  describe('every combination of default, choice, viewer and audience', () => {
    // The choice wins; without one the organisation's default decides. A private number is shown
    // to its owner in a private answer only; an organisation number to every colleague anywhere.
    const cases: Array<[MobileVisibility, MobileVisibility | undefined, 'owner' | 'colleague', Audience, boolean]> = [];
    for (const def of ['private', 'organisation'] as const)
      for (const choice of [undefined, 'private', 'organisation'] as const)
        for (const viewer of ['owner', 'colleague'] as const)
          for (const audience of ['private', 'shared'] as const) {
            const effective = choice ?? def;
            const shown = effective === 'organisation' || (viewer === 'owner' && audience === 'private');
            cases.push([def, choice, viewer, audience, shown]);
          }

    for (const [def, choice, viewer, audience, shown] of cases) {
      it(`default ${def}, choice ${choice ?? 'none'}, ${viewer}, ${audience} answer: ${shown ? 'shown' : 'hidden'}`, () => {
        const index = DirectoryIndex.build([sietse(choice)], { mobileVisibility: def });
        const asker = actor(viewer === 'owner' ? OWNER_ID : COLLEAGUE_ID);
        const view = presentPerson(index.get(OWNER_ID.toString())!, asker, audience);
        expect(view.phones.some((p) => p.kind === 'mobile')).to.equal(shown);
        // Searching by the number finds its owner only where every colleague may see it.
        const found = findPeople(index, asker, audience, { query: '06-41235678' });
        expect(found.people.length).to.equal(choice === 'organisation' || (!choice && def === 'organisation') ? 1 : 0);
      });
    }

    it('by a number the asker may not see, not even a partial one reveals the owner or a suggestion', () => {
      const index = DirectoryIndex.build([sietse('private')], { mobileVisibility: 'organisation' });
      for (const q of ['0641235678', '+31 6 41235678', '06-4123', '235678', 'wie heeft 06-41235678?']) {
        const found = findPeople(index, actor(COLLEAGUE_ID), 'private', { query: q });
        expect(found.people, q).to.have.length(0);
        expect(JSON.stringify(found), q).to.not.include('Sietse');
      }
    });
  });

  describe('in the store', () => {
    useTestStore();
    beforeEach(() => Person.deleteMany({}));

    it('the migration removes the old default once and keeps real choices', async () => {
      const people = mongoose.connection.db!.collection('people');
      await mongoose.connection.db!.collection('migrations').deleteMany({});
      await people.insertMany([
        { email: 'a@x.nl', displayName: 'A', mobileVisibility: 'private', active: true },
        { email: 'b@x.nl', displayName: 'B', mobileVisibility: 'organisation', active: true },
        { email: 'c@x.nl', displayName: 'C', active: true },
      ]);
      await runMigrations(pino({ level: 'silent' }));
      const after = await people
        .find({}, { projection: { email: 1, mobileVisibility: 1 } })
        .sort({ email: 1 })
        .toArray();
      expect(after.map((p) => p.mobileVisibility ?? null)).to.deep.equal([null, 'organisation', null]);
      // A choice of private made afterwards is not undone by a second start.
      await people.updateOne({ email: 'a@x.nl' }, { $set: { mobileVisibility: 'private' } });
      await runMigrations(pino({ level: 'silent' }));
      expect((await people.findOne({ email: 'a@x.nl' }))!.mobileVisibility).to.equal('private');
    });

    it('a new person stores no choice; the CSV column mobileVisibility sets one (nl or en words)', async () => {
      const p = await aPerson();
      expect(await Person.findById(p._id).lean()).to.not.have.property('mobileVisibility');
      const csv = [
        'email;displayName;mobilePhone;mobileVisibility',
        'sietse@gemeente-ids.nl;Sietse Kingma;06 4123 5678;organisatie',
        'durk@gemeente-ids.nl;Durk Hoekstra;06 1111 2222;private',
        'jelte@gemeente-ids.nl;Jelte de Boer;06 3333 4444;',
        'fout@gemeente-ids.nl;Fout;06 5555 6666;iedereen',
      ].join('\n');
      const summary = await importPeople(parsePeopleFile(Buffer.from(csv)).rows);
      expect(summary.created).to.equal(3);
      expect(summary.rejected).to.have.length(1);
      expect(summary.rejected[0]!.reason).to.include('mobileVisibility "iedereen"');
      const stored = await Person.find({}, { email: 1, mobileVisibility: 1 }).lean();
      const of = (email: string) => stored.find((s) => s.email === email)?.mobileVisibility ?? null;
      expect([of('sietse@gemeente-ids.nl'), of('durk@gemeente-ids.nl'), of('jelte@gemeente-ids.nl')]).to.deep.equal([
        'organisation',
        'private',
        null,
      ]);
    });

    it("the owner's own choice wins over the CSV, and a blank cell in a later import leaves it", async () => {
      const csv = (v: string) => `email,displayName,mobilePhone,mobileVisibility\ns@x.nl,Sietse,06 4123 5678,${v}\n`;
      await importPeople(parsePeopleFile(Buffer.from(csv('private'))).rows);
      const p = (await Person.findOne({ email: 's@x.nl' }).lean())!;
      await setOwnMobileVisibility(actorFromPerson(p), 'organisation');
      await importPeople(parsePeopleFile(Buffer.from(csv(''))).rows);
      expect((await Person.findById(p._id).lean())!.mobileVisibility).to.equal('organisation');
      await setOwnMobileVisibility(actorFromPerson(p), null);
      expect(await Person.findById(p._id).lean()).to.not.have.property('mobileVisibility');
    });
  });
});
