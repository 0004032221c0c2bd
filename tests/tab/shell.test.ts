import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startTestServer, type TestServer } from '../support/server.js';
import { launchBrowser, localContext } from '../support/browser.js';

describe('tab: the shell in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  before(async function () {
    this.timeout(60_000);
    server = await startTestServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('loads in Dutch by default and in English when Teams says so', async () => {
    const context = await localContext(browser, server.url);
    const page = await context.newPage();
    await page.goto('/tab?view=home&locale=nl-NL');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).to.equal('Ids');
    await page.getByText('Welkom op het sociale intranet.').waitFor();
    expect(await page.getAttribute('html', 'lang')).to.equal('nl');
    await page.goto('/tab?view=home&locale=en-US');
    await page.getByText('Welcome to the social intranet.').waitFor();
    expect(await page.getAttribute('html', 'lang')).to.equal('en');
    await context.close();
  });

  for (const theme of ['default', 'dark', 'contrast'] as const) {
    it(`meets WCAG 2.1 AA (axe) in the ${theme} theme`, async () => {
      const context = await localContext(browser, server.url);
      const page = await context.newPage();
      await page.goto(`/tab?locale=nl-NL&theme=${theme}`);
      await page.getByText('Welkom op het sociale intranet.').waitFor();
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.help}`)).to.deep.equal([]);
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(bg).to.equal(
        theme === 'default' ? 'rgb(255, 255, 255)' : theme === 'dark' ? 'rgb(31, 31, 31)' : 'rgb(0, 0, 0)',
      );
      await context.close();
    });
  }

  it('serves the configuration page of the channel tab, in both languages', async () => {
    const context = await localContext(browser, server.url);
    const page = await context.newPage();
    await page.goto('/tab/config?locale=nl-NL');
    await page.getByRole('heading', { name: 'Ids toevoegen aan dit kanaal of deze chat' }).waitFor();
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((v) => v.id)).to.deep.equal([]);
    await page.goto('/tab/config?locale=en-GB');
    await page.getByRole('heading', { name: 'Add Ids to this channel or chat' }).waitFor();
    await context.close();
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const context = await localContext(browser, server.url, {
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto('/tab?locale=nl-NL');
    await page.getByText('Welkom op het sociale intranet.').waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).to.equal(0);
    await context.close();
  });
});
