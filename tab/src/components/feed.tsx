import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Button } from '@fluentui/react-button';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/react-theme';
import { Text } from '@fluentui/react-text';
import { useWords } from '../i18n.js';
import type { FeedPage, Post } from '../types.js';
import { PostCard } from './post-card.js';
import { peek } from '../settled.js';
import { Empty, ErrorNotice, Loading } from './states.js';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'grid', gap: tokens.spacingVerticalL },
  footer: { display: 'flex', justifyContent: 'center', padding: tokens.spacingVerticalL },
  live: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)' },
});

/**
 * Posts drawn in the first frame; the rest of the page follows in the next one. A phone's screen
 * holds two or three, and on a slow phone drawing the whole first page (eight cards of Fluent
 * components) before any is shown kept the first post off the screen for longer.
 */
const FIRST_FRAME_POSTS = 3;

export interface FeedHandle {
  prepend(post: Post): void;
}

/**
 * A stream of posts: pinned first, then newest; the next page loads when the end comes into view
 * (and with a button, for keyboards and screen readers). New pages are announced politely.
 */
export function Feed({
  load,
  feedKey,
  empty,
  filter,
  handle,
  initial,
}: {
  load(cursor?: string): Promise<FeedPage>;
  /** Changing it starts the feed over. */
  feedKey: string;
  empty: ReactNode;
  /** Shows only some posts (the unanswered questions). */
  filter?: (post: Post) => boolean;
  handle?: (h: FeedHandle) => void;
  /** A first page fetched before the screen was drawn. */
  initial?: Promise<FeedPage>;
}) {
  const styles = useStyles();
  const { t } = useWords();
  // A first page that is already here is drawn at once (see settled.ts).
  const known = useRef(peek(initial));
  const [posts, setPosts] = useState<Post[]>(() =>
    known.current ? [...known.current.pinned, ...known.current.posts] : [],
  );
  const [cursor, setCursor] = useState<string | null>(() => known.current?.nextCursor ?? null);
  const [state, setState] = useState<'loading' | 'ok' | 'error' | 'more'>(known.current ? 'ok' : 'loading');
  const [error, setError] = useState<unknown>();
  const [announcement, setAnnouncement] = useState('');
  const sentinel = useRef<HTMLDivElement>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const initialRef = useRef(initial);
  const [drawn, setDrawn] = useState(FIRST_FRAME_POSTS);

  // biome-ignore lint/correctness/useExhaustiveDependencies: feedKey decides when the feed starts over
  const first = useCallback(async () => {
    setState('loading');
    setError(undefined);
    try {
      const pending = initialRef.current ?? loadRef.current();
      initialRef.current = undefined;
      const page = await pending;
      performance.mark?.('ids:feed');
      setPosts([...page.pinned, ...page.posts]);
      setCursor(page.nextCursor);
      setState('ok');
    } catch (err) {
      setError(err);
      setState('error');
    }
  }, [feedKey]);

  useEffect(() => {
    if (known.current) {
      known.current = undefined;
      initialRef.current = undefined;
      performance.mark?.('ids:feed');
      return;
    }
    void first();
  }, [first]);

  const more = useCallback(async () => {
    if (!cursor || state !== 'ok') return;
    setState('more');
    try {
      const page = await loadRef.current(cursor);
      setPosts((p) => {
        const seen = new Set(p.map((x) => x.id));
        return [...p, ...page.posts.filter((x) => !seen.has(x.id))];
      });
      setCursor(page.nextCursor);
      setAnnouncement(t('feed.loaded', { count: page.posts.length }));
      setState('ok');
    } catch (err) {
      setError(err);
      setState('ok');
    }
  }, [cursor, state, t]);

  const matching = filter ? posts.filter(filter) : posts;
  const shown = matching.slice(0, drawn);
  const holding = matching.length > shown.length;

  useEffect(() => {
    const el = sentinel.current;
    if (!el || !cursor || holding || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && void more(), {
      rootMargin: '600px 0px',
    });
    io.observe(el);
    return () => io.disconnect();
  }, [cursor, more, holding]);

  useEffect(() => {
    handle?.({ prepend: (post) => setPosts((p) => [post, ...p.filter((x) => x.id !== post.id)]) });
  }, [handle]);

  useEffect(() => {
    if (!holding) return;
    // After the browser has painted what is there (a timeout inside a frame callback runs after it).
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => setDrawn(Number.POSITIVE_INFINITY));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [holding]);
  return (
    <>
      <div className={styles.live} aria-live="polite">
        {announcement}
      </div>
      {state === 'loading' && <Loading />}
      {state === 'error' && <ErrorNotice error={error} retry={first} />}
      {(state === 'ok' || state === 'more') && shown.length === 0 && !cursor && <Empty>{empty}</Empty>}
      {shown.length > 0 && (
        <ul className={styles.list}>
          {shown.map((post, i) => (
            <li key={post.id}>
              <PostCard post={post} eagerImages={i === 0} />
            </li>
          ))}
        </ul>
      )}
      {state === 'ok' && error !== undefined && posts.length > 0 && <ErrorNotice error={error} retry={more} />}
      <div ref={sentinel} className={styles.footer}>
        {holding ? null : cursor && (state === 'ok' || state === 'more') ? (
          <Button onClick={more} disabled={state === 'more'}>
            {state === 'more' ? t('tab.loading') : t('tab.loadMore')}
          </Button>
        ) : (
          state === 'ok' && posts.length > 0 && <Text>{t('feed.end')}</Text>
        )}
      </div>
    </>
  );
}
