import assert from 'node:assert/strict';
import { localeOf, messageKeys, messageTemplate, pickLocale, t } from '../../core/i18n.js';

describe('i18n', () => {
  describe('pickLocale', () => {
    it('reads Dutch and Frisian clients as Dutch, English ones as English', () => {
      for (const tag of ['nl-NL', 'nl-BE', 'fy-NL', 'nl', 'NL-nl', 'nl_NL'])
        assert.equal(pickLocale(tag, undefined, 'en'), 'nl', tag);
      for (const tag of ['en-US', 'en-GB', 'en', 'en-NL']) assert.equal(pickLocale(tag), 'en', tag);
    });

    it('falls back for other or missing locales', () => {
      for (const tag of ['de-DE', 'fr-BE', '', undefined, 'xx']) {
        assert.equal(pickLocale(tag), 'nl');
        assert.equal(pickLocale(tag, undefined, 'en'), 'en');
      }
      assert.equal(localeOf(undefined), undefined);
    });

    it('follows the client locale first, then the language typed in, then the fallback', () => {
      assert.equal(pickLocale('en-US', 'nl'), 'en');
      assert.equal(pickLocale('nl-NL', 'en'), 'nl');
      assert.equal(pickLocale(undefined, 'en'), 'en');
      assert.equal(pickLocale('de-DE', 'en'), 'en');
      assert.equal(pickLocale(undefined, undefined), 'nl');
    });
  });

  describe('t', () => {
    it('fills placeholders', () => {
      assert.equal(t('nl', 'people.found.other', { count: 3, query: 'gis' }), "Ik vond 3 collega's voor ‘gis’");
      assert.equal(t('en', 'people.found.other', { count: 3, query: 'gis' }), 'I found 3 colleagues for ‘gis’');
      assert.equal(t('nl', 'people.noMatch', { query: 'x' }), 'Niemand gevonden voor ‘x’.');
      assert.equal(t('en', 'people.didYouMean'), 'Did you mean…?');
    });

    it('inserts values literally, once ({x} inside a value is not expanded)', () => {
      assert.equal(t('en', 'people.noMatch', { query: '{query} $& $1' }), 'Nobody found for ‘{query} $& $1’.');
    });

    it('has every message in both languages, with the same placeholders', () => {
      const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const key of messageKeys()) {
        const nl = messageTemplate('nl', key);
        const en = messageTemplate('en', key);
        assert.ok(nl.trim() !== '' && en.trim() !== '', key);
        assert.deepEqual(placeholders(nl), placeholders(en), key);
      }
    });

    it('answers an unknown locale in Dutch', () => {
      assert.equal(t('de' as 'nl', 'people.label.phone'), 'Telefoon');
    });
  });
});
