import { useCallback, useEffect, useState } from 'react';
import { Field } from '@fluentui/react-field';
import { Switch } from '@fluentui/react-switch';
import { Text } from '@fluentui/react-text';
import { useWords } from '../i18n.js';
import { useApp } from '../app-context.js';
import { ApiError, type ChannelFollows } from '../api.js';
import { Feed } from '../components/feed.js';
import { ErrorNotice, useLoad } from '../components/states.js';
import { Screen } from './layout.js';

/** A channel tab pinned to a department's news or a group's posts. */
export function ChannelFeed({ feed, id }: { feed: 'department' | 'group'; id: string }) {
  const { t } = useWords();
  const { api, host } = useApp();
  const name = useLoad(
    () =>
      feed === 'group'
        ? api.group(id).then((g) => g.name)
        : api.departments().then((r) => r.departments.find((d) => d.id === id)?.name ?? ''),
    `${feed}:${id}`,
  );
  const load = useCallback(
    (cursor?: string) => (feed === 'group' ? api.groupFeed(id, cursor) : api.departmentFeed(id, cursor)),
    [api, feed, id],
  );
  const title = name.data
    ? t(feed === 'group' ? 'channel.group' : 'channel.department', { name: name.data })
    : t('feed.title');
  return (
    <Screen title={title}>
      {feed === 'department' && host.channelId && name.data && (
        <ChannelCards channelId={host.channelId} departmentId={id} department={name.data} />
      )}
      <Feed feedKey={`${feed}:${id}`} load={load} empty={t('groups.timelineEmpty')} />
    </Screen>
  );
}

/**
 * The channel tab's setting (issue: "or by the channel tab's setting"): whether this department's
 * news cards also go to the channel. Only members of the channel's team may change it (the
 * server asks Teams); others do not see it. Where Ids is not in the team, it says what to do.
 */
function ChannelCards({
  channelId,
  departmentId,
  department,
}: {
  channelId: string;
  departmentId: string;
  department: string;
}) {
  const { t } = useWords();
  const { api, notify } = useApp();
  const [follows, setFollows] = useState<ChannelFollows>();
  const [state, setState] = useState<'loading' | 'ok' | 'notInstalled' | 'hidden'>('loading');
  const [busy, setBusy] = useState(false);
  // Shown at once; put back if the server says no.
  const [wanted, setWanted] = useState<boolean>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    let live = true;
    api.channelFollows(channelId).then(
      (f) => {
        if (!live) return;
        setFollows(f);
        setState('ok');
      },
      (err: unknown) => {
        if (!live) return;
        // 404: Ids is not in this team; 403: not a member of it; anything else: nothing to offer now.
        setState(err instanceof ApiError && err.status === 404 ? 'notInstalled' : 'hidden');
      },
    );
    return () => {
      live = false;
    };
  }, [api, channelId]);

  if (state === 'loading' || state === 'hidden') return null;
  if (state === 'notInstalled') return <Text>{t('follow.tabNotInstalled', { department })}</Text>;
  const on = wanted ?? !!follows?.departments.some((d) => d.id === departmentId);

  async function toggle(next: boolean) {
    if (!follows) return;
    setBusy(true);
    setError(undefined);
    setWanted(next);
    try {
      const ids = follows.departments.map((d) => d.id).filter((d) => d !== departmentId);
      const saved = await api.setChannelFollows(channelId, next ? [...ids, departmentId] : ids);
      setFollows(saved);
      notify(t(next ? 'follow.done' : 'follow.stopped', { department }));
    } catch (err) {
      setError(err);
    } finally {
      setWanted(undefined);
      setBusy(false);
    }
  }

  return (
    <>
      <Field hint={t('follow.tabHint', { department })}>
        <Switch
          checked={on}
          disabled={busy}
          onChange={(_, d) => void toggle(d.checked)}
          label={t('follow.tabSwitch', { department })}
        />
      </Field>
      {error !== undefined && <ErrorNotice error={error} />}
    </>
  );
}
