import { useRef } from 'react';
import { Button } from '@fluentui/react-button';
import { CameraRegular, ImageRegular } from '@fluentui/react-icons';

/**
 * Two buttons: one opens the phone's camera (`capture`), the other the gallery (or the file
 * chooser on a desktop). The file inputs themselves stay hidden: the buttons are what people
 * and screen readers use.
 */
export function PhotoPicker({
  takeLabel,
  chooseLabel,
  camera = 'environment',
  disabled,
  onPick,
  testId,
}: {
  takeLabel: string;
  chooseLabel: string;
  /** Which camera: the back one for work photos, the front one for a profile photo. */
  camera?: 'environment' | 'user';
  disabled?: boolean;
  onPick(file: File): void;
  /** Marks the gallery input for browser tests (they attach a file to it). */
  testId?: string;
}) {
  const cameraInput = useRef<HTMLInputElement>(null);
  const galleryInput = useRef<HTMLInputElement>(null);
  const input = (ref: typeof cameraInput, capture?: 'environment' | 'user') => (
    <input
      ref={ref}
      style={{ display: 'none' }}
      type="file"
      accept="image/*"
      capture={capture}
      tabIndex={-1}
      aria-hidden="true"
      data-testid={capture ? undefined : testId}
      onChange={(e) => {
        const file = e.currentTarget.files?.[0];
        e.currentTarget.value = '';
        if (file) onPick(file);
      }}
    />
  );
  return (
    <>
      <Button icon={<CameraRegular />} onClick={() => cameraInput.current?.click()} disabled={disabled}>
        {takeLabel}
      </Button>
      <Button icon={<ImageRegular />} onClick={() => galleryInput.current?.click()} disabled={disabled}>
        {chooseLabel}
      </Button>
      {input(cameraInput, camera)}
      {input(galleryInput)}
    </>
  );
}
