import { useCallback } from 'react';
import { useWords } from '../i18n.js';
import { useApp } from '../app-context.js';
import { Feed } from '../components/feed.js';
import { useLoad } from '../components/states.js';
import { Screen } from './layout.js';

/** A channel tab pinned to a department's news or a group's posts. */
export function ChannelFeed({ feed, id }: { feed: 'department' | 'group'; id: string }) {
  const { t } = useWords();
  const { api } = useApp();
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
      <Feed feedKey={`${feed}:${id}`} load={load} empty={t('groups.timelineEmpty')} />
    </Screen>
  );
}
