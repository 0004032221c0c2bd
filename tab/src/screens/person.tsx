import { Badge } from '@fluentui/react-badge';
import { Button } from '@fluentui/react-button';
import { Link } from '@fluentui/react-link';
import { Tag, TagGroup } from '@fluentui/react-tags';
import { Text } from '@fluentui/react-text';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/react-theme';
import {
  CallRegular,
  ChatRegular,
  MailRegular,
  PhoneRegular,
  EditRegular,
  PersonStarRegular,
  StarRegular,
} from '@fluentui/react-icons';
import { useRef } from 'react';
import { useWords } from '../i18n.js';
import type { PersonPage as PersonPageData } from '../types.js';
import { useApp } from '../app-context.js';
import { PersonList, PersonRow } from '../components/people.js';
import { PersonAvatar } from '../components/avatar.js';
import { ErrorNotice, Loading, useLoad } from '../components/states.js';
import { Screen } from './layout.js';
import { peek } from '../settled.js';

const useStyles = makeStyles({
  head: { display: 'flex', gap: tokens.spacingHorizontalL, alignItems: 'center', flexWrap: 'wrap' },
  facts: { display: 'grid', gap: tokens.spacingVerticalXXS },
  section: { display: 'grid', gap: tokens.spacingVerticalS },
  h2: { margin: 0, fontSize: tokens.fontSizeBase500 },
  phones: {
    display: 'grid',
    gap: tokens.spacingVerticalS,
    gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))',
  },
  phone: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    minHeight: '56px',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    borderRadius: tokens.borderRadiusLarge,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    color: tokens.colorNeutralForeground1,
    textDecorationLine: 'none',
    fontSize: tokens.fontSizeBase400,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
  phoneKind: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, display: 'block' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  bio: { whiteSpace: 'pre-line' },
  visuallyHidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
  inlineLink: { minHeight: '44px', display: 'inline-flex', alignItems: 'center' },
});

/** A colleague: phones as large tap targets, Teams chat and call, skills, manager, colleagues. */
export function PersonPage({ id, initial }: { id: string; initial?: Promise<PersonPageData> }) {
  const styles = useStyles();
  const { t } = useWords();
  const { api, back, host, navigate } = useApp();
  const first = useRef(peek(initial) === undefined ? initial : undefined);
  const page = useLoad(
    () => {
      const pending = first.current ?? api.person(id);
      first.current = undefined;
      return pending;
    },
    id,
    peek(initial),
  );
  const p = page.data;
  return (
    <Screen title={p?.displayName ?? t('people.title')} onBack={() => back({ view: 'people' })}>
      {page.state === 'loading' && <Loading rows={2} />}
      {page.state === 'error' && <ErrorNotice error={page.error} retry={page.reload} />}
      {p && (
        <>
          <div className={styles.head}>
            <PersonAvatar person={p} size={96} />
            <div className={styles.facts}>
              {p.jobTitle && <Text size={400}>{p.jobTitle}</Text>}
              {p.ambassador && (
                <span>
                  <Badge appearance="tint" color="brand" icon={<StarRegular />}>
                    {t('ambassador.badge')}
                  </Badge>
                </span>
              )}
              {p.department && (
                <Text>
                  {p.departmentId ? (
                    <Link
                      className={styles.inlineLink}
                      onClick={() => navigate({ view: 'department', id: p.departmentId! })}
                    >
                      {p.department}
                    </Link>
                  ) : (
                    p.department
                  )}
                </Text>
              )}
              {p.officeLocation && (
                <Text>
                  {t('person.location')}: {p.officeLocation}
                </Text>
              )}
              {p.self && (
                <div>
                  <Text>{t('person.you')}</Text>{' '}
                  <Button appearance="subtle" icon={<EditRegular />} onClick={() => navigate({ view: 'profile' })}>
                    {t('person.editProfile')}
                  </Button>
                </div>
              )}
            </div>
          </div>
          <section className={styles.section} aria-labelledby="person-phones">
            <h2 id="person-phones" className={styles.h2}>
              {t('person.phones')}
            </h2>
            {p.phones.length ? (
              <div className={styles.phones}>
                {p.phones.map((phone) => (
                  <a
                    key={phone.kind}
                    className={styles.phone}
                    href={phone.tel ?? `tel:${phone.display.replace(/\s/g, '')}`}
                  >
                    <PhoneRegular aria-hidden fontSize={24} />
                    {/* Read as "Bel mobiel 06 12345678": the visible words, with what tapping does before them. */}
                    <span>
                      <span className={styles.visuallyHidden}>{t('person.callPrefix')} </span>
                      <span className={styles.phoneKind}>
                        {phone.kind === 'mobile' ? t('person.mobile') : t('person.business')}
                      </span>{' '}
                      {phone.display}
                    </span>
                  </a>
                ))}
              </div>
            ) : (
              <Text>{t('person.noPhone')}</Text>
            )}
            <div className={styles.actions}>
              {p.chatUrl && (
                <Button size="large" icon={<ChatRegular />} onClick={() => host.openLink(p.chatUrl!)}>
                  {t('person.chat')}
                </Button>
              )}
              {p.callUrl && (
                <Button size="large" icon={<CallRegular />} onClick={() => host.openLink(p.callUrl!)}>
                  {t('person.teamsCall')}
                </Button>
              )}
              {p.email && (
                <Button size="large" icon={<MailRegular />} as="a" href={`mailto:${p.email}`}>
                  {t('person.email', { email: p.email })}
                </Button>
              )}
            </div>
          </section>
          {p.bio && (
            <section className={styles.section} aria-labelledby="person-about">
              <h2 id="person-about" className={styles.h2}>
                {t('person.about', { name: p.displayName })}
              </h2>
              <Text className={styles.bio}>{p.bio}</Text>
            </section>
          )}
          {p.skills.length > 0 && (
            <section className={styles.section} aria-labelledby="person-skills">
              <h2 id="person-skills" className={styles.h2}>
                {t('person.skills')}
              </h2>
              <TagGroup aria-labelledby="person-skills" style={{ flexWrap: 'wrap', gap: 8 }}>
                {p.skills.map((s) => (
                  <Tag key={s} shape="circular" appearance="brand">
                    {s}
                  </Tag>
                ))}
              </TagGroup>
            </section>
          )}
          {p.manager && (
            <section className={styles.section} aria-labelledby="person-manager">
              <h2 id="person-manager" className={styles.h2}>
                {t('person.manager')}
              </h2>
              <PersonRow person={p.manager} />
            </section>
          )}
          {p.colleagues.length > 0 && (
            <section className={styles.section} aria-labelledby="person-colleagues">
              <h2 id="person-colleagues" className={styles.h2}>
                {t('person.colleagues', { department: p.department ?? '' })}
              </h2>
              <PersonList people={p.colleagues} />
              {p.colleagueCount > p.colleagues.length && p.departmentId && (
                <Link
                  className={styles.inlineLink}
                  onClick={() => navigate({ view: 'department', id: p.departmentId! })}
                >
                  {t('person.moreColleagues', { count: p.colleagueCount - p.colleagues.length })}
                </Link>
              )}
            </section>
          )}
        </>
      )}
    </Screen>
  );
}

/** A department's people, from the browse list (one request, no search index needed). */
export function DepartmentPage({ id }: { id: string }) {
  const { t } = useWords();
  const { api, back, me, navigate } = useApp();
  const departments = useLoad(() => api.departments().then((r) => r.departments), 'departments');
  const department = departments.data?.find((d) => d.id === id);
  return (
    <Screen title={department?.name ?? t('people.department')} onBack={() => back({ view: 'people' })}>
      {departments.state === 'loading' && <Loading />}
      {departments.state === 'error' && <ErrorNotice error={departments.error} retry={departments.reload} />}
      {departments.state === 'ok' && !department && <ErrorNotice message={t('tab.error.not_found')} />}
      {department && (
        <>
          <Text>{t('people.count', { count: department.personCount })}</Text>
          {me.can.viewIncompleteList && me.departmentId === id && (
            <div>
              <Button size="large" icon={<PersonStarRegular />} onClick={() => navigate({ view: 'incomplete', id })}>
                {t('tab.incomplete.open')}
              </Button>
            </div>
          )}
          <PersonList people={department.people} />
        </>
      )}
    </Screen>
  );
}
