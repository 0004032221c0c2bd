import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * The one place that reads process.env. Every problem is listed at once; the rest of the
 * code receives the frozen, typed result.
 */

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** Why an entry of TRUSTED_PROXIES is not an address, a CIDR range or one of Express's names; undefined when it is. */
function proxyProblem(entry: string): string | undefined {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return undefined;
  const [address = '', bits, extra] = entry.split('/');
  const version = isIP(address);
  const maxBits = version === 4 ? 32 : 128;
  if (
    version === 0 ||
    extra !== undefined ||
    (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits))
  )
    return `TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range (such as 10.0.0.5 or 10.0.0.0/24)`;
  return undefined;
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const optionalGuid = (what: string) =>
  optionalText.refine((v) => v === undefined || guid.test(v), { message: `${what} must be a GUID` });

// --- Uploads and media (core/media) ---
const mediaEnv = {
  /** The key of signed media URLs; its own secret, never derived from another. */
  MEDIA_URL_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, {
    message: 'MEDIA_URL_SECRET must be at least 32 characters (e.g. openssl rand -base64 32)',
  }),
  /** How long a card's image URL works: Teams fetches card images each time a card is shown. */
  CARD_IMAGE_URL_DAYS: z.coerce.number().int().min(1).max(365).default(90),
  /** Stored files (uploads, thumbnails, profile photo) per person. */
  MEDIA_QUOTA_MB: z.coerce.number().int().min(1).default(250),
  /** Uploads one person may send at the same time. */
  UPLOADS_PER_PERSON: z.coerce.number().int().min(1).max(20).default(2),
  /** Uploads one instance receives at the same time. */
  UPLOADS_AT_ONCE: z.coerce.number().int().min(1).max(1000).default(32),
  /** Uploads never attached to a post are removed after this many hours. */
  UNATTACHED_MEDIA_HOURS: z.coerce.number().min(0.1).max(168).default(6),
};

// --- Profile completeness and nudges (core/nudges) ---
const nudgeEnv = {
  /** Whether this instance runs the nudge job (any number may: nudges are claimed). */
  NUDGES: flag.default(true),
  NUDGE_INTERVAL_MINUTES: z.coerce.number().min(0.01).max(1440).default(60),
  /** At most one nudge per person per period (and never sooner than this after the last). */
  NUDGE_PERIOD_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  /** People whose profile scores below this (0–100) are nudged. */
  NUDGE_THRESHOLD: z.coerce.number().int().min(1).max(100).default(100),
  /** No nudge arrives between these local times (ORG_TIMEZONE); weekends and Dutch public holidays never. */
  NUDGE_QUIET_HOURS: z
    .string()
    .default('17:00-09:00')
    .refine((v) => parseQuietHours(v) !== undefined, 'NUDGE_QUIET_HOURS must look like 17:00-09:00'),
  /** Ambassadors see their own department's incomplete profiles (names and what is missing). Off: personal data. */
  AMBASSADOR_LISTS: flag.default(false),
};

// --- Running it: metrics, shutdown (server/metrics.ts, server/start.ts) ---
const operationsEnv = {
  /** A bearer token that GET /metrics requires on the main port; unset: /metrics is not served there. */
  METRICS_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 16, {
    message: 'METRICS_TOKEN must be at least 16 characters (e.g. openssl rand -hex 24)',
  }),
  /** A port of its own for GET /metrics (no token needed there, unless METRICS_TOKEN is set). */
  METRICS_PORT: optionalText.refine((v) => v === undefined || (/^\d{1,5}$/.test(v) && Number(v) <= 65535), {
    message: 'METRICS_PORT must be a port number',
  }),
  /** The interface of METRICS_PORT: localhost unless the scraper runs elsewhere. */
  METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
  /** How long a stop waits for requests in flight before it cuts them off. */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().min(1).max(300).default(10),
};

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  /** Unset: localhost in development mode (whoever reaches it acts as anyone), all interfaces otherwise. */
  HOST: optionalText,
  MONGODB_URI: optionalText.refine((v) => v === undefined || /^mongodb(\+srv)?:\/\//.test(v), {
    message: 'MONGODB_URI must start with mongodb:// or mongodb+srv://',
  }),
  MONGODB_DB: z.string().trim().min(1).default('ids'),
  DATA_DIR: z.string().trim().min(1).default('./.data'),
  SEED_DEMO: flag.optional(),
  /** Unset: http://localhost:<PORT>. */
  PUBLIC_URL: z.url({ message: 'PUBLIC_URL must be a URL such as https://ids.example.nl' }).optional(),
  ORG_TIMEZONE: z
    .string()
    .default('Europe/Amsterdam')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'ORG_TIMEZONE must be an IANA time zone such as Europe/Amsterdam'),
  DEFAULT_LOCALE: z.enum(['nl', 'en']).default('nl'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MicrosoftAppId: optionalGuid('MicrosoftAppId'),
  MicrosoftAppPassword: optionalText,
  MicrosoftAppTenantId: optionalGuid('MicrosoftAppTenantId'),
  MicrosoftAppType: z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).default('SingleTenant'),
  ENTRA_TENANT_ID: optionalGuid('ENTRA_TENANT_ID'),
  ENTRA_CLIENT_ID: optionalGuid('ENTRA_CLIENT_ID'),
  ENTRA_CLIENT_SECRET: optionalText,
  /** Where the Bot Connector's token signing keys are published; tests point it at a local stand-in. */
  BOT_OPENID_METADATA_URL: z.url().optional(),
  /** Where Entra ID lives; tests point it at a local stand-in. */
  ENTRA_AUTHORITY: z.url().default('https://login.microsoftonline.com'),
  TEAMS_APP_ID: optionalGuid('TEAMS_APP_ID'),
  /** Where Microsoft Graph lives; tests point it at a local stand-in. */
  GRAPH_URL: z.url().default('https://graph.microsoft.com'),
  /** The directory synced from Entra ID (core/people/entra-sync.ts); off unless on. */
  ENTRA_SYNC: flag.default(false),
  /** Minutes between syncs inside `npm start`; 0: only `npm run sync:entra` (from cron). Delta links last about 7 days. */
  ENTRA_SYNC_INTERVAL_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(60),
  /** Staff are the members of this Entra group (needs GroupMember.Read.All)… */
  ENTRA_SYNC_STAFF_GROUP_ID: optionalGuid('ENTRA_SYNC_STAFF_GROUP_ID'),
  /** …or the users whose attribute has this value, e.g. employeeType=Medewerker. */
  ENTRA_SYNC_STAFF_ATTRIBUTE: optionalText.refine((v) => v === undefined || /^[A-Za-z][A-Za-z0-9]*=.+$/.test(v), {
    message: 'ENTRA_SYNC_STAFF_ATTRIBUTE must look like employeeType=Medewerker',
  }),
  /** Hours between checks of each person's Entra photo (its mediaEtag); 0: photos are not synced. */
  ENTRA_SYNC_PHOTO_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 30)
    .default(24),
  /** Who sees a mobile number nobody chose a visibility for. */
  MOBILE_VISIBILITY: z.enum(['private', 'organisation']).default('private'),
  /** News cards and proactive messages (core/delivery); see the README's configuration table. */
  DELIVERY_WORKER: flag.default(true),
  DELIVERY_APP_PER_SECOND: z.coerce.number().positive().max(1000).default(50),
  DELIVERY_CONVERSATION_LIMITS: z
    .string()
    .default('7/1,8/2,60/30,1800/3600')
    .refine(
      (v) => parseRateWindows(v) !== undefined,
      'DELIVERY_CONVERSATION_LIMITS must look like 7/1,8/2,60/30,1800/3600',
    ),
  DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(48),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  DELIVERY_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  DELIVERY_TIMEOUT_SECONDS: z.coerce.number().min(1).max(120).default(15),
  DELIVERY_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  DELIVERY_RETRY_BASE_MS: z.coerce.number().int().min(1).max(600_000).default(2000),
  DELIVERY_AUTH_PAUSE_SECONDS: z.coerce.number().min(0.01).max(3600).default(60),
  TEAMS_SERVICE_URL: z.url().default('https://smba.trafficmanager.net/teams/'),
  GRAPH_INSTALL_APP: flag.default(true),
  GRAPH_PER_SECOND: z.coerce.number().positive().max(100).default(5),
  BODY_LIMIT: z.string().default('1mb'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Proxies whose X-Forwarded-For is believed: addresses or CIDR ranges, comma-separated. */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((v) => v.split(/[\s,]+/).filter(Boolean))
    .superRefine((entries, ctx) => {
      for (const entry of entries) {
        const problem = proxyProblem(entry);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }
    }),
  ...mediaEnv,
  ...nudgeEnv,
  /** Engagement analytics (core/analytics): raw events kept this many days, then only rollups. */
  ENGAGEMENT_RETENTION_DAYS: z.coerce.number().int().min(14).max(730).default(90),
  ANALYTICS_JOB_MINUTES: z.coerce.number().min(1).max(1440).default(15),
  USER_TYPE_ENTHUSIAST_PCT: z.coerce.number().int().min(1).max(100).default(50),
  USER_TYPE_REGULAR_PCT: z.coerce.number().int().min(1).max(100).default(50),
  ...operationsEnv,
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  readonly env: Env['NODE_ENV'];
  readonly production: boolean;
  readonly port: number;
  readonly host: string;
  readonly mongodbUri: string | undefined;
  readonly mongodbDb: string;
  readonly dataDir: string;
  readonly seedDemo: boolean;
  readonly publicUrl: string;
  readonly orgTimezone: string;
  readonly defaultLocale: 'nl' | 'en';
  readonly logLevel: Env['LOG_LEVEL'];
  readonly bot: {
    readonly appId: string | undefined;
    readonly appPassword: string | undefined;
    readonly tenantId: string | undefined;
    readonly appType: Env['MicrosoftAppType'];
    /** Unset: the Bot Framework's own (botbuilder's default). */
    readonly openIdMetadataUrl: string | undefined;
  };
  readonly entra: {
    readonly tenantId: string | undefined;
    readonly clientId: string | undefined;
    readonly clientSecret: string | undefined;
    readonly authority: string;
  };
  readonly teamsAppId: string | undefined;
  /** Microsoft Graph's base URL, without a trailing slash. */
  readonly graphUrl: string;
  /** The Entra ID sync; undefined when off (ENTRA_SYNC unset). */
  readonly entraSync:
    | {
        /** 0: no scheduled job inside `npm start`. */
        readonly intervalMs: number;
        readonly staffGroupId: string | undefined;
        readonly staffAttribute: { readonly name: string; readonly value: string } | undefined;
        /** 0: photos are not synced. */
        readonly photoCheckMs: number;
      }
    | undefined;
  /** The visibility of a mobile number whose owner chose none. */
  readonly mobileVisibility: 'private' | 'organisation';
  readonly mediaUrlSecret: string;
  /** Development mode: the x-ids-dev-user header is honoured; no SSO configured, not production. */
  readonly devAuth: boolean;
  readonly bodyLimit: string;
  readonly rateLimitPerMinute: number;
  /** Proxies (addresses, CIDR ranges) whose X-Forwarded-For is believed; empty: none. */
  readonly trustedProxies: readonly string[];
  readonly delivery: {
    /** Whether this instance runs the delivery worker (any number may). */
    readonly worker: boolean;
    /** Teams' ceiling per app per tenant, counting every Bot Connector call. */
    readonly appPerSecond: number;
    /** Teams' limits per conversation. */
    readonly conversationWindows: ReadonlyArray<{ readonly count: number; readonly windowMs: number }>;
    readonly concurrency: number;
    readonly maxAttempts: number;
    readonly leaseMs: number;
    readonly timeoutMs: number;
    readonly pollMs: number;
    /** The first retry's backoff; it doubles with each further try. */
    readonly retryBaseMs: number;
    /** How long deliveries wait after the Bot Connector refused the bot's credentials (401). */
    readonly authPauseMs: number;
    /** The Bot Connector endpoint used before Teams has told one. */
    readonly serviceUrl: string;
    /** Installing Ids for people through Graph: set when the Graph credentials and TEAMS_APP_ID are. */
    readonly graph:
      | {
          readonly url: string;
          readonly perSecond: number;
          readonly clientId: string;
          readonly clientSecret: string;
          readonly tenantId: string;
          readonly teamsAppId: string;
        }
      | undefined;
  };
  readonly operations: OperationsConfig;
  readonly media: MediaConfig;
  readonly analytics: AnalyticsConfig;
  readonly nudges: NudgeConfig;
}

export interface NudgeConfig {
  readonly enabled: boolean;
  readonly intervalMs: number;
  readonly periodDays: number;
  readonly threshold: number;
  /** Minutes after local midnight; `start` > `end` spans midnight. */
  readonly quietHours: { readonly start: number; readonly end: number };
  readonly ambassadorLists: boolean;
}

/** "17:00-09:00" → minutes after local midnight; undefined when malformed or empty. */
export function parseQuietHours(spec: string): { start: number; end: number } | undefined {
  const m = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/.exec(spec);
  if (!m) return undefined;
  const [h1, m1, h2, m2] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
  if (h1 > 23 || h2 > 24 || m1 > 59 || m2 > 59 || (h2 === 24 && m2 > 0)) return undefined;
  const start = h1 * 60 + m1;
  const end = h2 * 60 + m2;
  return start === end ? undefined : { start, end };
}

export interface AnalyticsConfig {
  /** Raw engagement events are deleted after this many days (rollups stay). */
  readonly retentionDays: number;
  /** How often the rollup and retention job runs. */
  readonly jobMs: number;
  /** User types: an enthusiast posted or commented in at least this share of the weeks (percent). */
  readonly enthusiastPct: number;
  /** User types: positively waiting read in at least this share of the weeks (percent). */
  readonly regularPct: number;
}

export interface MediaConfig {
  /** False when MEDIA_URL_SECRET is unset and this process made up its own key (development only). */
  readonly urlSecretConfigured: boolean;
  readonly cardImageUrlDays: number;
  readonly quotaBytes: number;
  readonly uploadsPerPerson: number;
  readonly uploadsAtOnce: number;
  readonly unattachedHours: number;
}

/** "7/1,8/2,60/30,1800/3600": count per window in seconds; undefined when malformed. */
export function parseRateWindows(spec: string): Array<{ count: number; windowMs: number }> | undefined {
  const windows: Array<{ count: number; windowMs: number }> = [];
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^(\d+)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(part);
    if (!m || Number(m[2]) <= 0) return undefined;
    windows.push({ count: Number(m[1]), windowMs: Math.round(Number(m[2]) * 1000) });
  }
  return windows;
}

export interface OperationsConfig {
  /** Bearer token for GET /metrics; undefined: not served on the main port (unless metricsPort). */
  readonly metricsToken: string | undefined;
  /** A separate listener for GET /metrics; undefined: none. */
  readonly metricsPort: number | undefined;
  readonly metricsHost: string;
  readonly shutdownTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parse an environment into a Config, or throw ConfigError listing every problem. */
export function parseConfig(source: NodeJS.ProcessEnv = process.env): Config {
  // An empty value means "unset" (as `FOO=` in a copied .env.example): the default applies.
  const given = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = envSchema.safeParse(given);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.') || 'environment'}: ${issue.message}`);
    }
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production) {
    const required: Array<[keyof Env, unknown]> = [
      ['MicrosoftAppId', e.MicrosoftAppId],
      ['MicrosoftAppPassword', e.MicrosoftAppPassword],
      ['MicrosoftAppTenantId', e.MicrosoftAppTenantId],
      ['ENTRA_TENANT_ID', e.ENTRA_TENANT_ID],
      ['ENTRA_CLIENT_ID', e.ENTRA_CLIENT_ID],
      ['MONGODB_URI', e.MONGODB_URI],
    ];
    for (const [name, value] of required) {
      if (value === undefined) problems.push(`${name} is required when NODE_ENV=production`);
    }
    if (!e.PUBLIC_URL?.startsWith('https://')) problems.push('PUBLIC_URL must be https:// when NODE_ENV=production');
    if (e.MEDIA_URL_SECRET === undefined) problems.push('MEDIA_URL_SECRET is required when NODE_ENV=production');
    if (e.MicrosoftAppTenantId && e.ENTRA_TENANT_ID && e.MicrosoftAppTenantId !== e.ENTRA_TENANT_ID) {
      problems.push('MicrosoftAppTenantId and ENTRA_TENANT_ID name different tenants; Ids serves one tenant');
    }
  }
  if (e.ENTRA_SYNC) {
    for (const [name, value] of [
      ['ENTRA_TENANT_ID', e.ENTRA_TENANT_ID],
      ['ENTRA_CLIENT_ID', e.ENTRA_CLIENT_ID],
      ['ENTRA_CLIENT_SECRET', e.ENTRA_CLIENT_SECRET],
    ] as const) {
      if (value === undefined) problems.push(`${name} is required when ENTRA_SYNC is on`);
    }
    if (e.ENTRA_SYNC_STAFF_GROUP_ID && e.ENTRA_SYNC_STAFF_ATTRIBUTE)
      problems.push('set ENTRA_SYNC_STAFF_GROUP_ID or ENTRA_SYNC_STAFF_ATTRIBUTE, not both');
  }
  if (e.ENTRA_CLIENT_ID && !e.ENTRA_TENANT_ID) problems.push('ENTRA_TENANT_ID is required when ENTRA_CLIENT_ID is set');
  if (e.MicrosoftAppId && !e.MicrosoftAppPassword && e.MicrosoftAppType !== 'UserAssignedMSI') {
    problems.push('MicrosoftAppPassword is required when MicrosoftAppId is set');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const ssoConfigured = Boolean(e.ENTRA_CLIENT_ID && e.ENTRA_TENANT_ID);
  const devAuth = !production && !ssoConfigured;
  // Never derived from another secret (rotating the bot's would break every link) nor from anything
  // public: without one each development process makes its own, and refuses to share a store with
  // another instance (core/media/url-key.ts).
  const mediaUrlSecret = e.MEDIA_URL_SECRET ?? randomBytes(32).toString('base64url');
  return Object.freeze({
    env: e.NODE_ENV,
    production,
    port: e.PORT,
    host: e.HOST ?? (devAuth ? '127.0.0.1' : '0.0.0.0'),
    mongodbUri: e.MONGODB_URI,
    mongodbDb: e.MONGODB_DB,
    dataDir: e.DATA_DIR,
    seedDemo: e.SEED_DEMO ?? !production,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    orgTimezone: e.ORG_TIMEZONE,
    defaultLocale: e.DEFAULT_LOCALE,
    logLevel: e.LOG_LEVEL,
    bot: Object.freeze({
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      tenantId: e.MicrosoftAppTenantId,
      appType: e.MicrosoftAppType,
      openIdMetadataUrl: e.BOT_OPENID_METADATA_URL,
    }),
    entra: Object.freeze({
      tenantId: e.ENTRA_TENANT_ID,
      clientId: e.ENTRA_CLIENT_ID,
      clientSecret: e.ENTRA_CLIENT_SECRET,
      authority: e.ENTRA_AUTHORITY.replace(/\/+$/, ''),
    }),
    teamsAppId: e.TEAMS_APP_ID,
    graphUrl: e.GRAPH_URL.replace(/\/+$/, ''),
    entraSync: e.ENTRA_SYNC
      ? Object.freeze({
          intervalMs: e.ENTRA_SYNC_INTERVAL_MINUTES * 60_000,
          staffGroupId: e.ENTRA_SYNC_STAFF_GROUP_ID?.toLowerCase(),
          staffAttribute: staffAttribute(e.ENTRA_SYNC_STAFF_ATTRIBUTE),
          photoCheckMs: Math.round(e.ENTRA_SYNC_PHOTO_HOURS * 3_600_000),
        })
      : undefined,
    mobileVisibility: e.MOBILE_VISIBILITY,
    mediaUrlSecret,
    devAuth,
    bodyLimit: e.BODY_LIMIT,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    trustedProxies: Object.freeze(e.TRUSTED_PROXIES),
    media: Object.freeze({
      urlSecretConfigured: e.MEDIA_URL_SECRET !== undefined,
      cardImageUrlDays: e.CARD_IMAGE_URL_DAYS,
      quotaBytes: e.MEDIA_QUOTA_MB * 1024 * 1024,
      uploadsPerPerson: e.UPLOADS_PER_PERSON,
      uploadsAtOnce: e.UPLOADS_AT_ONCE,
      unattachedHours: e.UNATTACHED_MEDIA_HOURS,
    }),
    nudges: Object.freeze({
      enabled: e.NUDGES,
      intervalMs: Math.round(e.NUDGE_INTERVAL_MINUTES * 60_000),
      periodDays: e.NUDGE_PERIOD_DAYS,
      threshold: e.NUDGE_THRESHOLD,
      quietHours: Object.freeze(parseQuietHours(e.NUDGE_QUIET_HOURS)!),
      ambassadorLists: e.AMBASSADOR_LISTS,
    }),
    delivery: Object.freeze({
      worker: e.DELIVERY_WORKER,
      appPerSecond: e.DELIVERY_APP_PER_SECOND,
      conversationWindows: Object.freeze(parseRateWindows(e.DELIVERY_CONVERSATION_LIMITS) ?? []),
      concurrency: e.DELIVERY_CONCURRENCY,
      maxAttempts: e.DELIVERY_MAX_ATTEMPTS,
      leaseMs: e.DELIVERY_LEASE_SECONDS * 1000,
      timeoutMs: Math.round(e.DELIVERY_TIMEOUT_SECONDS * 1000),
      pollMs: e.DELIVERY_POLL_MS,
      retryBaseMs: e.DELIVERY_RETRY_BASE_MS,
      authPauseMs: Math.round(e.DELIVERY_AUTH_PAUSE_SECONDS * 1000),
      serviceUrl: e.TEAMS_SERVICE_URL.endsWith('/') ? e.TEAMS_SERVICE_URL : `${e.TEAMS_SERVICE_URL}/`,
      graph:
        e.GRAPH_INSTALL_APP && e.ENTRA_CLIENT_ID && e.ENTRA_CLIENT_SECRET && e.ENTRA_TENANT_ID && e.TEAMS_APP_ID
          ? Object.freeze({
              url: e.GRAPH_URL.replace(/\/+$/, ''),
              perSecond: e.GRAPH_PER_SECOND,
              clientId: e.ENTRA_CLIENT_ID,
              clientSecret: e.ENTRA_CLIENT_SECRET,
              tenantId: e.ENTRA_TENANT_ID,
              teamsAppId: e.TEAMS_APP_ID,
            })
          : undefined,
    }),
    analytics: Object.freeze({
      retentionDays: e.ENGAGEMENT_RETENTION_DAYS,
      jobMs: Math.round(e.ANALYTICS_JOB_MINUTES * 60_000),
      enthusiastPct: e.USER_TYPE_ENTHUSIAST_PCT,
      regularPct: e.USER_TYPE_REGULAR_PCT,
    }),
    operations: Object.freeze({
      metricsToken: e.METRICS_TOKEN,
      metricsPort: e.METRICS_PORT === undefined ? undefined : Number(e.METRICS_PORT),
      metricsHost: e.METRICS_HOST,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    }),
  });
}

function staffAttribute(spec: string | undefined): { name: string; value: string } | undefined {
  if (!spec) return undefined;
  const at = spec.indexOf('=');
  return Object.freeze({ name: spec.slice(0, at).trim(), value: spec.slice(at + 1).trim() });
}

/**
 * Reads `.env` from the folder the command runs in (npm runs scripts in the project folder) into
 * process.env, when the file exists; variables already set in the environment win. IDS_ENV_FILE
 * names another file, or `none` to read none (tests that start servers of their own).
 */
export function loadEnvFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const name = env.IDS_ENV_FILE?.trim() || '.env';
  if (name === 'none') return undefined;
  const file = path.resolve(name);
  if (!existsSync(file)) {
    if (env.IDS_ENV_FILE?.trim()) throw new ConfigError([`IDS_ENV_FILE: ${file} does not exist`]);
    return undefined;
  }
  process.loadEnvFile(file);
  return file;
}

/** For entry points: read .env, parse, or print every problem and exit 1. */
export function loadConfigOrExit(source: NodeJS.ProcessEnv = process.env): Config {
  try {
    if (source === process.env) loadEnvFile();
    return parseConfig(source);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every variable.\n`);
      process.exit(1);
    }
    throw err;
  }
}
