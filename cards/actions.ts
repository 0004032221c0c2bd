import { z } from 'zod';
import { objectIdString } from '../core/ids.js';

/**
 * The data that card buttons (Action.Submit) send back to the bot, one schema per verb.
 * The bot parses `activity.value` with `parseCardAction` and dispatches on `verb`; builders
 * construct data through these types, so a button can only send what the bot understands.
 * To add a verb: add its schema here and to `cardActionSchema`.
 */

/** Ids are opaque strings (ObjectId hex in the store); kept short and plain. */
const personId = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'personId has unexpected characters');

/** Open one person's card (from a pick list or a "did you mean" suggestion). */
export const showPersonActionSchema = z.object({
  verb: z.literal('showPerson'),
  personId,
});

/** Search again with a suggested term ("did you mean"). */
export const searchActionSchema = z.object({
  verb: z.literal('search'),
  query: z.string().trim().min(1).max(200),
});

/**
 * Post the photo someone sent the bot into one of their groups (cards/photo-offer.ts). Teams
 * adds the card's inputs to the data: groupId (Input.ChoiceSet) and caption (Input.Text).
 */
export const postPhotoActionSchema = z.object({
  verb: z.literal('postPhoto'),
  /** The upload the bot stored when the photo arrived (unattached until posted). */
  mediaId: objectIdString,
  groupId: z.string().trim().max(64).optional(),
  caption: z.string().max(2000).optional(),
});

/** Which list a "more" button pages on (core/people/questions.ts PeopleList). */
const peopleListSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('search'),
    query: z.string().trim().min(1).max(200),
    mode: z.enum(['person', 'skill', 'any']),
  }),
  z.object({ kind: z.literal('department'), department: z.string().trim().min(1).max(200) }),
  z.object({ kind: z.literal('team'), personId }),
]);

/** The next page of a pick list ("meer" / "more"). */
export const morePeopleActionSchema = z.object({
  verb: z.literal('morePeople'),
  list: peopleListSchema,
  offset: z.number().int().min(1).max(1000),
});

/** A question about a person picked from a list: their manager, or their team. */
export const askAboutActionSchema = z.object({
  verb: z.literal('askAbout'),
  question: z.enum(['manager', 'team']),
  personId,
});

export const cardActionSchema = z.discriminatedUnion('verb', [
  showPersonActionSchema,
  searchActionSchema,
  postPhotoActionSchema,
  morePeopleActionSchema,
  askAboutActionSchema,
]);

export type CardActionData = z.infer<typeof cardActionSchema>;
export type CardVerb = CardActionData['verb'];
export type ShowPersonAction = z.infer<typeof showPersonActionSchema>;
export type SearchAction = z.infer<typeof searchActionSchema>;
export type PostPhotoAction = z.infer<typeof postPhotoActionSchema>;
export type MorePeopleAction = z.infer<typeof morePeopleActionSchema>;
export type AskAboutAction = z.infer<typeof askAboutActionSchema>;

/**
 * Universal Actions (Action.Execute): Teams sends `{ action: { type, verb, data }, trigger }` as
 * an `adaptiveCard/action` invoke and shows the card the bot answers with. One schema per verb.
 * - ackPost: "Ik heb dit gelezen" on a news card that needs acknowledgement;
 * - refreshPost: the card's refresh (Teams asks when it shows the card), answered with the
 *   post's current content and the viewer's own acknowledgement.
 */
const postRef = z.object({ postId: objectIdString });
export const ackPostActionSchema = z.object({ verb: z.literal('ackPost'), data: postRef });
export const refreshPostActionSchema = z.object({ verb: z.literal('refreshPost'), data: postRef });

/**
 * The profile nudge card (cards/nudge-card.ts):
 * - nudgeSave: "Opslaan"; `shown` names the fields the card asked for, and Teams adds each input's
 *   value under its field name. Lengths here only bound the payload: the profile's own limits are
 *   checked (and refused in the person's language) by core/people/profile.ts.
 * - nudgeOptOut: "Geen herinneringen meer".
 * - nudgeRefresh: the card's refresh, answered with the profile's current state.
 */
const nudgeInputs = {
  businessPhone: z.string().max(200).optional(),
  jobTitle: z.string().max(5_000).optional(),
  officeLocation: z.string().max(5_000).optional(),
  skills: z.string().max(10_000).optional(),
  bio: z.string().max(20_000).optional(),
};
export const NUDGE_CARD_FIELDS = ['businessPhone', 'jobTitle', 'skills', 'officeLocation', 'bio'] as const;
export type NudgeCardField = (typeof NUDGE_CARD_FIELDS)[number];
export const nudgeSaveActionSchema = z.object({
  verb: z.literal('nudgeSave'),
  data: z.object({ shown: z.array(z.enum(NUDGE_CARD_FIELDS)).max(NUDGE_CARD_FIELDS.length), ...nudgeInputs }),
});
export const nudgeOptOutActionSchema = z.object({ verb: z.literal('nudgeOptOut'), data: z.object({}) });
export const nudgeRefreshActionSchema = z.object({ verb: z.literal('nudgeRefresh'), data: z.object({}) });
export type NudgeSaveAction = z.infer<typeof nudgeSaveActionSchema>;

export const executeActionSchema = z.discriminatedUnion('verb', [
  ackPostActionSchema,
  refreshPostActionSchema,
  nudgeSaveActionSchema,
  nudgeOptOutActionSchema,
  nudgeRefreshActionSchema,
]);
export type ExecuteActionData = z.infer<typeof executeActionSchema>;

/** The Universal Action an invoke carries (its `value.action`), or undefined when it is not one we know. */
export function parseExecuteAction(action: unknown): ExecuteActionData | undefined {
  const result = executeActionSchema.safeParse(action);
  return result.success ? result.data : undefined;
}

/**
 * The action a card button sent, or undefined when `value` is not one we know (an old card,
 * a tampered payload). Teams adds its own keys (e.g. `msteams`) to the value; they are dropped.
 */
export function parseCardAction(value: unknown): CardActionData | undefined {
  const result = cardActionSchema.safeParse(value);
  return result.success ? result.data : undefined;
}
