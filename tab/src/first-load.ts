// Every module of the first screen, re-exported as one namespace that each lazily loaded part
// also exports (see scripts/build-tab.mjs). esbuild puts code shared by the first load and lazy
// parts into one chunk per combination of parts that reach it: without this the first load was
// main.js and seven chunks, and over HTTP/1.1 (six connections, shared with the first API calls)
// the last of them waited for a connection and paid a slow network's round trip again. With every
// lazy part reaching all of it, the first load is main.js and one shared chunk.
export * as api from './api.js';
export * as appContext from './app-context.js';
export * as app from './app.js';
export * as devUser from './dev-user.js';
export * as early from './early.js';
export * as i18n from './i18n.js';
export * as locale from './locale.js';
export * as routes from './routes.js';
export * as settled from './settled.js';
export * as teams from './teams.js';
export * as avatar from './components/avatar.js';
export * as composerButton from './components/composer-button.js';
export * as feed from './components/feed.js';
export * as postCard from './components/post-card.js';
export * as states from './components/states.js';
export * as home from './screens/home.js';
export * as layout from './screens/layout.js';
export * as outside from './screens/outside.js';
export * as postPage from './screens/post-page.js';
export * as reactDom from 'react-dom';
export * as reactDomClient from 'react-dom/client';
