import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Button } from '@fluentui/react-button';
import { MessageBar, MessageBarActions, MessageBarBody } from '@fluentui/react-message-bar';
import { Skeleton, SkeletonItem } from '@fluentui/react-skeleton';
import { Text } from '@fluentui/react-text';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/react-theme';
import { useWords } from '../i18n.js';
import { ApiError } from '../api.js';

const useStyles = makeStyles({
  skeleton: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingVerticalM,
  },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  empty: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalXL} 0`,
  },
});

/** Placeholder shapes while something loads; announced once as "Bezig met laden…". */
export function Loading({ rows = 3 }: { rows?: number }) {
  const styles = useStyles();
  const { t } = useWords();
  return (
    <Skeleton aria-label={t('tab.loading')} className={styles.skeleton} role="status" aria-busy="true">
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity
        <div key={i} className={styles.row}>
          <SkeletonItem shape="circle" size={40} />
          <div style={{ flex: 1, display: 'grid', gap: 8 }}>
            <SkeletonItem size={16} />
            <SkeletonItem size={12} />
          </div>
        </div>
      ))}
    </Skeleton>
  );
}

/** An empty list: what goes here, and the first step. */
export function Empty({ children, action }: { children: ReactNode; action?: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.empty}>
      <Text>{children}</Text>
      {action}
    </div>
  );
}

/**
 * What went wrong and what to do, with a retry; none when trying again cannot help (the item is
 * gone or not for this person: the message says so, and the screen's back button leads on).
 */
export function ErrorNotice({ error, message, retry }: { error?: unknown; message?: string; retry?: () => void }) {
  const w = useWords();
  const final = error instanceof ApiError && (error.status === 403 || error.status === 404);
  return (
    <MessageBar intent="error" role="alert" layout="multiline">
      <MessageBarBody>{message ?? w.error(error)}</MessageBarBody>
      {retry && !final && (
        <MessageBarActions>
          <Button onClick={retry}>{w.t('tab.retry')}</Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}

export type Loaded<T> =
  | { state: 'loading'; data?: undefined; error?: undefined }
  | { state: 'ok'; data: T; error?: undefined }
  | { state: 'error'; data?: undefined; error: unknown };

/** Loads data for a screen; reloads when `key` changes; `reload()` for the retry button. */
export function useLoad<T>(
  load: () => Promise<T>,
  key: string,
  /** Data already here for the first render (see settled.ts): no loading state, no first request. */
  known?: T,
): Loaded<T> & { reload(): void; set(data: T): void } {
  const knownRef = useRef(known);
  const [result, setResult] = useState<Loaded<T>>(
    known === undefined ? { state: 'loading' } : { state: 'ok', data: known },
  );
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` and `attempt` decide when to load again
  useEffect(() => {
    if (knownRef.current !== undefined) {
      knownRef.current = undefined;
      return;
    }
    let live = true;
    setResult({ state: 'loading' });
    loadRef.current().then(
      (data) => live && setResult({ state: 'ok', data }),
      (error: unknown) => live && setResult({ state: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [key, attempt]);
  const reload = useCallback(() => setAttempt((a) => a + 1), []);
  const set = useCallback((data: T) => setResult({ state: 'ok', data }), []);
  return { ...result, reload, set };
}
