import type { TurnContext } from 'botbuilder';
import type { Actor, Audience } from '../../core/actor.js';
import type { Locale } from '../../core/i18n.js';
import type { SearchMode } from '../../core/directory/types.js';
import { findPeople, getPerson } from '../../core/people/find.js';
import { signedPhotoUrls } from '../../core/people/photo.js';
import { replyNoMatch, replyPerson, replyPickList } from '../reply.js';
import type { BotDeps } from '../context.js';
import { AppError } from '../../core/errors.js';

/** How many people a pick list offers; more than that is a hint to search more specifically. */
const PICK_LIST_SIZE = 8;

/** "wat is het nummer van Jelte?": one match → card, several → pick list, none → did you mean. */
export async function answerPeopleSearch(
  context: TurnContext,
  deps: BotDeps,
  asker: { actor: Actor; audience: Audience },
  query: string,
  mode: SearchMode,
  locale: Locale,
): Promise<void> {
  const found = findPeople(
    deps.services.directory,
    asker.actor,
    asker.audience,
    { query, mode, limit: 25 },
    signedPhotoUrls(deps.config),
  );
  const people = found.people;
  if (people.length === 0) {
    await replyNoMatch(context, locale, query, found.suggestions);
    return;
  }
  if (found.unique) {
    await replyPerson(context, deps.config, found.unique.person, locale);
    return;
  }
  await replyPickList(
    context,
    people.slice(0, PICK_LIST_SIZE).map((p) => p.person),
    locale,
    query,
    people.length,
  );
}

/** The "showPerson" button of a pick list or did-you-mean card. */
export async function answerShowPerson(
  context: TurnContext,
  deps: BotDeps,
  asker: { actor: Actor; audience: Audience },
  personId: string,
  locale: Locale,
): Promise<boolean> {
  try {
    const view = getPerson(
      deps.services.directory,
      asker.actor,
      asker.audience,
      personId,
      signedPhotoUrls(deps.config),
    );
    await replyPerson(context, deps.config, view, locale);
    return true;
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return false;
    throw err;
  }
}
