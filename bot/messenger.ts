import type { BotFrameworkAuthentication, ConnectorClient } from 'botframework-connector';
import { AuthenticationConstants, ClaimsIdentity } from 'botframework-connector';
import type { Activity } from 'botbuilder';
import type { Config } from '../config/index.js';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../cards/adaptive.js';
import {
  MessengerError,
  type ConversationAddress,
  type Messenger,
  type OutgoingMessage,
  type TeamsMember,
} from '../core/delivery/messenger.js';

/**
 * botbuilder's connector client retries 429 and 5xx up to three times by itself (the Azure
 * pipeline's retry policies). That hides 429s from the delivery worker's pacing and can outlast a
 * lease, so every client the bot uses loses those policies: the worker alone paces and retries.
 */
export function withoutRetries(client: ConnectorClient): ConnectorClient {
  const inner = (client as unknown as { client?: { pipeline?: { removePolicy(p: { phase: string }): unknown } } })
    .client;
  inner?.pipeline?.removePolicy({ phase: 'Retry' });
  return client;
}

/** The error a failed Bot Connector call threw, as the worker classifies it (status, Teams' code, Retry-After). */
export function messengerError(err: unknown): MessengerError {
  if (err instanceof MessengerError) return err;
  const e = err as {
    name?: string;
    code?: string;
    statusCode?: number;
    message?: string;
    response?: { status?: number; bodyAsText?: string | null; headers?: { get(name: string): string | undefined } };
  };
  const status = e.statusCode ?? e.response?.status;
  if (!status) {
    const timeout = e.name === 'AbortError' || /timed? ?out|aborted/i.test(e.message ?? '');
    return new MessengerError(
      'the Bot Connector did not answer',
      undefined,
      e.code ?? (timeout ? 'TIMEOUT' : 'NETWORK'),
      undefined,
      timeout ? 'timeout' : 'network',
    );
  }
  let code: string | undefined;
  try {
    const body = JSON.parse(e.response?.bodyAsText ?? '') as { error?: { code?: unknown } };
    if (typeof body?.error?.code === 'string') code = body.error.code;
  } catch {
    code = undefined;
  }
  const retryAfter = e.response?.headers?.get('retry-after');
  const seconds = retryAfter === undefined ? Number.NaN : Number(retryAfter);
  const retryAfterMs = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
  return new MessengerError(`the Bot Connector answered ${status}`, status, code, retryAfterMs);
}

function activityOf(message: OutgoingMessage): Partial<Activity> {
  if (!message.card) return { type: 'message', text: message.text, textFormat: 'markdown' };
  // The summary is what Teams shows in the notification; text beside a card would show above it.
  return {
    type: 'message',
    summary: message.text,
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: message.card }],
  };
}

/**
 * core's Messenger over the Bot Framework: the Bot Connector REST calls through botbuilder's
 * connector client (authenticated as the bot when credentials are set), without its retries,
 * each bounded by a timeout.
 */
export function createBotMessenger(
  auth: BotFrameworkAuthentication,
  config: Config,
  opts: { timeoutMs: number },
): Messenger {
  const appId = config.bot.appId ?? '';
  const identity = new ClaimsIdentity([
    { type: AuthenticationConstants.AudienceClaim, value: appId },
    { type: AuthenticationConstants.AppIdClaim, value: appId },
  ]);
  const factory = auth.createConnectorFactory(identity);
  const clients = new Map<string, Promise<ConnectorClient>>();
  const client = (serviceUrl: string) => {
    let c = clients.get(serviceUrl);
    if (!c) {
      c = factory.create(serviceUrl).then(withoutRetries);
      c.catch(() => clients.delete(serviceUrl));
      clients.set(serviceUrl, c);
    }
    return c;
  };
  const options = () => ({ timeout: opts.timeoutMs });
  async function attempt<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw messengerError(err);
    }
  }

  return {
    async send(to: ConversationAddress, message: OutgoingMessage) {
      const c = await client(to.serviceUrl);
      const res = await attempt(() =>
        c.conversations.sendToConversation(to.conversationId, activityOf(message), options()),
      );
      if (!res.id) throw new MessengerError('the Bot Connector returned no activity id', 502, 'NoActivityId');
      return { activityId: res.id };
    },
    async update(to, activityId, message) {
      const c = await client(to.serviceUrl);
      await attempt(() =>
        c.conversations.updateActivity(
          to.conversationId,
          activityId,
          { ...activityOf(message), id: activityId, conversation: { id: to.conversationId } } as Partial<Activity>,
          options(),
        ),
      );
    },
    async remove(to, activityId) {
      const c = await client(to.serviceUrl);
      await attempt(() => c.conversations.deleteActivity(to.conversationId, activityId, options()));
    },
    async createPersonalConversation(req) {
      const c = await client(req.serviceUrl);
      const res = await attempt(() =>
        c.conversations.createConversation(
          {
            isGroup: false,
            bot: { id: appId ? `28:${appId}` : 'ids-bot', name: 'Ids' },
            members: [{ id: req.userId, name: '' }],
            ...(req.tenantId ? { tenantId: req.tenantId, channelData: { tenant: { id: req.tenantId } } } : {}),
          } as never,
          options(),
        ),
      );
      if (!res.id) throw new MessengerError('the Bot Connector returned no conversation id', 502, 'NoConversationId');
      return { conversationId: res.id };
    },
    async getMember(req): Promise<TeamsMember | undefined> {
      const c = await client(req.serviceUrl);
      try {
        const m = (await attempt(() =>
          c.conversations.getConversationMember(req.conversationId, req.userId, options()),
        )) as unknown as TeamsMember;
        return m?.id ? m : undefined;
      } catch (err) {
        if (err instanceof MessengerError && err.status === 404) return undefined;
        throw err;
      }
    },
  };
}
