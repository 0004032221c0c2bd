// Teams' connection as the page's boot script makes it (src/boot.ts): teams-js and the tab's
// connectToHost in one file of its own (scripts/build-tab.mjs builds it apart from the app's
// chunks), so that it runs as soon as its 20 KB are here rather than after the app's 150 KB: the
// context and the SSO token, and with them the first screen's requests, no longer wait for the
// app's code. main.js takes the connection made here (src/early.ts) and loads no teams-js itself.
import { app, authentication } from '@microsoft/teams-js';
import { connectToHost, type Host } from './teams.js';

export function connect(sso: boolean): Promise<Host> {
  return connectToHost({ sso, load: async () => ({ app, authentication }) });
}
