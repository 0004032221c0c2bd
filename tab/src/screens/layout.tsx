import { useEffect, useRef, type ReactNode } from 'react';
import { Button } from '@fluentui/react-button';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/react-theme';
import { ArrowLeftRegular } from '@fluentui/react-icons';
import { useWords } from '../i18n.js';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    justifyContent: 'space-between',
  },
  h1: {
    margin: 0,
    fontSize: tokens.fontSizeHero700,
    lineHeight: tokens.lineHeightHero700,
    outline: 'none',
    // A long Dutch compound ("informatiebeveiliging") breaks rather than running off a phone.
    overflowWrap: 'break-word',
    minWidth: 0,
  },
  // minmax(0, 1fr): a wide child (a table in its scroll box) cannot widen the column past the screen.
  body: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: tokens.spacingVerticalL },
});

/**
 * A screen: its one h1 (focused when the screen opens, so screen readers hear where they are),
 * actions, content. With `titleInContent` the content draws the h1 itself (a post's page: the
 * post's title is the page's heading, not repeated above it); it gets tabIndex -1 to be focused.
 */
export function Screen({
  title,
  actions,
  onBack,
  titleInContent = false,
  children,
}: {
  title: string;
  actions?: ReactNode;
  onBack?: () => void;
  titleInContent?: boolean;
  children: ReactNode;
}) {
  const styles = useStyles();
  const { t } = useWords();
  const h1 = useRef<HTMLHeadingElement>(null);
  const body = useRef<HTMLDivElement>(null);
  useEffect(() => {
    document.title = `${title} – Ids`;
    // Focus moves to the new screen's heading only after an in-app navigation, not on first load.
    const heading = h1.current ?? body.current?.querySelector<HTMLElement>('h1');
    if (document.body.dataset.navigated) heading?.focus({ preventScroll: false });
  }, [title]);
  return (
    <div className={styles.body} ref={body}>
      {onBack && (
        <div>
          <Button appearance="subtle" icon={<ArrowLeftRegular />} onClick={onBack}>
            {t('tab.back')}
          </Button>
        </div>
      )}
      {(!titleInContent || actions) && (
        <div className={styles.header}>
          {!titleInContent && (
            <h1 ref={h1} tabIndex={-1} className={styles.h1}>
              {title}
            </h1>
          )}
          {actions}
        </div>
      )}
      {children}
    </div>
  );
}
