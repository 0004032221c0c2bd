import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { stopServer } from './net.js';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

/**
 * A stand-in for the Bot Framework's token service as a bot sees it: the OpenID metadata and
 * signing keys that login.botframework.com publishes (point BOT_OPENID_METADATA_URL at
 * `metadataUrl`), and the tokens the Bot Connector sends with each activity, signed with a
 * published key, or with one it does not publish (a forgery). It can also fail as the real
 * service can: answer 5xx for its keys.
 */
export interface BotFrameworkAuthStandIn {
  readonly metadataUrl: string;
  /** A channel token for `appId`, as the Bot Connector sends it; claims override the defaults. */
  token(
    appId: string,
    serviceUrl: string,
    opts?: { key?: 'published' | 'unpublished'; claims?: Record<string, unknown>; expiresAt?: number | string },
  ): Promise<string>;
  /** From now on the keys endpoint answers this status (500: the service is failing); 200 again to heal. */
  keysAnswer(status: number): void;
  stop(): Promise<void>;
}

const ISSUER = 'https://api.botframework.com';
const KID = 'bf-test-key';

export async function startBotFrameworkAuth(): Promise<BotFrameworkAuthStandIn> {
  const published = await generateKeyPair('RS256', { extractable: true });
  const unpublished = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK & { endorsements: string[] } = {
    ...(await exportJWK(published.publicKey)),
    kid: KID,
    use: 'sig',
    endorsements: ['msteams', 'emulator'],
  };
  let keysStatus = 200;
  const server = http.createServer((req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/v1/.well-known/openidconfiguration') {
      return json(200, {
        issuer: ISSUER,
        jwks_uri: `${base}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    if (req.url === '/v1/.well-known/keys') {
      return keysStatus === 200 ? json(200, { keys: [jwk] }) : json(keysStatus, { error: 'unavailable' });
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    metadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    async token(appId, serviceUrl, opts = {}) {
      const key: CryptoKey = opts.key === 'unpublished' ? unpublished.privateKey : published.privateKey;
      return new SignJWT({ serviceurl: serviceUrl, ...opts.claims })
        .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
        .setIssuer(ISSUER)
        .setAudience(appId)
        .setIssuedAt()
        .setNotBefore('-1m')
        .setExpirationTime(opts.expiresAt ?? '1h')
        .sign(key);
    },
    keysAnswer(status) {
      keysStatus = status;
    },
    stop: () => stopServer(server),
  };
}
