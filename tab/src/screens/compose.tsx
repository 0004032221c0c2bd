import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import * as AdaptiveCards from 'adaptivecards';
import { Button } from '@fluentui/react-button';
import { Checkbox } from '@fluentui/react-checkbox';
import { Field } from '@fluentui/react-field';
import { Input } from '@fluentui/react-input';
import { Radio, RadioGroup } from '@fluentui/react-radio';
import { Switch } from '@fluentui/react-switch';
import { Text } from '@fluentui/react-text';
import { Textarea } from '@fluentui/react-textarea';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/react-theme';
import { useWords } from '../i18n.js';
import { useApp } from '../app-context.js';
import { ApiError } from '../api.js';
import { ErrorNotice, Loading, useLoad } from '../components/states.js';
import type { NewPost } from '../types.js';
import type { Role } from '../../../models/person.js';
import { Screen } from './layout.js';
import { useDebounced } from './search.js';

const useStyles = makeStyles({
  layout: {
    display: 'grid',
    gap: tokens.spacingVerticalXL,
    '@media (min-width: 1100px)': { gridTemplateColumns: 'minmax(0, 1fr) 380px', alignItems: 'start' },
  },
  form: { display: 'grid', gap: tokens.spacingVerticalL },
  fieldset: {
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingVerticalM,
    margin: 0,
    display: 'grid',
    gap: tokens.spacingVerticalXS,
  },
  options: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))' },
  preview: {
    position: 'sticky',
    top: tokens.spacingVerticalL,
    display: 'grid',
    gap: tokens.spacingVerticalS,
  },
  card: {
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    padding: tokens.spacingVerticalM,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    overflowWrap: 'anywhere',
    '& .ac-pushButton': { minHeight: '44px' },
  },
  h2: { margin: 0, fontSize: tokens.fontSizeBase500 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

const ROLES = ['communicator', 'manager', 'admin', 'ambassador'] as const;

/**
 * Writing news (communicators for any audience, managers for their own department): audience,
 * importance, acknowledgement, notification and schedule, with the Adaptive Card recipients will
 * get rendered beside it as they will see it. This screen is its own bundle: the adaptivecards
 * library loads only here.
 */
export default function Compose() {
  const styles = useStyles();
  const w = useWords();
  const { t } = w;
  const { api, me, navigate, notify } = useApp();
  const communicator = me.roles.includes('communicator') || me.roles.includes('admin');
  const manager = me.roles.includes('manager');
  const choices = useLoad(
    () =>
      Promise.all([api.departments(), api.groups()]).then(([d, g]) => ({
        departments: d.departments,
        groups: g.groups,
      })),
    'compose',
  );
  const [kind, setKind] = useState<'news' | 'department'>(communicator ? 'news' : 'department');
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [body, setBody] = useState('');
  const [organisation, setOrganisation] = useState(true);
  const [departmentIds, setDepartmentIds] = useState<string[]>([]);
  const [locations, setLocations] = useState<string[]>([]);
  const [roles, setRoles] = useState<string[]>([]);
  const [groupIds, setGroupIds] = useState<string[]>([]);
  const [important, setImportant] = useState(false);
  const [requiresAck, setRequiresAck] = useState(false);
  const [notifyCards, setNotifyCards] = useState(false);
  const [schedule, setSchedule] = useState(false);
  const [publishAt, setPublishAt] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const allLocations = useMemo(() => {
    const set = new Set<string>();
    for (const d of choices.data?.departments ?? [])
      for (const p of d.people) if (p.officeLocation) set.add(p.officeLocation);
    return [...set].sort((a, b) => a.localeCompare(b, 'nl'));
  }, [choices.data]);

  const input: NewPost = useMemo(() => {
    const audience =
      kind === 'department'
        ? departmentIds.length
          ? { departmentIds }
          : undefined
        : organisation
          ? { organisation: true }
          : { departmentIds, locations, roles: roles as Role[], groupIds };
    return {
      kind,
      title: title.trim(),
      summary: summary.trim() || undefined,
      body: body.trim(),
      ...(audience ? { audience } : {}),
      important: important || requiresAck,
      requiresAck,
      ...(notifyCards ? { notify: true } : {}),
      ...(schedule && publishAt ? { publishAt: new Date(publishAt).toISOString() } : {}),
    };
  }, [
    kind,
    title,
    summary,
    body,
    organisation,
    departmentIds,
    locations,
    roles,
    groupIds,
    important,
    requiresAck,
    notifyCards,
    schedule,
    publishAt,
  ]);

  if (!communicator && !manager) {
    return (
      <Screen title={t('compose.title')} onBack={() => navigate({ view: 'home' })}>
        <ErrorNotice message={t('compose.notAllowed')} />
      </Screen>
    );
  }

  async function publish(e: FormEvent) {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!input.title) found.title = t('compose.titleNeeded');
    if (!input.body) found.body = t('compose.bodyNeeded');
    if (
      kind === 'news' &&
      !organisation &&
      !departmentIds.length &&
      !locations.length &&
      !roles.length &&
      !groupIds.length
    )
      found.audience = t('compose.audienceNeeded');
    if (schedule && (!publishAt || new Date(publishAt).getTime() <= Date.now()))
      found.publishAt = t('compose.publishAtPast');
    setProblems(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setError(undefined);
    try {
      const post = await api.createPost(input);
      notify(post.status === 'scheduled' ? t('compose.scheduled') : t('compose.published'));
      navigate({ view: 'post', id: post.id });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const toggle = (list: string[], set: (v: string[]) => void, value: string, on: boolean) =>
    set(on ? [...list, value] : list.filter((x) => x !== value));

  return (
    <Screen title={t('compose.title')} onBack={() => navigate({ view: 'home' })}>
      <div className={styles.layout}>
        <form className={styles.form} onSubmit={publish} noValidate>
          {communicator && (
            <Field label={t('compose.kind')}>
              <RadioGroup value={kind} onChange={(_, d) => setKind(d.value as 'news' | 'department')}>
                <Radio value="news" label={t('compose.kind.news')} />
                <Radio value="department" label={t('compose.kind.department')} />
              </RadioGroup>
            </Field>
          )}
          <Field label={t('compose.titleField')} required validationMessage={problems.title}>
            <Input value={title} onChange={(_, d) => setTitle(d.value)} maxLength={200} />
          </Field>
          <Field label={t('compose.summary')} hint={t('compose.summaryHint')}>
            <Textarea value={summary} onChange={(_, d) => setSummary(d.value)} maxLength={500} rows={2} />
          </Field>
          <Field label={t('compose.body')} hint={t('compose.bodyHint')} required validationMessage={problems.body}>
            <Textarea value={body} onChange={(_, d) => setBody(d.value)} maxLength={20000} rows={8} resize="vertical" />
          </Field>
          {choices.state === 'loading' && <Loading rows={1} />}
          {choices.state === 'error' && <ErrorNotice error={choices.error} retry={choices.reload} />}
          {choices.data && (
            <fieldset className={styles.fieldset}>
              <legend>
                <Text weight="semibold">{t('compose.audience')}</Text>
              </legend>
              {problems.audience && <ErrorNotice message={problems.audience} />}
              {kind === 'news' && (
                <Switch
                  checked={organisation}
                  onChange={(_, d) => setOrganisation(d.checked)}
                  label={t('compose.organisation')}
                />
              )}
              {(kind === 'department' ? communicator : !organisation) && (
                <fieldset className={styles.fieldset}>
                  <legend>{t('compose.departments')}</legend>
                  <div className={styles.options}>
                    {choices.data.departments.map((d) => (
                      <Checkbox
                        key={d.id}
                        label={d.name}
                        checked={departmentIds.includes(d.id)}
                        onChange={(_, c) => toggle(departmentIds, setDepartmentIds, d.id, !!c.checked)}
                      />
                    ))}
                  </div>
                </fieldset>
              )}
              {kind === 'news' && !organisation && (
                <>
                  {allLocations.length > 0 && (
                    <fieldset className={styles.fieldset}>
                      <legend>{t('compose.locations')}</legend>
                      <div className={styles.options}>
                        {allLocations.map((l) => (
                          <Checkbox
                            key={l}
                            label={l}
                            checked={locations.includes(l)}
                            onChange={(_, c) => toggle(locations, setLocations, l, !!c.checked)}
                          />
                        ))}
                      </div>
                    </fieldset>
                  )}
                  <fieldset className={styles.fieldset}>
                    <legend>{t('compose.roles')}</legend>
                    <div className={styles.options}>
                      {ROLES.map((r) => (
                        <Checkbox
                          key={r}
                          label={t(`compose.role.${r}`)}
                          checked={roles.includes(r)}
                          onChange={(_, c) => toggle(roles, setRoles, r, !!c.checked)}
                        />
                      ))}
                    </div>
                  </fieldset>
                  {choices.data.groups.length > 0 && (
                    <fieldset className={styles.fieldset}>
                      <legend>{t('compose.groups')}</legend>
                      <div className={styles.options}>
                        {choices.data.groups.map((g) => (
                          <Checkbox
                            key={g.id}
                            label={g.name}
                            checked={groupIds.includes(g.id)}
                            onChange={(_, c) => toggle(groupIds, setGroupIds, g.id, !!c.checked)}
                          />
                        ))}
                      </div>
                    </fieldset>
                  )}
                </>
              )}
              {kind === 'department' && !communicator && <Text>{me.person?.department}</Text>}
            </fieldset>
          )}
          <Switch
            checked={important || requiresAck}
            disabled={requiresAck}
            onChange={(_, d) => setImportant(d.checked)}
            label={t('compose.important')}
          />
          <Switch
            checked={requiresAck}
            onChange={(_, d) => setRequiresAck(d.checked)}
            label={t('compose.requiresAck')}
          />
          <Switch checked={notifyCards} onChange={(_, d) => setNotifyCards(d.checked)} label={t('compose.notify')} />
          <Switch checked={schedule} onChange={(_, d) => setSchedule(d.checked)} label={t('compose.schedule')} />
          {schedule && (
            <Field label={t('compose.publishAt')} validationMessage={problems.publishAt}>
              <Input type="datetime-local" value={publishAt} onChange={(_, d) => setPublishAt(d.value)} />
            </Field>
          )}
          {error !== undefined && <ErrorNotice error={error} />}
          <div className={styles.actions}>
            <Button type="submit" appearance="primary" size="large" disabled={busy}>
              {busy ? t('compose.publishing') : schedule ? t('compose.schedulePublish') : t('compose.publish')}
            </Button>
            <Button size="large" onClick={() => navigate({ view: 'home' })}>
              {t('tab.cancel')}
            </Button>
          </div>
        </form>
        <CardPreview input={input} />
      </div>
    </Screen>
  );
}

/** The Adaptive Card as recipients get it, from the server, rendered by the adaptivecards library. */
function CardPreview({ input }: { input: NewPost }) {
  const styles = useStyles();
  const w = useWords();
  const { t, locale } = w;
  const { api } = useApp();
  const debounced = useDebounced(input, 500);
  const [state, setState] = useState<'empty' | 'loading' | 'ok' | 'unavailable' | 'error'>('empty');
  const [error, setError] = useState<unknown>();
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!debounced.title) {
      setState('empty');
      host.current?.replaceChildren();
      return;
    }
    let live = true;
    setState((s) => (s === 'ok' ? s : 'loading'));
    api.cardPreview({ ...debounced, body: debounced.body || ' ', locale }).then(
      ({ card }) => {
        if (!live || !host.current) return;
        const adaptive = new AdaptiveCards.AdaptiveCard();
        adaptive.hostConfig = new AdaptiveCards.HostConfig({
          fontFamily: '"Segoe UI", system-ui, sans-serif',
          supportsInteractivity: true,
        });
        adaptive.parse(card);
        const rendered = adaptive.render();
        host.current.replaceChildren(...(rendered ? [rendered] : []));
        setState('ok');
      },
      (err: unknown) => {
        if (!live) return;
        // A server without the preview route (an older version behind a proxy): say so and let people publish.
        setState(err instanceof ApiError && (err.status === 404 || err.status === 501) ? 'unavailable' : 'error');
        setError(err);
      },
    );
    return () => {
      live = false;
    };
  }, [debounced, api, locale]);

  return (
    <section className={styles.preview} aria-labelledby="compose-preview">
      <h2 id="compose-preview" className={styles.h2}>
        {t('compose.preview')}
      </h2>
      {state === 'empty' && <Text>{t('compose.previewEmpty')}</Text>}
      {state === 'loading' && <Loading rows={1} />}
      {state === 'unavailable' && <Text>{t('compose.previewUnavailable')}</Text>}
      {state === 'error' && <ErrorNotice error={error} />}
      <div ref={host} className={styles.card} hidden={state !== 'ok'} data-testid="card-preview" />
    </section>
  );
}

// The first load's modules, so that they share one chunk with it (src/first-load.ts).
export * as firstLoad from '../first-load.js';
// The people screens too, so that a deep-linked person's page is one chunk (see people-group.ts).
export * as peopleGroup from './people-group.js';
