// A person's page and a department's: what a card's "Profiel" link opens, in a lazy part of its
// own so that a deep-linked person waits only for these (the search and people screens, with
// their search box and dropdowns, are people-group.ts). The other lazy parts re-export it, so
// its code is one chunk (see src/first-load.ts).
export { PersonPage, DepartmentPage } from './person.js';
// The first load's modules, so that they share one chunk with it (src/first-load.ts).
export * as firstLoad from '../first-load.js';
