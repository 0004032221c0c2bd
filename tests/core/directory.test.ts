import { expect } from 'chai';
import { Types } from 'mongoose';
import { Person } from '../../models/person.js';
import {
  DirectoryIndex,
  loadDirectory,
  startDirectorySync,
  uniqueMatch,
  type DirectoryPersonInput,
  type SearchOptions,
  type SearchResult,
} from '../../core/directory/index.js';
import { useTestStore } from '../support/db.js';

let seq = 0;
/** A person as the store holds them; only what a test names matters. */
function person(fields: Partial<DirectoryPersonInput> & { displayName: string }): DirectoryPersonInput {
  seq++;
  const [given, ...rest] = fields.displayName.split(' ');
  return {
    _id: new Types.ObjectId(),
    email: `p${seq}@gemeente.test`,
    givenName: given,
    surname: rest.join(' ') || undefined,
    mobileVisibility: 'private',
    skills: [],
    roles: [],
    active: true,
    updatedAt: new Date('2025-03-01T10:00:00Z'),
    ...fields,
  };
}

const names = (results: readonly SearchResult[]) => results.map((r) => r.person.displayName);

function indexOf(...people: DirectoryPersonInput[]): DirectoryIndex {
  return DirectoryIndex.build(people);
}

describe('core/directory: finding colleagues', () => {
  const anneRoos = person({
    displayName: 'Anne-Roos van der Vooren',
    givenName: 'Anne-Roos',
    surname: 'van der Vooren',
    jobTitle: 'klantadviseur',
    department: 'Klantcontactcentrum',
    businessPhone: { display: '0512 123456', e164: '+31512123456' },
    mobilePhone: { display: '06 5123 4567', e164: '+31651234567' },
    mobileVisibility: 'private',
    skills: ['klantcontact', 'webcare'],
  });
  const anne = person({ displayName: 'Anne Bakker', jobTitle: 'medewerker burgerzaken', department: 'Burgerzaken' });
  const pieter = person({
    displayName: 'Pieter Bakker',
    jobTitle: 'communicatieadviseur',
    department: 'Communicatie',
    skills: ['GIS', 'social media'],
    mobilePhone: { display: '06-12345678', e164: '+31612345678' },
    mobileVisibility: 'organisation',
  });
  const bakkerman = person({ displayName: 'Kees Bakkerman', department: 'Financiën', skills: ['subsidies'] });
  const bakkes = person({ displayName: 'Joop Bakkes', department: 'Financiën' });
  const durk = person({
    displayName: 'Durk Hoekstrâ',
    givenName: 'Durk',
    surname: 'Hoekstrâ',
    department: 'Bestuursondersteuning',
    jobTitle: 'gemeentesecretaris',
  });
  const noelle = person({
    displayName: 'Noëlle Brinkman',
    businessPhone: { display: '4321' },
    department: 'Communicatie',
  });
  const cetin = person({ displayName: 'Çetin Yılmaz', department: 'ICT', skills: ['informatiebeveiliging'] });
  const tjitske = person({ displayName: 'Tjitske Tiemersma', department: 'Sociaal Domein' });
  const janDeVries = person({ displayName: 'Jan de Vries', surname: 'de Vries', department: 'Burgerzaken' });
  const janVries = person({ displayName: 'Jan Vries', surname: 'Vries', department: 'Groenvoorziening' });
  const sytze = person({ displayName: "Sytze in 't Veld", surname: "in 't Veld" });
  const baukje = person({
    displayName: 'Baukje Dijkstra-Bakker',
    surname: 'Dijkstra-Bakker',
    department: 'Burgerzaken',
  });
  const jelte = person({ displayName: 'Jelte de Boer', surname: 'de Boer', department: 'Boomverzorging' });
  const jelle = person({ displayName: 'Jelle Postma', department: 'Boomverzorging' });
  const everyone = [
    anneRoos,
    anne,
    pieter,
    bakkerman,
    bakkes,
    durk,
    noelle,
    cetin,
    tjitske,
    janDeVries,
    janVries,
    sytze,
    baukje,
    jelte,
    jelle,
  ];
  const index = DirectoryIndex.build(everyone);
  const find = (q: string, options: SearchOptions = {}) => names(index.search(q, options));
  const first = (q: string, options: SearchOptions = {}) => find(q, options)[0];

  describe('names', () => {
    it('finds whole names, parts of names and names being typed', () => {
      expect(first('Anne-Roos van der Vooren')).to.equal('Anne-Roos van der Vooren');
      expect(find('bakker')).to.include.members(['Anne Bakker', 'Pieter Bakker', 'Baukje Dijkstra-Bakker']);
      expect(first('tiemer')).to.equal('Tjitske Tiemersma');
      expect(find('pieter bak')).to.deep.equal(['Pieter Bakker']);
      expect(first('anne-r')).to.equal('Anne-Roos van der Vooren');
    });

    it('forgives typos, more of them in longer words, none in short ones', () => {
      expect(first('Bakekr')).to.equal('Anne Bakker'); // swapped letters: one slip
      expect(find('Siebrn')).to.deep.equal([]);
      expect(first('Hoekstar')).to.equal('Durk Hoekstrâ');
      expect(first('Pieter Bakjer')).to.equal('Pieter Bakker');
      expect(first('Timersmaa')).to.equal('Tjitske Tiemersma'); // nine letters: two edits
      expect(find('Jam')).to.deep.equal([]); // three letters: exact or prefix only
    });

    it('ignores accents and case, either way round', () => {
      expect(first('hoekstra')).to.equal('Durk Hoekstrâ');
      expect(first('NOELLE')).to.equal('Noëlle Brinkman');
      expect(first('cetin yilmaz')).to.equal('Çetin Yılmaz');
      const plain = indexOf(person({ displayName: 'Noelle Visser' }));
      expect(names(plain.search('Noëlle'))).to.deep.equal(['Noelle Visser']);
    });

    it('treats particles as optional, whether the name or the query has them', () => {
      for (const q of [
        'Vooren',
        'van der Vooren',
        'M. v.d. Vooren',
        'vd Vooren',
        'v/d Vooren',
        'Vooren, van der',
        'vandervooren',
        'VAN DER VOOREN',
      ]) {
        expect(first(q), q).to.equal('Anne-Roos van der Vooren');
      }
      expect(first("in 't Veld")).to.equal("Sytze in 't Veld");
      expect(first('Sytze Veld')).to.equal("Sytze in 't Veld");
      expect(first('sytze int veld')).to.equal("Sytze in 't Veld");
      // A particle typed for a name without one still finds it; the name that has it comes first.
      expect(find('Jan de Vries')).to.deep.equal(['Jan de Vries', 'Jan Vries']);
      expect(find('jan vries')).to.have.members(['Jan de Vries', 'Jan Vries']);
    });

    it('finds hyphenated and double names by either part or as one word', () => {
      for (const q of ['Anne-Roos', 'anne roos', 'anneroos', 'roos vooren'])
        expect(first(q), q).to.equal('Anne-Roos van der Vooren');
      expect(first('Baukje Bakker')).to.equal('Baukje Dijkstra-Bakker');
      expect(first('Dijkstra')).to.equal('Baukje Dijkstra-Bakker');
    });

    it('answers a first name alone with one person when only one has it, and several when not', () => {
      const jelteResults = index.search('Jelte');
      // Jelle Postma comes along as a typo of Jelte, but clearly behind.
      expect(names(jelteResults)).to.deep.equal(['Jelte de Boer', 'Jelle Postma']);
      expect(uniqueMatch(jelteResults)?.person.displayName).to.equal('Jelte de Boer');
      const jan = index.search('Jan');
      expect(names(jan)).to.have.members(['Jan de Vries', 'Jan Vries']);
      expect(uniqueMatch(jan)).to.equal(undefined);
      // Initials narrow it down.
      expect(uniqueMatch(index.search('P. Bakker'))?.person.displayName).to.equal('Pieter Bakker');
    });
  });

  describe('phone numbers', () => {
    it('finds the owner of a work number or a shared mobile number however it is written', () => {
      for (const q of [
        '0512 123456',
        '0512-123456',
        '+31 512 123 456',
        '0031512123456',
        '(0512) 12 34 56',
        'tel:+31512123456',
      ]) {
        expect(first(q), q).to.equal('Anne-Roos van der Vooren');
      }
      for (const q of ['06 12345678', '+31 6-1234 5678', '0612345678', '06-12 34 56 78', '+31 (0)6 12345678']) {
        expect(first(q), q).to.equal('Pieter Bakker');
      }
      const [hit] = index.search('06 12345678');
      expect(hit!.matched).to.deep.equal([
        { field: 'phone', kind: 'exact', term: '31612345678', query: '31612345678' },
      ]);
    });

    it('finds a number by its last digits: six or more for any number, four for work numbers and extensions', () => {
      expect(first('123456')).to.equal('Anne-Roos van der Vooren');
      expect(first('345678')).to.equal('Pieter Bakker');
      expect(first('3456')).to.equal('Anne-Roos van der Vooren'); // the extension part of a work number
      expect(find('5678')).to.deep.equal([]); // four digits of a mobile number: too little to go on
      expect(first('4321')).to.equal('Noëlle Brinkman'); // an internal extension as stored
      expect(index.search('123456')[0]!.matched[0]).to.include({ field: 'phone', kind: 'prefix' });
    });

    it('never reveals whose private mobile number it is', () => {
      for (const q of ['06 5123 4567', '+31651234567', '0651234567', '51234567', '234567'])
        expect(find(q), q).to.deep.equal([]);
      // The presenter still gets the number, to show to its owner.
      expect(index.get(anneRoos._id.toString())!.mobilePhone).to.deep.include({ e164: '+31651234567' });
      // Once its owner shares it with the organisation, it is a way to find her.
      const shared = indexOf({ ...anneRoos, mobileVisibility: 'organisation' });
      expect(names(shared.search('06 5123 4567'))).to.deep.equal(['Anne-Roos van der Vooren']);
      // And when she makes it private again, it stops being one.
      shared.upsertPerson({ ...anneRoos, mobileVisibility: 'private', updatedAt: new Date('2025-03-02T10:00:00Z') });
      expect(names(shared.search('06 5123 4567'))).to.deep.equal([]);
    });
  });

  describe('skills, job titles, departments and email', () => {
    it('matches skills, job titles and departments in skill mode, not names', () => {
      expect(find('GIS', { mode: 'skill' })).to.deep.equal(['Pieter Bakker']);
      expect(find('subsidie', { mode: 'skill' })).to.deep.equal(['Kees Bakkerman']);
      expect(find('communicatieadviseur', { mode: 'skill' })).to.deep.equal(['Pieter Bakker']);
      expect(find('adviseur', { mode: 'skill' })).to.have.members(['Pieter Bakker', 'Anne-Roos van der Vooren']);
      expect(find('Burgerzaken', { mode: 'skill' })).to.have.members([
        'Anne Bakker',
        'Jan de Vries',
        'Baukje Dijkstra-Bakker',
      ]);
      expect(find('Bakker', { mode: 'skill' })).to.deep.equal([]);
      expect(find('GIS', { mode: 'person' })).to.deep.equal([]);
      const [hit] = index.search('informatiebeveiliging', { mode: 'skill' });
      expect(hit!.matched).to.deep.equal([
        { field: 'skill', kind: 'exact', term: 'informatiebeveiliging', query: 'informatiebeveiliging' },
      ]);
    });

    it('narrows to a department, and lists a department on its own', () => {
      expect(find('bakker', { department: 'burgerzaken' })).to.have.members(['Anne Bakker', 'Baukje Dijkstra-Bakker']);
      expect(find('', { department: 'Boomverzorging' })).to.deep.equal(['Jelle Postma', 'Jelte de Boer']);
    });

    it('finds someone by email address, whole or begun', () => {
      expect(find(pieter.email)).to.deep.equal(['Pieter Bakker']);
      expect(find(`${pieter.email.split('@')[0]}@gem`)).to.deep.equal(['Pieter Bakker']);
      expect(find(pieter.email, { mode: 'skill' })).to.deep.equal([]);
    });
  });

  describe('ranking', () => {
    it('puts exact before prefix before typo, and says why each matched', () => {
      const results = index.search('bakker', { mode: 'person' });
      expect(names(results)).to.deep.equal([
        'Anne Bakker',
        'Baukje Dijkstra-Bakker',
        'Pieter Bakker',
        'Kees Bakkerman',
        'Joop Bakkes',
      ]);
      expect(results.map((r) => r.matched[0]!.kind)).to.deep.equal(['exact', 'exact', 'exact', 'prefix', 'fuzzy']);
      expect(results[3]!.matched[0]).to.deep.equal({
        field: 'name',
        kind: 'prefix',
        term: 'bakkerman',
        query: 'bakker',
      });
      expect(results[4]!.matched[0]).to.deep.equal({ field: 'name', kind: 'fuzzy', term: 'bakkes', query: 'bakker' });
      expect(results[0]!.score).to.be.greaterThan(results[3]!.score);
      expect(results[3]!.score).to.be.greaterThan(results[4]!.score);
    });

    it('breaks ties by name, then by id, the same way every time', () => {
      const a = person({ _id: new Types.ObjectId('000000000000000000000002'), displayName: 'Sjoerd Visser' });
      const b = person({ _id: new Types.ObjectId('000000000000000000000001'), displayName: 'Sjoerd Visser' });
      const c = person({ displayName: 'Sjoerd Álgra' });
      const ties = indexOf(a, b, c);
      const results = ties.search('sjoerd');
      expect(names(results)).to.deep.equal(['Sjoerd Álgra', 'Sjoerd Visser', 'Sjoerd Visser']);
      expect(results.slice(1).map((r) => r.person.id)).to.deep.equal([b._id.toString(), a._id.toString()]);
      expect(names(indexOf(c, b, a).search('sjoerd'))).to.deep.equal(names(results));
    });

    it('ranks a name above a skill, job title or department with the same word', () => {
      const visser = person({ displayName: 'Wim Visser' });
      const fisher = person({ displayName: 'Ans Dekker', skills: ['visser'] });
      expect(names(indexOf(fisher, visser).search('visser'))).to.deep.equal(['Wim Visser', 'Ans Dekker']);
    });

    it('respects the limit', () => {
      expect(index.search('a', { limit: 3 })).to.have.length.at.most(3);
      expect(index.search('bakker', { limit: 2 })).to.have.length(2);
    });
  });

  describe('did you mean', () => {
    it('offers people and skills that come close when nothing matched', () => {
      expect(find('Pjetr Backer')).to.deep.equal([]);
      expect(index.suggest('Pjetr Backer').map((s) => s.text)[0]).to.equal('Pieter Bakker');
      expect(find('Jeldo')).to.deep.equal([]);
      expect(index.suggest('Jeldo').map((s) => s.text)).to.include.members(['Jelte de Boer', 'Jelle Postma']);
      const [skill] = index.suggest('subsidis', { mode: 'skill' });
      expect(skill).to.deep.equal({ text: 'subsidies', field: 'skill' });
      expect(index.suggest('06 5123 4567')).to.deep.equal([]);
    });
  });

  describe('keeping in step with writes', () => {
    it('indexes a new or changed person at once, and drops a deactivated or removed one', () => {
      const idx = indexOf(anne, pieter);
      const kees = person({ displayName: 'Kees Wijbenga' });
      idx.upsertPerson(kees);
      expect(names(idx.search('Wijbenga'))).to.deep.equal(['Kees Wijbenga']);

      idx.upsertPerson({
        ...kees,
        displayName: 'Kees Zandstra',
        surname: 'Zandstra',
        updatedAt: new Date('2025-03-02T00:00:00Z'),
      });
      expect(names(idx.search('Wijbenga'))).to.deep.equal([]);
      expect(names(idx.search('Zandstra'))).to.deep.equal(['Kees Zandstra']);

      // An older version arriving late does not undo the newer one.
      idx.upsertPerson({ ...kees, updatedAt: new Date('2025-03-01T12:00:00Z') });
      expect(names(idx.search('Zandstra'))).to.deep.equal(['Kees Zandstra']);

      idx.upsertPerson({ ...pieter, active: false, updatedAt: new Date('2025-03-03T00:00:00Z') });
      expect(names(idx.search('Pieter'))).to.deep.equal([]);
      expect(names(idx.search('06 12345678'))).to.deep.equal([]);
      expect(idx.size).to.equal(2);

      expect(idx.removePerson(anne._id.toString())).to.equal(true);
      expect(names(idx.search('Anne'))).to.deep.equal([]);
      expect(idx.removePerson(anne._id.toString())).to.equal(false);
    });

    it('leaves inactive people out when built', () => {
      const idx = indexOf(anne, { ...pieter, active: false });
      expect(idx.size).to.equal(1);
      expect(names(idx.search('Pieter'))).to.deep.equal([]);
    });
  });
});

describe('core/directory: in step with the store', () => {
  useTestStore();

  beforeEach(async () => {
    await Person.deleteMany({});
  });

  it('builds from the active people in the store', async () => {
    await Person.create([
      {
        email: 'femke@gemeente.test',
        displayName: 'Femke Dijkstra',
        givenName: 'Femke',
        surname: 'Dijkstra',
        skills: ['social media'],
      },
      { email: 'old@gemeente.test', displayName: 'Oud Collega', active: false },
    ]);
    const index = await loadDirectory();
    expect(index.size).to.equal(1);
    expect(names(index.search('femke'))).to.deep.equal(['Femke Dijkstra']);
    expect(names(index.search('Oud'))).to.deep.equal([]);
    expect(index.lastSeen.getTime()).to.be.greaterThan(0);
  });

  it('picks up what any instance wrote: new, changed and deactivated people', async () => {
    const [femke, kees] = await Person.create([
      { email: 'femke@gemeente.test', displayName: 'Femke Dijkstra', givenName: 'Femke', surname: 'Dijkstra' },
      { email: 'kees@gemeente.test', displayName: 'Kees Wijbenga', givenName: 'Kees', surname: 'Wijbenga' },
    ]);
    const index = await loadDirectory();
    expect(await index.refreshChanged()).to.equal(0);

    await Person.create({
      email: 'jelte@gemeente.test',
      displayName: 'Jelte de Boer',
      givenName: 'Jelte',
      surname: 'de Boer',
    });
    await Person.updateOne({ _id: femke!._id }, { $set: { jobTitle: 'communicatieadviseur' } });
    await Person.updateOne({ _id: kees!._id }, { $set: { active: false } });
    expect(await index.refreshChanged()).to.equal(3);

    expect(names(index.search('Jelte'))).to.deep.equal(['Jelte de Boer']);
    expect(names(index.search('communicatieadviseur', { mode: 'skill' }))).to.deep.equal(['Femke Dijkstra']);
    expect(names(index.search('Wijbenga'))).to.deep.equal([]);
    // Nothing new: nothing applied, however often it runs.
    expect(await index.refreshChanged()).to.equal(0);
  });

  it('a private mobile number loaded from the store is not a way to find its owner', async () => {
    await Person.create({
      email: 'anne@gemeente.test',
      displayName: 'Anne Bakker',
      mobilePhone: { display: '06 5123 4567', e164: '+31651234567' },
      mobileVisibility: 'private',
    });
    const index = await loadDirectory();
    expect(names(index.search('Anne'))).to.deep.equal(['Anne Bakker']);
    expect(names(index.search('06 5123 4567'))).to.deep.equal([]);
    await Person.updateOne({ email: 'anne@gemeente.test' }, { $set: { mobileVisibility: 'organisation' } });
    await index.refreshChanged();
    expect(names(index.search('06 5123 4567'))).to.deep.equal(['Anne Bakker']);
  });

  it('drops people deleted outright from the store when reconciling', async () => {
    const [femke] = await Person.create([
      { email: 'femke@gemeente.test', displayName: 'Femke Dijkstra' },
      { email: 'kees@gemeente.test', displayName: 'Kees Wijbenga' },
    ]);
    const index = await loadDirectory({ clockSkewMs: 0 });
    await Person.deleteOne({ _id: femke!._id });
    expect(await index.refreshChanged()).to.equal(0); // a deletion leaves no change stamp
    expect(await index.reconcile()).to.equal(1);
    expect(names(index.search('Femke'))).to.deep.equal([]);
    expect(names(index.search('Kees'))).to.deep.equal(['Kees Wijbenga']);
  });

  it('a sync timer applies a write by itself, and stops cleanly', async () => {
    const index = await loadDirectory();
    const sync = startDirectorySync(index, { intervalMs: 100 });
    try {
      await Person.create({ email: 'ymkje@gemeente.test', displayName: 'Ymkje Sikkema' });
      // Nothing here refreshes the index: only the timer can bring her in (the test's own timeout
      // bounds the wait; how soon is the interval's business, not a figure to time on a busy machine).
      while (index.search('Ymkje').length === 0) await new Promise((r) => setTimeout(r, 20));
      expect(names(index.search('Ymkje'))).to.deep.equal(['Ymkje Sikkema']);
    } finally {
      await sync.stop();
    }
  });

  it('reports a failed refresh and keeps going', async () => {
    const index = DirectoryIndex.build([], {
      source: {
        async changedSince() {
          throw new Error('store unreachable');
        },
      },
    });
    const errors: unknown[] = [];
    const sync = startDirectorySync(index, { intervalMs: 20, onError: (e) => errors.push(e) });
    await new Promise((r) => setTimeout(r, 120));
    await sync.stop();
    expect(errors.length).to.be.greaterThan(1);
    expect(String(errors[0])).to.contain('store unreachable');
  });
});
