import type { Config } from '../config/index.js';

/**
 * The personal app's static tabs (manifest/manifest.template.json): each opens `/tab?view=<id>`.
 * A deep link names the tab an item belongs to, so Teams shows the right tab selected and the
 * tab's back action returns to that tab's list.
 */
export const STATIC_TABS = ['home', 'search', 'people', 'groups', 'profile'] as const;
export type StaticTab = (typeof STATIC_TABS)[number];

/** The static tab that shows a target's kind: posts and questions under News, people under People. */
export function staticTabOf(target: string): StaticTab {
  const kind = target.split(':', 1)[0];
  if (kind === 'person' || kind === 'department') return 'people';
  if (kind === 'group') return 'groups';
  return 'home';
}

/**
 * A link that opens the Ids tab on something: a Teams deep link to the personal tab when the
 * app id is known (so it opens inside Teams, desktop, web and mobile), else the tab's own URL
 * (browser, Emulator). `target` is e.g. "person:<id>", "post:<id>" or "question:<id>"; empty for
 * the tab's home. The tab reads the target from the context's subPageId (or the URL).
 */
export function tabLink(config: Pick<Config, 'teamsAppId' | 'publicUrl'>, target = ''): string {
  if (config.teamsAppId && !target) return `https://teams.microsoft.com/l/entity/${config.teamsAppId}/home`;
  if (!target) return `${config.publicUrl}/tab`;
  if (config.teamsAppId) {
    const context = encodeURIComponent(JSON.stringify({ subEntityId: target }));
    return `https://teams.microsoft.com/l/entity/${config.teamsAppId}/${staticTabOf(target)}?context=${context}`;
  }
  const [kind, id] = target.split(':', 2);
  return `${config.publicUrl}/tab?${encodeURIComponent(kind ?? 'view')}=${encodeURIComponent(id ?? '')}`;
}

export const personLink = (config: Pick<Config, 'teamsAppId' | 'publicUrl'>, personId: string) =>
  tabLink(config, `person:${personId}`);

/** A question in the Q&A group ("Bekijk de vraag"). */
export const questionLink = (config: Pick<Config, 'teamsAppId' | 'publicUrl'>, postId: string) =>
  tabLink(config, `question:${postId}`);
