import { Suspense, lazy } from 'react';
import { useWords } from '../i18n.js';
import { useApp } from '../app-context.js';
import { PostCard } from '../components/post-card.js';
import { ErrorNotice, Loading, useLoad } from '../components/states.js';
import { Screen } from './layout.js';

// Only the author and the communication team see it: loaded when the post says they may.
const DeliveryReport = lazy(() => import('./more-group.js').then((m) => ({ default: m.DeliveryReport })));

/**
 * One post, opened from a deep link ("Lees meer", "Bekijk de vraag") or the search screen, comments
 * open; for its author and communicators, how it was delivered and read.
 */
export function PostPage({ id }: { id: string }) {
  const { t } = useWords();
  const { api, back } = useApp();
  const post = useLoad(() => api.post(id), id);
  const title =
    post.state === 'ok'
      ? (post.data.title ?? t('post.label', { author: post.data.author?.displayName ?? '?' }))
      : t('feed.title');
  // A titled post's title is the page's heading, drawn once: in its card.
  const titled = post.state === 'ok' && !!post.data.title;
  return (
    <Screen title={title} onBack={() => back({ view: 'home' })} titleInContent={titled}>
      {post.state === 'loading' && <Loading rows={2} />}
      {post.state === 'error' && <ErrorNotice error={post.error} retry={post.reload} />}
      {post.state === 'ok' && <PostCard post={post.data} open eagerImages headingLevel={titled ? 1 : 2} />}
      {post.state === 'ok' && post.data.can.viewDelivery && (
        <Suspense fallback={<Loading rows={1} />}>
          <DeliveryReport post={post.data} />
        </Suspense>
      )}
    </Screen>
  );
}
