import { Types } from 'mongoose';
import type { Config } from '../../config/index.js';
import { Campaign } from '../../models/nudge.js';
import { Department } from '../../models/department.js';
import { Person } from '../../models/person.js';
import { departmentCompleteCard } from '../../cards/department-complete-card.js';
import { nudgeCard } from '../../cards/nudge-card.js';
import { t, type Locale } from '../i18n.js';
import type { Renderer } from '../delivery/render.js';
import type { ChallengePayload } from './campaigns.js';
import { COMPLETENESS_PROJECTION, scoreProfile, type CompletenessRules } from './completeness.js';
import type { NudgePayload } from './job.js';
import { departmentLeaderboard, standingOf, type Leaderboard } from './leaderboard.js';

type LinkConfig = Pick<Config, 'publicUrl' | 'teamsAppId'>;

/** The "My profile" screen (the Profile static tab), where the meter and the leaderboard are. */
export function profileLink(config: LinkConfig): string {
  return config.teamsAppId
    ? `https://teams.microsoft.com/l/entity/${config.teamsAppId}/profile`
    : `${config.publicUrl}/tab?view=profile`;
}

/** The leaderboard read for many cards in a row (a round of nudges) is read once a minute. */
function cachedLeaderboard(rules: CompletenessRules | undefined) {
  let cached: { at: number; board: Promise<Leaderboard> } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at > 60_000) {
      const board = departmentLeaderboard(rules);
      cached = { at: Date.now(), board };
      board.catch(() => {
        cached = undefined;
      });
    }
    return cached.board;
  };
}

/**
 * Writes a nudge when it is sent, from the profile as it is then: skipped when the person left,
 * opted out, or completed their profile in the meantime (or got past the threshold, or has
 * nothing left to add themselves), and when it comes too late (its sending window closed while
 * it waited: a nudge never arrives in quiet hours, at the weekend or on a holiday).
 */
export function nudgeRenderer(
  config: LinkConfig & { readonly nudges: Pick<Config['nudges'], 'threshold'> },
  rules?: CompletenessRules,
): Renderer {
  const leaderboard = cachedLeaderboard(rules);
  return {
    async render(delivery, target) {
      const p = delivery.payload as Partial<NudgePayload> | undefined;
      if (!target.person || !p?.sequence) return { skip: 'no_nudge' };
      if (
        typeof p.enqueuedAt === 'number' &&
        typeof p.windowMs === 'number' &&
        Date.now() - p.enqueuedAt > p.windowMs
      ) {
        return { skip: 'window_closed' };
      }
      const person = await Person.findOne(
        { _id: target.person._id, active: true },
        { ...COMPLETENESS_PROJECTION, nudgesOptOut: 1, department: 1 },
      ).lean();
      if (!person) return { skip: 'inactive' };
      if (person.nudgesOptOut) return { skip: 'opted_out' };
      const c = scoreProfile(person, rules);
      if (c.complete || c.score >= config.nudges.threshold || !c.next) return { skip: 'complete' };
      const locale: Locale = target.locale;
      const first = p.sequence <= 1;
      const standing = first ? undefined : standingOf(await leaderboard(), person.departmentId);
      const card = nudgeCard({
        locale,
        mode: first ? 'first' : 'later',
        score: c.score,
        complete: false,
        askable: c.askable,
        ...(typeof p.previousScore === 'number' ? { previousScore: p.previousScore } : {}),
        ...(standing?.name
          ? {
              standing: {
                department: standing.name,
                rank: standing.rank ?? 0,
                total: standing.total,
                share: standing.completeShare,
              },
            }
          : {}),
        profileUrl: profileLink(config),
        ...(target.userId ? { userId: target.userId } : {}),
      });
      return { message: { text: t(locale, 'nudge.card.title'), card } };
    },
  };
}

/** Writes the communication team's card about a complete department, in the communicator's language. */
export function challengeRenderer(config: LinkConfig & Pick<Config, 'orgTimezone'>): Renderer {
  return {
    async render(delivery, target) {
      const p = delivery.payload as Partial<ChallengePayload> | undefined;
      if (!p?.departmentId || !p.campaignId || !Types.ObjectId.isValid(p.departmentId)) return { skip: 'no_challenge' };
      const [department, campaign] = await Promise.all([
        Department.findById(p.departmentId, { name: 1 }).lean(),
        Campaign.findById(p.campaignId, { name: 1, startedAt: 1 }).lean(),
      ]);
      if (!department || !campaign) return { skip: 'gone' };
      const locale: Locale = target.locale;
      const card = departmentCompleteCard({
        locale,
        department: department.name,
        people: p.people ?? 0,
        campaign: {
          name: campaign.name ?? t(locale, 'challenge.defaultName'),
          startedOn: new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', {
            dateStyle: 'long',
            timeZone: config.orgTimezone,
          }).format(campaign.startedAt),
        },
        leaderboardUrl: profileLink(config),
      });
      return { message: { text: `${t(locale, 'challenge.card.title')} ${department.name}`, card } };
    },
  };
}
