// Everything else that is not on the first screen (see people-group.ts for why one chunk).
export { Profile } from './profile.js';
export { Privacy } from './privacy.js';
export { Groups, GroupPage } from './groups.js';
export { ChannelFeed } from './channel.js';
export { default as BrowserHeader } from '../browser-header.js';
export { default as Toasts } from '../components/toasts.js';
export { default as ComposerDialog } from '../components/composer.js';
export { Comments } from '../components/comments.js';
export { default as PhotoViewer } from '../components/photo-viewer.js';
export { default as DeliveryReport } from '../components/delivery-report.js';
// The first load's modules, so that they share one chunk with it (src/first-load.ts).
export * as firstLoad from '../first-load.js';
// The people screens too, so that a deep-linked person's page is one chunk (see people-group.ts).
export * as peopleGroup from './people-group.js';
