import { t, type Locale } from '../core/i18n.js';
import { adaptiveCard, textBlock, type AdaptiveCard, type CardButton } from './adaptive.js';
import { plainText, safeUrl } from './text.js';

export interface DepartmentCompleteOptions {
  readonly locale: Locale;
  readonly department: string;
  /** Its active members, every one with a complete profile. */
  readonly people: number;
  readonly campaign: { readonly name: string; readonly startedOn: string };
  /** The leaderboard in the tab. */
  readonly leaderboardUrl?: string;
}

/** To the communication team: every active member of a department has a complete profile. */
export function departmentCompleteCard(o: DepartmentCompleteOptions): AdaptiveCard {
  const { locale } = o;
  const department = plainText(o.department, { max: 120 });
  const title = `🎉 ${t(locale, 'challenge.card.title')}`;
  const url = safeUrl(o.leaderboardUrl);
  const actions: CardButton[] = url
    ? [{ type: 'Action.OpenUrl', title: t(locale, 'challenge.card.leaderboard'), url }]
    : [];
  return adaptiveCard(
    [
      textBlock(title, { size: 'Medium', weight: 'Bolder', style: 'heading' }),
      textBlock(t(locale, 'challenge.card.body', { count: o.people, department })),
      textBlock(
        t(locale, 'challenge.card.campaign', {
          name: plainText(o.campaign.name, { max: 120 }),
          date: o.campaign.startedOn,
        }),
        { isSubtle: true, size: 'Small' },
      ),
    ],
    actions,
    `${t(locale, 'challenge.card.title')} ${department}`,
  );
}
