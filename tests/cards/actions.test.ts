import assert from 'node:assert/strict';
import { parseCardAction } from '../../cards/actions.js';

describe('card action data', () => {
  it('parses showPerson and search, dropping what Teams adds', () => {
    assert.deepEqual(
      parseCardAction({ verb: 'showPerson', personId: '65f0c0ffee0000000000abcd', msteams: { type: 'messageBack' } }),
      {
        verb: 'showPerson',
        personId: '65f0c0ffee0000000000abcd',
      },
    );
    assert.deepEqual(parseCardAction({ verb: 'search', query: '  GIS ' }), { verb: 'search', query: 'GIS' });
  });

  it('refuses unknown verbs, missing fields and tampered values', () => {
    for (const bad of [
      undefined,
      null,
      'showPerson',
      {},
      { verb: 'deletePerson', personId: 'p1' },
      { verb: 'showPerson' },
      { verb: 'showPerson', personId: '' },
      { verb: 'showPerson', personId: { $ne: null } },
      { verb: 'showPerson', personId: '../../etc' },
      { verb: 'showPerson', personId: 'x'.repeat(65) },
      { verb: 'search', query: '   ' },
      { verb: 'search', query: 'x'.repeat(201) },
    ]) {
      assert.equal(parseCardAction(bad), undefined, JSON.stringify(bad));
    }
  });
});
