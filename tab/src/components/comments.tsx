import { useState, type FormEvent } from 'react';
import { Badge } from '@fluentui/react-badge';
import { Button } from '@fluentui/react-button';
import { Field } from '@fluentui/react-field';
import { Textarea } from '@fluentui/react-textarea';
import { Text } from '@fluentui/react-text';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/react-theme';
import { CheckmarkRegular } from '@fluentui/react-icons';
import { useWords } from '../i18n.js';
import { useApp } from '../app-context.js';
import type { CommentView, Post } from '../types.js';
import { Empty, ErrorNotice, Loading, useLoad } from './states.js';
import { PersonAvatar } from './avatar.js';

const useStyles = makeStyles({
  section: {
    display: 'grid',
    gap: tokens.spacingVerticalM,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    paddingTop: tokens.spacingVerticalM,
  },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400 },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'grid', gap: tokens.spacingVerticalM },
  replies: {
    listStyleType: 'none',
    margin: `${tokens.spacingVerticalS} 0 0`,
    paddingLeft: tokens.spacingHorizontalXXL,
    display: 'grid',
    gap: tokens.spacingVerticalS,
  },
  comment: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start' },
  bubble: {
    flex: 1,
    minWidth: 0,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusLarge,
    padding: tokens.spacingVerticalS,
    '& p': { margin: 0 },
    overflowWrap: 'anywhere',
  },
  answer: { outline: `${tokens.strokeWidthThick} solid ${tokens.colorPaletteGreenBorder2}` },
  meta: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  form: { display: 'grid', gap: tokens.spacingVerticalS, justifyItems: 'start' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

/** A post's comments, one level of replies, and the answer of a question. */
export function Comments({
  post,
  onCountChange,
  onPostChange,
}: {
  post: Post;
  onCountChange(delta: number): void;
  onPostChange(post: Post): void;
}) {
  const styles = useStyles();
  const w = useWords();
  const { t } = w;
  const { api } = useApp();
  const loaded = useLoad(() => api.comments(post.id).then((r) => r.comments), post.id);
  const [replyTo, setReplyTo] = useState<CommentView>();
  const [error, setError] = useState<unknown>();

  async function add(body: string, parentId?: string) {
    const created = await api.addComment(post.id, body, parentId);
    if (loaded.state === 'ok') loaded.set([...loaded.data, created]);
    onCountChange(1);
    setReplyTo(undefined);
  }

  async function markAnswer(c: CommentView) {
    setError(undefined);
    try {
      const updated = await api.markAnswer(post.id, c.id);
      onPostChange(updated);
      if (loaded.state === 'ok') loaded.set(loaded.data.map((x) => ({ ...x, isAnswer: x.id === c.id })));
    } catch (err) {
      setError(err);
    }
  }

  const comments = loaded.data ?? [];
  const top = comments.filter((c) => !c.parentId);
  const repliesOf = (id: string) => comments.filter((c) => c.parentId === id);

  const renderComment = (c: CommentView, nested: boolean) => (
    <li key={c.id}>
      <article className={styles.comment} aria-label={t('comments.by', { author: c.author?.displayName ?? '?' })}>
        <PersonAvatar person={{ displayName: c.author?.displayName ?? '?' }} size={32} />
        <div className={`${styles.bubble} ${c.isAnswer ? styles.answer : ''}`}>
          <Text weight="semibold">{c.author?.displayName ?? '?'}</Text>{' '}
          <span className={styles.meta}>
            <time dateTime={c.createdAt}>{w.relative(c.createdAt)}</time>
          </span>
          {c.isAnswer && (
            <>
              {' '}
              <Badge appearance="filled" color="success" icon={<CheckmarkRegular />}>
                {t('comments.isAnswer')}
              </Badge>
            </>
          )}
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: rendered and sanitized by the server */}
          <div dangerouslySetInnerHTML={{ __html: c.bodyHtml }} />
          <div className={styles.actions}>
            {!nested && (
              <Button appearance="transparent" size="small" onClick={() => setReplyTo(c)}>
                {t('comments.reply')}
              </Button>
            )}
            {post.can.markAnswer && !c.isAnswer && (
              <Button appearance="transparent" size="small" onClick={() => markAnswer(c)}>
                {t('comments.markAnswer')}
              </Button>
            )}
          </div>
        </div>
      </article>
      {!nested && (
        <>
          {repliesOf(c.id).length > 0 && (
            <ul className={styles.replies}>{repliesOf(c.id).map((r) => renderComment(r, true))}</ul>
          )}
          {replyTo?.id === c.id && (
            <CommentForm
              label={t('comments.writeReply', { name: c.author?.displayName ?? '?' })}
              autoFocus
              onSubmit={(body) => add(body, c.id)}
              onCancel={() => setReplyTo(undefined)}
            />
          )}
        </>
      )}
    </li>
  );

  return (
    <section className={styles.section} aria-label={t('comments.title')}>
      {loaded.state === 'loading' && <Loading rows={1} />}
      {loaded.state === 'error' && <ErrorNotice error={loaded.error} retry={loaded.reload} />}
      {loaded.state === 'ok' && top.length === 0 && <Empty>{t('comments.empty')}</Empty>}
      {top.length > 0 && <ul className={styles.list}>{top.map((c) => renderComment(c, false))}</ul>}
      {error !== undefined && <ErrorNotice error={error} />}
      <CommentForm label={t('comments.write')} onSubmit={(body) => add(body)} />
    </section>
  );
}

function CommentForm({
  label,
  onSubmit,
  onCancel,
  autoFocus,
}: {
  label: string;
  onSubmit(body: string): Promise<void>;
  onCancel?(): void;
  autoFocus?: boolean;
}) {
  const styles = useStyles();
  const { t } = useWords();
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!body.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit(body.trim());
      setBody('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className={styles.form} onSubmit={submit}>
      <Field label={label} style={{ width: '100%' }}>
        <Textarea
          value={body}
          onChange={(_, d) => setBody(d.value)}
          resize="vertical"
          maxLength={5000}
          autoFocus={autoFocus}
        />
      </Field>
      {error !== undefined && <ErrorNotice error={error} />}
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={busy || !body.trim()}>
          {t('comments.send')}
        </Button>
        {onCancel && (
          <Button type="button" onClick={onCancel}>
            {t('tab.cancel')}
          </Button>
        )}
      </div>
    </form>
  );
}
