import type { AccessTokens } from './token.js';

/**
 * A small Microsoft Graph client over fetch: JSON and binary GETs, JSON batching ($batch, up to 20
 * requests in one), paging through @odata.nextLink, and Graph's throttling rules: a 429 (or 503/504)
 * waits for Retry-After (or backs off exponentially when it is missing) and tries again, a 401
 * renews the token once. Every HTTP request it makes is counted, so benches and tests can say
 * how many a job took.
 */
export interface GraphClientOptions {
  /** https://graph.microsoft.com (a stand-in in tests); the version is added here. */
  readonly baseUrl: string;
  readonly tokens: AccessTokens;
  readonly version?: 'v1.0' | 'beta';
  readonly timeoutMs?: number;
  /** Tries of one request after a throttle or a transient failure. Default 6. */
  readonly maxRetries?: number;
  /** Longest wait honoured; a longer Retry-After fails the request instead (default 5 min). */
  readonly maxWaitMs?: number;
  /** Told of every wait, so a command line can say why it pauses. */
  readonly onWait?: (wait: { ms: number; status: number; url: string }) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface GraphStats {
  /** HTTP requests sent to Graph (a $batch counts once; retries count). */
  requests: number;
  /** Answers that were 429 or 503/504 (a throttled item inside a batch counts too). */
  throttled: number;
  /** Time spent waiting for Retry-After or backoff. */
  waitedMs: number;
}

/** Graph said no: the status, and Graph's error code ("syncStateNotFound", "Request_ResourceNotFound"). */
export class GraphError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

export interface BatchRequest {
  readonly id: string;
  /** Relative to the version root, e.g. "/users/{id}/photo". */
  readonly url: string;
}

export interface BatchAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface GraphClient {
  readonly stats: GraphStats;
  /** GET a JSON resource; a path ("/users/delta?…") or a full URL Graph gave (nextLink, deltaLink). */
  get<T>(pathOrUrl: string): Promise<T>;
  /** GET binary content ("/users/{id}/photo/$value"); undefined on 404. */
  getBinary(pathOrUrl: string): Promise<{ data: Buffer; contentType: string | undefined } | undefined>;
  /** GET many at once, 20 per $batch; throttled items are retried after their Retry-After. */
  batchGet(requests: readonly BatchRequest[]): Promise<Map<string, BatchAnswer>>;
}

/** Graph's limit on requests in one $batch. */
export const BATCH_SIZE = 20;
const TRANSIENT = new Set([429, 503, 504]);

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const root = `${options.baseUrl.replace(/\/+$/, '')}/${options.version ?? 'v1.0'}`;
  const maxRetries = options.maxRetries ?? 6;
  const maxWaitMs = options.maxWaitMs ?? 300_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const stats: GraphStats = { requests: 0, throttled: 0, waitedMs: 0 };

  const urlOf = (pathOrUrl: string) => (/^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${root}${pathOrUrl}`);

  async function wait(ms: number, status: number, url: string): Promise<void> {
    if (ms > maxWaitMs) throw new GraphError(`Graph asked to wait ${Math.round(ms / 1000)} s`, status, 'throttled');
    options.onWait?.({ ms, status, url: url.replace(/\?.*$/, '') });
    stats.waitedMs += ms;
    await sleep(ms);
  }

  /** Retry-After in seconds (Graph's form) or an HTTP date; else exponential backoff from 1 s. */
  function retryDelay(header: string | null | undefined, attempt: number): number {
    if (header) {
      const seconds = Number(header);
      if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
      const date = Date.parse(header);
      if (Number.isFinite(date)) return Math.max(0, date - Date.now());
    }
    return Math.min(60_000, 1000 * 2 ** attempt);
  }

  async function send(url: string, init: RequestInit, accept: string): Promise<Response> {
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        stats.requests++;
        res = await fetch(url, {
          ...init,
          headers: {
            ...(init.headers as Record<string, string> | undefined),
            authorization: `Bearer ${await options.tokens.get()}`,
            accept,
          },
          signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
        });
      } catch (err) {
        if ((err as { name?: string }).name === 'TokenError') throw err;
        if (attempt >= maxRetries)
          throw new GraphError(`Graph did not answer: ${(err as Error).message}`, 0, 'network');
        await wait(retryDelay(undefined, attempt), 0, url);
        continue;
      }
      if (TRANSIENT.has(res.status)) {
        stats.throttled++;
        await res.arrayBuffer().catch(() => undefined);
        if (attempt >= maxRetries) throw new GraphError(`Graph kept answering ${res.status}`, res.status, 'throttled');
        await wait(retryDelay(res.headers.get('retry-after'), attempt), res.status, url);
        continue;
      }
      if (res.status === 401 && !renewed) {
        renewed = true;
        options.tokens.invalidate();
        await res.arrayBuffer().catch(() => undefined);
        continue;
      }
      return res;
    }
  }

  async function fail(res: Response): Promise<never> {
    const body = (await res.json().catch(() => undefined)) as
      | { error?: { code?: string; message?: string; innerError?: { code?: string } } }
      | undefined;
    const code = body?.error?.code;
    throw new GraphError(
      `Graph answered ${res.status}${code ? ` ${code}` : ''}: ${body?.error?.message ?? res.statusText}`,
      res.status,
      code,
    );
  }

  return {
    stats,
    async get<T>(pathOrUrl: string): Promise<T> {
      const res = await send(urlOf(pathOrUrl), { method: 'GET' }, 'application/json');
      if (!res.ok) return fail(res);
      return (await res.json()) as T;
    },
    async getBinary(pathOrUrl) {
      const res = await send(urlOf(pathOrUrl), { method: 'GET' }, '*/*');
      if (res.status === 404) {
        await res.arrayBuffer().catch(() => undefined);
        return undefined;
      }
      if (!res.ok) return fail(res);
      return { data: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type') ?? undefined };
    },
    async batchGet(requests) {
      const answers = new Map<string, BatchAnswer>();
      let todo = [...requests];
      for (let round = 0; todo.length > 0; round++) {
        const throttled: BatchRequest[] = [];
        let longestWait = 0;
        for (let i = 0; i < todo.length; i += BATCH_SIZE) {
          const chunk = todo.slice(i, i + BATCH_SIZE);
          const res = await send(
            `${root}/$batch`,
            {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ requests: chunk.map((r) => ({ id: r.id, method: 'GET', url: r.url })) }),
            },
            'application/json',
          );
          if (!res.ok) return fail(res);
          const body = (await res.json()) as {
            responses?: Array<{ id: string; status: number; headers?: Record<string, string>; body?: unknown }>;
          };
          for (const item of body.responses ?? []) {
            if (TRANSIENT.has(item.status)) {
              stats.throttled++;
              const header = Object.entries(item.headers ?? {}).find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
              longestWait = Math.max(longestWait, retryDelay(header, round));
              const request = chunk.find((r) => r.id === item.id);
              if (request) throttled.push(request);
            } else answers.set(item.id, { status: item.status, body: item.body });
          }
        }
        if (throttled.length === 0) break;
        if (round >= maxRetries) {
          for (const r of throttled) answers.set(r.id, { status: 429, body: undefined });
          break;
        }
        await wait(longestWait, 429, `${root}/$batch`);
        todo = throttled;
      }
      return answers;
    },
  };
}

/** Every item of a paged collection, page by page (the caller sees each page as it arrives). */
export async function* pages<T>(
  client: GraphClient,
  first: string,
): AsyncGenerator<{ value: T[]; nextLink?: string; deltaLink?: string }> {
  let url: string | undefined = first;
  while (url) {
    const page: { value?: T[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string } = await client.get(url);
    const next = page['@odata.nextLink'];
    const delta = page['@odata.deltaLink'];
    yield { value: page.value ?? [], ...(next ? { nextLink: next } : {}), ...(delta ? { deltaLink: delta } : {}) };
    url = next;
  }
}
