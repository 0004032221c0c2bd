import { useCallback, useRef } from 'react';
import { Button } from '@fluentui/react-button';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/react-theme';
import { NewsRegular } from '@fluentui/react-icons';
import { useWords } from '../i18n.js';
import { mayWriteNews, useApp } from '../app-context.js';
import { Feed, type FeedHandle } from '../components/feed.js';
import { Composer } from '../components/composer-button.js';
import type { FeedPage } from '../types.js';
import { Screen } from './layout.js';

const useStyles = makeStyles({
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

/** Home: the person's feed (pinned news first), and the way to post. */
export function Home({ initial }: { initial?: Promise<FeedPage> }) {
  const styles = useStyles();
  const { t } = useWords();
  const { api, me, navigate } = useApp();
  const feed = useRef<FeedHandle>(undefined);
  const load = useCallback((cursor?: string) => api.feed(cursor), [api]);
  return (
    <Screen
      title={t('feed.title')}
      actions={
        <div className={styles.actions}>
          {mayWriteNews(me) && (
            <Button icon={<NewsRegular />} size="large" onClick={() => navigate({ view: 'compose' })}>
              {t('feed.writeNews')}
            </Button>
          )}
          <Composer onPosted={(post) => feed.current?.prepend(post)} />
        </div>
      }
    >
      <Feed
        feedKey={`home:${me.id}`}
        load={load}
        initial={initial}
        empty={t('feed.empty')}
        handle={(h) => {
          feed.current = h;
        }}
      />
    </Screen>
  );
}
