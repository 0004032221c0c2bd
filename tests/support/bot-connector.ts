import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { stopServer } from './net.js';

/**
 * A stand-in for the Bot Connector service (Teams' side of a bot): the REST calls the bot makes
 * (send, reply, update, delete, create conversation, get member), answered the way Teams does,
 * with its rate limits (429 + Retry-After when exceeded), failures on demand with Teams' error
 * codes in the body, slow answers, and answers lost after the activity was taken ("accepted,
 * then 5xx or timed out", the way duplicates happen). It records every request and every
 * activity it accepted, so a test or bench can count what a person would see.
 */
export interface SentActivity {
  method: string;
  path: string;
  conversationId: string;
  replyToId?: string;
  /** The id the stand-in gave it (numeric, increasing: like message ids in Teams' personal chats). */
  id: string;
  at: number;
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

export type ConnectorOp = 'send' | 'reply' | 'update' | 'delete' | 'create' | 'member';

export interface RequestRecord {
  op: ConnectorOp | 'other';
  method: string;
  path: string;
  conversationId?: string;
  at: number;
  status: number;
}

export interface Injection {
  /** A status below 400 takes the activity and answers with it (slow, with delayMs). */
  status: number;
  /** Teams' error code in the body (BotNotInConversationRoster, ConversationBlockedByUser, …). */
  code?: string;
  /** Seconds, sent as Retry-After. */
  retryAfter?: number;
  /** Which calls it applies to (default: send, reply and update, as failNext always did). */
  ops?: readonly ConnectorOp[];
  conversationId?: string;
  /** Take the activity first (it counts as delivered), then answer with the failure. */
  afterAccept?: boolean;
  /** Answer this much later. */
  delayMs?: number;
  /** Never answer (the client times out); with afterAccept the activity was taken. */
  hang?: boolean;
  /** How many calls it applies to (default 1). */
  count?: number;
  /**
   * Applies only until this moment (ms since epoch), then lapses unused: a burst of 429s is a
   * moment of Teams' throttling, not a debt left for whoever sends next. Default: until used.
   */
  until?: number;
}

export interface ConnectorLimits {
  /** Per app per tenant, counting every call (Teams: 50). */
  readonly appPerSecond: number;
  /** Per conversation: count per window (Teams: 7/1 s, 8/2 s, 60/30 s, 1800/3600 s). */
  readonly conversation: ReadonlyArray<{ readonly count: number; readonly windowMs: number }>;
}

export const TEAMS_LIMITS: ConnectorLimits = {
  appPerSecond: 50,
  conversation: [
    { count: 7, windowMs: 1_000 },
    { count: 8, windowMs: 2_000 },
    { count: 60, windowMs: 30_000 },
    { count: 1_800, windowMs: 3_600_000 },
  ],
};

export interface BotConnectorOptions {
  /** Enforce Teams' rate limits (off unless given: most tests are about something else). */
  readonly limits?: ConnectorLimits;
  /** Only these users (Teams or Entra ids) have the app: creating a personal chat with anyone else is 403. Default: everyone. */
  readonly installedFor?: Set<string>;
  /** Answer every call this much later. */
  readonly delayMs?: number;
}

export interface BotConnectorStandIn {
  /** The serviceUrl to put in activities (ends with a slash, as Teams sends it). */
  readonly serviceUrl: string;
  /** Every activity taken (sends and replies), in order, including those whose answer was lost. */
  readonly sent: SentActivity[];
  /** Updates taken (PUT), by activity id. */
  readonly updates: SentActivity[];
  /** Activity ids deleted. */
  readonly deleted: Array<{ conversationId: string; id: string; at: number }>;
  /** Every request with the status it got. */
  readonly requests: RequestRecord[];
  /** Personal chats created: user id → conversation id. */
  readonly conversations: Map<string, string>;
  members: Map<string, Member>;
  /** Who has the app installed (see BotConnectorOptions.installedFor); undefined: everyone. */
  installedFor: Set<string> | undefined;
  /** Make the next N sends fail with this status (and Retry-After seconds for 429). */
  failNext(status: number, count?: number, retryAfterSeconds?: number): void;
  inject(injection: Injection): void;
  /**
   * Fail this share (0–1) of sends at random, with one of `statuses`; `afterAccept` is the share
   * of those failures that take the activity first (true: all of them).
   */
  failRandomly(
    rate: number,
    statuses: number | readonly number[],
    opts?: { afterAccept?: boolean | number; random?: () => number },
  ): void;
  /** A conversation that refuses everything from now on (403 with this code, or 404 when gone). */
  block(
    conversationId: string,
    code: 'BotNotInConversationRoster' | 'ConversationBlockedByUser' | 'BotDisabledByAdmin' | 'ConversationNotFound',
  ): void;
  /** Waits until at least n activities were sent, or throws after timeoutMs. */
  waitFor(n: number, timeoutMs?: number): Promise<SentActivity[]>;
  /** Waits until `predicate` holds, or throws after timeoutMs. */
  until(predicate: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  /** 429s the limits caused (not the injected ones). */
  readonly limited: { app: number; conversation: number };
  clear(): void;
  stop(): Promise<void>;
}

const ERROR_MESSAGES: Record<string, string> = {
  BotNotInConversationRoster: 'The bot is not part of the conversation roster.',
  ConversationBlockedByUser: 'User blocked the conversation with the bot.',
  BotDisabledByAdmin: 'The bot is disabled by the tenant admin.',
  ConversationNotFound: 'Conversation not found.',
  ActivityNotFoundInConversation: 'The activity was not found in the conversation.',
  TooManyRequests: 'Too many requests.',
  ServiceError: 'Injected failure',
};

export async function startBotConnector(options: BotConnectorOptions = {}): Promise<BotConnectorStandIn> {
  const sent: SentActivity[] = [];
  const updates: SentActivity[] = [];
  const deleted: Array<{ conversationId: string; id: string; at: number }> = [];
  const requests: RequestRecord[] = [];
  const conversations = new Map<string, string>();
  const members = new Map<string, Member>();
  const blocked = new Map<string, string>();
  const live = new Set<string>();
  let injections: Injection[] = [];
  let random: { rate: number; statuses: readonly number[]; afterAccept: number; random: () => number } | undefined;
  let counter = 0;
  const idBase = Date.now();
  const limited = { app: 0, conversation: 0 };
  const appLog: number[] = [];
  const conversationLogs = new Map<string, number[]>();
  const hanging = new Set<http.ServerResponse>();
  const state = { installedFor: options.installedFor };

  /** Counts the call against the limits; the Retry-After seconds when it is over one. */
  function overLimit(conversationId: string | undefined, now: number): number | undefined {
    const limits = options.limits;
    if (!limits) return undefined;
    while (appLog.length && appLog[0]! <= now - 1_000) appLog.shift();
    if (appLog.length >= limits.appPerSecond) {
      limited.app += 1;
      return 1;
    }
    appLog.push(now);
    if (!conversationId) return undefined;
    const log = conversationLogs.get(conversationId) ?? [];
    const keep = Math.max(...limits.conversation.map((w) => w.windowMs));
    while (log.length && log[0]! <= now - keep) log.shift();
    for (const w of limits.conversation) {
      const inWindow = log.filter((t) => t > now - w.windowMs);
      if (inWindow.length >= w.count) {
        limited.conversation += 1;
        return Math.max(1, Math.ceil((inWindow[0]! + w.windowMs - now) / 1000));
      }
    }
    log.push(now);
    conversationLogs.set(conversationId, log);
    return undefined;
  }

  function takeInjection(op: ConnectorOp, conversationId: string | undefined): Injection | undefined {
    const now = Date.now();
    if (injections.some((x) => x.until !== undefined && x.until <= now))
      injections = injections.filter((x) => x.until === undefined || x.until > now);
    const i = injections.findIndex(
      (x) =>
        (x.ops ?? ['send', 'reply', 'update']).includes(op) &&
        (!x.conversationId || x.conversationId === conversationId),
    );
    if (i < 0) return undefined;
    const found = injections[i]!;
    const left = (found.count ?? 1) - 1;
    if (left > 0) injections[i] = { ...found, count: left };
    else injections.splice(i, 1);
    return found;
  }

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const now = Date.now();
      const url = new URL(req.url ?? '/', 'http://x');
      const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      const isConversations = parts[0] === 'v3' && parts[1] === 'conversations';
      const conversationId = isConversations ? parts[2] : undefined;
      let op: ConnectorOp | 'other' = 'other';
      if (isConversations && parts.length === 2 && req.method === 'POST') op = 'create';
      else if (isConversations && parts[3] === 'members' && req.method === 'GET') op = 'member';
      else if (isConversations && parts[3] === 'activities') {
        if (req.method === 'POST') op = parts[4] ? 'reply' : 'send';
        else if (req.method === 'PUT') op = 'update';
        else if (req.method === 'DELETE') op = 'delete';
      }
      const record: RequestRecord = { op, method: req.method ?? '', path: url.pathname, at: now, status: 0 };
      if (conversationId) record.conversationId = conversationId;
      requests.push(record);

      const answer = (status: number, body: unknown, headers: Record<string, string> = {}, delayMs = 0) => {
        record.status = status;
        const write = () => {
          if (res.destroyed) return;
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(body === undefined ? '' : JSON.stringify(body));
        };
        const wait = delayMs + (options.delayMs ?? 0);
        if (wait > 0) setTimeout(write, wait);
        else write();
      };
      const error = (status: number, code: string, headers: Record<string, string> = {}, delayMs = 0) =>
        answer(status, { error: { code, message: ERROR_MESSAGES[code] ?? code } }, headers, delayMs);

      const retryAfter = overLimit(op === 'create' ? undefined : conversationId, now);
      if (retryAfter !== undefined) return error(429, 'TooManyRequests', { 'retry-after': String(retryAfter) });

      if (op === 'member') {
        const m = members.get(parts[4] ?? '');
        if (!m) return error(404, 'MemberNotFoundInConversation');
        return answer(200, m);
      }
      let body: Record<string, any> = {};
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        return error(400, 'BadArgument');
      }
      if (op === 'create') {
        const injected = takeInjection('create', undefined);
        if (injected) return error(injected.status, injected.code ?? 'ServiceError', {}, injected.delayMs);
        const userId = String(body.members?.[0]?.id ?? '');
        if (!userId) return error(400, 'BadArgument');
        if (state.installedFor && !state.installedFor.has(userId)) return error(403, 'BotNotInConversationRoster');
        let id = conversations.get(userId);
        if (!id) {
          id = `a:personal-${userId}`;
          conversations.set(userId, id);
        }
        live.add(id);
        return answer(201, { id });
      }
      if (op === 'other') return error(404, 'NotFound');

      const gone = conversationId ? blocked.get(conversationId) : undefined;
      if (gone) return error(gone === 'ConversationNotFound' ? 404 : 403, gone);

      let injected = takeInjection(op, conversationId);
      if (!injected && random && (op === 'send' || op === 'reply') && random.random() < random.rate) {
        const status = random.statuses[Math.floor(random.random() * random.statuses.length)]!;
        injected = { status, afterAccept: random.random() < random.afterAccept };
      }
      const take = () => {
        counter += 1;
        const activity: SentActivity = {
          method: req.method ?? '',
          path: url.pathname,
          conversationId: conversationId!,
          id: String(idBase + counter),
          at: now,
          body,
        };
        if (op === 'reply') activity.replyToId = parts[4];
        sent.push(activity);
        live.add(`${conversationId}/${activity.id}`);
        return activity;
      };
      if (op === 'send' || op === 'reply') {
        if (injected && injected.status < 400) {
          // A slow answer: taken now, answered later.
          const activity = take();
          return answer(injected.status, { id: activity.id }, {}, injected.delayMs);
        }
        if (injected && !injected.afterAccept) {
          if (injected.hang) return void hanging.add(res);
          const headers: Record<string, string> =
            injected.retryAfter !== undefined ? { 'retry-after': String(injected.retryAfter) } : {};
          return error(
            injected.status,
            injected.code ?? (injected.status === 429 ? 'TooManyRequests' : 'ServiceError'),
            headers,
            injected.delayMs,
          );
        }
        const activity = take();
        if (injected?.hang) return void hanging.add(res);
        if (injected) return error(injected.status, injected.code ?? 'ServiceError', {}, injected.delayMs);
        return answer(200, { id: activity.id });
      }
      const activityId = parts[4] ?? '';
      if (injected) {
        if (injected.hang) return void hanging.add(res);
        return error(injected.status, injected.code ?? 'ServiceError', {}, injected.delayMs);
      }
      if (!live.has(`${conversationId}/${activityId}`)) return error(404, 'ActivityNotFoundInConversation');
      if (op === 'update') {
        counter += 1;
        updates.push({
          method: 'PUT',
          path: url.pathname,
          conversationId: conversationId!,
          id: activityId,
          at: now,
          body,
        });
        return answer(200, { id: activityId });
      }
      live.delete(`${conversationId}/${activityId}`);
      deleted.push({ conversationId: conversationId!, id: activityId, at: now });
      return answer(200, undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  async function until(predicate: () => boolean, timeoutMs = 5000, what = 'the condition') {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline)
        throw new Error(`Bot Connector stand-in: ${what} did not happen within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  return {
    serviceUrl,
    sent,
    updates,
    deleted,
    requests,
    conversations,
    members,
    get installedFor() {
      return state.installedFor;
    },
    set installedFor(v) {
      state.installedFor = v;
    },
    failNext(status, count = 1, retryAfterSeconds) {
      injections.push({
        status,
        count,
        ...(retryAfterSeconds !== undefined ? { retryAfter: retryAfterSeconds } : {}),
      });
    },
    inject(injection) {
      injections.push(injection);
    },
    failRandomly(rate, statuses, opts = {}) {
      const afterAccept = opts.afterAccept === true ? 1 : opts.afterAccept === false ? 0 : (opts.afterAccept ?? 0);
      random = {
        rate,
        statuses: typeof statuses === 'number' ? [statuses] : statuses,
        afterAccept,
        random: opts.random ?? Math.random,
      };
    },
    block(conversationId, code) {
      blocked.set(conversationId, code);
    },
    async waitFor(n, timeoutMs = 5000) {
      await until(() => sent.length >= n, timeoutMs, `${n} activities (got ${sent.length})`).catch(() => {
        throw new Error(`Bot Connector stand-in got ${sent.length} activities, expected ${n}`);
      });
      return sent;
    },
    until,
    limited,
    clear() {
      sent.length = 0;
      updates.length = 0;
      deleted.length = 0;
      requests.length = 0;
      injections = [];
      random = undefined;
      blocked.clear();
      limited.app = 0;
      limited.conversation = 0;
      appLog.length = 0;
      conversationLogs.clear();
    },
    stop: () => {
      // Answers held back on purpose ("slow", "timed out") would keep close() waiting.
      for (const r of hanging) r.destroy();
      return stopServer(server);
    },
  };
}
