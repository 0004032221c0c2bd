import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { clientCredentialsTokens, createGraphClient, type GraphClient } from '../../core/graph/index.js';

/**
 * A stand-in for Microsoft Graph and its token endpoint, speaking their protocol: the
 * client-credentials grant at /{tenant}/oauth2/v2.0/token, bearer tokens it issued (401
 * otherwise), JSON batching at /v1.0/$batch (at most 20 requests), and throttling that a test
 * switches on (429 or 503 with Retry-After, on whole requests or on items inside a batch).
 *
 * What Graph serves is plugged in as route modules (`use()`): the directory (users, delta,
 * photos, groups) is one (graph-directory.ts); installing the app for people can be another,
 * all on one server.
 */
export interface GraphRequest {
  readonly method: string;
  /** The path after /v1.0, e.g. "/users/delta". */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: unknown;
  /** The server's own base URL (what GRAPH_URL points at), for building nextLinks. */
  readonly base: string;
  /** Whether it came inside a $batch. */
  readonly inBatch: boolean;
}

export interface GraphReply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly json?: unknown;
  readonly binary?: { readonly data: Buffer; readonly contentType: string };
}

/** A route module: answers the requests it knows, undefined for the others. */
export type GraphRoutes = (req: GraphRequest) => GraphReply | undefined;

export interface ThrottleRule {
  /** How many matching requests to refuse. */
  times: number;
  status?: 429 | 503;
  /** Seconds, as Graph sends it; omitted: no Retry-After header. */
  retryAfter?: number;
  /** Which requests (default: any Graph request other than a $batch itself). */
  match?: (req: GraphRequest) => boolean;
}

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly status: number;
  readonly inBatch: boolean;
}

export interface GraphStandIn {
  /** For GRAPH_URL. */
  readonly url: string;
  /** For ENTRA_AUTHORITY (the same server serves the token endpoint). */
  readonly authority: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  use(routes: GraphRoutes): void;
  throttle(rule: ThrottleRule): void;
  /** Tokens issued so far stop working (Graph answers 401 to them). */
  revokeTokens(): void;
  /** Every Graph request answered (top-level and inside batches), in order. */
  readonly log: LoggedRequest[];
  /** HTTP requests that reached Graph (a $batch counts once), excluding the token endpoint. */
  httpRequests(): number;
  tokensIssued(): number;
  stop(): Promise<void>;
}

/** The app's own Graph client (client credentials), as ENTRA_* and GRAPH_URL pointing here would make it. */
export function appGraphClient(g: GraphStandIn): GraphClient {
  const { authority, tenantId, clientId, clientSecret } = g;
  return createGraphClient({
    baseUrl: g.url,
    tokens: clientCredentialsTokens({ authority, tenantId, clientId, clientSecret }),
  });
}

export async function startGraphStandIn(
  opts: {
    tenantId?: string;
    clientId?: string;
    clientSecret?: string;
    /**
     * An Entra stand-in (tests/support/entra.ts) whose signing keys this authority serves too, so a
     * server under test can take ENTRA_AUTHORITY from here for both SSO tokens and Graph's token.
     */
    keysFrom?: string;
  } = {},
): Promise<GraphStandIn> {
  const tenantId = opts.tenantId ?? '11111111-2222-3333-4444-555555555555';
  const clientId = opts.clientId ?? 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
  const clientSecret = opts.clientSecret ?? 'graph-stand-in-secret';
  const modules: GraphRoutes[] = [];
  const rules: ThrottleRule[] = [];
  const log: LoggedRequest[] = [];
  let valid = new Set<string>();
  let issued = 0;
  let http_ = 0;
  let base = '';

  const error = (status: number, code: string, message: string, headers?: Record<string, string>): GraphReply => ({
    status,
    ...(headers ? { headers } : {}),
    json: { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': randomUUID() } } },
  });

  function throttled(req: GraphRequest): GraphReply | undefined {
    const rule = rules.find((r) => r.times > 0 && (r.match ? r.match(req) : req.path !== '/$batch'));
    if (!rule) return undefined;
    rule.times--;
    const status = rule.status ?? 429;
    return error(
      status,
      status === 429 ? 'TooManyRequests' : 'ServiceUnavailable',
      status === 429 ? 'Too many requests' : 'Service unavailable',
      rule.retryAfter === undefined ? undefined : { 'Retry-After': String(rule.retryAfter) },
    );
  }

  function route(req: GraphRequest): GraphReply {
    const reply =
      throttled(req) ??
      modules.reduce<GraphReply | undefined>((found, m) => found ?? m(req), undefined) ??
      error(404, 'Request_ResourceNotFound', `No stand-in route for ${req.method} ${req.path}`);
    log.push({
      method: req.method,
      path: req.path,
      query: req.query.toString(),
      status: reply.status,
      inBatch: req.inBatch,
    });
    return reply;
  }

  function batch(req: GraphRequest): GraphReply {
    const requests = (req.body as { requests?: Array<{ id: string; method: string; url: string }> })?.requests;
    if (!Array.isArray(requests) || requests.length === 0)
      return error(400, 'BadRequest', 'A batch needs a requests array');
    if (requests.length > 20) return error(400, 'BadRequest', 'A batch may hold at most 20 requests');
    const responses = requests.map((r) => {
      const u = new URL(r.url.replace(/^\/?/, '/'), 'http://batch.invalid');
      const reply = route({
        method: r.method.toUpperCase(),
        path: decodeURIComponent(u.pathname),
        query: u.searchParams,
        headers: {},
        body: undefined,
        base,
        inBatch: true,
      });
      return {
        id: r.id,
        status: reply.status,
        headers: { 'content-type': reply.binary?.contentType ?? 'application/json', ...reply.headers },
        body: reply.binary ? reply.binary.data.toString('base64') : reply.json,
      };
    });
    return { status: 200, json: { responses } };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', base);
      const raw = Buffer.concat(chunks).toString('utf8');
      const send = (reply: GraphReply) => {
        if (reply.binary) {
          res.writeHead(reply.status, { 'content-type': reply.binary.contentType, ...reply.headers });
          res.end(reply.binary.data);
        } else {
          res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
          res.end(reply.json === undefined ? '' : JSON.stringify(reply.json));
        }
      };

      if (req.method === 'POST' && u.pathname === `/${tenantId}/oauth2/v2.0/token`) {
        const form = new URLSearchParams(raw);
        if (
          form.get('grant_type') !== 'client_credentials' ||
          form.get('scope') !== 'https://graph.microsoft.com/.default'
        ) {
          send({ status: 400, json: { error: 'invalid_request', error_description: 'AADSTS900144: bad request' } });
          return;
        }
        if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
          send({
            status: 401,
            json: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' },
          });
          return;
        }
        const token = randomBytes(24).toString('base64url');
        valid.add(token);
        issued++;
        send({ status: 200, json: { token_type: 'Bearer', expires_in: 3599, access_token: token } });
        return;
      }
      if (req.method === 'GET' && opts.keysFrom && u.pathname === `/${tenantId}/discovery/v2.0/keys`) {
        fetch(`${opts.keysFrom}${u.pathname}`)
          .then(async (r) => send({ status: r.status, json: await r.json() }))
          .catch(() => send(error(502, 'BadGateway', 'the Entra stand-in did not answer')));
        return;
      }
      if (!u.pathname.startsWith('/v1.0/')) {
        send(error(404, 'NotFound', 'unknown path'));
        return;
      }
      http_++;
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!bearer || !valid.has(bearer)) {
        send(error(401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.'));
        return;
      }
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        send(error(400, 'BadRequest', 'Invalid JSON'));
        return;
      }
      const graphReq: GraphRequest = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(u.pathname.slice('/v1.0'.length)),
        query: u.searchParams,
        headers: req.headers as Record<string, string | undefined>,
        body,
        base,
        inBatch: false,
      };
      if (graphReq.method === 'POST' && graphReq.path === '/$batch') {
        const limited = throttled(graphReq);
        send(limited ?? batch(graphReq));
        return;
      }
      send(route(graphReq));
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    authority: base,
    tenantId,
    clientId,
    clientSecret,
    use: (routes) => {
      modules.push(routes);
    },
    throttle: (rule) => {
      rules.push({ ...rule });
    },
    revokeTokens: () => {
      valid = new Set();
    },
    log,
    httpRequests: () => http_,
    tokensIssued: () => issued,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The settings that point a server or `npm run sync:entra` at this stand-in, with the sync on. */
export function entraSyncEnv(graph: GraphStandIn): Record<string, string> {
  return {
    ENTRA_SYNC: 'on',
    ENTRA_TENANT_ID: graph.tenantId,
    ENTRA_CLIENT_ID: graph.clientId,
    ENTRA_CLIENT_SECRET: graph.clientSecret,
    ENTRA_AUTHORITY: graph.authority,
    GRAPH_URL: graph.url,
  };
}
