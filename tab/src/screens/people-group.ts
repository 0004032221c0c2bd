// Finding colleagues and posts: one chunk for these screens. Few, larger lazy chunks rather than
// one per screen: over HTTP/1.1 (6 connections) every extra file of the first load costs a round
// trip on a slow mobile connection, and esbuild splits shared code per combination of chunks.
export { Search } from './search.js';
export { People } from './people.js';
// A person's and a department's page, a lazy part of their own (person-group.ts).
export * as personGroup from './person-group.js';
// The first load's modules, so that they share one chunk with it (src/first-load.ts).
export * as firstLoad from '../first-load.js';
