import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { stopServer } from './net.js';

/**
 * A stand-in for the Bot Connector service: records what the bot sends and answers the way
 * the real service does (ids for activities, members for TeamsInfo, errors on demand).
 */
export interface SentActivity {
  method: string;
  path: string;
  conversationId: string;
  replyToId?: string;
  body: Record<string, any>;
}

export interface Member {
  id: string;
  name?: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
  tenantId?: string;
  userRole?: 'user' | 'guest' | 'anonymous';
}

export interface BotConnectorStandIn {
  /** The serviceUrl to put in activities (ends with a slash, as Teams sends it). */
  readonly serviceUrl: string;
  readonly sent: SentActivity[];
  members: Map<string, Member>;
  /** Make the next N sends fail with this status (and Retry-After seconds for 429). */
  failNext(status: number, count?: number, retryAfterSeconds?: number): void;
  /** Waits until at least n activities were sent, or throws after timeoutMs. */
  waitFor(n: number, timeoutMs?: number): Promise<SentActivity[]>;
  clear(): void;
  stop(): Promise<void>;
}

export async function startBotConnector(): Promise<BotConnectorStandIn> {
  const sent: SentActivity[] = [];
  const members = new Map<string, Member>();
  let failures: Array<{ status: number; retryAfter?: number }> = [];
  let counter = 0;

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      // GET /v3/conversations/{id}/members/{memberId}
      if (
        req.method === 'GET' &&
        parts[0] === 'v3' &&
        parts[1] === 'conversations' &&
        parts[3] === 'members' &&
        parts[4]
      ) {
        const m = members.get(parts[4]);
        if (!m)
          return json(404, { error: { code: 'MemberNotFoundInConversation', message: 'The member was not found.' } });
        return json(200, m);
      }
      if (
        (req.method === 'POST' || req.method === 'PUT') &&
        parts[0] === 'v3' &&
        parts[1] === 'conversations' &&
        parts[3] === 'activities'
      ) {
        const failure = failures.shift();
        if (failure) {
          const headers: Record<string, string> =
            failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {};
          return json(
            failure.status,
            {
              error: { code: failure.status === 429 ? 'TooManyRequests' : 'ServiceError', message: 'Injected failure' },
            },
            headers,
          );
        }
        let body: Record<string, any>;
        try {
          body = raw ? JSON.parse(raw) : {};
        } catch {
          return json(400, { error: { code: 'BadArgument', message: 'Malformed JSON' } });
        }
        sent.push({ method: req.method, path: url.pathname, conversationId: parts[2]!, replyToId: parts[4], body });
        counter += 1;
        return json(200, { id: `activity-${counter}` });
      }
      if (req.method === 'POST' && parts[0] === 'v3' && parts[1] === 'conversations' && parts.length === 2) {
        counter += 1;
        return json(201, { id: `conversation-${counter}` });
      }
      json(404, { error: { code: 'NotFound', message: `No stand-in route for ${req.method} ${url.pathname}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  return {
    serviceUrl,
    sent,
    members,
    failNext(status, count = 1, retryAfterSeconds) {
      for (let i = 0; i < count; i++) failures.push({ status, retryAfter: retryAfterSeconds });
    },
    async waitFor(n, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (sent.length < n) {
        if (Date.now() > deadline)
          throw new Error(`Bot Connector stand-in got ${sent.length} activities, expected ${n}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return sent;
    },
    clear() {
      sent.length = 0;
      failures = [];
    },
    stop: () => stopServer(server),
  };
}
