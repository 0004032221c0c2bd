import { expect } from 'chai';
import { assertSafeHtml } from '../support/safe-html.js';
import { renderMarkdown, markdownToPlainText, excerpt, safeHref } from '../../core/posts/markdown.js';

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

  it('keeps the words of a link to a refused scheme, without the link', () => {
    expect(renderMarkdown('[klik hier](javascript:alert(1))')).to.equal('<p>klik hier)</p>');
    expect(renderMarkdown('<b>vet</b>')).to.equal('<p>&lt;b&gt;vet&lt;/b&gt;</p>');
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
    const long = excerpt('woord '.repeat(100), 50);
    expect(long.length).to.be.at.most(50);
    expect(long.endsWith('…')).to.equal(true);
  });
});
