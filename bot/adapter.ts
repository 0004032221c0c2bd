import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationConstants, type ConnectorClient } from 'botframework-connector';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { asAppError, botMessageFor, turnLocale } from './errors.js';
import { quietTokenCheckConsole } from './connector-console.js';
import { sleep, type Pacer } from '../core/delivery/pacing.js';
import { withoutRetries } from './messenger.js';

/** A reply (or a look-up in a turn) waits for its rate slot, but never long: a person is waiting. */
const MAX_REPLY_WAIT_MS = 1_000;

/** Where a turn finds the shared rate budget (for its other Bot Connector calls, such as member look-ups). */
const PACE_KEY = Symbol('ids.pace');

/** Takes a slot in the shared Teams budget for a Bot Connector call the turn is about to make. */
export async function paceTurnCall(context: TurnContext): Promise<void> {
  const pace = context.turnState.get(PACE_KEY) as (() => Promise<void>) | undefined;
  await pace?.();
}

async function paceCall(pacer: Pacer, conversationId: string | undefined, log: Logger): Promise<void> {
  try {
    const at = await pacer.reserve(conversationId);
    await sleep(Math.min(at - Date.now(), MAX_REPLY_WAIT_MS));
    pacer.departed();
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'could not pace a reply; sending it anyway');
  }
}

/** CloudAdapter that hands back the invoke response instead of writing it as text itself. */
export class IdsAdapter extends CloudAdapter {
  handle(
    authHeader: string,
    activity: Activity,
    logic: (c: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/**
 * The public cloud's settings with the channel's signing keys published elsewhere (tests: a
 * local stand-in). botbuilder takes every setting as given once one is, so all are named.
 */
function publicCloudWithKeysAt(metadataUrl: string) {
  return {
    ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

/**
 * The bot's identity towards the Bot Framework, shared by the adapter (incoming activities and
 * replies) and the messenger (proactive messages). Without an app id botbuilder runs
 * unauthenticated only as "MultiTenant" with empty credentials.
 */
export function createBotAuthentication(config: Config): ConfigurationBotFrameworkAuthentication {
  return new ConfigurationBotFrameworkAuthentication(
    config.bot.appId
      ? {
          MicrosoftAppId: config.bot.appId,
          MicrosoftAppPassword: config.bot.appPassword ?? '',
          MicrosoftAppTenantId: config.bot.tenantId ?? '',
          MicrosoftAppType: config.bot.appType,
          ...(config.bot.openIdMetadataUrl ? publicCloudWithKeysAt(config.bot.openIdMetadataUrl) : {}),
        }
      : { MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant' },
  );
}

/**
 * The Bot Framework adapter. Without MicrosoftAppId it runs with authentication off, as the
 * Bot Framework Emulator expects; config refuses that in production.
 */
export function createAdapter(
  config: Config,
  log: Logger,
  auth: ConfigurationBotFrameworkAuthentication = createBotAuthentication(config),
  pacer?: Pacer,
): IdsAdapter {
  if (!config.bot.appId) {
    log.warn('MicrosoftAppId is not set: the bot endpoint accepts unauthenticated activities (development only)');
  }
  // No signing key or token on stderr when a forged or expired token comes in.
  quietTokenCheckConsole();
  const adapter = new IdsAdapter(auth);
  adapter.use(async (context, next) => {
    // Replies go through the same Bot Connector: no retries of its own, and the same rate budget.
    const connector = context.turnState.get(context.adapter.ConnectorClientKey) as ConnectorClient | undefined;
    if (connector) withoutRetries(connector);
    if (pacer) {
      context.turnState.set(PACE_KEY, () => paceCall(pacer, context.activity.conversation?.id, log));
      context.onSendActivities(async (ctx, activities, sendNext) => {
        for (const a of activities)
          if (a.type !== 'invokeResponse') await paceCall(pacer, ctx.activity.conversation?.id, log);
        return sendNext();
      });
    }
    await next();
  });
  // Every error of a turn ends here (listeners let core's errors through): a refusal is told in
  // the person's language by its code; only faults are logged as errors.
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const appError = asAppError(error);
    const where = { activityType: context.activity.type, channelId: context.activity.channelId };
    if (appError.report) log.error({ err: error, ...where }, 'bot turn failed');
    else log.info({ code: appError.code, ...where }, 'bot turn refused');
    if (context.activity.type === 'message') {
      try {
        await context.sendActivity(botMessageFor(appError, turnLocale(context, config.defaultLocale)));
      } catch (sendErr) {
        log.warn({ err: sendErr }, 'could not tell the user about the failed turn');
      }
    }
  };
  return adapter;
}
