import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { stopServer } from './net.js';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type CryptoKey } from 'jose';

/**
 * A stand-in for Entra ID: serves a tenant's JWKS the way login.microsoftonline.com does and
 * signs v2 access tokens with its key. It can also sign with a key it does not publish.
 */
export interface EntraStandIn {
  readonly authority: string;
  readonly tenantId: string;
  readonly clientId: string;
  /** A token as Teams SSO would hand the tab; claims override the defaults. */
  token(
    claims?: Record<string, unknown>,
    opts?: { expiresIn?: string | number; key?: 'published' | 'unpublished'; alg?: string },
  ): Promise<string>;
  jwksRequests(): number;
  /**
   * From now on the keys endpoint answers this status (500: Entra ID is failing), or 'hang':
   * takes the request and never answers. 200 again to heal.
   */
  keysAnswer(status: number | 'hang'): void;
  /**
   * The client-credentials grant (POST /{tenant}/oauth2/v2.0/token) for this client id and
   * `clientSecret`: app-only tokens for Graph. `appTokenValid` tells a Graph stand-in whether a
   * bearer token is one this stand-in issued.
   */
  readonly clientSecret: string;
  appTokenValid(token: string): boolean;
  appTokenRequests(): number;
  stop(): Promise<void>;
}

export async function startEntraStandIn(
  opts: { tenantId?: string; clientId?: string; clientSecret?: string } = {},
): Promise<EntraStandIn> {
  const tenantId = opts.tenantId ?? '11111111-2222-3333-4444-555555555555';
  const clientId = opts.clientId ?? 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
  const clientSecret = opts.clientSecret ?? 'stand-in-secret';
  const appTokens = new Set<string>();
  let appTokenRequests = 0;
  const published = await generateKeyPair('RS256', { extractable: true });
  const unpublished = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(published.publicKey)), kid: 'ids-test-key', use: 'sig', alg: 'RS256' };
  let requests = 0;
  let keysStatus: number | 'hang' = 200;
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === `/${tenantId}/discovery/v2.0/keys`) {
      requests += 1;
      if (keysStatus === 'hang') return;
      res.writeHead(keysStatus, { 'content-type': 'application/json' });
      res.end(JSON.stringify(keysStatus === 200 ? { keys: [jwk] } : { error: 'temporarily_unavailable' }));
      return;
    }
    if (req.method === 'POST' && req.url === `/${tenantId}/oauth2/v2.0/token`) {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        appTokenRequests += 1;
        const form = new URLSearchParams(raw);
        const json = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (form.get('grant_type') !== 'client_credentials') return json(400, { error: 'unsupported_grant_type' });
        if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret)
          return json(401, { error: 'invalid_client' });
        if (form.get('scope') !== 'https://graph.microsoft.com/.default') return json(400, { error: 'invalid_scope' });
        const token = `app-token-${appTokenRequests}-${Math.random().toString(36).slice(2)}`;
        appTokens.add(token);
        json(200, { token_type: 'Bearer', expires_in: 3599, access_token: token });
      });
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'not_found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const authority = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    authority,
    tenantId,
    clientId,
    async token(claims = {}, o = {}) {
      const key: CryptoKey = o.key === 'unpublished' ? unpublished.privateKey : published.privateKey;
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        oid: '99999999-0000-0000-0000-000000000001',
        tid: tenantId,
        scp: 'access_as_user',
        ver: '2.0',
        ...claims,
      })
        .setProtectedHeader({ alg: o.alg ?? 'RS256', kid: 'ids-test-key', typ: 'JWT' })
        .setIssuer((claims.iss as string) ?? `${authority}/${tenantId}/v2.0`)
        .setAudience((claims.aud as string) ?? clientId)
        .setIssuedAt(now - 10)
        .setNotBefore(now - 10)
        .setExpirationTime(o.expiresIn ?? '1h')
        .sign(key);
    },
    jwksRequests: () => requests,
    keysAnswer(status) {
      keysStatus = status;
    },
    clientSecret,
    appTokenValid: (token) => appTokens.has(token),
    appTokenRequests: () => appTokenRequests,
    stop: () => stopServer(server),
  };
}
