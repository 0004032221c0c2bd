import type { Logger } from 'pino';
import type { Config } from '../../config/index.js';
import type { AdaptiveCard } from '../../cards/adaptive.js';
import { NUDGE_CARD_FIELDS, type NudgeCardField, type NudgeSaveAction } from '../../cards/actions.js';
import { nudgeCard, nudgeOptedOutCard } from '../../cards/nudge-card.js';
import { Person } from '../../models/person.js';
import type { Actor } from '../actor.js';
import { AppError, notFound } from '../errors.js';
import { t } from '../i18n.js';
import { updateOwnProfile, type ProfileProblem } from '../people/profile.js';
import { profileRules } from '../people/entra-fields.js';
import { reportCompleteDepartments } from './campaigns.js';
import { COMPLETENESS_PROJECTION, scoreProfile, type CompletenessRules } from './completeness.js';
import { profileLink } from './render.js';
import { setNudgesWanted } from './preferences.js';

/** What the nudge card's buttons ask (cards/actions.ts). */
export type NudgeCardAction =
  | NudgeSaveAction
  | { readonly verb: 'nudgeOptOut'; readonly data: Record<string, never> }
  | { readonly verb: 'nudgeRefresh'; readonly data: Record<string, never> };

export interface NudgeCardDeps {
  readonly config: Pick<Config, 'publicUrl' | 'teamsAppId' | 'entraSync' | 'mobileVisibility'>;
  readonly rules: CompletenessRules;
  readonly log?: Logger;
  /** The person's Teams user id, so the answered card keeps refreshing for them. */
  readonly userId?: string;
}

async function current(actor: Actor, rules: CompletenessRules) {
  const person = await Person.findOne(
    { _id: actor.personId, active: true },
    { ...COMPLETENESS_PROJECTION, nudgesOptOut: 1 },
  ).lean();
  if (!person) throw notFound('You are not in the directory.');
  return { person, completeness: scoreProfile(person, rules) };
}

/**
 * The answer to a button on the nudge card: the card as it should read now. "Opslaan" stores the
 * typed fields through the same function as PATCH /api/me (all or nothing; a refusal comes back in
 * the card, in the person's language, with what they typed); then thanks them with the new score
 * and the next field, and tells the communication team if that made the department complete.
 */
export async function answerNudgeCard(
  actor: Actor,
  action: NudgeCardAction,
  deps: NudgeCardDeps,
): Promise<AdaptiveCard> {
  const locale = actor.locale;
  const base = {
    locale,
    profileUrl: profileLink(deps.config),
    ...(deps.userId ? { userId: deps.userId } : {}),
  };
  if (action.verb === 'nudgeOptOut') {
    await setNudgesWanted(actor, false);
    return nudgeOptedOutCard(locale);
  }
  if (action.verb === 'nudgeRefresh') {
    const { person, completeness: c } = await current(actor, deps.rules);
    if (person.nudgesOptOut && !c.complete) return nudgeOptedOutCard(locale);
    return nudgeCard({ ...base, mode: 'current', score: c.score, complete: c.complete, askable: c.askable });
  }

  const typed: Partial<Record<NudgeCardField, string>> = {};
  for (const f of action.data.shown) {
    const value = action.data[f];
    if (typeof value === 'string' && value.trim()) typed[f] = value;
  }
  const fields = Object.keys(typed) as NudgeCardField[];
  /** The card again with what was typed, and why it was not stored. */
  const refused = async (
    values: Partial<Record<NudgeCardField, string>>,
    problems: ReadonlyArray<{ field: string; message: string }>,
  ) => {
    const { completeness: c } = await current(actor, deps.rules);
    return nudgeCard({
      ...base,
      mode: 'invalid',
      score: c.score,
      complete: c.complete,
      askable: c.askable,
      values,
      problems,
    });
  };
  if (!fields.length) {
    const field = action.data.shown[0] ?? NUDGE_CARD_FIELDS[0];
    return refused({ [field]: '' }, [{ field, message: t(locale, 'nudge.card.empty') }]);
  }
  const patch: Record<string, unknown> = {};
  for (const f of fields) {
    if (f === 'skills') {
      // Added to what is there (the card asks only when there are none, but the tab may have been quicker).
      const had = (await Person.findById(actor.personId, { skills: 1 }).lean())?.skills ?? [];
      patch.skills = [
        ...had,
        ...typed
          .skills!.split(/[,;\n]/)
          .map((s) => s.trim())
          .filter(Boolean),
      ];
    } else patch[f] = typed[f];
  }
  try {
    // The same rules as PATCH /api/me: the fields Entra owns while its sync is on are refused.
    await updateOwnProfile(actor, patch, profileRules(deps.config));
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
    const problems = (Array.isArray(err.details) ? err.details : []) as ProfileProblem[];
    return refused(
      Object.fromEntries(action.data.shown.map((f) => [f, typed[f] ?? ''])),
      problems.map((p) => ({ field: p.field, message: p.message })),
    );
  }
  await reportCompleteDepartments({ rules: deps.rules, ...(deps.log ? { log: deps.log } : {}) }).catch((err: unknown) =>
    deps.log?.warn({ err: (err as Error).message }, 'could not check the department challenge; the next round will'),
  );
  const { completeness: c } = await current(actor, deps.rules);
  return nudgeCard({ ...base, mode: 'saved', score: c.score, complete: c.complete, askable: c.askable });
}
