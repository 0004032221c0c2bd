// The parts of teams-js the tab uses at start-up, in a module of their own so that the lazy
// import in teams.ts keeps esbuild's tree shaking (a namespace import of the package takes all of it).
export { app, authentication } from '@microsoft/teams-js';
// The first load's modules, so that they share one chunk with it (src/first-load.ts).
export * as firstLoad from './first-load.js';
