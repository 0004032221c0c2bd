import assert from 'node:assert/strict';
import { cardText, mailtoUrl, plainText, safeUrl, telUrl } from '../../cards/text.js';

describe('cardText', () => {
  it('leaves ordinary Dutch text as it is', () => {
    for (const s of [
      'Anne-Roos van der Vooren',
      'Medewerker Burgerzaken (parttime) & Belastingen',
      'Stadhuis, 2e verdieping',
      'jan_de_vries@gemeente.example.nl',
      '0512 123 456',
      'Pieter ’t Hart',
      'Ruimte: wonen',
      'Profile: GIS',
    ]) {
      assert.equal(cardText(s), s);
    }
  });

  it('cannot form a link, an image or an autolink', () => {
    const out = cardText(
      '[klik](javascript:alert(1)) ![img](https://x/y.png) <https://evil.example> [ref]: https://evil.example',
    );
    assert.doesNotMatch(out, /[[\]<>]/);
    assert.doesNotMatch(out, /javascript:/i);
    assert.equal(
      out,
      '［klik］(javascript∶alert(1)) !［img］(https://x/y.png) ‹https://evil.example› ［ref］: https://evil.example',
    );
  });

  it('defuses script schemes wherever they appear, and data:/file: as words', () => {
    assert.equal(cardText('xJaVaScRiPt:alert(1)'), 'xJaVaScRiPt∶alert(1)');
    assert.equal(cardText('vbscript :msgbox'), 'vbscript ∶msgbox');
    assert.equal(cardText('data:text/html,x file:///etc/passwd'), 'data∶text/html,x file∶///etc/passwd');
    assert.equal(cardText('Startdata: 1 mei'), 'Startdata: 1 mei');
  });

  it('removes control characters, bidi overrides and zero-width characters, and collapses whitespace', () => {
    assert.equal(cardText('a\u0000b\u0007c\u202Ed\u2066e\u200Bf\uFEFFg\u009Fh'), 'abcdefgh');
    assert.equal(cardText('  Anne \t\n\r\n  Roos  '), 'Anne Roos');
    assert.equal(cardText('Anne\n\n\n\nRoos', { multiline: true }), 'Anne\n\nRoos');
  });

  it('escapes markdown that changes how text looks', () => {
    assert.equal(cardText('**vet** en _schuin_'), '\\*\\*vet\\*\\* en \\_schuin\\_');
    assert.equal(cardText('- lijst'), '\\- lijst');
    assert.equal(cardText('1. eerste'), '1\\. eerste');
    assert.equal(cardText('# kop'), '\\# kop');
    assert.equal(cardText('a\\*b'), 'a\\\\\\*b');
    assert.equal(cardText('&#91;x&#93;'), '\\&#91;x\\&#93;');
    assert.equal(cardText('regel 1\n- regel 2', { multiline: true }), 'regel 1\n\\- regel 2');
  });

  it('neutralizes templating and date functions', () => {
    assert.equal(cardText('${secret} {{DATE(2017-02-14T06:00:00Z)}}'), '$ {secret} { {DATE(2017-02-14T06:00:00Z)}}');
  });

  it('limits the length without splitting a character', () => {
    const out = cardText('A'.repeat(5000), { max: 120 });
    assert.equal(Array.from(out).length, 120);
    assert.ok(out.endsWith('…'));
    const family = '👨‍👩‍👧';
    const emoji = cardText(family.repeat(10), { max: 3 });
    assert.equal(emoji, `${family}${family}…`);
  });

  it('turns anything into text', () => {
    assert.equal(cardText(undefined), '');
    assert.equal(cardText(null), '');
    assert.equal(cardText(42), '42');
    assert.equal(cardText('\uD800x'), '\uFFFDx');
  });
});

describe('plainText', () => {
  it('defuses links but adds no backslashes', () => {
    assert.equal(plainText('**Anne** [x](javascript:y) <b>'), '**Anne** ［x］(javascript∶y) ‹b›');
  });
});

describe('safeUrl', () => {
  it('accepts https URLs and Teams deep links', () => {
    assert.equal(
      safeUrl('https://teams.microsoft.com/l/chat/0/0?users=a@b.nl'),
      'https://teams.microsoft.com/l/chat/0/0?users=a@b.nl',
    );
    assert.equal(safeUrl(' https://ids.example.nl/media/1?sig=a&exp=2 '), 'https://ids.example.nl/media/1?sig=a&exp=2');
  });

  it('accepts http only on this machine, for development', () => {
    assert.equal(safeUrl('http://localhost:3978/tab'), 'http://localhost:3978/tab');
    assert.equal(safeUrl('http://127.0.0.1:3978/x'), 'http://127.0.0.1:3978/x');
    assert.equal(safeUrl('http://ids.example.nl/'), undefined);
  });

  it('refuses script, data and other schemes, credentials and junk', () => {
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'java\nscript:alert(1)',
      'data:text/html,<script>',
      'vbscript:x',
      'file:///etc/passwd',
      'ftp://x.nl',
      'https://user:pass@x.nl',
      'https://x.nl/"onmouseover="x',
      'https://x.nl/<script>',
      '//evil.example',
      '/relative',
      '',
      `https://${'a'.repeat(3000)}.nl`,
      42,
      undefined,
    ]) {
      assert.equal(safeUrl(bad), undefined, String(bad));
    }
  });

  it('accepts tel: and mailto: only where allowed, and only plain ones', () => {
    assert.equal(safeUrl('tel:+31612345678'), undefined);
    assert.equal(safeUrl('tel:+31612345678', ['tel']), 'tel:+31612345678');
    assert.equal(safeUrl('tel:+31 6 1234', ['tel']), undefined);
    assert.equal(safeUrl('tel:javascript:alert(1)', ['tel']), undefined);
    assert.equal(safeUrl('mailto:anne@gemeente.nl', ['mailto']), 'mailto:anne@gemeente.nl');
    assert.equal(safeUrl('mailto:anne@gemeente.nl?bcc=all@gemeente.nl', ['mailto']), undefined);
    assert.equal(safeUrl('mailto:anne@gemeente.nl', ['web']), undefined);
    assert.equal(telUrl('+31612345678'), 'tel:+31612345678');
    assert.equal(telUrl('06-123'), undefined);
    assert.equal(mailtoUrl('a@b.nl'), 'mailto:a@b.nl');
    assert.equal(mailtoUrl('a@b.nl&x'), undefined);
  });
});
