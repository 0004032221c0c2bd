import { expect } from 'chai';
import {
  findPhoneInText,
  formatPhone,
  normalizePhone,
  normalizePhoneQuery,
  parsePhone,
  phoneDigitsKey,
} from '../../core/phones.js';

describe('core/phones', () => {
  describe('parsePhone', () => {
    const mobiles = [
      '06 12345678',
      '06-12345678',
      '0612345678',
      '06 1234 5678',
      '06-12 34 56 78',
      '+31 6 1234 5678',
      '+31 (0)6 12 34 56 78',
      '+31 06 12345678',
      '+316 12345678',
      '0031612345678',
      '0031 (0) 6 12345678',
      '  06\u00a012345678 ',
    ];
    for (const written of mobiles) {
      it(`reads the mobile number "${written}"`, () => {
        const p = parsePhone(written);
        expect(p).to.include({ e164: '+31612345678', kind: 'mobile' });
        expect(p!.display).to.equal(written.replace(/\s+/g, ' ').trim());
      });
    }

    const fixed: Array<[string, string]> = [
      ['0512 123456', '+31512123456'],
      ['050-1234567', '+31501234567'],
      ['020 123 4567', '+31201234567'],
      ['0515 48 12 34', '+31515481234'],
      ['(0515) 48 12 34', '+31515481234'],
      ['0515-481234', '+31515481234'],
      ['+31 (0)515 48 12 34', '+31515481234'],
      ['058 233 4567', '+31582334567'],
    ];
    for (const [written, e164] of fixed) {
      it(`reads the landline "${written}"`, () => {
        expect(parsePhone(written)).to.deep.equal({ display: written, e164, kind: 'fixed' });
      });
    }

    it('reads the municipal number 14 + area code', () => {
      expect(parsePhone('14 0512')).to.deep.equal({ display: '14 0512', e164: '+31140512', kind: 'municipal' });
      expect(parsePhone('140515')).to.include({ e164: '+31140515', kind: 'municipal' });
    });

    it('keeps an internal extension for display only', () => {
      expect(parsePhone('1234')).to.deep.equal({ display: '1234', kind: 'extension' });
      expect(normalizePhone('4812')).to.deep.equal({ display: '4812' });
      expect(normalizePhone('1234', { allowExtension: false })).to.equal(undefined);
    });

    it('accepts a foreign number written internationally', () => {
      expect(parsePhone('+49 30 123456')).to.include({ e164: '+4930123456' });
    });

    for (const bad of [
      '',
      '   ',
      'abc',
      '06 1234 567',
      '0612345678 (werk)',
      'tel. 06-12345678',
      '12',
      '+1234',
      '06 12345678 / 0515 481234',
    ]) {
      it(`rejects ${JSON.stringify(bad)}`, () => {
        expect(parsePhone(bad)).to.equal(undefined);
      });
    }
  });

  describe('phoneDigitsKey', () => {
    it('gives the same key however the number is written', () => {
      const keys = new Set(['06-12345678', '+31 (0)6 12 34 56 78', '0031612345678'].map(phoneDigitsKey));
      expect([...keys]).to.deep.equal(['31612345678']);
    });
    it('takes a stored value', () => {
      expect(phoneDigitsKey({ display: '06-12345678', e164: '+31612345678' })).to.equal('31612345678');
      expect(phoneDigitsKey({ display: '1234' })).to.equal('1234');
    });
    it('is null for text that is no phone number', () => {
      expect(phoneDigitsKey('Jelte')).to.equal(null);
      expect(phoneDigitsKey(undefined)).to.equal(null);
    });
  });

  describe('normalizePhoneQuery', () => {
    it('turns a phone-number search into E.164', () => {
      expect(normalizePhoneQuery('06-12345678')).to.equal('+31612345678');
      expect(normalizePhoneQuery('tel:+31612345678')).to.equal('+31612345678');
      expect(normalizePhoneQuery('0515 48 12 34')).to.equal('+31515481234');
      expect(normalizePhoneQuery('14 0515')).to.equal('+31140515');
    });
    it('leaves names, extensions and partial numbers alone', () => {
      for (const q of ['Jelte', 'Anne-Roos', '1234', '48 12 34', '06-1234', 'boom 06-12345678', '', '   ']) {
        expect(normalizePhoneQuery(q), q).to.equal(null);
      }
    });
  });

  it('finds a phone number inside a sentence', () => {
    expect(findPhoneInText('wie heeft 06-12345678?')).to.equal('+31612345678');
    expect(findPhoneInText('van wie is +31 (0)515 48 12 34')).to.equal('+31515481234');
    expect(findPhoneInText('wat is het nummer van Jelte?')).to.equal(null);
    expect(findPhoneInText('kamer 1234')).to.equal(null);
  });

  it('formats a stored number for display', () => {
    expect(formatPhone('+31612345678')).to.equal('06 12345678');
    expect(formatPhone('+31515481234', 'international')).to.equal('+31 515 481 234');
    expect(formatPhone('+4930123456')).to.equal('+49 30 123456');
  });
});
