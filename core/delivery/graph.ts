import type { Logger } from 'pino';
import { InstallError, type AppInstaller } from './installer.js';
import { sleep, type AppBucket } from './pacing.js';

/**
 * Installs Ids for a person through Microsoft Graph, so that a card can reach someone who never
 * opened Ids (the usual route is an admin's app setup policy; see the README):
 *
 * 1. an app-only token (client credentials) for https://graph.microsoft.com;
 * 2. the app's id in the organisation's catalog, looked up once:
 *    GET /appCatalogs/teamsApps?$filter=externalId eq '<manifest id>' (AppCatalog.Read.All);
 * 3. POST /users/{id}/teamwork/installedApps with the catalog app and the
 *    consentedPermissionSet (the manifest asks for ChatMessageReadReceipt.Read.Chat, a
 *    resource-specific permission that only TeamsAppInstallation.ReadWriteAndConsentSelfForUser.All
 *    can grant); 409 means it is installed already;
 * 4. the personal chat: GET /users/{id}/teamwork/installedApps/{installation id}/chat.
 *
 * Every request takes a slot in Graph's own shared bucket and honours 429 Retry-After.
 */
export interface GraphInstallerOptions {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** https://login.microsoftonline.com (a stand-in in tests). */
  readonly authority: string;
  /** https://graph.microsoft.com (a stand-in in tests). */
  readonly graphUrl: string;
  /** The manifest id: the app's externalId in the catalog. */
  readonly teamsAppId: string;
  readonly bucket: AppBucket;
  readonly timeoutMs: number;
  readonly log: Logger;
}

/** The resource-specific permission the manifest asks for, consented on installation. */
export const CONSENTED_PERMISSIONS = {
  resourceSpecificPermissions: [{ permissionValue: 'ChatMessageReadReceipt.Read.Chat', permissionType: 'Application' }],
} as const;

/** After Graph refused outright (403, app not in the catalog), installing is not tried again for this long. */
const UNAVAILABLE_FOR_MS = 10 * 60_000;

interface GraphAnswer {
  readonly status: number;
  readonly body: Record<string, unknown> | undefined;
}

export function createGraphInstaller(options: GraphInstallerOptions): AppInstaller {
  const { log } = options;
  const base = `${options.graphUrl.replace(/\/+$/, '')}/v1.0`;
  let token: { value: Promise<string>; until: number } | undefined;
  let catalogId: Promise<string> | undefined;
  let unavailable: { until: number; code: string } | undefined;

  async function request(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
    } catch (err) {
      const timeout = (err as Error).name === 'TimeoutError';
      throw new InstallError('Graph did not answer', 'transient', timeout ? 'timeout' : 'network');
    }
  }

  /** One token at a time, shared by every request until shortly before it expires. */
  function accessToken(): Promise<string> {
    if (token && token.until > Date.now()) return token.value;
    const value = fetchToken();
    token = { value, until: Date.now() + 60_000 };
    value.then(
      () => undefined,
      () => {
        token = undefined;
      },
    );
    return value;
  }

  async function fetchToken(): Promise<string> {
    const res = await request(`${options.authority.replace(/\/+$/, '')}/${options.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: options.clientId,
        client_secret: options.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
        grant_type: 'client_credentials',
      }),
    });
    const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string };
    if (!res.ok || !body.access_token) {
      if (res.status >= 500) throw new InstallError('token endpoint failed', 'transient', `token ${res.status}`);
      throw new InstallError(
        'Entra ID refused the Graph credentials',
        'unavailable',
        `token ${body.error ?? res.status}`,
      );
    }
    const until = Date.now() + Math.max(60, (body.expires_in ?? 3600) - 120) * 1000;
    if (token) token = { value: token.value, until };
    return body.access_token;
  }

  async function graph(method: string, path: string, body?: unknown): Promise<GraphAnswer> {
    const at = await options.bucket.take();
    await sleep(at - Date.now());
    const leftAt = Date.now();
    const res = await request(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await accessToken()}`,
        accept: 'application/json',
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      json = undefined;
    }
    if (res.status === 429) {
      const seconds = Number(res.headers.get('retry-after'));
      const retryAfterMs = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
      if (retryAfterMs !== undefined) await options.bucket.throttled(Date.now() + retryAfterMs, leftAt);
      throw new InstallError('Graph throttled the request', 'throttled', '429', retryAfterMs);
    }
    if (res.status === 401) token = undefined;
    if (res.status >= 500 || res.status === 401)
      throw new InstallError('Graph failed', 'transient', String(res.status));
    return { status: res.status, body: json };
  }

  function refuse(code: string): never {
    unavailable = { until: Date.now() + UNAVAILABLE_FOR_MS, code };
    log.error({ code }, 'Graph refused to install Ids for a person; check the app permissions (see README)');
    throw new InstallError('installing through Graph is not possible', 'unavailable', code);
  }

  /** Looked up once (and again only after a failure), however many installations wait for it. */
  function catalogAppId(): Promise<string> {
    if (!catalogId) {
      catalogId = lookUpCatalogId();
      catalogId.catch(() => {
        catalogId = undefined;
      });
    }
    return catalogId;
  }

  async function lookUpCatalogId(): Promise<string> {
    const filter = encodeURIComponent(`externalId eq '${options.teamsAppId}'`);
    const answer = await graph('GET', `/appCatalogs/teamsApps?$filter=${filter}`);
    if (answer.status === 403) refuse('catalog_forbidden');
    const first = (answer.body?.value as Array<{ id?: string }> | undefined)?.[0]?.id;
    if (answer.status !== 200 || !first) refuse('app_not_in_catalog');
    return first;
  }

  async function installationChat(userId: string, appId: string): Promise<string> {
    const filter = encodeURIComponent(`teamsApp/id eq '${appId}'`);
    const list = await graph(
      'GET',
      `/users/${encodeURIComponent(userId)}/teamwork/installedApps?$expand=teamsApp&$filter=${filter}`,
    );
    const installation = (list.body?.value as Array<{ id?: string }> | undefined)?.[0]?.id;
    if (list.status !== 200 || !installation)
      throw new InstallError('the installation was not found', 'transient', `list ${list.status}`);
    const chat = await graph(
      'GET',
      `/users/${encodeURIComponent(userId)}/teamwork/installedApps/${encodeURIComponent(installation)}/chat`,
    );
    const chatId = chat.body?.id;
    if (chat.status !== 200 || typeof chatId !== 'string')
      throw new InstallError('the chat was not found', 'transient', `chat ${chat.status}`);
    return chatId;
  }

  return {
    async installForUser(aadObjectId) {
      if (unavailable && unavailable.until > Date.now())
        throw new InstallError('installing through Graph is not possible', 'unavailable', unavailable.code);
      const appId = await catalogAppId();
      const installed = await graph('POST', `/users/${encodeURIComponent(aadObjectId)}/teamwork/installedApps`, {
        'teamsApp@odata.bind': `${base}/appCatalogs/teamsApps/${appId}`,
        consentedPermissionSet: CONSENTED_PERMISSIONS,
      });
      // 409: installed already (by a policy, by the person, by an earlier run).
      if (installed.status === 404) throw new InstallError('Graph does not know the user', 'no_user', '404');
      if (installed.status === 403) refuse('install_forbidden');
      if (installed.status !== 201 && installed.status !== 200 && installed.status !== 409)
        throw new InstallError('Graph refused the installation', 'unavailable', `install ${installed.status}`);
      return { chatId: await installationChat(aadObjectId, appId) };
    },
  };
}
