import { expect } from 'chai';

/** The allow-list, checked on the output: only these tags, only these attributes, hrefs http(s)/mailto/msteams:/l/. */
export function assertSafeHtml(html: string): void {
  const tag = /<(\/?)([a-z0-9]+)((?:\s+[a-z-]+="[^"]*")*)\s*>/g;
  const allowed = new Set(['p', 'br', 'strong', 'em', 'a', 'ul', 'ol', 'li']);
  let m: RegExpExecArray | null;
  while ((m = tag.exec(html))) {
    const [, closing, name, attrs] = m;
    expect(allowed.has(name!), `tag <${name}> in ${html}`).to.equal(true);
    const names = [...attrs!.matchAll(/\s+([a-z-]+)="([^"]*)"/g)];
    if (name !== 'a' || closing) expect(names, `attributes on <${closing}${name}>`).to.have.length(0);
    for (const [, attr, value] of names) {
      expect(['href', 'rel', 'target']).to.include(attr);
      if (attr === 'href') expect(value).to.match(/^(https?:\/\/|mailto:|msteams:\/l\/)/);
    }
  }
  // Whatever is not one of those tags is text: no raw angle brackets remain.
  expect(html.replace(tag, '')).to.not.match(/[<>]/);
  // Script-like schemes may remain only as escaped text, never inside an attribute.
  for (const [, value] of html.matchAll(/="([^"]*)"/g)) expect(value).to.not.match(/javascript:|vbscript:|data:/i);
}
