// Layout checks on the tab as drawn, shared by the browser tests and `npm run screenshots` (so
// no test-runner globals here: the production build compiles the scripts that import it).
import type { Frame } from 'playwright-core';

/**
 * What sticks out sideways on the screen as drawn: the page scrolling sideways, and the outermost
 * elements reaching past the window's edges or, inside the screen's <main>, into its side margins
 * (a card flush with the edge of a phone). Content inside a box that scrolls sideways by design
 * (a wide table in its scroll container) is left alone. Each as
 * 'tag.fui-Class "text…" reaches N px past the right edge'.
 */
export async function layoutProblems(tab: Frame): Promise<string[]> {
  return tab.evaluate(`(() => {
    const found = [];
    const width = document.documentElement.clientWidth;
    const page = document.documentElement.scrollWidth - width;
    if (page > 0) found.push('the page is ' + page + ' px wider than the screen');
    const main = document.querySelector('main');
    const box = main && (() => {
      const r = main.getBoundingClientRect();
      const s = getComputedStyle(main);
      return { left: r.left + parseFloat(s.paddingLeft), right: r.right - parseFloat(s.paddingRight) };
    })();
    const scrolls = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
      }
      return false;
    };
    const name = (el) => {
      const cls = [...el.classList].find((c) => c.startsWith('fui-')) || '';
      const text = (el.getAttribute('aria-label') || el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 30);
      return el.tagName.toLowerCase() + (cls ? '.' + cls : '') + (text ? ' "' + text + '"' : '');
    };
    const out = new Set();
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.position === 'fixed' || style.position === 'absolute') continue;
      const inMain = box && main !== el && main.contains(el);
      const left = inMain ? box.left : 0;
      const right = inMain ? box.right : width;
      const past = Math.max(Math.round(r.right - right), Math.round(left - r.left));
      if (past <= 0 || scrolls(el)) continue;
      const parentOut = el.parentElement && out.has(el.parentElement);
      out.add(el);
      if (parentOut) continue;
      const where = r.right - right > left - r.left ? 'right' : 'left';
      found.push(name(el) + ' reaches ' + past + ' px past the ' + where + (inMain ? ' margin' : ' edge'));
    }
    return found;
  })()`);
}

/** What a phone's screen gets wrong: layoutProblems, and controls less than 44 px high (a thumb's target). */
export async function phoneProblems(tab: Frame): Promise<string[]> {
  const found = await layoutProblems(tab);
  for (const control of await tab.locator('button:visible, a[href]:visible, [role="tab"]:visible').all()) {
    const box = await control.boundingBox();
    if (box && box.height < 44) found.push(`"${(await control.textContent())?.trim()}" is ${box.height} px high`);
  }
  return found;
}
