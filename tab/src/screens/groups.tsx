import { useCallback, useRef, useState } from 'react';
import { Badge } from '@fluentui/react-badge';
import { Button } from '@fluentui/react-button';
import { Card } from '@fluentui/react-card';
import { Tab, TabList } from '@fluentui/react-tabs';
import { Text } from '@fluentui/react-text';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/react-theme';
import { useWords } from '../i18n.js';
import { useApp } from '../app-context.js';
import { Empty, ErrorNotice, Loading, useLoad } from '../components/states.js';
import { Feed, type FeedHandle } from '../components/feed.js';
import { Composer } from '../components/composer-button.js';
import type { GroupSummary } from '../types.js';
import { Screen } from './layout.js';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'grid', gap: tokens.spacingVerticalM },
  card: { display: 'grid', gap: tokens.spacingVerticalS },
  name: {
    margin: 0,
    fontSize: tokens.fontSizeBase500,
  },
  open: {
    background: 'none',
    border: 'none',
    padding: 0,
    font: 'inherit',
    color: tokens.colorBrandForegroundLink,
    cursor: 'pointer',
    textAlign: 'start',
    minHeight: '44px',
    textDecorationLine: 'underline',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  badges: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

/** Join/leave and follow/unfollow, with the result shown at once. */
function useMembership(onChange: (g: GroupSummary) => void) {
  const { api, notify } = useApp();
  const { t } = useWords();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<string>();
  const act = async (g: GroupSummary, verb: 'join' | 'leave' | 'follow' | 'unfollow') => {
    setBusy(g.id);
    setError(undefined);
    try {
      const updated = await api.groupAction(g.id, verb);
      onChange(updated);
      if (verb === 'join') notify(t('groups.joined', { name: g.name }));
      if (verb === 'leave') notify(t('groups.left', { name: g.name }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(undefined);
    }
  };
  return { act, error, busy };
}

function GroupActions({
  group,
  act,
  busy,
}: {
  group: GroupSummary;
  act: ReturnType<typeof useMembership>['act'];
  busy?: string;
}) {
  const styles = useStyles();
  const { t } = useWords();
  const disabled = busy === group.id;
  return (
    <div className={styles.actions}>
      {group.isMember ? (
        <Button
          onClick={() => act(group, 'leave')}
          disabled={disabled}
          aria-label={t('groups.leaveGroup', { name: group.name })}
        >
          {t('groups.leave')}
        </Button>
      ) : (
        group.visibility === 'open' && (
          <Button
            appearance="primary"
            onClick={() => act(group, 'join')}
            disabled={disabled}
            aria-label={t('groups.joinGroup', { name: group.name })}
          >
            {t('groups.join')}
          </Button>
        )
      )}
      {(group.visibility === 'open' || group.isMember) &&
        (group.isFollowing ? (
          <Button
            onClick={() => act(group, 'unfollow')}
            disabled={disabled}
            aria-label={t('groups.unfollowGroup', { name: group.name })}
          >
            {t('groups.unfollow')}
          </Button>
        ) : (
          <Button
            onClick={() => act(group, 'follow')}
            disabled={disabled}
            aria-label={t('groups.followGroup', { name: group.name })}
          >
            {t('groups.follow')}
          </Button>
        ))}
    </div>
  );
}

function GroupBadges({ group }: { group: GroupSummary }) {
  const styles = useStyles();
  const { t } = useWords();
  return (
    <div className={styles.badges}>
      <Badge appearance="outline" color="informative">
        {t('groups.members', { count: group.memberCount })}
      </Badge>
      {group.kind === 'qa' && (
        <Badge appearance="tint" color="brand">
          {t('groups.qa')}
        </Badge>
      )}
      {group.visibility === 'closed' && (
        <Badge appearance="tint" color="warning">
          {t('groups.closed')}
        </Badge>
      )}
      {group.isMember && (
        <Badge appearance="tint" color="success">
          {t('groups.member')}
        </Badge>
      )}
    </div>
  );
}

/** Groups: mine and all, with join/leave and follow. */
export function Groups() {
  const styles = useStyles();
  const { t } = useWords();
  const { api, navigate } = useApp();
  const groups = useLoad(() => api.groups().then((r) => r.groups), 'groups');
  const [tab, setTab] = useState<'mine' | 'all'>('mine');
  const membership = useMembership((g) => groups.data && groups.set(groups.data.map((x) => (x.id === g.id ? g : x))));
  const shown = (groups.data ?? []).filter((g) => tab === 'all' || g.isMember);
  return (
    <Screen title={t('groups.title')}>
      <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as 'mine' | 'all')}>
        <Tab value="mine">{t('groups.mine')}</Tab>
        <Tab value="all">{t('groups.all')}</Tab>
      </TabList>
      {groups.state === 'loading' && <Loading />}
      {groups.state === 'error' && <ErrorNotice error={groups.error} retry={groups.reload} />}
      {membership.error !== undefined && <ErrorNotice error={membership.error} />}
      {groups.state === 'ok' && shown.length === 0 && (
        <Empty action={tab === 'mine' ? <Button onClick={() => setTab('all')}>{t('groups.all')}</Button> : undefined}>
          {tab === 'mine' ? t('groups.emptyMine') : t('groups.empty')}
        </Empty>
      )}
      {shown.length > 0 && (
        <ul className={styles.list}>
          {shown.map((g) => (
            <li key={g.id}>
              <Card className={styles.card} appearance="filled">
                <h2 className={styles.name}>
                  <button type="button" className={styles.open} onClick={() => navigate({ view: 'group', id: g.id })}>
                    {g.name}
                  </button>
                </h2>
                <GroupBadges group={g} />
                {g.description && <Text>{g.description}</Text>}
                <GroupActions group={g} act={membership.act} busy={membership.busy} />
              </Card>
            </li>
          ))}
        </ul>
      )}
    </Screen>
  );
}

/** A group's timeline; in a Q&A group, its questions with an "unanswered" filter. */
export function GroupPage({ id }: { id: string }) {
  const { t } = useWords();
  const { api, back } = useApp();
  const group = useLoad(() => api.group(id), id);
  const [filter, setFilter] = useState<'all' | 'open'>('all');
  const feed = useRef<FeedHandle>(undefined);
  const membership = useMembership((g) => group.data && group.set({ ...group.data, ...g }));
  const load = useCallback((cursor?: string) => api.groupFeed(id, cursor), [api, id]);
  const g = group.data;
  const qa = g?.kind === 'qa';
  return (
    <Screen
      title={g?.name ?? t('groups.title')}
      onBack={() => back({ view: 'groups' })}
      actions={
        g && (g.isMember || g.visibility === 'open') ? (
          <Composer
            fixedGroup={g}
            triggerLabel={qa ? t('qa.ask') : t('feed.write')}
            onPosted={(post) => feed.current?.prepend(post)}
          />
        ) : undefined
      }
    >
      {group.state === 'loading' && <Loading rows={1} />}
      {group.state === 'error' && <ErrorNotice error={group.error} retry={group.reload} />}
      {g && (
        <>
          <GroupBadges group={g} />
          {g.description && <Text>{g.description}</Text>}
          {g.visibility === 'closed' && !g.isMember && <Text>{t('groups.closedInfo')}</Text>}
          <GroupActions group={g} act={membership.act} busy={membership.busy} />
          {membership.error !== undefined && <ErrorNotice error={membership.error} />}
          {qa && (
            <TabList selectedValue={filter} onTabSelect={(_, d) => setFilter(d.value as 'all' | 'open')}>
              <Tab value="all">{t('qa.all')}</Tab>
              <Tab value="open">{t('qa.open')}</Tab>
            </TabList>
          )}
          <Feed
            feedKey={`group:${id}`}
            load={load}
            filter={qa && filter === 'open' ? (p) => !!p.question && !p.question.answered : undefined}
            empty={qa ? (filter === 'open' ? t('qa.emptyOpen') : t('qa.empty')) : t('groups.timelineEmpty')}
            handle={(h) => {
              feed.current = h;
            }}
          />
        </>
      )}
    </Screen>
  );
}
