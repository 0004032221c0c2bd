import { createRequire } from 'node:module';
import type * as AdaptiveCards from 'adaptivecards';
import { CARD_SCHEMA, CARD_VERSION } from './adaptive.js';
import { safeUrl } from './text.js';

/**
 * Checks a card the way Teams will meet it: parsed by the adaptivecards library as schema
 * 1.5, plus the checks that library leaves out (it accepts a TextBlock without text, an
 * unknown property, version 1.6, a javascript: URL). Used by tests, and by anyone debugging a
 * card; not on the request path (adaptivecards is a devDependency, loaded on first use).
 */

/** Teams refuses messages above about 28 KB; a card must leave room for the rest of the activity. */
export const MAX_CARD_BYTES = 28_000;

export interface CardCheck {
  /** Empty when the card is fine. */
  readonly warnings: string[];
  /** UTF-8 length of the card's JSON. */
  readonly bytes: number;
}

type AdaptiveCardsModule = typeof AdaptiveCards;
let library: AdaptiveCardsModule | undefined;

/**
 * The library's lib/ build uses extensionless imports that plain Node ESM cannot load;
 * its webpack build in dist/ loads everywhere (Node, tsx, mocha).
 */
function adaptiveCards(): AdaptiveCardsModule {
  library ??= createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as AdaptiveCardsModule;
  return library;
}

/** Keys that hold children, which the library parses itself rather than as schema properties. */
const STRUCTURAL_KEYS = new Set(['items', 'columns', 'actions', 'body', 'facts', 'inlines', 'fallback']);
/** Teams' own extensions on the card root. */
const ROOT_EXTENSION_KEYS = new Set(['msteams']);

export function validateCard(card: unknown, options: { readonly version?: string } = {}): CardCheck {
  const expectedVersion = options.version ?? CARD_VERSION;
  const json = JSON.stringify(card ?? null);
  const bytes = Buffer.byteLength(json, 'utf8');
  const warnings: string[] = [];
  if (bytes > MAX_CARD_BYTES) warnings.push(`card is ${bytes} bytes; Teams allows about ${MAX_CARD_BYTES}`);
  if (/javascript\s*:/i.test(json)) warnings.push('card contains "javascript:"');

  if (typeof card !== 'object' || card === null || Array.isArray(card)) {
    warnings.push('card is not an object');
    return { warnings, bytes };
  }
  const root = card as Record<string, unknown>;
  if (root.type !== 'AdaptiveCard') warnings.push(`type is ${JSON.stringify(root.type)}, not "AdaptiveCard"`);
  if (root.version !== expectedVersion)
    warnings.push(`version is ${JSON.stringify(root.version)}, not "${expectedVersion}"`);
  if (root.$schema !== CARD_SCHEMA) warnings.push(`$schema is ${JSON.stringify(root.$schema)}, not "${CARD_SCHEMA}"`);

  const AC = adaptiveCards();
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(versionOf(AC, expectedVersion));
  const unknownKeys = (
    object: AdaptiveCards.SerializableObject,
    source: unknown,
    extra: ReadonlySet<string> = new Set(),
  ) => {
    if (typeof source !== 'object' || source === null) return;
    const schema = object.getSchema();
    const known = new Set<string>();
    for (let i = 0; i < schema.getCount(); i++) known.add(schema.getItemAt(i).name);
    const type = (source as { type?: unknown }).type;
    for (const key of Object.keys(source)) {
      if (!known.has(key) && !STRUCTURAL_KEYS.has(key) && !extra.has(key)) {
        warnings.push(`${String(type)}: unknown property "${key}"`);
      }
    }
  };
  context.onParseElement = (element, source) => unknownKeys(element, source);
  context.onParseAction = (action, source) => unknownKeys(action, source);
  try {
    parsed.parse(card, context);
  } catch (err) {
    warnings.push(`adaptivecards could not parse the card: ${err instanceof Error ? err.message : String(err)}`);
    return { warnings, bytes };
  }
  unknownKeys(parsed, card, ROOT_EXTENSION_KEYS);

  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    warnings.push(`${AC.ValidationEvent[event.event] ?? event.event}: ${event.message}`);
  }
  for (const event of parsed.validateProperties().validationEvents) {
    warnings.push(`${AC.ValidationEvent[event.event] ?? event.event}: ${event.message}`);
  }

  walk(root, '$', warnings);
  return { warnings, bytes };
}

function versionOf(AC: AdaptiveCardsModule, version: string): AdaptiveCards.Version {
  const parsed = AC.Version.parse(version, new AC.SerializationContext());
  return parsed?.isValid ? parsed : AC.Versions.v1_5;
}

/**
 * What the library accepts but Teams shows badly or not at all: text-less TextBlocks,
 * image-less Images, untitled buttons, facts without strings, URLs other than https:.
 */
function walk(node: unknown, path: string, warnings: string[]): void {
  if (Array.isArray(node)) {
    for (const [i, child] of node.entries()) walk(child, `${path}[${i}]`, warnings);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const o = node as Record<string, unknown>;
  const type = o.type;
  // A tap target and a card's refresh are actions nobody reads a title of.
  const isSelectAction = path.endsWith('.selectAction') || path.endsWith('.refresh.action');
  if (type === 'TextBlock' && !nonEmpty(o.text)) warnings.push(`${path}: TextBlock without text`);
  if (type === 'Image') {
    if (!nonEmpty(o.url)) warnings.push(`${path}: Image without url`);
    else if (!safeUrl(o.url)) warnings.push(`${path}: Image url is not https: ${String(o.url).slice(0, 80)}`);
  }
  if (typeof type === 'string' && type.startsWith('Action.')) {
    if (!isSelectAction && !nonEmpty(o.title)) warnings.push(`${path}: ${type} without title`);
    if (type === 'Action.OpenUrl' && nonEmpty(o.url) && !safeUrl(o.url, ['web', 'mailto'])) {
      warnings.push(`${path}: Action.OpenUrl url is not https: ${String(o.url).slice(0, 80)}`);
    }
    if (type === 'Action.Submit' && o.data !== undefined && (typeof o.data !== 'object' || o.data === null)) {
      warnings.push(`${path}: Action.Submit data should be an object with a verb`);
    }
  }
  if (type === 'FactSet' && Array.isArray(o.facts)) {
    o.facts.forEach((fact: unknown, i) => {
      const f = fact as { title?: unknown; value?: unknown } | null;
      if (!f || typeof f.title !== 'string' || typeof f.value !== 'string') {
        warnings.push(`${path}.facts[${i}]: a fact needs a string title and value`);
      }
    });
  }
  for (const [key, value] of Object.entries(o)) {
    // Submit data is the bot's business, not the card's.
    if (key === 'data' && typeof type === 'string' && type.startsWith('Action.')) continue;
    walk(value, `${path}.${key}`, warnings);
  }
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
