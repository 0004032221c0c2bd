// The Teams app manifest: filled from manifest.template.json, then checked offline against
// the Teams JSON schema that @microsoft/app-manifest ships, plus the rules the schema cannot
// express but Teams (or this app) relies on.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AppManifestUtils, type TeamsManifestV1D25 } from '@microsoft/app-manifest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import AjvDraft04 from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import {
  PLACEHOLDER_IDS,
  SEMVER,
  resolveManifestSettings,
  type ManifestEnv,
  type ManifestSettings,
} from './settings.js';

// The schema version is chosen in manifest.template.json ($schema and manifestVersion) and
// en-US.json ($schema); validation fails when they disagree. This type names the same one.
export type IdsManifest = TeamsManifestV1D25.TeamsManifestV1D25;

export interface ValidationReport {
  /** Problems that make Teams reject the package (or break the app): the build fails. */
  readonly errors: string[];
  /** Things that work for a schema check but not in Teams, such as placeholder ids. */
  readonly warnings: string[];
}

const TEMPLATE_URL = new URL('./manifest.template.json', import.meta.url);

/**
 * Template values, written {{NAME}}, for the manifest (Dutch) or a localization file;
 * Teams' own URL placeholders use single braces.
 */
function templateValues(s: ManifestSettings, language: 'nl' | 'en'): Record<string, string> {
  const { name, description, developer, accentColor } = s.branding;
  return {
    APP_VERSION: s.version,
    TEAMS_APP_ID: s.teamsAppId,
    BOT_ID: s.botId,
    ENTRA_CLIENT_ID: s.entraClientId,
    PUBLIC_URL: s.publicUrl,
    PUBLIC_HOST: s.publicHost,
    NAME_SHORT: name.short[language],
    NAME_FULL: name.full[language],
    DESCRIPTION_SHORT: description.short[language],
    DESCRIPTION_FULL: description.full[language],
    DEVELOPER_NAME: developer.name,
    DEVELOPER_WEBSITE_URL: developer.websiteUrl,
    DEVELOPER_PRIVACY_URL: developer.privacyUrl,
    DEVELOPER_TERMS_URL: developer.termsOfUseUrl,
    ACCENT_COLOR: accentColor,
  };
}

function fill(node: unknown, values: Record<string, string>): unknown {
  if (typeof node === 'string') {
    return node.replace(/\{\{([A-Za-z_]+)\}\}/g, (whole, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`manifest.template.json uses unknown template value ${whole}`);
      return value;
    });
  }
  if (Array.isArray(node)) return node.map((item) => fill(item, values));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, fill(value, values)]));
  }
  return node;
}

/** The manifest for already-resolved settings. */
export function manifestFromSettings(settings: ManifestSettings): IdsManifest {
  const template: unknown = JSON.parse(readFileSync(TEMPLATE_URL, 'utf8'));
  return fill(template, templateValues(settings, 'nl')) as IdsManifest;
}

/**
 * The manifest for an environment such as process.env (PUBLIC_URL, TEAMS_APP_ID,
 * MicrosoftAppId, ENTRA_CLIENT_ID; development defaults when unset). Throws when the
 * environment itself is invalid; use resolveManifestSettings to see warnings too.
 */
export function buildManifest(env: ManifestEnv): IdsManifest {
  const { settings, errors } = resolveManifestSettings(env);
  if (errors.length > 0) throw new Error(`Cannot build the manifest:\n${errors.map((e) => `  - ${e}`).join('\n')}`);
  return manifestFromSettings(settings);
}

// ---------------------------------------------------------------------------------------
// Offline schema validation

const requireFromHere = createRequire(import.meta.url);
const SCHEMA_URL =
  /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?json-schemas\/teams\/(v[0-9.]+|vDevPreview)\/(MicrosoftTeams(?:\.Localization)?\.schema\.json)$/i;

/**
 * Loads the schema a `$schema` URL names from the copy inside @microsoft/app-manifest.
 * Returns an error message instead when the URL is not one the package ships: the package
 * would then fetch it over the network, and this build must work offline.
 */
async function localSchema(
  url: unknown,
  expectedFile: string,
): Promise<{ validate?: ValidateFunction; error?: string }> {
  if (typeof url !== 'string') return { error: '$schema is missing: it names the Teams schema to validate against' };
  const m = SCHEMA_URL.exec(url);
  if (!m || m[2]!.toLowerCase() !== expectedFile.toLowerCase()) {
    return {
      error: `$schema ${url} is not a Teams ${expectedFile} URL (https://developer.microsoft.com/en-us/json-schemas/teams/v1.x/${expectedFile})`,
    };
  }
  try {
    requireFromHere.resolve(`@microsoft/app-manifest/build/json-schemas/teams/${m[1]}/${m[2]}`);
  } catch {
    return { error: `$schema ${url}: @microsoft/app-manifest has no offline copy of this schema version` };
  }
  return { validate: await compiledSchema(url) };
}

/**
 * Each schema compiled once per process (compiling takes ajv a few hundred milliseconds), as
 * AppManifestUtils.validateAgainstSchema would compile it: ajv for the schema's draft, all
 * errors, the uri, email and regex formats.
 */
const compiled = new Map<string, Promise<ValidateFunction>>();
function compiledSchema(url: string): Promise<ValidateFunction> {
  let validate = compiled.get(url);
  if (!validate) {
    validate = AppManifestUtils.fetchSchema(url).then((raw) => {
      const schema = repairPatterns(raw) as { $schema?: string };
      const options = { allErrors: true, strictTypes: false } as const;
      const ajv = schema.$schema?.includes('2020-12') ? new Ajv2020(options) : new AjvDraft04.default(options);
      addFormats.default(ajv, ['uri', 'email', 'regex']);
      return ajv.compile(schema);
    });
    compiled.set(url, validate);
    validate.catch(() => compiled.delete(url));
  }
  return validate;
}

/**
 * Escapes a `]` outside any character class. The shipped Localization schemas (v1.20–v1.30)
 * have two activity-type patterns written `\\b]`, which JavaScript reads as a literal `]`
 * but rejects in the unicode mode ajv compiles with ("Lone quantifier brackets"), so the
 * package cannot validate a localization file as shipped. Escaping keeps their meaning.
 */
function escapeLoneBrackets(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      out += ch + (pattern[i + 1] ?? '');
      i++;
    } else if (ch === '[') {
      inClass = true;
      out += ch;
    } else if (ch === ']') {
      out += inClass ? ch : '\\]';
      inClass = false;
    } else out += ch;
  }
  return out;
}

function unicodeSafe(pattern: string): string {
  try {
    new RegExp(pattern, 'u');
    return pattern;
  } catch {
    return escapeLoneBrackets(pattern);
  }
}

function repairPatterns<T>(node: T): T {
  if (Array.isArray(node)) return node.map(repairPatterns) as T;
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => {
      if (key === 'pattern' && typeof value === 'string') return [key, unicodeSafe(value)];
      if (key === 'patternProperties' && value && typeof value === 'object') {
        return [key, Object.fromEntries(Object.entries(value).map(([p, v]) => [unicodeSafe(p), repairPatterns(v)]))];
      }
      return [key, repairPatterns(value)];
    }),
  ) as T;
}

function schemaErrors(document: unknown, validate: ValidateFunction): string[] {
  // As the package does: what is checked is what would be written (a JSON round trip).
  if (validate(JSON.parse(JSON.stringify(document)))) return [];
  return (validate.errors ?? []).map(
    (e) =>
      `schema: ${`${e.instancePath} ${e.message ?? ''}. Details: ${e.params ? JSON.stringify(e.params) : ''}`.trim()}`,
  );
}

// ---------------------------------------------------------------------------------------
// Rules beyond the schema

/** Placeholders Teams substitutes in tab URLs (TeamsJS v1 names and their v2 equivalents). */
const TEAMS_URL_PLACEHOLDERS = new Set([
  'entityId',
  'subEntityId',
  'loginHint',
  'userPrincipalName',
  'userObjectId',
  'theme',
  'groupId',
  'tid',
  'locale',
  'channelId',
  'chatId',
  'hostClientType',
  'sessionId',
  'teamSiteUrl',
  'page.id',
  'page.subPageId',
  'user.loginHint',
  'user.userPrincipalName',
  'user.id',
  'app.theme',
  'team.groupId',
  'user.tenant.id',
  'app.locale',
  'channel.id',
  'chat.id',
  'app.host.clientType',
  'app.sessionId',
]);

const PLACEHOLDER_ID_VALUES = new Set<string>(Object.values(PLACEHOLDER_IDS));

interface LooseManifest {
  $schema?: unknown;
  manifestVersion?: unknown;
  version?: unknown;
  id?: unknown;
  developer?: Record<string, unknown>;
  bots?: Array<{ botId?: unknown }>;
  staticTabs?: Array<{ entityId?: unknown; contentUrl?: unknown; websiteUrl?: unknown }>;
  configurableTabs?: Array<{ configurationUrl?: unknown }>;
  composeExtensions?: Array<{ botId?: unknown; commands?: Array<{ id?: unknown }> }>;
  validDomains?: unknown;
  webApplicationInfo?: { id?: unknown; resource?: unknown };
}

function asArray<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : [];
}

function urlsTeamsLoads(m: LooseManifest): Array<{ where: string; url: string }> {
  const urls: Array<{ where: string; url: string }> = [];
  asArray(m.staticTabs).forEach((tab, i) => {
    if (typeof tab?.contentUrl === 'string') urls.push({ where: `staticTabs[${i}].contentUrl`, url: tab.contentUrl });
    if (typeof tab?.websiteUrl === 'string') urls.push({ where: `staticTabs[${i}].websiteUrl`, url: tab.websiteUrl });
  });
  asArray(m.configurableTabs).forEach((tab, i) => {
    if (typeof tab?.configurationUrl === 'string')
      urls.push({ where: `configurableTabs[${i}].configurationUrl`, url: tab.configurationUrl });
  });
  return urls;
}

function hostOf(url: string): string | undefined {
  try {
    // Teams fills in {placeholders} before loading the URL; stand in a harmless value.
    return new URL(url.replace(/\{[^}]*\}/g, 'x')).host;
  } catch {
    return undefined;
  }
}

function domainMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  return p.startsWith('*.') ? h.endsWith(p.slice(1)) && h.length > p.length - 1 : p === h;
}

function ruleProblems(m: LooseManifest): ValidationReport {
  const errors: string[] = [];
  const warnings: string[] = [];

  if (typeof m.version === 'string' && !SEMVER.test(m.version)) {
    errors.push(`version ${m.version} must be MAJOR.MINOR.PATCH (Teams rejects pre-release tags)`);
  }
  const unfilled = JSON.stringify(m).match(/\{\{[^}]*\}\}/g);
  if (unfilled) errors.push(`unfilled template values: ${[...new Set(unfilled)].join(', ')}`);

  // Every URL Teams opens must be https (the schema lets http through) and on a valid domain.
  const validDomains = Array.isArray(m.validDomains)
    ? m.validDomains.filter((d): d is string => typeof d === 'string')
    : [];
  for (const domain of validDomains) {
    if (/^[a-z]+:\/\//i.test(domain) || domain.includes('/'))
      errors.push(`validDomains entry ${domain} must be a host name only (no scheme, no path)`);
  }
  if (new Set(validDomains.map((d) => d.toLowerCase())).size !== validDomains.length)
    errors.push('validDomains has duplicates');
  const developerUrls = Object.entries(m.developer ?? {})
    .filter(([key, value]) => key.endsWith('Url') && typeof value === 'string')
    .map(([key, value]) => ({ where: `developer.${key}`, url: value as string }));
  const notHttps = [...urlsTeamsLoads(m), ...developerUrls].filter(
    ({ url }) => !url.toLowerCase().startsWith('https://'),
  );
  if (notHttps.length > 0) warnings.push(`not https, which Teams requires: ${notHttps.map((u) => u.where).join(', ')}`);
  for (const { where, url } of urlsTeamsLoads(m)) {
    const host = hostOf(url);
    if (!host) errors.push(`${where} is not a valid URL: ${url}`);
    else if (!validDomains.some((d) => domainMatches(d, host)))
      errors.push(`${where} is on ${host}, which is not in validDomains`);
    for (const [, name] of url.matchAll(/\{([^}]*)\}/g)) {
      if (!TEAMS_URL_PLACEHOLDERS.has(name!)) warnings.push(`${where} uses {${name}}, which Teams does not substitute`);
    }
  }

  const bots = asArray(m.bots);
  if (bots.length > 0 && !validDomains.includes('token.botframework.com')) {
    errors.push("validDomains must include token.botframework.com (the bot's sign-in cards load from there)");
  }
  const botIds = new Set(bots.map((b) => b?.botId));
  asArray(m.composeExtensions).forEach((ext, i) => {
    if (ext?.botId !== undefined && !botIds.has(ext.botId))
      errors.push(`composeExtensions[${i}].botId is not the bot's id: one bot serves both`);
    const ids = asArray(ext?.commands).map((c) => c?.id);
    if (new Set(ids).size !== ids.length) errors.push(`composeExtensions[${i}] has duplicate command ids`);
  });
  const entityIds = asArray(m.staticTabs).map((t) => t?.entityId);
  if (new Set(entityIds).size !== entityIds.length) errors.push('staticTabs have duplicate entityIds');

  // Tab SSO: Teams asks Entra for a token for `resource`, an Application ID URI of the form
  // api://<a valid domain>/<client id>.
  const app = m.webApplicationInfo;
  if (app && typeof app.id === 'string') {
    const resource = typeof app.resource === 'string' ? app.resource : '';
    const match = /^api:\/\/([^/]+)\/(.+)$/.exec(resource);
    if (!match) errors.push(`webApplicationInfo.resource ${resource || '(missing)'} must be api://<host>/<client id>`);
    else {
      if (!validDomains.some((d) => domainMatches(d, match[1]!)))
        errors.push(`webApplicationInfo.resource is on ${match[1]}, which is not in validDomains`);
      if (!match[2]!.toLowerCase().endsWith(app.id.toLowerCase()))
        errors.push('webApplicationInfo.resource must end with webApplicationInfo.id (the Entra client id)');
    }
  }

  const ids: Array<[string, unknown]> = [
    ['id', m.id],
    ['bots[0].botId', bots[0]?.botId],
    ['webApplicationInfo.id', app?.id],
  ];
  const placeholders = ids.filter(([, value]) => typeof value === 'string' && PLACEHOLDER_ID_VALUES.has(value));
  if (placeholders.length > 0)
    warnings.push(`development placeholder ids in: ${placeholders.map(([where]) => where).join(', ')}`);
  return { errors, warnings };
}

/**
 * Validates a manifest offline: the Teams schema named by its `$schema` (from the copy in
 * @microsoft/app-manifest; never the network) and the rules above.
 */
export async function validateManifest(manifest: unknown): Promise<ValidationReport> {
  if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) {
    return { errors: ['the manifest is not a JSON object'], warnings: [] };
  }
  const m = manifest as LooseManifest;
  const errors: string[] = [];
  const { validate, error } = await localSchema(m.$schema, 'MicrosoftTeams.schema.json');
  if (error) errors.push(error);
  else {
    const version = /\/v([0-9.]+|DevPreview)\//i.exec(m.$schema as string)![1];
    if (version !== 'DevPreview' && version !== m.manifestVersion) {
      errors.push(`manifestVersion ${String(m.manifestVersion)} does not match $schema (v${version})`);
    }
    errors.push(...schemaErrors(manifest, validate!));
  }
  const rules = ruleProblems(m);
  return { errors: [...errors, ...rules.errors], warnings: rules.warnings };
}

// ---------------------------------------------------------------------------------------
// Localization

/** A localization file: `$schema` plus manifest paths such as "bots[0].commandLists[0].commands[0].title". */
export type Localization = Readonly<Record<string, string>>;

const LOCALIZATION_URL = new URL('./', import.meta.url);
/** The language of each localization file's strings. */
const LOCALIZATION_LANGUAGE: Readonly<Record<string, 'en'>> = { 'en-US.json': 'en' };

/** A localization file kept beside the template (for example en-US.json), filled like the manifest. */
export function readLocalization(file: string, settings: ManifestSettings): Localization {
  const language = LOCALIZATION_LANGUAGE[file];
  if (!language) throw new Error(`no language is known for the localization file ${file}`);
  const template: unknown = JSON.parse(readFileSync(new URL(file, LOCALIZATION_URL), 'utf8'));
  return fill(template, templateValues(settings, language)) as Localization;
}

function lookup(manifest: unknown, path: string): unknown {
  let node: unknown = manifest;
  for (const part of path.split('.')) {
    const m = /^([A-Za-z0-9_$]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) return undefined;
    node = (node as Record<string, unknown> | undefined)?.[m[1]!];
    for (const [, index] of m[2]!.matchAll(/\[(\d+)\]/g)) node = (node as unknown[] | undefined)?.[Number(index)];
  }
  return node;
}

/** The manifest strings that a localization file can (and, for Ids, must) translate. */
export function localizableKeys(manifest: IdsManifest): string[] {
  const keys = ['name.short', 'description.short', 'description.full'];
  if (manifest.name.full) keys.splice(1, 0, 'name.full');
  for (const [i, tab] of (manifest.staticTabs ?? []).entries()) if (tab.name) keys.push(`staticTabs[${i}].name`);
  for (const [b, bot] of (manifest.bots ?? []).entries()) {
    for (const [l, list] of (bot.commandLists ?? []).entries()) {
      for (const c of list.commands.keys()) {
        const at = `bots[${b}].commandLists[${l}].commands[${c}]`;
        keys.push(`${at}.title`, `${at}.description`);
      }
    }
  }
  for (const [e, ext] of (manifest.composeExtensions ?? []).entries()) {
    for (const [c, command] of (ext.commands ?? []).entries()) {
      const at = `composeExtensions[${e}].commands[${c}]`;
      keys.push(`${at}.title`);
      if (command.description) keys.push(`${at}.description`);
      for (const [i, p] of (command.parameters ?? []).entries()) {
        keys.push(`${at}.parameters[${i}].title`);
        if (p.description) keys.push(`${at}.parameters[${i}].description`);
        if (p.value) keys.push(`${at}.parameters[${i}].value`);
      }
    }
  }
  return keys;
}

/**
 * Validates a localization file offline against the Teams localization schema and against
 * the manifest: every key must name a string the manifest has, and every localizable string
 * of the manifest must be translated (a new bot command without its English title would
 * otherwise show up in Dutch for English users).
 */
export async function validateLocalization(localization: unknown, manifest: IdsManifest): Promise<ValidationReport> {
  if (!localization || typeof localization !== 'object' || Array.isArray(localization)) {
    return { errors: ['the localization file is not a JSON object'], warnings: [] };
  }
  const loc = localization as Record<string, unknown>;
  const errors: string[] = [];
  const { validate, error } = await localSchema(loc.$schema, 'MicrosoftTeams.Localization.schema.json');
  if (error) errors.push(error);
  else {
    const version = /\/v([0-9.]+|DevPreview)\//i.exec(loc.$schema as string)![1];
    if (version !== manifest.manifestVersion)
      errors.push(`$schema is for v${version}, the manifest is ${manifest.manifestVersion}`);
    errors.push(...schemaErrors(localization, validate!));
  }
  const keys = Object.keys(loc).filter((k) => k !== '$schema' && k !== 'localizationKeys');
  for (const key of keys) {
    if (typeof lookup(manifest, key) !== 'string') errors.push(`${key} is not a string in the manifest`);
    else if (typeof loc[key] !== 'string' || !(loc[key] as string).trim()) errors.push(`${key} is empty`);
  }
  for (const key of localizableKeys(manifest)) {
    if (!(key in loc)) errors.push(`${key} has no translation`);
  }
  return { errors, warnings: [] };
}
