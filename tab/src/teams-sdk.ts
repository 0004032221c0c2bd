// The parts of teams-js the tab uses at start-up, in a module of their own so that the lazy
// import in teams.ts keeps esbuild's tree shaking (a namespace import of the package takes all of it).
export { app, authentication } from '@microsoft/teams-js';
