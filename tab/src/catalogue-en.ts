// The English catalogue alone. scripts/build-tab.mjs replaces this module's body with the messages
// themselves (as data, read from core/i18n.ts at build time), so that the bundle carries one
// language here and not both, and English only when it is loaded (src/i18n.tsx).
import { messageKeys, messageTemplate, type MessageKey } from '../../core/i18n.js';

export const messages = Object.fromEntries(messageKeys().map((key) => [key, messageTemplate('en', key)])) as {
  readonly [K in MessageKey]: string;
};
