// The channel tab's configuration page through teams-js (loaded with that page only).
import { pages } from '@microsoft/teams-js';

export interface TabConfig {
  entityId: string;
  contentUrl: string;
  suggestedDisplayName: string;
}

/** The channel tab's configuration page: enable Save once a feed is chosen, and save what it names. */
export function configureChannelTab(current: () => TabConfig | undefined): void {
  pages.config.registerOnSaveHandler((save) => {
    const config = current();
    if (!config) {
      save.notifyFailure('nothing chosen');
      return;
    }
    pages.config.setConfig({ ...config, websiteUrl: config.contentUrl }).then(
      () => save.notifySuccess(),
      (err: unknown) => save.notifyFailure(String(err)),
    );
  });
}

export function setConfigValid(valid: boolean): void {
  pages.config.setValidityState(valid);
}
