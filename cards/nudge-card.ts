import { t, type Locale } from '../core/i18n.js';
import { NUDGE_CARD_FIELDS, type NudgeCardField } from './actions.js';
import {
  adaptiveCard,
  textBlock,
  type AdaptiveCard,
  type CardButton,
  type CardElement,
  type Column,
} from './adaptive.js';
import { plainText, safeUrl } from './text.js';

/** The fields of a completeness score, as this card names them (core/nudges/completeness.ts). */
export type ProfileField =
  | 'businessPhone'
  | 'photo'
  | 'jobTitle'
  | 'skills'
  | 'officeLocation'
  | 'bio'
  | 'department'
  | 'manager';

export interface NudgeCardOptions {
  readonly locale: Locale;
  /**
   * first: the first nudge, naming the single most valuable field; later: progress and the
   * department's standing; saved: thanks after a submission; invalid: a refused submission;
   * current: the card as it is now (a refresh).
   */
  readonly mode: 'first' | 'later' | 'saved' | 'invalid' | 'current';
  readonly score: number;
  readonly complete: boolean;
  /** The missing fields the person may fill in, most valuable first. */
  readonly askable: readonly ProfileField[];
  /** The score at the previous nudge (later nudges). */
  readonly previousScore?: number;
  /** The person's department on the leaderboard (later nudges). */
  readonly standing?: {
    readonly department: string;
    readonly rank: number;
    readonly total: number;
    readonly share: number;
  };
  /** What was typed (kept in the inputs after a refusal). */
  readonly values?: Partial<Record<NudgeCardField, string>>;
  /** Refusals per field, in the person's language. */
  readonly problems?: ReadonlyArray<{ readonly field: string; readonly message: string }>;
  /** The "My profile" screen of the tab. */
  readonly profileUrl?: string;
  /** The recipient's Teams user id, so Teams refreshes the card for them. */
  readonly userId?: string;
}

const isCardField = (f: string): f is NudgeCardField => (NUDGE_CARD_FIELDS as readonly string[]).includes(f);

/** A bar of `score` out of 100: two columns weighted by the score. */
function meter(score: number): CardElement {
  const columns: Column[] = [];
  if (score > 0) columns.push({ type: 'Column', width: score, style: 'good', minHeight: '8px', items: [] });
  if (score < 100) columns.push({ type: 'Column', width: 100 - score, style: 'emphasis', minHeight: '8px', items: [] });
  return { type: 'ColumnSet', columns, spacing: 'Small' };
}

/**
 * The nudge card: what the profile misses, inputs for the fields the person may set themselves
 * (Action.Execute "nudgeSave": the card is replaced by the answer, on every device), a link to the
 * tab for the photo, and "Geen herinneringen meer". At most three inputs: a short card gets filled in.
 */
export function nudgeCard(o: NudgeCardOptions): AdaptiveCard {
  const { locale } = o;
  const field = (f: ProfileField) => t(locale, `completeness.field.${f}`);
  const title = t(locale, 'nudge.card.title');
  const body: CardElement[] = [];
  const problems = new Map((o.problems ?? []).map((p) => [p.field, p.message]));

  if (o.mode === 'saved') {
    body.push(
      textBlock(
        o.complete ? t(locale, 'nudge.card.thanksComplete') : t(locale, 'nudge.card.thanks', { score: o.score }),
        {
          size: 'Medium',
          weight: 'Bolder',
          color: 'Good',
        },
      ),
    );
  } else {
    body.push(textBlock(title, { size: 'Medium', weight: 'Bolder', style: 'heading' }));
  }
  if (o.mode === 'invalid') body.push(textBlock(t(locale, 'nudge.card.notSaved'), { color: 'Attention' }));
  body.push(meter(o.score));

  const first = o.askable[0];
  if (o.mode === 'first' && first) {
    body.push(textBlock(t(locale, 'nudge.card.first', { field: field(first) })));
  } else if (o.mode === 'saved') {
    if (first) body.push(textBlock(t(locale, 'nudge.card.next', { field: field(first) })));
  } else if (o.complete) {
    body.push(textBlock(t(locale, 'nudge.card.complete')));
  } else {
    body.push(
      textBlock(
        o.previousScore !== undefined && o.previousScore < o.score
          ? t(locale, 'nudge.card.progress', { score: o.score, previous: o.previousScore })
          : t(locale, 'nudge.card.score', { score: o.score }),
      ),
    );
    if (o.standing) {
      body.push(
        textBlock(
          t(locale, 'nudge.card.standing', {
            department: plainText(o.standing.department, { max: 120 }),
            rank: o.standing.rank,
            total: o.standing.total,
            share: o.standing.share,
          }),
          { isSubtle: true, size: 'Small' },
        ),
      );
    }
    if (o.askable.length > 0 && o.mode !== 'invalid') {
      body.push(
        textBlock(t(locale, 'nudge.card.missing', { fields: o.askable.map(field).join(', ') }), { size: 'Small' }),
      );
    }
  }

  // The first nudge asks for one thing; later cards for up to three (a refusal keeps what was asked).
  const asked = (o.mode === 'first' || o.mode === 'saved' ? o.askable.slice(0, 1) : o.askable.slice(0, 3)).filter(
    isCardField,
  );
  const shown: NudgeCardField[] =
    o.mode === 'invalid' ? NUDGE_CARD_FIELDS.filter((f) => o.values?.[f] !== undefined || problems.has(f)) : asked;
  for (const f of shown) {
    body.push({
      type: 'Input.Text',
      id: f,
      label: t(locale, `nudge.label.${f}`),
      placeholder: t(locale, `nudge.input.${f}`),
      ...(f === 'bio' ? { isMultiline: true } : {}),
      ...(o.values?.[f] ? { value: o.values[f]!.slice(0, 20_000) } : {}),
      // Not maxLength: a longer text must reach Ids, so the person reads why it is refused.
    });
    const problem = problems.get(f);
    if (problem)
      body.push(textBlock(plainText(problem, { max: 300 }), { color: 'Attention', size: 'Small', spacing: 'None' }));
  }
  if (!o.complete && o.askable.includes('photo') && (o.askable[0] === 'photo' || o.mode !== 'first')) {
    body.push(textBlock(t(locale, 'nudge.card.photo'), { size: 'Small', isSubtle: true }));
  }

  const actions: CardButton[] = [];
  if (shown.length > 0) {
    actions.push({
      type: 'Action.Execute',
      title: t(locale, 'nudge.card.save'),
      style: 'positive',
      verb: 'nudgeSave',
      data: { shown },
    });
  }
  const profileUrl = safeUrl(o.profileUrl);
  if (profileUrl && !o.complete)
    actions.push({ type: 'Action.OpenUrl', title: t(locale, 'nudge.card.openProfile'), url: profileUrl });
  if (!o.complete)
    actions.push({ type: 'Action.Execute', title: t(locale, 'nudge.card.optOut'), verb: 'nudgeOptOut', data: {} });
  return adaptiveCard(body, actions, title, {
    refresh: {
      action: { type: 'Action.Execute', verb: 'nudgeRefresh', data: {} },
      ...(o.userId ? { userIds: [o.userId] } : {}),
    },
  });
}

/** What the card becomes once the person chose "Geen herinneringen meer". */
export function nudgeOptedOutCard(locale: Locale): AdaptiveCard {
  return adaptiveCard([textBlock(t(locale, 'nudge.card.optedOut'))], [], t(locale, 'nudge.card.title'));
}
