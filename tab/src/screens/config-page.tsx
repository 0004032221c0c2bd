// The configuration page as its own bundle: app frame and context around the Config screen.
import { useMemo } from 'react';
import { AppContext, type AppContextValue } from '../app-context.js';
import { Frame, type Boot } from '../app.js';
import Config from './config.js';

export default function ConfigPage({ boot }: { boot: Boot }) {
  const value: AppContextValue = useMemo(
    () => ({
      api: boot.api,
      host: boot.host,
      config: boot.config,
      me: boot.me,
      navigate: () => {},
      back: () => {},
      notify: () => {},
      refreshMe: async () => {},
    }),
    [boot],
  );
  return (
    <Frame locale={boot.locale} theme={boot.theme}>
      <AppContext.Provider value={value}>
        <main style={{ maxWidth: 720, margin: '0 auto', padding: 16 }}>
          <Config />
        </main>
      </AppContext.Provider>
    </Frame>
  );
}

// The first load's modules, so that they share one chunk with it (src/first-load.ts).
export * as firstLoad from '../first-load.js';
// The people screens too, so that a deep-linked person's page is one chunk (see people-group.ts).
export * as peopleGroup from './people-group.js';
