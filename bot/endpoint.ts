import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { Activity, TurnContext } from 'botbuilder';
import type { IdsAdapter } from './adapter.js';
import { AuthenticationError } from 'botframework-connector';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { AppError } from '../core/errors.js';

/** The fields every activity needs before botbuilder may touch it. */
const activitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  id: z.string().max(512).optional(),
  channelId: z.string().min(1).max(128),
  serviceUrl: z.url().max(2048),
  from: z.looseObject({ id: z.string().min(1).max(512) }),
  conversation: z.looseObject({ id: z.string().min(1).max(1024), tenantId: z.string().optional() }),
  recipient: z.looseObject({ id: z.string().max(512) }).optional(),
  text: z.string().max(28_000).optional(),
  name: z.string().max(256).optional(),
  locale: z.string().max(64).optional(),
  attachments: z
    .array(z.looseObject({ contentType: z.string().max(256) }))
    .max(50)
    .optional(),
  value: z.unknown().optional(),
  channelData: z.looseObject({ tenant: z.looseObject({ id: z.string() }).optional() }).optional(),
});

export type IncomingActivity = z.infer<typeof activitySchema>;

/** Invokes whose `value` botbuilder reads without checking: their shape is checked here. */
const invokeValueSchemas: Record<string, z.ZodType> = {
  'composeExtension/query': z.looseObject({
    commandId: z.string().max(64),
    parameters: z
      .array(z.looseObject({ name: z.string().max(64), value: z.string().max(2000).nullish() }))
      .max(10)
      .optional(),
  }),
  'adaptiveCard/action': z.looseObject({ action: z.looseObject({ type: z.string() }) }),
};

/** Teams activities that botbuilder's TeamsActivityHandler dispatches on channelData.eventType. */
const NEEDS_CHANNEL_DATA = new Set(['messageUpdate', 'messageDelete']);

function activityProblems(activity: IncomingActivity): z.core.$ZodIssue[] {
  if (activity.channelId === 'msteams' && NEEDS_CHANNEL_DATA.has(activity.type) && !activity.channelData) {
    return [
      {
        code: 'custom',
        path: ['channelData'],
        message: `a Teams ${activity.type} carries channelData`,
        input: undefined,
      },
    ];
  }
  if (activity.type !== 'invoke') return [];
  const schema = invokeValueSchemas[String(activity.name ?? '')];
  if (!schema) return [];
  const result = schema.safeParse(activity.value);
  return result.success ? [] : result.error.issues.map((i) => ({ ...i, path: ['value', ...i.path] }));
}

export function activityTenant(a: IncomingActivity): string | undefined {
  return a.channelData?.tenant?.id ?? a.conversation.tenantId;
}

/** Counts one activity of an authenticated sender; over the limit, says how long to wait. */
export interface SenderLimit {
  take(senderId: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
}

/** How long the Bot Connector is asked to wait when the keys to check its token cannot be had. */
const KEYS_RETRY_AFTER_SECONDS = 30;
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);

/**
 * Whether checking a Bot Connector token failed because the signing keys could not be fetched
 * (the network, or the metadata endpoint answering 5xx) rather than because the token is bad.
 */
function signingKeysUnreachable(err: unknown): boolean {
  const e = err as { name?: string; code?: string; statusCode?: number } | undefined;
  return (
    e?.name === 'FetchError' ||
    NETWORK_ERROR_CODES.has(e?.code ?? '') ||
    (err instanceof AuthenticationError && (e?.statusCode ?? 0) >= 500)
  );
}

/**
 * POST /api/messages. A malformed activity is a 400 JSON error, not a rejected promise inside
 * botbuilder (which Express would turn into a 500). In production only our tenant is served.
 * A token that does not verify is 401; when the keys to verify it cannot be fetched, 503 with
 * Retry-After. Each sender is counted (limitSender) only once botbuilder has verified the token,
 * so forged activities naming someone cannot use up that person's allowance.
 */
export function botEndpoint(opts: {
  config: Config;
  log: Logger;
  adapter: IdsAdapter;
  logic: (context: TurnContext) => Promise<void>;
  limitSender?: SenderLimit;
}): RequestHandler {
  const { config, adapter, logic, limitSender, log } = opts;
  const tenantId = config.bot.tenantId ?? config.entra.tenantId;
  return async (req, res, next) => {
    const parsed = activitySchema.safeParse(req.body);
    const problems = parsed.success ? activityProblems(parsed.data) : parsed.error.issues;
    if (!parsed.success || problems.length > 0) {
      next(
        new AppError(
          'bad_request',
          'The body is not a Bot Framework activity.',
          400,
          problems.map((i) => ({ path: i.path.join('.'), message: i.message })),
        ),
      );
      return;
    }
    if (config.production && tenantId && activityTenant(parsed.data) !== tenantId) {
      next(new AppError('forbidden', 'This bot serves only its own organisation.', 403));
      return;
    }
    // botbuilder authenticates the request before it runs the turn: whatever fails before the
    // turn starts is about the token (or the keys to check it).
    let turnStarted = false;
    let retryAfterSeconds: number | undefined;
    try {
      // processActivity rather than process(): process() answers errors as text and logs whole
      // activities to the console, while we answer JSON and keep message text out of logs.
      const activity = req.body as Activity;
      const invokeResponse = await adapter.handle(req.get('authorization') ?? '', activity, async (context) => {
        turnStarted = true;
        const verdict = await limitSender?.take(`u:${context.activity.from.id}`);
        if (verdict && !verdict.allowed) {
          retryAfterSeconds = verdict.retryAfterSeconds;
          return;
        }
        await logic(context);
      });
      if (retryAfterSeconds !== undefined) {
        res.set('Retry-After', String(retryAfterSeconds));
        next(
          new AppError('rate_limited', 'Too many activities from this sender; wait and try again.', 429, {
            retryAfterSeconds,
          }),
        );
        return;
      }
      if (invokeResponse) {
        res.status(invokeResponse.status);
        if (invokeResponse.body !== undefined) res.json(invokeResponse.body);
        else if (invokeResponse.status === 501) {
          res.json({
            error: {
              code: 'not_implemented',
              message: `Ids does not handle the invoke "${String(activity.name ?? '')}".`,
            },
          });
        } else res.end();
      } else {
        res.status(200).end();
      }
    } catch (err) {
      if (res.headersSent) return;
      if (turnStarted) {
        next(err);
        return;
      }
      if (signingKeysUnreachable(err)) {
        res.set('Retry-After', String(KEYS_RETRY_AFTER_SECONDS));
        next(
          new AppError(
            'auth_unavailable',
            'The keys to check the Bot Connector token cannot be fetched; try again shortly.',
            503,
          ),
        );
        return;
      }
      if (
        !(err instanceof AuthenticationError) &&
        !/^(JsonWebToken|TokenExpired|NotBefore)Error$/.test(String((err as Error)?.name))
      ) {
        log.warn(
          { errName: (err as Error)?.name, errMessage: (err as Error)?.message },
          'bot token check failed unexpectedly',
        );
      }
      next(new AppError('unauthenticated', 'The Bot Connector token is not valid.', 401));
    }
  };
}
