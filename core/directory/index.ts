export { DirectoryIndex, DEFAULT_FUZZY, uniqueMatch } from './directory-index.js';
export { toIndexedPerson } from './indexed-person.js';
export type { DirectoryIndexOptions, PersonSource } from './directory-index.js';
export { loadDirectory, startDirectorySync, personStore, DIRECTORY_FIELDS } from './store.js';
export type { DirectorySync } from './store.js';
export { parseIntent, searchModeFor } from './intents.js';
export type { Intent, IntentKind, IntentLanguage, ParseIntentOptions } from './intents.js';
export { fold } from './fold.js';
export type * from './types.js';
