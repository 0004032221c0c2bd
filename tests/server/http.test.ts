import { createHash } from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import { weakEtag } from '../../server/etag.js';
import { aPerson } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe('server: HTTP edges', () => {
  let server: TestServer;
  before(async function () {
    this.timeout(60_000);
    server = await startTestServer({ SEED_DEMO: 'false', BODY_LIMIT: '64kb' });
    // Development mode acts as the first communicator for a request that names nobody.
    await aPerson({ roles: ['communicator'] });
  });
  after(async () => server?.stop());

  it('GET /healthz says ok with the store up once ready', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ status: 'ok', db: 'up' });
  });

  it('answers malformed JSON with 400 invalid_json', async () => {
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type": "message", ',
    });
    expect(res.status).to.equal(400);
    expect(res.headers.get('content-type')).to.match(/application\/json/);
    expect((await res.json()).error.code).to.equal('invalid_json');
  });

  it('answers an oversize body with 413 payload_too_large', async () => {
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'x'.repeat(200_000) }),
    });
    expect(res.status).to.equal(413);
    expect((await res.json()).error.code).to.equal('payload_too_large');
  });

  it('answers an unknown route with 404 JSON', async () => {
    for (const path of ['/nope', '/api/nope', '/tab/assets/nope.js']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).to.equal(404);
      expect((await res.json()).error.code, path).to.equal('not_found');
    }
  });

  it('answers garbage activities with 400 and never a stack trace', async () => {
    const valid = {
      type: 'message',
      channelId: 'msteams',
      serviceUrl: 'https://smba.example.net/',
      from: { id: 'x' },
      conversation: { id: 'c' },
    };
    const bodies: unknown[] = [
      {},
      { type: 'message' },
      { type: 5, channelId: [] },
      [],
      'text',
      null,
      { ...valid, serviceUrl: 'not a url' },
      { ...valid, attachments: { a: 1 } },
      { ...valid, attachments: [null] },
      { ...valid, locale: 5 },
    ];
    for (const body of bodies) {
      const res = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status, JSON.stringify(body)).to.be.within(400, 499);
      const text = await res.text();
      expect(text).not.to.match(/at .*\.(ts|js):\d+/);
      expect(JSON.parse(text).error.code).to.be.a('string');
    }
  });

  it('answers invokes whose value has the wrong shape with 400', async () => {
    const base = {
      type: 'invoke',
      channelId: 'msteams',
      serviceUrl: 'https://smba.example.net/',
      from: { id: '29:x' },
      conversation: { id: 'a:1' },
    };
    const query = (value: unknown) => ({
      name: 'composeExtension/query',
      value: { commandId: 'searchPeople', parameters: [{ name: 'query', value }] },
    });
    const values = [
      { name: 'composeExtension/query', value: null },
      { name: 'composeExtension/query', value: { commandId: 'searchPeople', parameters: 'Jelte' } },
      { name: 'composeExtension/query' },
      { name: 'adaptiveCard/action', value: 5 },
      // A parameter's value is the text typed: an object is no search (and used to throw).
      query({ toString: 1 }),
      query({ q: 'Jelte' }),
      query(['Jelte']),
    ];
    for (const v of values) {
      const res = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...base, ...v }),
      });
      expect(res.status, JSON.stringify(v)).to.equal(400);
      expect((await res.json()).error.code).to.equal('bad_request');
    }
    expect(server.logLines.filter((l) => l.includes('"level":50'))).to.deep.equal([]);
    const unknown = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...base, name: 'composeExtension/selectItem', value: {} }),
    });
    expect(unknown.status).to.equal(501);
    expect((await unknown.json()).error.code).to.equal('not_implemented');
  });

  it('answers Teams message updates and deletions without channelData with 400, logging no error', async () => {
    const base = {
      channelId: 'msteams',
      serviceUrl: 'https://smba.example.net/',
      from: { id: '29:x' },
      conversation: { id: 'a:1' },
    };
    for (const type of ['messageUpdate', 'messageDelete']) {
      const res = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...base, type }),
      });
      expect(res.status, type).to.equal(400);
      expect((await res.json()).error.details).to.deep.equal([
        { path: 'channelData', message: `a Teams ${type} carries channelData` },
      ]);
    }
    // Conversation updates without channelData are answered quietly, as Teams may send them.
    for (const extra of [{}, { membersAdded: [{ id: '29:y' }] }, { membersRemoved: [{ id: '29:y' }] }]) {
      const res = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...base, type: 'conversationUpdate', ...extra }),
      });
      expect(res.status).to.equal(200);
    }
    expect(server.logLines.filter((l) => l.includes('"level":50'))).to.deep.equal([]);
  });

  it('answers a path that climbs out of the tab assets with 403 forbidden', async () => {
    for (const path of ['/tab/assets/..%2f..%2fpackage.json', '/tab/assets/..%5c..%5c.env']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).to.equal(403);
      expect((await res.json()).error.code, path).to.equal('forbidden');
    }
  });

  it('gives every error a code that agrees with its status', async () => {
    const CODES: Record<number, string[]> = {
      400: ['bad_request', 'invalid_json', 'validation_failed'],
      401: ['unauthenticated'],
      403: ['forbidden'],
      404: ['not_found'],
      413: ['payload_too_large'],
      415: ['unsupported_media_type'],
    };
    const requests: Array<[string, RequestInit?]> = [
      ['/tab/assets/..%2f..%2fpackage.json'],
      ['/tab/assets/%00'],
      ['/api/nope'],
      ['/api/me', { headers: { 'x-ids-dev-user': 'nobody@ids.test' } }],
      ['/api/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }],
      ['/api/messages', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }],
      [
        '/api/messages',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ x: 'y'.repeat(70_000) }),
        },
      ],
      ['/api/people/search?limit=-4'],
    ];
    for (const [path, init] of requests) {
      const res = await fetch(`${server.url}${path}`, init);
      const { error } = await res.json();
      expect(CODES[res.status], `${path}: ${res.status} ${error.code}`).to.include(error.code);
    }
  });

  it('refuses a body that is not JSON on the bot endpoint with 415', async () => {
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(res.status).to.equal(415);
    expect((await res.json()).error.code).to.equal('unsupported_media_type');
  });

  it("gives JSON answers Express's weak ETag and answers a matching If-None-Match with 304", async () => {
    const first = await fetch(`${server.url}/api/feed?limit=5`);
    expect(first.status).to.equal(200);
    const body = Buffer.from(await first.arrayBuffer());
    const sha1 = createHash('sha1').update(body).digest('base64').slice(0, 27);
    const tag = first.headers.get('etag');
    expect(tag).to.equal(`W/"${body.length.toString(16)}-${sha1}"`);
    // Through supertest: fetch turns a request with If-None-Match into Cache-Control: no-cache.
    await request(server.url).get('/api/feed?limit=5').set('if-none-match', tag!).expect(304);
    await request(server.url).get('/api/feed?limit=5').set('if-none-match', 'W/"0-x"').expect(200);
    expect(weakEtag('')).to.equal('W/"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk"');
    expect(weakEtag('één', 'utf8')).to.equal(`W/"5-${createHash('sha1').update('één').digest('base64').slice(0, 27)}"`);
  });

  it('keeps serving after all of that', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).to.equal(200);
  });

  it('lets Teams frame the tab: CSP frame-ancestors and no X-Frame-Options', async () => {
    const res = await fetch(`${server.url}/tab`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('x-frame-options')).to.equal(null);
    const csp = res.headers.get('content-security-policy') ?? '';
    const ancestors = /frame-ancestors ([^;]+)/.exec(csp)?.[1] ?? '';
    for (const host of [
      'https://teams.microsoft.com',
      'https://*.teams.microsoft.com',
      'https://*.cloud.microsoft',
      'https://*.office.com',
      'https://outlook.office.com',
    ]) {
      expect(ancestors).to.include(host);
    }
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(await res.text()).to.include('<title>Ids</title>');
  });

  it('tells the tab which mode it is in', async () => {
    const res = await fetch(`${server.url}/api/config`);
    const body = await res.json();
    expect(body.mode).to.equal('development');
    expect(body.defaultLocale).to.equal('nl');
  });
});
