// What the manifest needs from the environment, parsed once with every problem listed.
// The variable names are the server's (DESIGN.md), but only the public ones: building the
// app package never needs a secret, so a CI job can build it without the bot password.
// How the app presents itself (names, descriptions, developer, accent colour, icons) comes from
// a branding file: manifest/branding.json (the demo organisation's) unless TEAMS_APP_BRANDING
// names another.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** An environment such as process.env; only the variables below are read. */
export type ManifestEnv = Readonly<Record<string, string | undefined>>;

export interface ManifestSettings {
  /** Origin (and optional path) where Teams reaches the tab and bot, without trailing slash. */
  readonly publicUrl: string;
  /** Host of publicUrl with its port, no scheme: what validDomains and the SSO resource need. */
  readonly publicHost: string;
  readonly teamsAppId: string;
  readonly botId: string;
  readonly entraClientId: string;
  /** The app version (package.json), which Teams wants as plain MAJOR.MINOR.PATCH. */
  readonly version: string;
  readonly branding: Branding;
}

/** A text in the manifest's two languages: Dutch (the default) and English (en-US.json). */
export interface Localized {
  readonly nl: string;
  readonly en: string;
}

export interface Branding {
  readonly name: { readonly short: Localized; readonly full: Localized };
  readonly description: { readonly short: Localized; readonly full: Localized };
  readonly developer: {
    readonly name: string;
    readonly websiteUrl: string;
    readonly privacyUrl: string;
    readonly termsOfUseUrl: string;
  };
  /** #RRGGBB; an SVG colour icon that paints with currentColor is drawn in it. */
  readonly accentColor: string;
  /** Absolute paths of the icon sources (SVG, or a raster image sharp reads). */
  readonly icons: { readonly color: string; readonly outline: string };
}

export interface ResolvedSettings {
  readonly settings: ManifestSettings;
  readonly warnings: readonly string[];
  readonly errors: readonly string[];
}

export const DEV_PUBLIC_URL = 'http://localhost:3978';

/**
 * Stand-ins for unset ids in development. Recognisable on sight (and by the validator), and
 * different from each other so a mix-up between the three ids still shows.
 */
export const PLACEHOLDER_IDS = {
  TEAMS_APP_ID: '00000000-0000-4000-8000-00000000a991',
  MicrosoftAppId: '00000000-0000-4000-8000-00000000b071',
  ENTRA_CLIENT_ID: '00000000-0000-4000-8000-00000000e177',
} as const;

type IdVariable = keyof typeof PLACEHOLDER_IDS;

const ID_PURPOSE: Record<IdVariable, string> = {
  TEAMS_APP_ID: 'the Teams app id (manifest id)',
  MicrosoftAppId: "the bot's Microsoft App ID (bots[0].botId and the message extension)",
  ENTRA_CLIENT_ID: 'the Entra app registration for tab SSO (webApplicationInfo)',
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const SEMVER = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;

const blankToUndefined = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));
const optionalGuid = (name: IdVariable) =>
  blankToUndefined.refine(
    (v) => v === undefined || GUID.test(v),
    `${name} must be a GUID, such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301`,
  );

export const DEFAULT_BRANDING_FILE = fileURLToPath(new URL('./branding.json', import.meta.url));

const text = z.string().trim().min(1);
const localized = z.strictObject({ nl: text, en: text });
const webUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });
const brandingSchema = z.strictObject({
  $comment: z.string().optional(),
  name: z.strictObject({ short: localized, full: localized }),
  description: z.strictObject({ short: localized, full: localized }),
  developer: z.strictObject({
    name: text,
    websiteUrl: webUrl.optional(),
    privacyUrl: webUrl.optional(),
    termsOfUseUrl: webUrl.optional(),
  }),
  accentColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour written #RRGGBB, such as #0B6E79')
    .optional(),
  icons: z.strictObject({ color: text, outline: text }).optional(),
});
type BrandingFile = z.infer<typeof brandingSchema>;

function readBrandingFile(file: string): { branding?: BrandingFile; errors: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return { errors: [`branding file ${file}: ${(err as Error).message}`] };
  }
  const parsed = brandingSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      errors: parsed.error.issues.map((i) => `branding file ${file}: ${i.path.join('.') || '(file)'} ${i.message}`),
    };
  }
  return { branding: parsed.data, errors: [] };
}

/**
 * The branding: the file TEAMS_APP_BRANDING names (relative to the working directory), or the
 * demo's. Accent colour and icons left out take the demo's; developer URLs left out point at
 * the privacy and terms pages Ids serves itself. Icon paths are relative to the file.
 */
function resolveBranding(
  env: ManifestEnv,
  publicUrl: string,
  production: boolean,
): { branding: Branding; errors: string[] } {
  const demo = readBrandingFile(DEFAULT_BRANDING_FILE);
  if (!demo.branding) throw new Error(demo.errors.join('\n'));
  const named = env.TEAMS_APP_BRANDING?.trim();
  const file = named ? resolve(named) : DEFAULT_BRANDING_FILE;
  const own = named ? readBrandingFile(file) : demo;
  const errors = [...own.errors];
  const chosen = own.branding ?? demo.branding;
  const base = own.branding ? dirname(file) : dirname(DEFAULT_BRANDING_FILE);
  const icons = chosen.icons
    ? { color: resolve(base, chosen.icons.color), outline: resolve(base, chosen.icons.outline) }
    : {
        color: resolve(dirname(DEFAULT_BRANDING_FILE), demo.branding.icons!.color),
        outline: resolve(dirname(DEFAULT_BRANDING_FILE), demo.branding.icons!.outline),
      };
  for (const [role, path] of Object.entries(icons)) {
    if (!existsSync(path)) errors.push(`branding file ${file}: icons.${role} ${path} does not exist`);
  }
  const developer = {
    name: chosen.developer.name,
    websiteUrl: chosen.developer.websiteUrl ?? `${publicUrl}/`,
    privacyUrl: chosen.developer.privacyUrl ?? `${publicUrl}/privacy`,
    termsOfUseUrl: chosen.developer.termsOfUseUrl ?? `${publicUrl}/terms`,
  };
  if (production) {
    for (const [key, url] of Object.entries(developer)) {
      if (key.endsWith('Url') && !url.startsWith('https://'))
        errors.push(`developer.${key} must be https:// when NODE_ENV=production (${file})`);
    }
  }
  const branding: Branding = {
    name: chosen.name,
    description: chosen.description,
    developer,
    accentColor: (chosen.accentColor ?? demo.branding.accentColor!).toUpperCase(),
    icons,
  };
  return { branding, errors };
}

/** The version in the project's package.json. */
export function packageVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const version = (pkg as { version?: unknown }).version;
  if (typeof version !== 'string') throw new Error('package.json has no version');
  return version;
}

/**
 * Reads PUBLIC_URL, TEAMS_APP_ID, MicrosoftAppId, ENTRA_CLIENT_ID and TEAMS_APP_BRANDING. Outside production a
 * missing value gets a development default and a warning; with NODE_ENV=production it is an
 * error, as is a PUBLIC_URL that is not https (Teams loads tabs over https only).
 */
export function resolveManifestSettings(env: ManifestEnv, version = packageVersion()): ResolvedSettings {
  const warnings: string[] = [];
  const errors: string[] = [];
  const production = env.NODE_ENV?.trim() === 'production';

  // As the server does: unset, it is localhost on PORT.
  const port = env.PORT?.trim();
  const devUrl = port && /^\d{1,5}$/.test(port) ? `http://localhost:${port}` : DEV_PUBLIC_URL;
  let publicUrl = devUrl;
  let publicHost = new URL(devUrl).host;
  const rawUrl = env.PUBLIC_URL?.trim();
  if (!rawUrl) {
    if (production) errors.push('PUBLIC_URL is required when NODE_ENV=production');
    else
      warnings.push(
        `PUBLIC_URL is not set; using ${devUrl}. Teams cannot reach that: set PUBLIC_URL to the https address of the app (for example a dev tunnel).`,
      );
  } else {
    let url: URL | undefined;
    try {
      url = new URL(rawUrl);
    } catch {
      errors.push(`PUBLIC_URL is not a URL: ${rawUrl} (expected something like https://ids.example.nl)`);
    }
    if (url) {
      if (url.protocol !== 'https:' && url.protocol !== 'http:')
        errors.push(`PUBLIC_URL must be an http(s) URL, not ${url.protocol}`);
      else if (url.search || url.hash || url.username || url.password)
        errors.push('PUBLIC_URL must not contain a query, fragment or credentials');
      else {
        publicUrl = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
        publicHost = url.host;
        if (url.protocol !== 'https:') {
          if (production) errors.push('PUBLIC_URL must be https:// when NODE_ENV=production');
          else
            warnings.push(
              `PUBLIC_URL ${publicUrl} is not https: Teams only loads tabs and configuration pages over https, so this package is for schema checks, not for upload.`,
            );
        }
      }
    }
  }

  const ids = {} as Record<IdVariable, string>;
  for (const name of Object.keys(PLACEHOLDER_IDS) as IdVariable[]) {
    ids[name] = PLACEHOLDER_IDS[name];
    const parsed = optionalGuid(name).safeParse(env[name]);
    if (!parsed.success) {
      errors.push(...parsed.error.issues.map((issue) => issue.message));
    } else if (parsed.data) {
      ids[name] = parsed.data.toLowerCase();
    } else if (production) {
      errors.push(`${name} is required when NODE_ENV=production (${ID_PURPOSE[name]})`);
    } else {
      warnings.push(
        `!!! ${name} is not set: using the PLACEHOLDER ${PLACEHOLDER_IDS[name]} for ${ID_PURPOSE[name]}. Teams will not accept or reach this app until you set it.`,
      );
    }
  }

  if (!SEMVER.test(version))
    errors.push(`package.json version ${version} is not MAJOR.MINOR.PATCH, which Teams requires`);

  const branding = resolveBranding(env, publicUrl, production);
  errors.push(...branding.errors);

  return {
    settings: Object.freeze({
      publicUrl,
      publicHost,
      teamsAppId: ids.TEAMS_APP_ID,
      botId: ids.MicrosoftAppId,
      entraClientId: ids.ENTRA_CLIENT_ID,
      version,
      branding: branding.branding,
    }),
    warnings,
    errors,
  };
}
