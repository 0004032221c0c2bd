import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the part of Microsoft Graph that installs a Teams app for a person (news
 * delivery; the directory's Graph stand-in is graph.ts, whose route modules this could become): the app
 * catalog look-up, the installation (with its consented resource-specific permissions), the
 * installation list and the installation's chat. App-only bearer tokens are checked with the
 * Entra stand-in. It answers as Graph does — 201, 409 when installed already, 403 without the
 * permission, 404 for an unknown user, 429 with Retry-After — and can be made to fail each way.
 */
export interface GraphRequest {
  method: string;
  path: string;
  at: number;
  status: number;
  body?: any;
}

export interface GraphFailure {
  status: 403 | 404 | 429 | 500 | 503;
  /** Seconds, sent as Retry-After with 429. */
  retryAfter?: number;
  /** Which requests: 'catalog', 'install', 'list', 'chat' (default: install). */
  on?: 'catalog' | 'install' | 'list' | 'chat';
  count?: number;
}

export interface GraphInstallStandIn {
  /** GRAPH_URL for Ids (without /v1.0). */
  readonly url: string;
  readonly requests: GraphRequest[];
  /** The catalog's apps: manifest id (externalId) → catalog id. */
  readonly catalog: Map<string, string>;
  /** Entra object ids Graph knows. Default: anyone. */
  users: Set<string> | undefined;
  /** Who has which catalog app installed: user id → installation ids by catalog id. */
  readonly installed: Map<string, Map<string, string>>;
  /** The chat id Graph gives a user's chat with the app (and the Bot Connector accepts). */
  chatOf(userId: string): string;
  fail(failure: GraphFailure): void;
  clear(): void;
  stop(): Promise<void>;
}

export async function startGraphInstallStandIn(opts: {
  validToken: (token: string) => boolean;
}): Promise<GraphInstallStandIn> {
  const requests: GraphRequest[] = [];
  const catalog = new Map<string, string>();
  const installed = new Map<string, Map<string, string>>();
  let failures: GraphFailure[] = [];
  let installations = 0;
  const state: { users: Set<string> | undefined } = { users: undefined };
  const chatOf = (userId: string) => `19:${userId}_ids-bot@unq.gbl.spaces`;

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const record: GraphRequest = {
        method: req.method ?? '',
        path: `${url.pathname}${url.search}`,
        at: Date.now(),
        status: 0,
      };
      requests.push(record);
      const json = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
        record.status = status;
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(body === undefined ? '' : JSON.stringify(body));
      };
      const error = (status: number, code: string, headers: Record<string, string> = {}) =>
        json(status, { error: { code, message: code } }, headers);
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token || !opts.validToken(token)) return error(401, 'InvalidAuthenticationToken');
      const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      if (parts[0] !== 'v1.0') return error(404, 'NotFound');
      let kind: GraphFailure['on'] | undefined;
      if (parts[1] === 'appCatalogs' && parts[2] === 'teamsApps' && req.method === 'GET') kind = 'catalog';
      else if (parts[1] === 'users' && parts[3] === 'teamwork' && parts[4] === 'installedApps') {
        if (req.method === 'POST' && parts.length === 5) kind = 'install';
        else if (req.method === 'GET' && parts.length === 5) kind = 'list';
        else if (req.method === 'GET' && parts[6] === 'chat') kind = 'chat';
      }
      if (!kind) return error(404, 'NotFound');
      const i = failures.findIndex((f) => (f.on ?? 'install') === kind);
      if (i >= 0) {
        const f = failures[i]!;
        if ((f.count ?? 1) > 1) failures[i] = { ...f, count: (f.count ?? 1) - 1 };
        else failures.splice(i, 1);
        const headers: Record<string, string> =
          f.retryAfter !== undefined ? { 'retry-after': String(f.retryAfter) } : {};
        const codes: Record<number, string> = {
          403: 'Forbidden',
          404: 'NotFound',
          429: 'TooManyRequests',
          500: 'InternalServerError',
          503: 'ServiceUnavailable',
        };
        return error(f.status, codes[f.status] ?? 'Error', headers);
      }
      if (kind === 'catalog') {
        const m = /externalId eq '([^']+)'/.exec(url.searchParams.get('$filter') ?? '');
        const id = m ? catalog.get(m[1]!) : undefined;
        return json(200, {
          value: id ? [{ id, externalId: m![1], displayName: 'Ids', distributionMethod: 'organization' }] : [],
        });
      }
      const userId = parts[2]!;
      if (state.users && !state.users.has(userId)) return error(404, 'Request_ResourceNotFound');
      const mine = installed.get(userId) ?? new Map<string, string>();
      if (kind === 'install') {
        let body: any;
        try {
          body = JSON.parse(raw);
        } catch {
          return error(400, 'BadRequest');
        }
        record.body = body;
        const appId = /teamsApps\/([^/]+)$/.exec(String(body?.['teamsApp@odata.bind'] ?? ''))?.[1];
        if (!appId || ![...catalog.values()].includes(appId)) return error(400, 'BadRequest');
        if (mine.has(appId)) return error(409, 'Conflict');
        installations += 1;
        mine.set(appId, `installation-${installations}`);
        installed.set(userId, mine);
        record.status = 201;
        res.writeHead(201);
        return res.end();
      }
      if (kind === 'list') {
        const m = /teamsApp\/id eq '([^']+)'/.exec(url.searchParams.get('$filter') ?? '');
        const value = [...mine.entries()]
          .filter(([appId]) => !m || appId === m[1])
          .map(([appId, id]) => ({ id, teamsApp: { id: appId, displayName: 'Ids' } }));
        return json(200, { value });
      }
      const installation = parts[5]!;
      if (![...mine.values()].includes(installation)) return error(404, 'NotFound');
      return json(200, { id: chatOf(userId), chatType: 'oneOnOne' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    catalog,
    get users() {
      return state.users;
    },
    set users(v) {
      state.users = v;
    },
    installed,
    chatOf,
    fail(failure) {
      failures.push(failure);
    },
    clear() {
      requests.length = 0;
      failures = [];
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
