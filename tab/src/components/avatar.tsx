import { Avatar, type AvatarProps } from '@fluentui/react-avatar';
import { useWords } from '../i18n.js';

export function PersonAvatar({
  person,
  size = 40,
}: {
  person: { displayName: string; photoUrl?: string; initials?: string };
  size?: AvatarProps['size'];
}) {
  const w = useWords();
  return (
    <Avatar
      name={person.displayName}
      initials={person.initials}
      size={size}
      image={
        person.photoUrl
          ? { src: person.photoUrl, alt: w.t('people.photoAlt', { name: person.displayName }) }
          : undefined
      }
      color="colorful"
    />
  );
}
