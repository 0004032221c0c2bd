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
  h1: { margin: 0, fontSize: tokens.fontSizeHero700, lineHeight: tokens.lineHeightHero700, outline: 'none' },
  body: { display: 'grid', gap: tokens.spacingVerticalL },
});

/** A screen: its one h1 (focused when the screen opens, so screen readers hear where they are), actions, content. */
export function Screen({
  title,
  actions,
  onBack,
  children,
}: {
  title: string;
  actions?: ReactNode;
  onBack?: () => void;
  children: ReactNode;
}) {
  const styles = useStyles();
  const { t } = useWords();
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – Ids`;
    // Focus moves to the new screen's heading only after an in-app navigation, not on first load.
    if (document.body.dataset.navigated) h1.current?.focus({ preventScroll: false });
  }, [title]);
  return (
    <div className={styles.body}>
      {onBack && (
        <div>
          <Button appearance="subtle" icon={<ArrowLeftRegular />} onClick={onBack}>
            {t('tab.back')}
          </Button>
        </div>
      )}
      <div className={styles.header}>
        <h1 ref={h1} tabIndex={-1} className={styles.h1}>
          {title}
        </h1>
        {actions}
      </div>
      {children}
    </div>
  );
}
