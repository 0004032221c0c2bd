import { expect } from 'chai';
import { assertSafeHtml } from '../support/safe-html.js';
import {
  excerpt,
  MARKDOWN_RENDERER_VERSION,
  markdownToPlainText,
  renderMarkdown,
  safeHref,
} from '../../core/posts/markdown.js';

const ATTACKS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click]( javascript:alert(1))',
  '[click](java\tscript:alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](vbscript:msgbox)',
  '[x](https://example.org" onmouseover="alert(1))',
  "[x](https://example.org' onmouseover='alert(1))",
  '[x](https://ex.org/<script>)',
  '**<svg onload=alert(1)>**',
  '_<iframe src="//evil">_',
  '- <b onclick="x()">item</b>',
  '<<script>script>alert(1)<</script>/script>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '[a](https://ok.example)[b](javascript:alert(2))',
  '[**x**](mailto:someone@example.org?subject=<script>)',
  '<style>body{display:none}</style>',
  '"><script>alert(1)</script>',
  '[x](//evil.example/path)',
  '[x](https:evil)',
  '\u0000<script>\u0000alert(1)</script>',
  '[x](javascript&#58;alert(1))',
  '[x](java\\script:alert(1))',
  '[x](<javascript:alert(1)>)',
  '[x](msteams:/l/"onclick="alert(1))',
  '[x](https://a.nl "t" onclick="alert(1)")',
  '[x]: javascript:alert(1)\n\n[x]',
  '<javascript:alert(1)>',
  '![x](javascript:alert(1))',
  '[x](https://ok.nl)<img src=x onerror=alert(1)>',
];

describe('social: post markdown', () => {
  it('renders the subset: paragraphs, bold, italic, links, lists, line breaks', () => {
    const html = renderMarkdown(
      'Hallo **team**,\nhet is *vrijdag* en _zon_.\n\n- een\n- twee\n\n1. eerste\n2. tweede\n\nZie [de site](https://www.example.nl/a?b=1&c=2) of [mail](mailto:info@example.nl).',
    );
    expect(html).to.equal(
      '<p>Hallo <strong>team</strong>,<br>het is <em>vrijdag</em> en <em>zon</em>.</p>' +
        '<ul><li>een</li><li>twee</li></ul><ol><li>eerste</li><li>tweede</li></ol>' +
        '<p>Zie <a href="https://www.example.nl/a?b=1&amp;c=2" rel="noopener noreferrer nofollow" target="_blank">de site</a> of ' +
        '<a href="mailto:info@example.nl" rel="noopener noreferrer nofollow" target="_blank">mail</a>.</p>',
    );
    assertSafeHtml(html);
  });

  for (const attack of ATTACKS) {
    it(`keeps ${JSON.stringify(attack).slice(0, 60)} harmless`, () => {
      assertSafeHtml(renderMarkdown(attack));
    });
  }

  it('keeps 2,000 random mixes of markdown and attack fragments inside the allow-list', () => {
    const fragments = [
      '[',
      ']',
      '(',
      ')',
      '*',
      '**',
      '_',
      '<',
      '>',
      '"',
      "'",
      '\\',
      '`',
      '&#58;',
      '&lt;',
      ' ',
      '\n',
      '\n\n',
      '- ',
      '1. ',
      '  ',
      'x',
      'javascript:',
      'JaVaScRiPt&colon;',
      'data:text/html,',
      'https://a.nl/',
      'mailto:a@b.nl',
      'msteams:/l/',
      'onerror=',
      '<img src=x ',
      '<script>',
      'user:pw@',
      '\u0000',
      '\t',
    ];
    let seed = 20240601;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 2000; i++) {
      let source = '';
      const n = 1 + (next() % 40);
      for (let j = 0; j < n; j++) source += fragments[next() % fragments.length];
      const html = renderMarkdown(source);
      try {
        assertSafeHtml(html);
      } catch (err) {
        throw new Error(`${JSON.stringify(source)} → ${html}: ${(err as Error).message}`);
      }
      for (const [, href] of html.matchAll(/href="([^"]*)"/g)) {
        const url = new URL(href!.replaceAll('&amp;', '&'));
        expect(url.username + url.password, JSON.stringify(source)).to.equal('');
      }
    }
  });

  it('keeps the words of a link to a refused scheme, without the link', () => {
    expect(renderMarkdown('[klik](javascript:alert(1))')).to.equal('<p>klik</p>');
    expect(renderMarkdown('[klik hier](javascript:alert(1)) en verder')).to.equal('<p>klik hier en verder</p>');
    expect(renderMarkdown('[**vet**](data:text/html,x)')).to.equal('<p><strong>vet</strong></p>');
    expect(renderMarkdown('<b>vet</b>')).to.equal('<p>&lt;b&gt;vet&lt;/b&gt;</p>');
  });

  it('drops user:password@ from a link, keeping where it goes', () => {
    const html = renderMarkdown('[bank](https://www.bank.nl:geheim@evil.example/inlog) en [b](http://jan@ids.nl/)');
    expect(html).to.equal(
      '<p><a href="https://evil.example/inlog" rel="noopener noreferrer nofollow" target="_blank">bank</a> en ' +
        '<a href="http://ids.nl/" rel="noopener noreferrer nofollow" target="_blank">b</a></p>',
    );
    expect(safeHref('https://user:pass@example.nl/x')).to.equal('https://example.nl/x');
  });

  it('links to Teams deep links, and shows what was typed as typed', () => {
    expect(renderMarkdown('[chat](msteams:/l/chat/0/0?users=anne@ids.nl)')).to.equal(
      '<p><a href="msteams:/l/chat/0/0?users=anne@ids.nl" rel="noopener noreferrer nofollow" target="_blank">chat</a></p>',
    );
    expect(safeHref('https://teams.microsoft.com/l/chat/0/0?users=a@b.nl')).to.equal(
      'https://teams.microsoft.com/l/chat/0/0?users=a@b.nl',
    );
    expect(safeHref('msteams://evil.example/l/x')).to.equal(undefined);
    expect(safeHref('msteams:/settings')).to.equal(undefined);
    // No entities, headings, code or images: the characters stay as they were typed.
    expect(renderMarkdown('&lt;b&gt; # kop `code` ![foto](https://x.nl/a.png)')).to.equal(
      '<p>&amp;lt;b&amp;gt; # kop `code` !<a href="https://x.nl/a.png" rel="noopener noreferrer nofollow" target="_blank">foto</a></p>',
    );
  });

  it('says which renderer made the HTML, for stored copies', () => {
    expect(MARKDOWN_RENDERER_VERSION).to.be.a('number').and.to.be.greaterThan(1);
  });

  it('does not read snake_case as emphasis and survives deep nesting', () => {
    expect(renderMarkdown('file_name_here')).to.equal('<p>file_name_here</p>');
    const deep = `${'**'.repeat(500)}x${'**'.repeat(500)}`;
    assertSafeHtml(renderMarkdown(deep));
    assertSafeHtml(renderMarkdown('['.repeat(2000) + '](https://a.b)'.repeat(100)));
  });

  it('allows only http(s) and mailto targets', () => {
    expect(safeHref('https://example.nl/x')).to.equal('https://example.nl/x');
    expect(safeHref('mailto:a@b.nl')).to.equal('mailto:a@b.nl');
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,x',
      'ftp://x',
      '/relative',
      'https://',
      'mailto:',
      'file:///etc/passwd',
    ]) {
      expect(safeHref(bad), bad).to.equal(undefined);
    }
  });

  it('gives plain text and excerpts without markup', () => {
    expect(markdownToPlainText('**Let op:** [lees](https://x.nl) dit\n\n- a')).to.equal('Let op: lees dit\n\n• a');
    expect(markdownToPlainText('1. een\n2. [twee](javascript:x)\n   - diep')).to.equal('• een\n• twee\n  • diep');
    const long = excerpt('woord '.repeat(100), 50);
    expect(long.length).to.be.at.most(50);
    expect(long.endsWith('…')).to.equal(true);
  });
});
