import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../support/server.js';
import { startEntraStandIn, type EntraStandIn } from '../support/entra.js';
import { aPerson, type PersonRecord } from '../support/factories.js';
import { Person } from '../../models/person.js';
import { closedPort } from '../support/net.js';

describe('server: tab API authentication', () => {
  describe('development mode', () => {
    let server: TestServer;
    let firstCommunicator: PersonRecord;
    let someone: PersonRecord;
    before(async function () {
      this.timeout(60_000);
      server = await startTestServer({ SEED_DEMO: 'false' });
      someone = await aPerson();
      firstCommunicator = await aPerson({ roles: ['communicator'] });
      await aPerson({ roles: ['communicator'] });
    });
    after(async () => server?.stop());

    it('acts as the first communicator without a header', async () => {
      const res = await fetch(`${server.url}/api/people/search?q=a`);
      expect(res.status).to.equal(200);
      const me = await (await fetch(`${server.url}/api/me`)).json();
      expect(me.email).to.equal(firstCommunicator.email);
      expect(me.roles).to.include('communicator');
    });

    it('acts as the person named in x-ids-dev-user', async () => {
      const res = await fetch(`${server.url}/api/me`, { headers: { 'x-ids-dev-user': someone.email } });
      expect(res.status).to.equal(200);
      expect((await res.json()).email).to.equal(someone.email);
    });

    it('refuses an unknown email with 401', async () => {
      const res = await fetch(`${server.url}/api/me`, { headers: { 'x-ids-dev-user': 'nobody@example.org' } });
      expect(res.status).to.equal(401);
      expect((await res.json()).error.code).to.equal('unauthenticated');
    });
  });

  describe('SSO mode (Entra stand-in)', () => {
    let server: TestServer;
    let entra: EntraStandIn;
    let oid: string;
    let tokenOwner: PersonRecord;
    let other: PersonRecord;
    /** In the directory, but not yet bound to an Entra ID account. */
    let unbound: PersonRecord;
    before(async function () {
      this.timeout(60_000);
      entra = await startEntraStandIn();
      server = await startTestServer({
        SEED_DEMO: 'false',
        ENTRA_TENANT_ID: entra.tenantId,
        ENTRA_CLIENT_ID: entra.clientId,
        ENTRA_AUTHORITY: entra.authority,
      });
      oid = randomUUID();
      tokenOwner = await aPerson({ aadObjectId: oid });
      other = await aPerson({ aadObjectId: randomUUID() });
      unbound = await aPerson();
    });
    after(async () => {
      await server?.stop();
      await entra?.stop();
    });

    const me = (token?: string, extra: Record<string, string> = {}) =>
      fetch(`${server.url}/api/me`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra } });

    it('accepts a valid token and binds the person by oid', async () => {
      const res = await me(await entra.token({ oid }));
      expect(res.status).to.equal(200);
      expect((await res.json()).email).to.equal(tokenOwner.email);
    });

    it('never reads the development header', async () => {
      const res = await me(undefined, { 'x-ids-dev-user': other.email });
      expect(res.status).to.equal(401);
      // A valid token for one person plus the header naming another: the token decides.
      const withBoth = await me(await entra.token({ oid }), { 'x-ids-dev-user': other.email });
      expect(withBoth.status).to.equal(200);
      expect((await withBoth.json()).email).to.equal(tokenOwner.email);
    });

    const refusals: Array<[string, () => Promise<string>]> = [
      ['forged (signed with an unpublished key)', () => entra.token({ oid }, { key: 'unpublished' })],
      ['expired', () => entra.token({ oid }, { expiresIn: Math.floor(Date.now() / 1000) - 120 })],
      ['for another audience', () => entra.token({ oid, aud: '00000000-0000-0000-0000-000000000009' })],
      ['from another tenant', () => entra.token({ oid, tid: '00000000-0000-0000-0000-00000000000a' })],
      ['from another issuer', () => entra.token({ oid, iss: 'https://login.microsoftonline.com/evil/v2.0' })],
      ['without the access_as_user scope', () => entra.token({ oid, scp: 'User.Read' })],
      [
        'unsigned (alg none)',
        async () => {
          const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
          return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ oid, tid: entra.tenantId, aud: entra.clientId, scp: 'access_as_user', iss: `${entra.authority}/${entra.tenantId}/v2.0`, exp: Math.floor(Date.now() / 1000) + 3600 })}.`;
        },
      ],
      ['garbage', async () => 'not.a.token'],
    ];
    for (const [what, make] of refusals) {
      it(`refuses a token ${what} with 401`, async () => {
        const res = await me(await make());
        expect(res.status).to.equal(401);
        const body = await res.json();
        expect(body.error.code).to.equal('unauthenticated');
      });
    }

    it('refuses a guest (a token from another identity provider) with 403, even naming a colleague', async () => {
      const res = await me(
        await entra.token({
          oid: '12345678-0000-0000-0000-000000000099',
          idp: 'live.com',
          preferred_username: unbound.email,
        }),
      );
      expect(res.status).to.equal(403);
      expect((await Person.findById(unbound._id).lean())!.aadObjectId).to.equal(undefined);
    });

    it('refuses a valid token for someone not in the directory with 403', async () => {
      const res = await me(
        await entra.token({
          oid: '12345678-1234-1234-1234-123456789012',
          preferred_username: 'stranger@elsewhere.example',
        }),
      );
      expect(res.status).to.equal(403);
    });

    it('refuses a request without a token', async () => {
      const res = await me();
      expect(res.status).to.equal(401);
    });
  });

  describe('SSO mode when Entra ID cannot be reached', () => {
    let entra: EntraStandIn;
    let oid: string;
    before(async () => {
      entra = await startEntraStandIn();
    });
    afterEach(() => entra.keysAnswer(200));
    after(async () => entra?.stop());

    /** A server that has not fetched Entra ID's signing keys yet, and a person in its directory. */
    async function ssoServer(authority = entra.authority): Promise<TestServer> {
      const server = await startTestServer({
        SEED_DEMO: 'false',
        ENTRA_TENANT_ID: entra.tenantId,
        ENTRA_CLIENT_ID: entra.clientId,
        ENTRA_AUTHORITY: authority,
      });
      oid = randomUUID();
      await aPerson({ aadObjectId: oid });
      return server;
    }
    const me = (server: TestServer, token: string) =>
      fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}`, 'accept-language': 'en' } });

    /** What the tab gets: 503 that says the sign-in service is unreachable, and when to try again. */
    async function expectSignInUnreachable(res: Response, server: TestServer, token: string) {
      expect(res.status).to.equal(503);
      expect(Number(res.headers.get('retry-after'))).to.be.within(1, 300);
      expect(res.headers.get('content-type')).to.match(/^application\/json/);
      const body = await res.json();
      expect(body.error.code).to.equal('auth_unavailable');
      expect(body.error.message).to.match(/sign-in service cannot be reached/);
      expect(JSON.stringify(body)).not.to.match(/at .*\.(ts|js):\d+|ECONNREFUSED|fetch failed/);
      // The operator hears of it; the token itself is in no log line.
      expect(server.logLines.some((l) => l.includes('"level":50') && l.includes('auth_unavailable'))).to.equal(true);
      expect(server.logLines.join('\n')).not.to.include(token.split('.')[2]);
    }

    it('answers 503, not 401, while the keys endpoint fails; the same token is taken once it is back', async function () {
      this.timeout(60_000);
      const server = await ssoServer();
      try {
        entra.keysAnswer(500);
        const token = await entra.token({ oid });
        await expectSignInUnreachable(await me(server, token), server, token);
        entra.keysAnswer(200);
        expect((await me(server, token)).status).to.equal(200);
      } finally {
        await server.stop();
      }
    });

    const outages: Array<[string, () => Promise<string>]> = [
      ['nothing answers at the sign-in address', async () => `http://127.0.0.1:${await closedPort()}`],
      [
        'the keys endpoint takes the request and never answers',
        async () => {
          entra.keysAnswer('hang');
          return entra.authority;
        },
      ],
    ];
    for (const [what, authority] of outages) {
      it(`answers 503 when ${what}`, async function () {
        this.timeout(60_000);
        const server = await ssoServer(await authority());
        try {
          const token = await entra.token({ oid });
          await expectSignInUnreachable(await me(server, token), server, token);
        } finally {
          await server.stop();
        }
      });
    }

    it('keeps checking tokens with the keys it has while Entra ID is down: valid ones pass, forged ones are 401', async function () {
      this.timeout(60_000);
      const server = await ssoServer();
      try {
        expect((await me(server, await entra.token({ oid }))).status).to.equal(200);
        entra.keysAnswer(500);
        expect((await me(server, await entra.token({ oid }))).status).to.equal(200);
        const forged = await me(server, await entra.token({ oid }, { key: 'unpublished' }));
        expect(forged.status).to.equal(401);
        expect((await forged.json()).error.code).to.equal('unauthenticated');
      } finally {
        await server.stop();
      }
    });
  });
});
