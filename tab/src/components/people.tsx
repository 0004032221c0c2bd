import { Persona } from '@fluentui/react-persona';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/react-theme';
import { useApp } from '../app-context.js';
import type { PersonView } from '../types.js';

const useStyles = makeStyles({
  row: {
    display: 'flex',
    width: '100%',
    alignItems: 'center',
    minHeight: '56px',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    border: 'none',
    borderRadius: tokens.borderRadiusMedium,
    background: 'none',
    color: 'inherit',
    font: 'inherit',
    textAlign: 'start',
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'grid', gap: tokens.spacingVerticalXXS },
  reason: { color: tokens.colorNeutralForeground2 },
});

/** As much of a person as a list needs (lists of profile gaps have only the name). */
export type ListedPerson = Pick<PersonView, 'id' | 'displayName'> &
  Partial<Pick<PersonView, 'initials' | 'jobTitle' | 'department' | 'photoUrl'>>;

/** A colleague in a list: a button that opens their page. */
export function PersonRow({ person, reason }: { person: ListedPerson; reason?: string }) {
  const styles = useStyles();
  const { navigate } = useApp();
  const secondary = [person.jobTitle, person.department].filter(Boolean).join(' · ');
  return (
    <button type="button" className={styles.row} onClick={() => navigate({ view: 'person', id: person.id })}>
      <Persona
        name={person.displayName}
        secondaryText={secondary || undefined}
        tertiaryText={reason ? <span className={styles.reason}>{reason}</span> : undefined}
        avatar={{
          initials: person.initials,
          color: 'colorful',
          image: person.photoUrl ? { src: person.photoUrl, alt: '' } : undefined,
        }}
      />
    </button>
  );
}

export function PersonList({
  people,
  reasons,
  label,
}: {
  people: readonly ListedPerson[];
  reasons?: Map<string, string>;
  label?: string;
}) {
  const styles = useStyles();
  return (
    <ul className={styles.list} aria-label={label}>
      {people.map((p) => (
        <li key={p.id}>
          <PersonRow person={p} reason={reasons?.get(p.id)} />
        </li>
      ))}
    </ul>
  );
}
