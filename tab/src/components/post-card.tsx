import { Suspense, lazy, useId, useState } from 'react';
import { Badge } from '@fluentui/react-badge';
import { Button } from '@fluentui/react-button';
import { Card } from '@fluentui/react-card';
import { Link } from '@fluentui/react-link';
import { Text } from '@fluentui/react-text';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/react-theme';
import {
  CheckmarkCircleRegular,
  CommentRegular,
  ThumbLikeFilled,
  ThumbLikeRegular,
  DocumentRegular,
} from '@fluentui/react-icons';
import { useWords } from '../i18n.js';
import { useApp } from '../app-context.js';
import type { Post } from '../types.js';
import { PersonAvatar } from './avatar.js';
import { ErrorNotice, Loading } from './states.js';

const Comments = lazy(() => import('../screens/more-group.js').then((m) => ({ default: m.Comments })));
const PhotoViewer = lazy(() => import('../screens/more-group.js').then((m) => ({ default: m.PhotoViewer })));

const useStyles = makeStyles({
  card: { width: '100%', boxSizing: 'border-box' },
  header: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  byline: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  author: {
    fontWeight: tokens.fontWeightSemibold,
    background: 'none',
    border: 'none',
    padding: 0,
    color: tokens.colorNeutralForeground1,
    font: 'inherit',
    textAlign: 'start',
    cursor: 'pointer',
    minHeight: '44px',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  meta: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  badges: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
  title: {
    margin: 0,
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    overflowWrap: 'break-word',
    outline: 'none',
  },
  // The post's own page: its title is the page's h1.
  pageTitle: { fontSize: tokens.fontSizeBase600, lineHeight: tokens.lineHeightBase600 },
  body: {
    overflowWrap: 'anywhere',
    '& p': { margin: `0 0 ${tokens.spacingVerticalS}` },
    '& a': { color: tokens.colorBrandForegroundLink },
  },
  images: {
    display: 'grid',
    gap: tokens.spacingHorizontalS,
    gridTemplateColumns: 'repeat(auto-fit, minmax(140px, 1fr))',
  },
  imageButton: {
    padding: 0,
    border: 'none',
    background: 'none',
    cursor: 'zoom-in',
    display: 'block',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
  image: {
    width: '100%',
    height: 'auto',
    maxHeight: '60vh',
    objectFit: 'cover',
    borderRadius: tokens.borderRadiusMedium,
    display: 'block',
  },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

type Attachment = Post['attachments'][number];

/** One post: who, when, what, photos, and what the reader can do with it. */
export function PostCard({
  post: initial,
  open = false,
  eagerImages = false,
  headingLevel = 2,
}: {
  post: Post;
  /** Comments shown at once (the post's own page). */
  open?: boolean;
  /** The first post of a feed: its photo is loaded at once (it is above the fold). */
  eagerImages?: boolean;
  /** 1 on the post's own page, where the title is the screen's heading. */
  headingLevel?: 1 | 2 | 3;
}) {
  const styles = useStyles();
  const w = useWords();
  const { t } = w;
  const { api, navigate, notify } = useApp();
  const [post, setPost] = useState(initial);
  const [showComments, setShowComments] = useState(open);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [enlarged, setEnlarged] = useState<Attachment>();
  const titleId = useId();
  const author = post.author?.displayName ?? '?';
  const images = post.attachments.filter((a) => a.kind === 'image');
  const documents = post.attachments.filter((a) => a.kind === 'document');
  const Heading = (['h1', 'h2', 'h3'] as const)[headingLevel - 1]!;

  async function like() {
    setError(undefined);
    const liked = !post.likedByMe;
    // Shown at once; put back if the server says no.
    setPost((p) => ({ ...p, likedByMe: liked, likeCount: p.likeCount + (liked ? 1 : -1) }));
    try {
      const result = await api.setLike(post.id, liked);
      setPost((p) => ({ ...p, likedByMe: result.liked, likeCount: result.likeCount }));
    } catch (err) {
      setPost((p) => ({ ...p, likedByMe: !liked, likeCount: p.likeCount + (liked ? -1 : 1) }));
      setError(err);
    }
  }

  async function acknowledge() {
    setBusy(true);
    setError(undefined);
    try {
      const { acknowledgedAt } = await api.acknowledge(post.id);
      setPost((p) => ({ ...p, acknowledgedAt }));
      notify(t('post.ackDone'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const question = post.question;
  return (
    <Card className={styles.card} appearance="filled" role="article" aria-labelledby={titleId}>
      <div className={styles.header}>
        <PersonAvatar person={{ displayName: author }} />
        <div className={styles.byline}>
          {post.author ? (
            <button
              type="button"
              className={styles.author}
              onClick={() => post.author && navigate({ view: 'person', id: post.author.id })}
            >
              {author}
            </button>
          ) : (
            <Text weight="semibold">{author}</Text>
          )}
          <span className={styles.meta}>
            {[post.author?.department, post.group ? t('post.inGroup', { group: post.group.name }) : null]
              .filter(Boolean)
              .join(' · ')}
            {' · '}
            <time dateTime={post.publishedAt} title={w.dateTime(post.publishedAt)}>
              {w.relative(post.publishedAt)}
            </time>
            {post.edited ? ` · ${t('post.edited')}` : ''}
          </span>
        </div>
      </div>
      <div className={styles.badges}>
        {post.pinned && (
          <Badge appearance="tint" color="brand">
            {t('feed.pinned')}
          </Badge>
        )}
        {post.important && (
          <Badge appearance="filled" color="danger">
            {t('post.important')}
          </Badge>
        )}
        {post.status === 'scheduled' && post.publishAt && (
          <Badge appearance="tint" color="informative">
            {t('post.scheduled', { date: w.dateTime(post.publishAt) })}
          </Badge>
        )}
        {post.requiresAck && post.acknowledgedAt && (
          <Badge appearance="tint" color="success">
            {t('post.acked')}
          </Badge>
        )}
        {question && (
          <Badge appearance="tint" color={question.answered ? 'success' : 'warning'}>
            {question.answered ? t('post.answered') : t('post.unanswered')}
          </Badge>
        )}
      </div>
      {post.title ? (
        <Heading
          id={titleId}
          className={headingLevel === 1 ? `${styles.title} ${styles.pageTitle}` : styles.title}
          tabIndex={headingLevel === 1 ? -1 : undefined}
        >
          {post.title}
        </Heading>
      ) : (
        <span id={titleId} hidden>
          {t('post.label', { author })}
        </span>
      )}
      {post.summary && <Text weight="semibold">{post.summary}</Text>}
      {/* bodyHtml is rendered and sanitized by the server (only p, br, strong, em, a, ul, ol, li). */}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: server-side allow-list renderer */}
      <div className={styles.body} dangerouslySetInnerHTML={{ __html: post.bodyHtml }} />
      {images.length > 0 && (
        <div className={styles.images}>
          {images.map((a, i) => (
            <button
              key={a.id}
              type="button"
              className={styles.imageButton}
              onClick={() => setEnlarged(a)}
              aria-label={`${t('post.photoOpen')}: ${altOf(a) || t('post.photoNoAlt')}`}
            >
              <img
                className={styles.image}
                src={a.signedThumbnailUrl ?? a.signedUrl ?? a.thumbnailUrl ?? a.url}
                alt={altOf(a)}
                width={a.width ?? undefined}
                height={a.height ?? undefined}
                loading={eagerImages && i === 0 ? 'eager' : 'lazy'}
                decoding="async"
              />
            </button>
          ))}
        </div>
      )}
      {documents.map((d) => (
        <Link key={d.id} href={d.url} download={d.name} aria-label={t('post.document', { name: d.name })}>
          <DocumentRegular aria-hidden /> {d.name}
        </Link>
      ))}
      {post.requiresAck && !post.acknowledgedAt && <Text>{t('post.ackNeeded')}</Text>}
      <div className={styles.actions}>
        <Button
          appearance="subtle"
          icon={post.likedByMe ? <ThumbLikeFilled /> : <ThumbLikeRegular />}
          aria-pressed={post.likedByMe}
          onClick={like}
        >
          {post.likedByMe ? t('post.liked', { count: post.likeCount }) : t('post.likeCount', { count: post.likeCount })}
        </Button>
        <Button
          appearance="subtle"
          icon={<CommentRegular />}
          aria-expanded={showComments}
          onClick={() => setShowComments((s) => !s)}
        >
          {showComments ? t('post.hideComments') : t('post.comments', { count: post.commentCount })}
        </Button>
        {post.requiresAck && !post.acknowledgedAt && (
          <Button appearance="primary" icon={<CheckmarkCircleRegular />} disabled={busy} onClick={acknowledge}>
            {t('post.ack')}
          </Button>
        )}
      </div>
      {error !== undefined && <ErrorNotice error={error} />}
      {showComments && (
        <Suspense fallback={<Loading rows={1} />}>
          <Comments
            post={post}
            onCountChange={(delta) => setPost((p) => ({ ...p, commentCount: p.commentCount + delta }))}
            onPostChange={setPost}
          />
        </Suspense>
      )}
      {enlarged && (
        <Suspense>
          <PhotoViewer
            title={post.title ?? t('post.label', { author })}
            src={enlarged.signedUrl ?? enlarged.url}
            alt={altOf(enlarged)}
            width={enlarged.width}
            height={enlarged.height}
            onClose={() => setEnlarged(undefined)}
          />
        </Suspense>
      )}
    </Card>
  );
}

function altOf(a: Attachment): string {
  return a.alt ?? '';
}
