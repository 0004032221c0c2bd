import { Button } from '@fluentui/react-button';
import { Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle } from '@fluentui/react-dialog';
import { makeStyles } from '@griffel/react';
import { useWords } from '../i18n.js';

const useStyles = makeStyles({
  image: { width: '100%', height: 'auto', maxHeight: '75vh', objectFit: 'contain' },
});

/** A post's photo, large (tap a photo in the feed). Focus returns to the photo when it closes. */
export default function PhotoViewer(props: {
  title: string;
  src: string;
  alt: string;
  width: number | null;
  height: number | null;
  onClose(): void;
}) {
  const styles = useStyles();
  const { t } = useWords();
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && props.onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{props.title}</DialogTitle>
          <DialogContent>
            <img
              className={styles.image}
              src={props.src}
              alt={props.alt}
              width={props.width ?? undefined}
              height={props.height ?? undefined}
            />
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={props.onClose}>
              {t('tab.close')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
