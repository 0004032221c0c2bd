import { t, type Locale } from '../core/i18n.js';
import type { PersonView } from '../core/people/present.js';
import {
  adaptiveCard,
  textBlock,
  type AdaptiveCard,
  type CardButton,
  type CardElement,
  type Column,
  type Fact,
} from './adaptive.js';
import { cardText, plainText, safeUrl, TEXT_LIMITS } from './text.js';

export interface PersonCardOptions {
  readonly locale: Locale;
  /** Deep link that opens the Ids tab on this person; no Profile button without it. */
  readonly profileUrl?: string;
  /** A line above the person, saying why they are shown ("Jelte de Boer's manager:"). */
  readonly intro?: string;
}

const MAX_SKILLS = 15;

/**
 * A colleague's contact card: photo or initials, name, job title, department, location,
 * phone numbers and email as copyable facts, skills; buttons to chat, call (Teams deep links:
 * tel: links do not open from cards in Teams desktop and web) and open the profile.
 * Shows exactly what `view` holds: presentPerson() has already decided what the viewer may see.
 */
export function personCard(view: PersonView, options: PersonCardOptions): AdaptiveCard {
  const { locale } = options;
  const name = cardText(view.displayName, { max: TEXT_LIMITS.name });
  // Tooltips, alt text and fallback text are not markdown: no backslash escapes there.
  const plainName = plainText(view.displayName, { max: TEXT_LIMITS.name });

  const heading: CardElement[] = [textBlock(name, { size: 'Large', weight: 'Bolder', style: 'heading' })];
  if (view.jobTitle) heading.push(textBlock(cardText(view.jobTitle), { isSubtle: true, spacing: 'None' }));
  if (view.ambassador) {
    heading.push(textBlock(`★ ${t(locale, 'ambassador.badge')}`, { color: 'Accent', size: 'Small', spacing: 'None' }));
  }

  const body: CardElement[] = [
    ...(options.intro ? [textBlock(cardText(options.intro, { max: 200 }), { isSubtle: true })] : []),
    {
      type: 'ColumnSet',
      columns: [
        avatarColumn(view, plainName, locale),
        { type: 'Column', width: 'stretch', verticalContentAlignment: 'Center', items: heading },
      ],
    },
  ];

  const facts: Fact[] = [];
  if (view.department) facts.push({ title: t(locale, 'people.label.department'), value: cardText(view.department) });
  if (view.officeLocation)
    facts.push({ title: t(locale, 'people.label.location'), value: cardText(view.officeLocation) });
  for (const phone of view.phones) {
    const label = phone.kind === 'mobile' ? 'people.label.mobile' : 'people.label.phone';
    facts.push({ title: t(locale, label), value: cardText(phone.display, { max: 40 }) });
  }
  if (view.email) facts.push({ title: t(locale, 'people.label.email'), value: cardText(view.email, { max: 254 }) });
  if (facts.length > 0) body.push({ type: 'FactSet', facts, spacing: 'Medium' });

  const skills = view.skills
    .slice(0, MAX_SKILLS)
    .map((s) => cardText(s, { max: TEXT_LIMITS.skill }))
    .filter(Boolean);
  if (skills.length > 0) {
    body.push(textBlock(t(locale, 'people.label.skills'), { weight: 'Bolder', spacing: 'Medium' }));
    body.push(textBlock(skills.join(' · '), { spacing: 'Small' }));
  }

  const actions: CardButton[] = [];
  /** A button that opens the link, when there is a safe one. */
  const openUrl = (link: string | null | undefined, title: string, tooltip?: string) => {
    const url = safeUrl(link);
    if (url) actions.push({ type: 'Action.OpenUrl', title, url, ...(tooltip ? { tooltip } : {}) });
  };
  openUrl(view.chatUrl, t(locale, 'people.action.chat'), t(locale, 'people.action.chatWith', { name: plainName }));
  openUrl(view.callUrl, t(locale, 'people.action.call'), t(locale, 'people.action.callPerson', { name: plainName }));
  openUrl(options.profileUrl, t(locale, 'people.action.profile'));

  return adaptiveCard(
    body,
    actions,
    options.intro ? `${plainText(options.intro, { max: 200 })} ${plainName}` : plainName,
  );
}

/** The photo as a round image when there is one, else the initials on an accent tile. */
function avatarColumn(view: PersonView, plainName: string, locale: Locale): Column {
  const photoUrl = safeUrl(view.photoUrl);
  if (photoUrl) {
    return {
      type: 'Column',
      width: 'auto',
      verticalContentAlignment: 'Center',
      items: [
        {
          type: 'Image',
          url: photoUrl,
          style: 'person',
          width: '56px',
          height: '56px',
          altText: t(locale, 'people.photoAlt', { name: plainName }),
        },
      ],
    };
  }
  return {
    type: 'Column',
    width: '56px',
    style: 'accent',
    minHeight: '56px',
    verticalContentAlignment: 'Center',
    items: [
      textBlock(cardText(view.initials, { max: 3 }) || '?', {
        size: 'Large',
        weight: 'Bolder',
        horizontalAlignment: 'Center',
        wrap: false,
      }),
    ],
  };
}
