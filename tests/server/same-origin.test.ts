import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { Post } from '../../models/post.js';
import { launchBrowser } from '../support/browser.js';
import { aPerson, aPost, type PersonRecord } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** A page on another site: it submits forms, as a malicious page would, at the Ids API. */
async function startEvilSite(target: string, postId: string): Promise<{ url: string; close(): Promise<void> }> {
  const page = `<!doctype html><html><body>
<iframe name="like-sink"></iframe><iframe name="post-sink"></iframe><iframe name="json-sink"></iframe>
<form id="like" method="post" action="${target}/api/posts/${postId}/like" target="like-sink"></form>
<form id="post" method="post" enctype="text/plain" action="${target}/api/posts" target="post-sink">
  <input name='{"kind":"news","title":"Overgenomen","body":"gehackt","audience":{"organisation":true},"x":"' value='"}'>
</form>
<form id="json" method="post" action="${target}/api/posts" target="json-sink">
  <input name="kind" value="news"><input name="title" value="Overgenomen"><input name="body" value="gehackt">
</form>
<script>
  for (const id of ['like', 'post', 'json']) document.getElementById(id).submit();
</script></body></html>`;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // "localhost" and "127.0.0.1" are different sites to the browser.
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('server: development mode refuses cross-site writes', () => {
  let server: TestServer;
  let communicator: PersonRecord;
  let browser: Browser;
  before(async function () {
    this.timeout(60_000);
    server = await startTestServer({ SEED_DEMO: 'false' });
    // Without the development header, the API acts as the first communicator.
    communicator = await aPerson({ roles: ['communicator'] });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a page on another site cannot like or post as the development user', async function () {
    this.timeout(30_000);
    const post = await aPost(communicator);
    const evil = await startEvilSite(server.url, String(post._id));
    const context = await browser.newContext();
    const answers: number[] = [];
    try {
      const page = await context.newPage();
      page.on('response', (r) => {
        if (r.url().startsWith(server.url)) answers.push(r.status());
      });
      await page.goto(evil.url);
      for (let i = 0; i < 50 && answers.length < 3; i++) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await context.close();
      await evil.close();
    }
    expect(answers.sort()).to.deep.equal([403, 403, 403]);
    expect((await Post.findById(post._id).lean())?.likeCount).to.equal(0);
    expect(await Post.countDocuments({ title: 'Overgenomen' })).to.equal(0);
  });

  it('the tab on its own origin still likes and posts', async function () {
    this.timeout(30_000);
    const post = await aPost(communicator);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.route('**/*', (route) =>
        route.request().url().startsWith(server.url)
          ? route.continue()
          : route.fulfill({ status: 404, contentType: 'application/json', body: '{}' }),
      );
      await page.goto(`${server.url}/tab`);
      const statuses = await page.evaluate(async (id) => {
        const like = await fetch(`/api/posts/${id}/like`, { method: 'PUT' });
        const created = await fetch('/api/posts', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ kind: 'news', title: 'Van de tab', body: 'Hallo', audience: { organisation: true } }),
        });
        return [like.status, created.status];
      }, String(post._id));
      expect(statuses).to.deep.equal([200, 201]);
    } finally {
      await context.close();
    }
    expect((await Post.findById(post._id).lean())?.likeCount).to.equal(1);
  });

  it('refuses other-site requests, and text bodies, by their headers; other clients keep working', async () => {
    const post = await aPost(communicator);
    const like = (headers: Record<string, string>) =>
      fetch(`${server.url}/api/posts/${post._id}/like`, { method: 'PUT', headers });
    expect((await like({ 'sec-fetch-site': 'cross-site' })).status).to.equal(403);
    expect((await like({ 'sec-fetch-site': 'same-site' })).status).to.equal(403);
    // A browser too old to send Sec-Fetch-Site still sends Origin.
    expect((await like({ origin: 'https://evil.example' })).status).to.equal(403);
    const refused = await like({ origin: 'https://evil.example' });
    expect((await refused.json()).error.code).to.equal('forbidden');
    expect((await Post.findById(post._id).lean())?.likeCount).to.equal(0);

    const text = await fetch(`${server.url}/api/posts`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ kind: 'news', title: 'Tekst', body: 'x', audience: { organisation: true } }),
    });
    expect(text.status).to.equal(415);
    expect((await text.json()).error.code).to.equal('unsupported_media_type');

    // Same origin (by either header), and clients outside a browser, as the tests and scripts are.
    expect((await like({ origin: new URL(server.url).origin })).status).to.equal(200);
    expect((await like({ 'sec-fetch-site': 'same-origin' })).status).to.equal(200);
    const json = await fetch(`${server.url}/api/posts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'news', title: 'Script', body: 'x', audience: { organisation: true } }),
    });
    expect(json.status).to.equal(201);
    // Reading stays open to any origin's headers: only writes are judged.
    expect((await fetch(`${server.url}/api/me`, { headers: { 'sec-fetch-site': 'cross-site' } })).status).to.equal(200);
  });
});
