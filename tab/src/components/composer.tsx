import { useEffect, useId, useState, type FormEvent } from 'react';
import { Button } from '@fluentui/react-button';
import {
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
} from '@fluentui/react-dialog';
import { Dropdown, Option } from '@fluentui/react-combobox';
import { Field } from '@fluentui/react-field';
import { Input } from '@fluentui/react-input';
import { ProgressBar } from '@fluentui/react-progress';
import { Textarea } from '@fluentui/react-textarea';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/react-theme';
import { DismissRegular } from '@fluentui/react-icons';
import { PhotoPicker } from './photo-picker.js';
import { useWords } from '../i18n.js';
import { useApp } from '../app-context.js';
import type { GroupSummary, Post } from '../types.js';
import { ErrorNotice, Loading, useLoad } from './states.js';
import { resizeImage } from './image.js';

const useStyles = makeStyles({
  surface: {
    // A full-screen sheet on a phone, a dialog on a desktop.
    '@media (max-width: 600px)': {
      width: '100vw',
      maxWidth: '100vw',
      height: '100dvh',
      maxHeight: '100dvh',
      borderRadius: 0,
    },
  },
  form: { display: 'grid', gap: tokens.spacingVerticalM },
  photoButtons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  preview: { maxWidth: '100%', maxHeight: '240px', borderRadius: tokens.borderRadiusMedium, display: 'block' },
});

interface Photo {
  blob: Blob;
  url: string;
  width: number;
  height: number;
}

/**
 * "Bericht plaatsen": a post (or a question) in one of the person's groups, optionally with one
 * photo taken with the phone's camera or chosen from the gallery, made smaller in the browser,
 * described for colleagues who cannot see it, and sent with visible progress.
 */
export interface ComposerProps {
  /** Groups to choose from (the person's own); ignored with `fixedGroup`. */
  groups?: readonly GroupSummary[];
  fixedGroup?: GroupSummary;
  onPosted(post: Post): void;
  triggerLabel?: string;
}

export default function ComposerDialog({
  groups,
  fixedGroup,
  onPosted,
  triggerLabel,
  open,
  onOpenChange,
}: ComposerProps & { open: boolean; onOpenChange(open: boolean): void }) {
  const styles = useStyles();
  const { t } = useWords();
  const { api, notify } = useApp();
  const [groupId, setGroupId] = useState(fixedGroup?.id ?? '');
  const [body, setBody] = useState('');
  const [alt, setAlt] = useState('');
  const [photo, setPhoto] = useState<Photo>();
  const [stage, setStage] = useState<'idle' | 'resizing' | 'uploading' | 'posting'>('idle');
  const [progress, setProgress] = useState(0);
  const [error, setError] = useState<unknown>();
  const [problems, setProblems] = useState<{ group?: string; body?: string; alt?: string; photo?: string }>({});
  const altId = useId();

  // The person's own groups (where they may post), fetched when the composer first opens.
  const mine = useLoad(
    () => (fixedGroup || groups ? Promise.resolve([]) : api.groups().then((r) => r.groups.filter((g) => g.isMember))),
    'composer-groups',
  );
  const choices = fixedGroup ? [fixedGroup] : (groups ?? mine.data ?? []);
  const group = choices.find((g) => g.id === groupId);
  const isQuestion = group?.kind === 'qa';

  useEffect(() => () => photo && URL.revokeObjectURL(photo.url), [photo]);

  function reset() {
    setBody('');
    setAlt('');
    setPhoto(undefined);
    setStage('idle');
    setProgress(0);
    setError(undefined);
    setProblems({});
    if (!fixedGroup) setGroupId('');
  }

  async function pick(file: File) {
    setProblems((p) => ({ ...p, photo: undefined }));
    if (!file.type.startsWith('image/')) {
      setProblems((p) => ({ ...p, photo: t('composer.notImage') }));
      return;
    }
    setStage('resizing');
    try {
      const resized = await resizeImage(file);
      setPhoto({ ...resized, url: URL.createObjectURL(resized.blob) });
    } catch {
      setProblems((p) => ({ ...p, photo: t('composer.notImage') }));
    } finally {
      setStage('idle');
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = {
      group: group ? undefined : t('composer.groupNeeded'),
      body: body.trim() || photo ? undefined : t('composer.bodyNeeded'),
      alt: photo && !alt.trim() ? t('composer.altNeeded') : undefined,
    };
    setProblems(found);
    if (found.group || found.body || found.alt || !group) return;
    setError(undefined);
    try {
      let attachmentIds: string[] | undefined;
      let attachmentAlt: Record<string, string> | undefined;
      if (photo) {
        setStage('uploading');
        setProgress(0);
        const media = await api.uploadMedia(photo.blob, 'foto.jpg', setProgress);
        attachmentIds = [media.id];
        attachmentAlt = { [media.id]: alt.trim() };
      }
      setStage('posting');
      const post = await api.createPost({
        kind: group.kind === 'qa' ? 'question' : 'group',
        groupId: group.id,
        body: body.trim(),
        ...(attachmentIds ? { attachmentIds, attachmentAlt } : {}),
      });
      onPosted(post);
      notify(t('feed.newPost'));
      reset();
      onOpenChange(false);
    } catch (err) {
      setError(err);
      setStage('idle');
    }
  }

  const busy = stage !== 'idle';
  return (
    <Dialog
      open={open}
      onOpenChange={(_, d) => {
        onOpenChange(d.open);
        if (!d.open) reset();
      }}
    >
      <DialogSurface className={styles.surface}>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>{triggerLabel ?? t('composer.title')}</DialogTitle>
            <DialogContent className={styles.form}>
              {!fixedGroup && (
                <Field label={t('composer.group')} required validationMessage={problems.group}>
                  {mine.state === 'loading' ? (
                    <Loading rows={1} />
                  ) : mine.state === 'error' ? (
                    <ErrorNotice error={mine.error} retry={mine.reload} />
                  ) : choices.length === 0 ? (
                    <span>{t('composer.noGroups')}</span>
                  ) : (
                    <Dropdown
                      placeholder={t('composer.groupPlaceholder')}
                      selectedOptions={groupId ? [groupId] : []}
                      value={group?.name ?? ''}
                      onOptionSelect={(_, d) => setGroupId(d.optionValue ?? '')}
                    >
                      {choices.map((g) => (
                        <Option key={g.id} value={g.id}>
                          {g.name}
                        </Option>
                      ))}
                    </Dropdown>
                  )}
                </Field>
              )}
              <Field
                label={isQuestion ? t('composer.bodyQuestion') : t('composer.body')}
                validationMessage={problems.body}
              >
                <Textarea
                  value={body}
                  onChange={(_, d) => setBody(d.value)}
                  rows={4}
                  resize="vertical"
                  maxLength={20000}
                />
              </Field>
              <div className={styles.photoButtons}>
                <PhotoPicker
                  takeLabel={t('composer.takePhoto')}
                  chooseLabel={t('composer.choosePhoto')}
                  disabled={busy}
                  onPick={(file) => void pick(file)}
                  testId="photo-input"
                />
              </div>
              {problems.photo && <ErrorNotice message={problems.photo} />}
              {stage === 'resizing' && <ProgressBar aria-label={t('composer.resizing')} />}
              {photo && (
                <>
                  <img
                    className={styles.preview}
                    src={photo.url}
                    alt={alt.trim() || t('composer.preview')}
                    width={photo.width}
                    height={photo.height}
                    style={{ width: 'auto', height: 'auto' }}
                  />
                  <Field
                    label={t('composer.alt')}
                    hint={t('composer.altHint')}
                    required
                    validationMessage={problems.alt}
                  >
                    <Input id={altId} value={alt} onChange={(_, d) => setAlt(d.value)} maxLength={300} />
                  </Field>
                  <div>
                    <Button icon={<DismissRegular />} onClick={() => setPhoto(undefined)} disabled={busy}>
                      {t('composer.removePhoto')}
                    </Button>
                  </div>
                </>
              )}
              {stage === 'uploading' && (
                <Field
                  validationMessage={t('composer.uploading', { percent: Math.round(progress * 100) })}
                  validationState="none"
                >
                  <ProgressBar
                    value={progress}
                    aria-label={t('composer.uploading', { percent: Math.round(progress * 100) })}
                  />
                </Field>
              )}
              {error !== undefined && <ErrorNotice error={error} />}
            </DialogContent>
            <DialogActions>
              <DialogTrigger disableButtonEnhancement>
                <Button disabled={busy}>{t('tab.cancel')}</Button>
              </DialogTrigger>
              <Button type="submit" appearance="primary" disabled={busy || choices.length === 0}>
                {stage === 'posting' ? t('composer.posting') : t('composer.post')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
