import { Suspense, lazy, useState } from 'react';
import { Button } from '@fluentui/react-button';
import { EditRegular } from '@fluentui/react-icons';
import { useWords } from '../i18n.js';
import type { ComposerProps } from './composer.js';

// The composer (dialog, fields, photo handling) loads when first opened, not with the feed.
const ComposerDialog = lazy(() => import('../screens/more-group.js').then((m) => ({ default: m.ComposerDialog })));

/** "Bericht plaatsen": the button, and the composer once it is pressed. */
export function Composer(props: ComposerProps) {
  const { t } = useWords();
  const [open, setOpen] = useState(false);
  const [loaded, setLoaded] = useState(false);
  return (
    <>
      <Button
        appearance="primary"
        icon={<EditRegular />}
        size="large"
        onClick={() => {
          setLoaded(true);
          setOpen(true);
        }}
      >
        {props.triggerLabel ?? t('feed.write')}
      </Button>
      {loaded && (
        <Suspense>
          <ComposerDialog {...props} open={open} onOpenChange={setOpen} />
        </Suspense>
      )}
    </>
  );
}
