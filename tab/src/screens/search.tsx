import { useEffect, useState } from 'react';
import { Link } from '@fluentui/react-link';
import { SearchBox } from '@fluentui/react-search';
import { Text } from '@fluentui/react-text';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/react-theme';
import { useWords, type Words } from '../i18n.js';
import { useApp } from '../app-context.js';
import { PersonList } from '../components/people.js';
import { Empty, ErrorNotice, Loading } from '../components/states.js';
import type { PeopleFound, PostSearchResults } from '../types.js';
import { Screen } from './layout.js';

const useStyles = makeStyles({
  section: { display: 'grid', gap: tokens.spacingVerticalS },
  h2: { margin: 0, fontSize: tokens.fontSizeBase500 },
  posts: { listStyleType: 'none', margin: 0, padding: 0, display: 'grid', gap: tokens.spacingVerticalM },
  post: { display: 'grid', gap: tokens.spacingVerticalXXS },
  postLink: {
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
    minHeight: '44px',
    display: 'inline-flex',
    alignItems: 'center',
    textAlign: 'start',
  },
  meta: { color: tokens.colorNeutralForeground2 },
  live: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)' },
});

/** Wait this long after the last keystroke before searching. */
export const DEBOUNCE_MS = 250;

export function useDebounced<T>(value: T, ms = DEBOUNCE_MS): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Why a colleague matched: "Gevonden op expertise". */
export function matchReasons(found: PeopleFound, w: Words): Map<string, string> {
  const names: Record<string, Parameters<Words['t']>[0]> = {
    name: 'match.name',
    phone: 'match.phone',
    skill: 'match.skill',
    jobTitle: 'match.jobTitle',
    department: 'match.department',
    email: 'match.email',
    location: 'match.location',
  };
  const reasons = new Map<string, string>();
  for (const p of found.people) {
    const fields = [...new Set(p.matched.map((m) => m.field as string))]
      .map((f) => (names[f] ? w.t(names[f] as 'match.name') : f))
      .join(', ');
    if (fields) reasons.set(p.person.id, w.t('match.reason', { fields }));
  }
  return reasons;
}

type Results = { query: string; people: PeopleFound; posts: PostSearchResults };

/** One box for colleagues and posts, results as you type. */
export function Search({ initialQuery = '' }: { initialQuery?: string }) {
  const styles = useStyles();
  const w = useWords();
  const { t } = w;
  const { api, navigate } = useApp();
  const [query, setQuery] = useState(initialQuery);
  const debounced = useDebounced(query.trim());
  const [results, setResults] = useState<Results>();
  const [state, setState] = useState<'idle' | 'loading' | 'ok' | 'error'>('idle');
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry button
  useEffect(() => {
    if (!debounced) {
      setState('idle');
      setResults(undefined);
      return;
    }
    let live = true;
    setState('loading');
    Promise.all([api.searchPeople(debounced, undefined, 10), api.searchPosts(debounced, 10)]).then(
      ([people, posts]) => {
        if (!live) return;
        setResults({ query: debounced, people, posts });
        setState('ok');
        // Keep the query in the URL, so going back returns to these results.
        history.replaceState(
          history.state,
          '',
          `${location.pathname}?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(location.search)), view: 'search', q: debounced })}`,
        );
      },
      (err: unknown) => {
        if (!live) return;
        setError(err);
        setState('error');
      },
    );
    return () => {
      live = false;
    };
  }, [debounced, api, attempt]);

  const nothing = results && results.people.people.length === 0 && results.posts.results.length === 0;
  const suggestion = results?.people.suggestions[0];
  return (
    <Screen title={t('search.title')}>
      <SearchBox
        aria-label={t('search.label')}
        placeholder={t('search.placeholder')}
        value={query}
        onChange={(_, d) => setQuery(d.value)}
        size="large"
        autoComplete="off"
      />
      <div className={styles.live} aria-live="polite">
        {state === 'ok' && results
          ? t('search.results', { people: results.people.people.length, posts: results.posts.results.length })
          : ''}
      </div>
      {state === 'idle' && <Empty>{t('search.start')}</Empty>}
      {state === 'loading' && !results && <Loading rows={3} />}
      {state === 'error' && <ErrorNotice error={error} retry={() => setAttempt((a) => a + 1)} />}
      {results && nothing && (
        <Empty
          action={
            suggestion ? (
              <Link onClick={() => setQuery(suggestion.text)}>
                {t('search.didYouMean', { suggestion: suggestion.text })}
              </Link>
            ) : undefined
          }
        >
          {t('search.none', { query: results.query })}
        </Empty>
      )}
      {results && !nothing && (
        <>
          <section className={styles.section} aria-labelledby="search-people">
            <h2 id="search-people" className={styles.h2}>
              {t('search.people')}
            </h2>
            {results.people.people.length ? (
              <PersonList
                people={results.people.people.map((p) => p.person)}
                reasons={matchReasons(results.people, w)}
              />
            ) : (
              <Text>{t('search.noPeople')}</Text>
            )}
          </section>
          <section className={styles.section} aria-labelledby="search-posts">
            <h2 id="search-posts" className={styles.h2}>
              {t('search.posts')}
            </h2>
            {results.posts.results.length ? (
              <ul className={styles.posts}>
                {results.posts.results.map(({ post, matched, snippet }) => (
                  <li key={post.id} className={styles.post}>
                    <Link className={styles.postLink} onClick={() => navigate({ view: 'post', id: post.id })}>
                      {post.title ?? post.excerpt.slice(0, 80)}
                    </Link>
                    <Text>{snippet}</Text>
                    <Text size={200} className={styles.meta}>
                      {[
                        post.author?.displayName,
                        w.relative(post.publishedAt),
                        matched.map((m) => t(`search.matched.${m}`)).join(', '),
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </Text>
                  </li>
                ))}
              </ul>
            ) : (
              <Text>{t('search.noPosts')}</Text>
            )}
          </section>
        </>
      )}
    </Screen>
  );
}
