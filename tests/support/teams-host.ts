// A local Microsoft Teams for browser tests: a host page that frames the built tab and answers
// teams-js's postMessage protocol the way Teams does (initialize, getContext, getAuthToken,
// theme changes, the channel tab's configuration and save, deep links, chat and call links).
//
// Two things make it look like Teams to teams-js and to the server, so nothing is bent for tests:
// - teams-js (2.x) only talks to a parent whose origin is https and on its list of Microsoft
//   hosts, and the server's CSP (frame-ancestors) only lets those hosts frame the tab. The host
//   page is therefore served at https://teams.microsoft.com, answered by the browser context's
//   route (the request never leaves the machine).
// - The tab is loaded from the server's PUBLIC_URL (https://ids.test.example in tests), proxied
//   to the local server, as Teams loads it from the public address in the manifest. Signed media
//   URLs (built on PUBLIC_URL) therefore load too, and no public page frames a loopback address
//   (Chromium blocks that: Local Network Access).
// The protocol itself is answered in Node (TeamsHostProtocol): the host page relays every message
// from the tab's frame to a route of its own origin and posts the answer back. Tokens are v2
// access tokens signed by the Entra ID stand-in, so the server checks them exactly as in
// production. Teams mobile runs the tab in a webview rather than a frame; the clientType option
// changes what the context says, not the transport.
import { createHash, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, BrowserContextOptions, Frame, Page, Route } from 'playwright-core';
import { buildManifest } from '../../manifest/manifest.js';
import { PLACEHOLDER_IDS } from '../../manifest/settings.js';
import type { EntraStandIn } from './entra.js';

// Browser globals inside page.evaluate() callbacks: the root tsconfig has no DOM types (the tab's
// browser code has its own tsconfig), so they are declared here, for this module only.
declare const window: any;
declare const document: any;

export const TEAMS_ORIGIN = 'https://teams.microsoft.com';
const HOST_PATH = '/_ids-test-host/';
const RELAY_PATH = '/_ids-test-host/relay';
const TAB_FRAME = 'ids-tab';

/** The teams-js version installed here: what the host says it supports. */
export const TEAMS_JS_VERSION: string = (
  createRequire(import.meta.url)('@microsoft/teams-js/package.json') as { version: string }
).version;

export type TeamsTheme = 'default' | 'dark' | 'contrast';
export type HostClientType = 'web' | 'desktop' | 'android' | 'ios';
export type FrameContext = 'content' | 'settings' | 'remove' | 'sidePanel' | 'task';

/** Server settings of an Ids deployed in Teams with SSO, pointing at the Entra ID stand-in. */
export function teamsEnv(entra: EntraStandIn, teamsAppId: string = PLACEHOLDER_IDS.TEAMS_APP_ID) {
  return {
    ENTRA_TENANT_ID: entra.tenantId,
    ENTRA_CLIENT_ID: entra.clientId,
    ENTRA_AUTHORITY: entra.authority,
    TEAMS_APP_ID: teamsAppId,
  };
}

/** Who is signed in to Teams. */
export interface TeamsUser {
  /** Entra object id (the token's oid). */
  readonly oid: string;
  /** UPN, also the login hint and the token's preferred_username. */
  readonly upn: string;
  readonly displayName: string;
  readonly tenantId: string;
}

/** A person as the factories or the store give it. */
export interface PersonLike {
  readonly email: string;
  readonly displayName: string;
  readonly aadObjectId?: string | null;
}

/**
 * The Teams user of a person: their Entra object id when the store has one, else one derived
 * from the email (stable, so a second host for the same person is the same account; the server
 * binds it on first sign-in by the vouched UPN, as in production).
 */
export function teamsUserOf(person: PersonLike, tenantId: string): TeamsUser {
  return {
    oid: person.aadObjectId ?? uuidFrom(`ids-test-oid:${person.email.toLowerCase()}`),
    upn: person.email.toLowerCase(),
    displayName: person.displayName,
    tenantId,
  };
}

function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The team and channel a configurable tab lives in. */
export interface TeamContext {
  readonly teamId: string;
  readonly teamName: string;
  readonly groupId: string;
  readonly channelId: string;
  readonly channelName: string;
}

export const DEFAULT_TEAM: TeamContext = {
  teamId: '19:ids-test-team@thread.tacv2',
  teamName: 'Groenbeheer',
  groupId: '6a1f0c2e-0000-4000-8000-000000000001',
  channelId: '19:ids-test-channel@thread.tacv2',
  channelName: 'Algemeen',
};

/** What one load of the frame is: which tab, which item, in which frame context. */
export interface FrameState {
  readonly url: string;
  readonly entityId?: string;
  readonly subEntityId?: string;
  readonly frameContext: FrameContext;
  readonly team?: TeamContext;
}

/** A message from the app, as teams-js serializes it. */
export interface AppMessage {
  id: number;
  uuidAsString?: string;
  func: string;
  args?: unknown[];
  apiVersionTag?: string;
  timestamp?: number;
}

/** A message to the app: an answer to one of its requests, or a call from the host. */
export type HostMessage = { id: number; uuidAsString?: string; args: unknown[] } | { func: string; args: unknown[] };

export interface HostCall {
  readonly func: string;
  readonly args: unknown[];
  readonly apiVersionTag?: string;
  /** Whether the host answered (one-way messages such as registerHandler get no answer). */
  readonly answered: boolean;
  readonly origin: string;
  readonly at: number;
}

/** The configuration a channel tab saved (pages.config.setConfig). */
export interface SavedTabConfig {
  entityId?: string;
  contentUrl?: string;
  websiteUrl?: string;
  suggestedDisplayName?: string;
  removeUrl?: string;
  [key: string]: unknown;
}

/** A link the tab asked Teams to open: a deep link, a chat, a call. */
export interface OpenedLink {
  readonly kind: 'link' | 'chat' | 'call';
  /** executeDeepLink / openLink: the URL. */
  readonly url?: string;
  /** chat.openChat: members (UPNs), topic, draft message. call.startCall: targets, modalities. */
  readonly detail?: Record<string, unknown>;
}

export interface HostState {
  user: TeamsUser;
  locale: string;
  theme: TeamsTheme;
  clientType: HostClientType;
  teamsAppId: string;
  frame: FrameState;
  sessionId: string;
}

/** Where Teams is asked to take the app: a static tab (entity id) and an item in it. */
export interface Navigation {
  readonly entityId: string | undefined;
  readonly subPageId?: string;
}

/** A deep link to one of this app's static tabs (https://teams.microsoft.com/l/entity/<app>/<tab>). */
export function ownEntityLink(link: string, teamsAppId: string): Navigation | undefined {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  const entity = /^\/l\/entity\/([^/]+)\/([^/]+)/.exec(url.pathname);
  if (url.origin !== TEAMS_ORIGIN || !entity || decodeURIComponent(entity[1]!) !== teamsAppId) return undefined;
  const context = url.searchParams.get('context');
  let subPageId: string | undefined;
  try {
    subPageId = context ? (JSON.parse(context) as { subEntityId?: string }).subEntityId : undefined;
  } catch {
    subPageId = undefined;
  }
  return { entityId: decodeURIComponent(entity[2]!), subPageId };
}

/** What real Teams' runtime says it supports, limited to what this host answers. */
export function runtimeConfig() {
  return {
    apiVersion: 4,
    hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
    isLegacyTeams: false,
    supports: {
      app: {},
      appEntity: {},
      call: {},
      chat: {},
      pages: { appButton: {}, backStack: {}, config: {}, currentApp: {} },
      teamsCore: {},
    },
  };
}

/** Answers that real Teams gives; the token source and the state are the host's. */
export class TeamsHostProtocol extends EventEmitter {
  readonly calls: HostCall[] = [];
  readonly links: OpenedLink[] = [];
  readonly configs: SavedTabConfig[] = [];
  /** Handlers the app registered on this load (themeChange, save, load, beforeUnload…). */
  readonly registered = new Set<string>();
  validity: boolean | undefined;
  tokensIssued = 0;
  /** When set, getAuthToken fails with this reason (e.g. "resourceRequiresConsent"). */
  tokenFailure: string | undefined;
  /** Navigations the tab asked for that Teams could not make (an unknown static tab). */
  readonly navigationErrors: string[] = [];

  constructor(
    readonly state: HostState,
    private readonly signToken: (user: TeamsUser) => Promise<string>,
  ) {
    super();
  }

  /** Index in `calls` of the first call of the current load. */
  private loadStart = 0;

  /** A new document in the frame starts over: nothing registered, no validity. */
  frameLoaded(frame: FrameState): void {
    this.state.frame = frame;
    this.loadStart = this.calls.length;
    this.registered.clear();
    this.validity = undefined;
  }

  /** The legacy context object Teams sends; teams-js maps it onto app.Context. */
  context(): Record<string, unknown> {
    const state = this.state;
    const { user, frame } = state;
    return {
      locale: state.locale,
      theme: state.theme,
      entityId: frame.entityId,
      subEntityId: frame.subEntityId,
      frameContext: frame.frameContext,
      hostClientType: state.clientType,
      hostName: 'Teams',
      sessionId: state.sessionId,
      appSessionId: state.sessionId,
      ringId: 'general',
      appId: state.teamsAppId,
      userObjectId: user.oid,
      userPrincipalName: user.upn,
      loginHint: user.upn,
      userDisplayName: user.displayName,
      userLicenseType: 'Unknown',
      tid: user.tenantId,
      tenantSKU: 'enterprise',
      isFullScreen: false,
      isMultiWindow: false,
      ...(frame.team
        ? {
            teamId: frame.team.teamId,
            teamName: frame.team.teamName,
            groupId: frame.team.groupId,
            channelId: frame.team.channelId,
            channelName: frame.team.channelName,
            channelType: 'Regular',
            userTeamRole: 0,
            hostTeamGroupId: frame.team.groupId,
            hostTeamTenantId: user.tenantId,
          }
        : {}),
    };
  }

  /** Records a message from the app and returns Teams' answer (undefined: none is sent). */
  async answer(message: AppMessage, origin: string): Promise<HostMessage | undefined> {
    const args = message.args ?? [];
    const replyArgs = await this.replyFor(message.func, args);
    const call: HostCall = {
      func: message.func,
      args,
      apiVersionTag: message.apiVersionTag,
      answered: replyArgs !== undefined,
      origin,
      at: Date.now(),
    };
    this.calls.push(call);
    this.emit('call', call);
    if (replyArgs === undefined) return undefined;
    return { id: message.id, uuidAsString: message.uuidAsString, args: replyArgs };
  }

  private async replyFor(func: string, args: unknown[]): Promise<unknown[] | undefined> {
    switch (func) {
      case 'initialize':
        return [
          this.state.frame.frameContext,
          this.state.clientType,
          JSON.stringify(runtimeConfig()),
          TEAMS_JS_VERSION,
        ];
      case 'getContext':
        return [this.context()];
      case 'authentication.getAuthToken': {
        if (this.tokenFailure) return [false, this.tokenFailure];
        const token = await this.signToken(this.state.user);
        this.tokensIssued += 1;
        return [true, token];
      }
      case 'registerHandler':
        if (typeof args[0] === 'string') this.registered.add(args[0]);
        return undefined;
      case 'settings.setValidityState':
        this.validity = args[0] === true;
        return undefined;
      case 'settings.setSettings':
        this.configs.push({ ...(args[0] as SavedTabConfig) });
        return [true];
      case 'settings.getSettings':
        return [this.configs.at(-1) ?? {}];
      case 'executeDeepLink': {
        const url = String(args[0]);
        this.links.push({ kind: 'link', url });
        const own = ownEntityLink(url, this.state.teamsAppId);
        if (own) this.navigate(own);
        return [true];
      }
      case 'chat.openChat':
        this.links.push({ kind: 'chat', detail: { ...(args[0] as Record<string, unknown>) } });
        return [true];
      case 'call.startCall':
        this.links.push({ kind: 'call', detail: { ...(args[0] as Record<string, unknown>) } });
        return [true];
      case 'pages.currentApp.navigateTo': {
        const to = (args[0] ?? {}) as { pageId?: string; subPageId?: string };
        if (to.pageId) this.navigate({ entityId: to.pageId, subPageId: to.subPageId });
        // callFunctionInHost: an answer without an error object.
        return [];
      }
      case 'pages.currentApp.navigateToDefaultPage':
        this.navigate({ entityId: undefined });
        return [];
      case 'pages.navigateToApp': {
        const to = (args[0] ?? {}) as { appId?: string; pageId?: string; subPageId?: string };
        if (to.appId === this.state.teamsAppId && to.pageId) {
          this.navigate({ entityId: to.pageId, subPageId: to.subPageId });
        }
        return [true];
      }
      case 'navigateBack':
      case 'navigateCrossDomain':
        return [true];
      default:
        // appInitialization.*, settings.save.success/failure, returnFocus, shareDeepLink… are
        // one-way; anything else is unknown here and gets no answer, as from an old client.
        return undefined;
    }
  }

  /** Teams opens this app's static tab (undefined: the first) at an item, after answering. */
  private navigate(to: Navigation): void {
    setImmediate(() => this.emit('navigate', to));
  }

  /** Resolves with the first call of `func` from now on (or made earlier in this load, when `past`). */
  waitForCall(func: string, timeoutMs = 10_000, past = true): Promise<HostCall> {
    const made = past ? this.calls.slice(this.loadStart).find((c) => c.func === func) : undefined;
    if (made) return Promise.resolve(made);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('call', onCall);
        reject(new Error(`The tab did not call ${func} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onCall = (call: HostCall) => {
        if (call.func !== func) return;
        clearTimeout(timer);
        this.off('call', onCall);
        resolve(call);
      };
      this.on('call', onCall);
    });
  }
}

export interface TeamsHostOptions {
  browser: Browser;
  /** The Ids server (a TestServer or a started server): where it listens and its public URL. */
  server: { url: string; config: { publicUrl: string; teamsAppId?: string } };
  entra: EntraStandIn;
  person: PersonLike;
  /** Teams' locale, e.g. "nl-nl" (default) or "en-us". */
  locale?: string;
  theme?: TeamsTheme;
  /** "web" (default), "desktop", "android", "ios". A phone client gets a phone viewport. */
  clientType?: HostClientType;
  /** Extra options for the browser context (viewport, reducedMotion…). */
  contextOptions?: BrowserContextOptions;
  /** Lifetime of issued tokens (jose notation, e.g. "1h", or seconds). */
  tokenLifetime?: string | number;
}

export interface OpenOptions {
  subPageId?: string;
  frameContext?: FrameContext;
  team?: TeamContext;
}

export interface SaveResult {
  readonly ok: boolean;
  readonly reason?: string;
  /** The configuration the tab set before it reported success. */
  readonly config?: SavedTabConfig;
}

export interface TeamsHost {
  readonly context: BrowserContext;
  /** The host page (Teams); the tab is the frame inside it. */
  readonly page: Page;
  readonly user: TeamsUser;
  readonly teamsAppId: string;
  readonly protocol: TeamsHostProtocol;
  /** The tab's frame (the same Frame across loads). */
  readonly tab: Frame;
  /** Opens a static tab of the manifest (by entity id), as Teams' app bar does. */
  openStaticTab(entityId?: string, options?: OpenOptions): Promise<Frame>;
  /** Follows a link as Teams does: a deep link to this app's tab opens it with its sub page id. */
  openDeepLink(link: string): Promise<Frame>;
  /** Opens the channel tab's configuration page (frame context "settings") in a team channel. */
  openConfig(options?: { team?: TeamContext }): Promise<Frame>;
  /** Loads any URL (relative: to the public URL) into the tab's frame with the given context. */
  openUrl(url: string, options?: OpenOptions & { entityId?: string }): Promise<Frame>;
  /** Teams' theme switch: updates the context and tells the tab (themeChange). */
  setTheme(theme: TeamsTheme): Promise<void>;
  /** Teams' language: from the next load on, as Teams restarts after a language change. */
  setLocale(locale: string): void;
  /** Teams' Save button on the configuration page: needs a valid state, waits for the outcome. */
  save(timeoutMs?: number): Promise<SaveResult>;
  /** Every message the tab sent (all loads), or those of one function. */
  calls(func?: string): HostCall[];
  /** The first call of `func` in the current load, waiting for it if need be. */
  waitForCall(func: string, timeoutMs?: number): Promise<HostCall>;
  /** Links, chats and calls the tab asked Teams to open. */
  openedLinks(): OpenedLink[];
  tokensIssued(): number;
  /** getAuthToken fails with this reason from now on (undefined: succeeds again). */
  failTokens(reason: string | undefined): void;
  /** Requests to anywhere but Teams and the public URL (answered 404 locally). */
  externalRequests(): string[];
  /**
   * Waits until the tab is quiet: no request in flight for half a second, nothing marked busy
   * (aria-busy, Fluent's Skeleton), images and fonts loaded. False when that took too long.
   */
  settled(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

const PHONE: BrowserContextOptions = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };

/** Teams' placeholders in a manifest URL, filled as Teams fills them. */
function fillPlaceholders(url: string, s: HostState, frame: { entityId?: string; subEntityId?: string }): string {
  const values: Record<string, string | undefined> = {
    locale: s.locale,
    theme: s.theme,
    entityId: frame.entityId,
    subEntityId: frame.subEntityId,
    userObjectId: s.user.oid,
    userPrincipalName: s.user.upn,
    loginHint: s.user.upn,
    tid: s.user.tenantId,
    hostClientType: s.clientType,
    sessionId: s.sessionId,
  };
  return url.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) =>
    name in values ? encodeURIComponent(values[name] ?? '') : whole,
  );
}

function hostPage(theme: TeamsTheme): string {
  // The relay: messages from the tab's frame go to the host's own route (answered in Node) in
  // arrival order; answers and host calls go back to the frame at its origin only.
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Microsoft Teams (Ids test host)</title>
<style>html,body{margin:0;height:100%;overflow:hidden}
body{background:${theme === 'dark' ? '#1f1f1f' : theme === 'contrast' ? '#000' : '#fff'}}
iframe{position:fixed;inset:0;width:100%;height:100%;border:0;display:block}</style></head>
<body><iframe name="${TAB_FRAME}" title="Ids" allow="camera; microphone; clipboard-write; fullscreen"></iframe>
<script>
const frame = document.querySelector('iframe');
let chain = Promise.resolve();
addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow || !event.data || typeof event.data !== 'object') return;
  const origin = event.origin;
  let message;
  try { message = JSON.parse(JSON.stringify(event.data)); } catch { return; }
  chain = chain.then(async () => {
    const res = await fetch(${JSON.stringify(RELAY_PATH)}, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ origin, message }),
    });
    const { reply } = await res.json();
    if (reply && frame.contentWindow) frame.contentWindow.postMessage(reply, origin);
  }).catch((err) => console.error('ids test host relay', err));
});
window.idsTestHost = {
  load(url) { frame.src = url; },
  post(message) {
    const origin = new URL(frame.src).origin;
    frame.contentWindow.postMessage(message, origin);
  },
  setBackground(color) { document.body.style.background = color; },
};
</script></body></html>`;
}

/**
 * Starts Teams for one person in a fresh browser context: the host page is open, the tab's frame
 * empty until an open* call. Close it with close() (the browser stays).
 */
export async function startTeamsHost(options: TeamsHostOptions): Promise<TeamsHost> {
  const { browser, server, entra } = options;
  const publicOrigin = new URL(server.config.publicUrl).origin;
  const publicBase = server.config.publicUrl.replace(/\/+$/, '');
  const serverBase = server.url.replace(/\/+$/, '');
  const clientType = options.clientType ?? 'web';
  const teamsAppId = server.config.teamsAppId ?? PLACEHOLDER_IDS.TEAMS_APP_ID;
  const user = teamsUserOf(options.person, entra.tenantId);
  const state: HostState = {
    user,
    locale: options.locale ?? 'nl-nl',
    theme: options.theme ?? 'default',
    clientType,
    teamsAppId,
    frame: { url: 'about:blank', frameContext: 'content' },
    sessionId: randomUUID(),
  };
  const protocol = new TeamsHostProtocol(state, (u) =>
    entra.token(
      { oid: u.oid, tid: u.tenantId, preferred_username: u.upn, name: u.displayName, scp: 'access_as_user' },
      { expiresIn: options.tokenLifetime ?? '1h' },
    ),
  );
  const manifest = buildManifest({
    PUBLIC_URL: server.config.publicUrl,
    TEAMS_APP_ID: teamsAppId,
    ENTRA_CLIENT_ID: entra.clientId,
  });

  const isPhone = clientType === 'android' || clientType === 'ios';
  const context = await browser.newContext({ ...(isPhone ? PHONE : DESKTOP), ...options.contextOptions });
  const external: string[] = [];
  let closed = false;
  const quietly = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (err) {
      if (!closed) throw err;
    }
  };

  // Last registered runs first: Teams, then the public URL, then everything else is refused.
  await context.route('**/*', (route) =>
    quietly(async () => {
      external.push(route.request().url());
      await route.fulfill({ status: 404, contentType: 'application/json', body: '{}' });
    }),
  );
  await context.route(
    (url) => url.origin === publicOrigin,
    (route) => quietly(() => proxy(route, publicBase, serverBase)),
  );
  await context.route(
    (url) => url.origin === TEAMS_ORIGIN,
    (route) =>
      quietly(async () => {
        const request = route.request();
        const url = new URL(request.url());
        if (url.pathname === RELAY_PATH && request.method() === 'POST') {
          const { origin, message } = request.postDataJSON() as { origin: string; message: AppMessage };
          // Teams answers only the app's own domains (the manifest's validDomains).
          const reply =
            origin === publicOrigin && typeof message?.func === 'string'
              ? await protocol.answer(message, origin)
              : undefined;
          await route.fulfill({ contentType: 'application/json', body: JSON.stringify({ reply: reply ?? null }) });
          return;
        }
        if (url.pathname === HOST_PATH) {
          await route.fulfill({ contentType: 'text/html; charset=utf-8', body: hostPage(state.theme) });
          return;
        }
        external.push(request.url());
        await route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
      }),
  );

  let inFlight = 0;
  let lastActivity = Date.now();
  context.on('request', () => {
    inFlight += 1;
    lastActivity = Date.now();
  });
  const requestDone = () => {
    inFlight = Math.max(0, inFlight - 1);
    lastActivity = Date.now();
  };
  context.on('requestfinished', requestDone);
  context.on('requestfailed', requestDone);

  const page = await context.newPage();
  await page.goto(`${TEAMS_ORIGIN}${HOST_PATH}`);
  const tab = page.frame({ name: TAB_FRAME });
  if (!tab) throw new Error('The host page has no tab frame');

  const load = async (frame: FrameState): Promise<Frame> => {
    protocol.frameLoaded(frame);
    const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === tab, timeout: 30_000 });
    await page.evaluate(
      (url) => (window as unknown as { idsTestHost: { load(u: string): void } }).idsTestHost.load(url),
      frame.url,
    );
    await navigated;
    await tab.waitForLoadState('domcontentloaded');
    return tab;
  };
  const absolute = (url: string) => new URL(url, `${publicBase}/`).toString();
  const staticTab = (entityId: string) => {
    const found = manifest.staticTabs?.find((t) => t.entityId === entityId && t.contentUrl);
    if (!found?.contentUrl) {
      const known = (manifest.staticTabs ?? []).filter((t) => t.contentUrl).map((t) => t.entityId);
      throw new Error(`The manifest has no static tab "${entityId}" (it has: ${known.join(', ')})`);
    }
    return found.contentUrl;
  };

  const host: TeamsHost = {
    context,
    page,
    user,
    teamsAppId,
    protocol,
    tab,
    openStaticTab(entityId = 'home', o = {}) {
      const frame = { entityId, subEntityId: o.subPageId };
      return load({
        ...frame,
        url: fillPlaceholders(staticTab(entityId), state, frame),
        frameContext: o.frameContext ?? 'content',
        team: o.team,
      });
    },
    openDeepLink(link) {
      const own = ownEntityLink(link, teamsAppId);
      if (own) return host.openStaticTab(own.entityId, { subPageId: own.subPageId });
      const url = new URL(link);
      if (url.origin === TEAMS_ORIGIN && url.pathname.startsWith('/l/entity/')) {
        throw new Error(`The deep link is for another app, not Ids (${teamsAppId}): ${link}`);
      }
      if (url.origin === publicOrigin) return host.openUrl(link);
      throw new Error(`Teams would open ${url.origin} in a browser, not in the tab`);
    },
    openConfig(o = {}) {
      const configurationUrl = manifest.configurableTabs?.[0]?.configurationUrl;
      if (!configurationUrl) throw new Error('The manifest has no configurable tab');
      const frame = { entityId: undefined, subEntityId: undefined };
      return load({
        url: fillPlaceholders(configurationUrl, state, frame),
        frameContext: 'settings',
        team: o.team ?? DEFAULT_TEAM,
      });
    },
    openUrl(url, o = {}) {
      return load({
        url: absolute(url),
        entityId: o.entityId,
        subEntityId: o.subPageId,
        frameContext: o.frameContext ?? 'content',
        team: o.team,
      });
    },
    async setTheme(theme) {
      state.theme = theme;
      await page.evaluate(
        (color) =>
          (window as unknown as { idsTestHost: { setBackground(c: string): void } }).idsTestHost.setBackground(color),
        theme === 'dark' ? '#1f1f1f' : theme === 'contrast' ? '#000' : '#fff',
      );
      await waitUntil(
        () => protocol.registered.has('themeChange'),
        5_000,
        'The tab never registered a theme change handler, so Teams would not tell it',
      );
      await post(page, { func: 'themeChange', args: [theme] });
    },
    setLocale(locale) {
      state.locale = locale;
    },
    async save(timeoutMs = 10_000) {
      if (state.frame.frameContext !== 'settings') throw new Error('Save exists only on the configuration page');
      await waitUntil(
        () => protocol.validity === true,
        timeoutMs,
        'The configuration page never said it is valid (Save stays disabled)',
      );
      const configsBefore = protocol.configs.length;
      const outcome = Promise.race([
        protocol.waitForCall('settings.save.success', timeoutMs, false),
        protocol.waitForCall('settings.save.failure', timeoutMs, false),
      ]);
      await post(page, { func: 'settings.save', args: [{}] });
      const call = await outcome;
      const config = protocol.configs.length > configsBefore ? protocol.configs.at(-1) : undefined;
      if (call.func === 'settings.save.failure') return { ok: false, reason: String(call.args[0] ?? ''), config };
      // Teams refuses a save that names no content URL.
      if (!config?.contentUrl) return { ok: false, reason: 'no contentUrl was set', config };
      return { ok: true, config };
    },
    calls: (func) => (func ? protocol.calls.filter((c) => c.func === func) : [...protocol.calls]),
    waitForCall: (func, timeoutMs) => protocol.waitForCall(func, timeoutMs),
    openedLinks: () => [...protocol.links],
    tokensIssued: () => protocol.tokensIssued,
    failTokens(reason) {
      protocol.tokenFailure = reason;
    },
    externalRequests: () => [...external],
    async settled(timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        if (inFlight === 0 && Date.now() - lastActivity >= 500) {
          const calm = await tab
            .evaluate(
              () =>
                !document.querySelector('[aria-busy="true"], .fui-Skeleton') &&
                [...document.images].every((img) => img.complete) &&
                document.fonts.status === 'loaded',
            )
            .catch(() => false);
          if (calm) return true;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      return false;
    },
    async close() {
      closed = true;
      await context.close();
    },
  };
  // Teams follows the tab's own navigation (pages.currentApp, deep links to its tabs) by loading
  // that static tab with the item as sub entity id.
  protocol.on('navigate', (to: Navigation) => {
    const entityId = to.entityId ?? manifest.staticTabs?.find((t) => t.contentUrl)?.entityId ?? 'home';
    host.openStaticTab(entityId, { subPageId: to.subPageId }).catch((err: unknown) => {
      if (!closed) protocol.navigationErrors.push(err instanceof Error ? err.message : String(err));
    });
  });
  return host;
}

async function post(page: Page, message: HostMessage): Promise<void> {
  await page.evaluate(
    (m) => (window as unknown as { idsTestHost: { post(m: unknown): void } }).idsTestHost.post(m),
    message,
  );
}

async function waitUntil(condition: () => boolean, timeoutMs: number, message: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(message);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Serves a request to the public URL from the local server, as the public address would. */
async function proxy(route: Route, publicBase: string, serverBase: string): Promise<void> {
  const url = new URL(route.request().url());
  // A public URL with a path (https://host/ids) is a reverse proxy's prefix: the server serves at /.
  const prefix = new URL(publicBase).pathname.replace(/\/+$/, '');
  const path = prefix && url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) || '/' : url.pathname;
  const response = await route.fetch({ url: `${serverBase}${path}${url.search}`, maxRedirects: 0 });
  const headers = response.headers();
  if (headers.location?.startsWith(serverBase))
    headers.location = publicBase + headers.location.slice(serverBase.length);
  await route.fulfill({ response, headers });
}
