import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { asAppError, botMessageFor, turnLocale } from './errors.js';
import { quietTokenCheckConsole } from './connector-console.js';

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
 * The Bot Framework adapter. Without MicrosoftAppId it runs with authentication off, as the
 * Bot Framework Emulator expects; config refuses that in production.
 */
export function createAdapter(config: Config, log: Logger): IdsAdapter {
  if (!config.bot.appId) {
    log.warn('MicrosoftAppId is not set: the bot endpoint accepts unauthenticated activities (development only)');
  }
  // Without an app id botbuilder runs unauthenticated only as "MultiTenant" with empty credentials.
  const auth = new ConfigurationBotFrameworkAuthentication(
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
  // No signing key or token on stderr when a forged or expired token comes in.
  quietTokenCheckConsole();
  const adapter = new IdsAdapter(auth);
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
