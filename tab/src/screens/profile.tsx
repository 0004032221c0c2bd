import { useState, type FormEvent } from 'react';
import { Button } from '@fluentui/react-button';
import { Field } from '@fluentui/react-field';
import { Input } from '@fluentui/react-input';
import { MessageBar, MessageBarBody } from '@fluentui/react-message-bar';
import { Radio, RadioGroup } from '@fluentui/react-radio';
import { Tag, TagGroup } from '@fluentui/react-tags';
import { Text } from '@fluentui/react-text';
import { Textarea } from '@fluentui/react-textarea';
import { ProgressBar } from '@fluentui/react-progress';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/react-theme';
import {
  DataBarVerticalRegular,
  DeleteRegular,
  PeopleSearchRegular,
  PersonRegular,
  PersonStarRegular,
  ShieldRegular,
} from '@fluentui/react-icons';
import { PhotoPicker } from '../components/photo-picker.js';
import { useWords } from '../i18n.js';
import { useApp } from '../app-context.js';
import { ApiError } from '../api.js';
import { PersonAvatar } from '../components/avatar.js';
import { ErrorNotice } from '../components/states.js';
import { resizeImage } from '../components/image.js';
import type { OwnProfile, ProfilePatch, ProfileProblem } from '../types.js';
import { Screen } from './layout.js';
import { CompletenessMeter, Leaderboard } from '../components/completeness.js';
import { ExportButton } from './privacy.js';

const useStyles = makeStyles({
  form: { display: 'grid', gap: tokens.spacingVerticalL, maxWidth: '560px' },
  photo: { display: 'flex', gap: tokens.spacingHorizontalL, alignItems: 'center', flexWrap: 'wrap' },
  photoButtons: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  skillRow: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  readOnly: { display: 'grid', gap: tokens.spacingVerticalXXS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

const BIO_MAX = 2000;
type Form = Omit<Required<{ [K in keyof ProfilePatch]: NonNullable<ProfilePatch[K]> }>, 'mobileVisibility'> & {
  /** 'default': no choice of one's own, the organisation's default applies (sent as null). */
  mobileVisibility: OwnProfile['mobileVisibility'] | 'default';
};

function formOf(p: OwnProfile): Form {
  return {
    jobTitle: p.jobTitle ?? '',
    officeLocation: p.officeLocation ?? '',
    businessPhone: p.businessPhone ?? '',
    mobilePhone: p.mobilePhone ?? '',
    mobileVisibility: p.mobileVisibilityChoice ?? 'default',
    skills: [...p.skills],
    bio: p.bio ?? '',
  };
}

/** My profile: what colleagues find me by. Saved all at once; refused fields say why under themselves. */
export function Profile() {
  const styles = useStyles();
  const { t } = useWords();
  const { api, me, refreshMe, notify, navigate } = useApp();
  const [form, setForm] = useState<Form>(() => formOf(me.profile));
  const [skill, setSkill] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const [photoState, setPhotoState] = useState<{ busy: boolean; progress?: number; error?: unknown }>({ busy: false });
  const locked = new Set(me.profile.locked.map((l) => l.field));
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));

  function addSkill() {
    const s = skill.trim();
    if (!s) return;
    if (!form.skills.some((x) => x.toLocaleLowerCase() === s.toLocaleLowerCase())) set('skills', [...form.skills, s]);
    setSkill('');
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    setError(undefined);
    setProblems({});
    const patch: ProfilePatch = {};
    const before = formOf(me.profile);
    for (const key of Object.keys(form) as Array<keyof Form>) {
      if (locked.has(key)) continue;
      if (JSON.stringify(form[key]) !== JSON.stringify(before[key]))
        (patch as Record<string, unknown>)[key] = form[key] === 'default' ? null : form[key];
    }
    try {
      if (Object.keys(patch).length) await api.updateProfile(patch);
      await refreshMe();
      notify(t('profile.saved'));
    } catch (err) {
      if (err instanceof ApiError && Array.isArray(err.details)) {
        setProblems(Object.fromEntries((err.details as ProfileProblem[]).map((p) => [p.field, p.message])));
      }
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  async function setPhoto(file: File) {
    setPhotoState({ busy: true, progress: 0 });
    try {
      const { blob } = await resizeImage(file, 1024);
      await api.setPhoto(blob, (progress) => setPhotoState({ busy: true, progress }));
      await refreshMe();
      setPhotoState({ busy: false });
      notify(t('profile.photo.saved'));
    } catch (err) {
      setPhotoState({ busy: false, error: err });
    }
  }

  async function removePhoto() {
    setPhotoState({ busy: true });
    try {
      await api.removePhoto();
      await refreshMe();
      setPhotoState({ busy: false });
      notify(t('profile.photo.removed'));
    } catch (err) {
      setPhotoState({ busy: false, error: err });
    }
  }

  const text = (key: 'jobTitle' | 'officeLocation' | 'businessPhone' | 'mobilePhone', hint?: string, type = 'text') => (
    <Field
      label={t(`profile.field.${key}`)}
      hint={locked.has(key) ? t('profile.readOnly') : hint}
      validationMessage={problems[key]}
    >
      <Input
        value={form[key]}
        type={type as 'text' | 'tel'}
        inputMode={type === 'tel' ? 'tel' : undefined}
        autoComplete={type === 'tel' ? 'tel' : 'off'}
        readOnly={locked.has(key)}
        onChange={(_, d) => set(key, d.value)}
        maxLength={key.endsWith('Phone') ? 40 : 200}
      />
    </Field>
  );

  return (
    <Screen title={t('profile.title')}>
      <Text>{t('profile.intro')}</Text>
      <CompletenessMeter
        completeness={me.completeness}
        onNudges={async (wanted) => {
          try {
            await api.setNudges(wanted);
            await refreshMe();
          } catch (err) {
            setError(err);
          }
        }}
      />
      <section className={styles.photo} aria-label={t('profile.field.photo')}>
        {me.person && <PersonAvatar person={me.person} size={96} />}
        <div className={styles.photoButtons}>
          <PhotoPicker
            takeLabel={t('profile.photo.take')}
            chooseLabel={t('profile.photo.change')}
            camera="user"
            disabled={photoState.busy}
            onPick={(file) => void setPhoto(file)}
            testId="profile-photo-input"
          />
          {me.person?.photoUrl && (
            <Button icon={<DeleteRegular />} onClick={removePhoto} disabled={photoState.busy}>
              {t('profile.photo.remove')}
            </Button>
          )}
        </div>
        {photoState.progress !== undefined && photoState.busy && (
          <ProgressBar
            value={photoState.progress}
            aria-label={t('composer.uploading', { percent: Math.round(photoState.progress * 100) })}
          />
        )}
        {photoState.error !== undefined && <ErrorNotice error={photoState.error} />}
      </section>
      <form className={styles.form} onSubmit={save} noValidate>
        {error !== undefined && (
          <MessageBar intent="error" role="alert" layout="multiline">
            <MessageBarBody>
              {error instanceof ApiError && error.code === 'validation_failed' && error.message ? (
                error.message
              ) : (
                <ErrorText error={error} />
              )}
            </MessageBarBody>
          </MessageBar>
        )}
        {text('jobTitle')}
        <div className={styles.readOnly}>
          <Text weight="semibold">{t('profile.department')}</Text>
          <Text>{me.profile.department ?? t('profile.noDepartment')}</Text>
          <Text size={200}>{t('profile.readOnly')}</Text>
        </div>
        {text('officeLocation')}
        {text('businessPhone', t('profile.hint.businessPhone'), 'tel')}
        {text('mobilePhone', t('profile.hint.mobilePhone'), 'tel')}
        <Field label={t('profile.field.mobileVisibility')} validationMessage={problems.mobileVisibility}>
          <RadioGroup
            value={form.mobileVisibility}
            onChange={(_, d) => set('mobileVisibility', d.value as Form['mobileVisibility'])}
          >
            <Radio value="private" label={t('profile.visibility.private')} />
            <Radio value="organisation" label={t('profile.visibility.organisation')} />
            <Radio value="default" label={t(`profile.visibility.default.${me.profile.mobileVisibilityDefault}`)} />
          </RadioGroup>
        </Field>
        <fieldset style={{ border: 'none', padding: 0, margin: 0, display: 'grid', gap: 8 }}>
          <legend>
            <Text weight="semibold">{t('profile.field.skills')}</Text>
          </legend>
          {form.skills.length ? (
            <TagGroup
              onDismiss={(_, d) =>
                set(
                  'skills',
                  form.skills.filter((s) => s !== d.value),
                )
              }
              aria-label={t('profile.field.skills')}
              style={{ flexWrap: 'wrap', gap: 8 }}
            >
              {form.skills.map((s) => (
                <Tag
                  key={s}
                  value={s}
                  dismissible
                  dismissIcon={{ 'aria-label': t('profile.skills.remove', { skill: s }) }}
                  shape="circular"
                >
                  {s}
                </Tag>
              ))}
            </TagGroup>
          ) : (
            <Text>{t('profile.skills.none')}</Text>
          )}
          <div className={styles.skillRow}>
            <Field
              label={t('profile.skills.label')}
              hint={t('profile.skills.hint')}
              validationMessage={problems.skills}
              style={{ flex: 1, minWidth: 200 }}
            >
              <Input
                value={skill}
                maxLength={100}
                onChange={(_, d) => setSkill(d.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    addSkill();
                  }
                }}
              />
            </Field>
            <Button onClick={addSkill} disabled={!skill.trim()}>
              {t('profile.skills.add')}
            </Button>
          </div>
        </fieldset>
        <Field
          label={t('profile.field.bio')}
          hint={t('profile.bio.hint', { left: Math.max(0, BIO_MAX - form.bio.length) })}
          validationMessage={problems.bio}
        >
          <Textarea
            value={form.bio}
            onChange={(_, d) => set('bio', d.value)}
            rows={4}
            resize="vertical"
            maxLength={BIO_MAX}
          />
        </Field>
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" size="large" disabled={saving}>
            {saving ? t('tab.saving') : t('tab.save')}
          </Button>
          <Button size="large" icon={<PersonRegular />} onClick={() => navigate({ view: 'person', id: me.id })}>
            {t('profile.view')}
          </Button>
        </div>
      </form>
      <Leaderboard />
      <section className={styles.actions} aria-label={t('tab.privacy.title')}>
        <ExportButton api={api} onDone={() => notify(t('tab.privacy.exported'))} />
        <Button size="large" appearance="subtle" icon={<ShieldRegular />} onClick={() => navigate({ view: 'privacy' })}>
          {t('tab.privacy.open')}
        </Button>
      </section>
      {(me.can.viewAnalytics || me.can.viewIncompleteList || me.can.viewProfileGaps) && (
        <section className={styles.actions} aria-label={t('tab.profile.roleTools')}>
          {me.can.viewAnalytics && (
            <Button
              size="large"
              appearance="subtle"
              icon={<DataBarVerticalRegular />}
              onClick={() => navigate({ view: 'analytics' })}
            >
              {t('tab.analytics.open')}
            </Button>
          )}
          {me.can.viewIncompleteList && me.departmentId && (
            <Button
              size="large"
              appearance="subtle"
              icon={<PersonStarRegular />}
              onClick={() => navigate({ view: 'incomplete', id: me.departmentId! })}
            >
              {t('tab.incomplete.open')}
            </Button>
          )}
          {me.can.viewProfileGaps && (
            <Button
              size="large"
              appearance="subtle"
              icon={<PeopleSearchRegular />}
              onClick={() => navigate({ view: 'profile-gaps' })}
            >
              {t('tab.gaps.open')}
            </Button>
          )}
        </section>
      )}
    </Screen>
  );
}

function ErrorText({ error }: { error: unknown }) {
  const w = useWords();
  return <>{w.error(error)}</>;
}
