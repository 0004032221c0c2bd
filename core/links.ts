import type { Config } from '../config/index.js';

/**
 * A link that opens the Ids tab on something: a Teams deep link to the personal tab when the
 * app id is known (so it opens inside Teams), else the tab's own URL (browser, Emulator).
 * `target` is e.g. "person:<id>" or "post:<id>"; empty for the tab's home.
 */
export function tabLink(config: Pick<Config, 'teamsAppId' | 'publicUrl'>, target = ''): string {
  if (config.teamsAppId && !target) return `https://teams.microsoft.com/l/entity/${config.teamsAppId}/home`;
  if (!target) return `${config.publicUrl}/tab`;
  if (config.teamsAppId) {
    const context = encodeURIComponent(JSON.stringify({ subEntityId: target }));
    return `https://teams.microsoft.com/l/entity/${config.teamsAppId}/home?context=${context}`;
  }
  const [kind, id] = target.split(':', 2);
  return `${config.publicUrl}/tab?${encodeURIComponent(kind ?? 'view')}=${encodeURIComponent(id ?? '')}`;
}

export const personLink = (config: Pick<Config, 'teamsAppId' | 'publicUrl'>, personId: string) =>
  tabLink(config, `person:${personId}`);
