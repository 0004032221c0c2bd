import type { TurnContext } from 'botbuilder';
import type { Actor, Audience } from '../../core/actor.js';
import type { Locale } from '../../core/i18n.js';
import type { SearchMode } from '../../core/directory/types.js';
import { getPerson } from '../../core/people/find.js';
import { signedPhotoUrls } from '../../core/people/photo.js';
import {
  askDepartment,
  askManager,
  askManagerOf,
  askPage,
  askSearch,
  askTeam,
  teamPage,
  type AskContext,
  type DirectoryAnswer,
  type PeopleList,
} from '../../core/people/questions.js';
import { replyAnswer, replyPerson } from '../reply.js';
import type { BotDeps } from '../context.js';
import { AppError } from '../../core/errors.js';

/** How many people a pick list offers at a time; its "more" button shows the next ones. */
export const PICK_LIST_SIZE = 8;

type Asker = { actor: Actor; audience: Audience };

function ask(deps: BotDeps, asker: Asker): AskContext {
  return {
    directory: deps.services.directory,
    actor: asker.actor,
    audience: asker.audience,
    options: signedPhotoUrls(deps.config),
    pageSize: PICK_LIST_SIZE,
  };
}

/** "wat is het nummer van Jelte?": one match → card, several → pick list, none → did you mean. */
export async function answerPeopleSearch(
  context: TurnContext,
  deps: BotDeps,
  asker: Asker,
  query: string,
  mode: SearchMode,
  locale: Locale,
): Promise<void> {
  await replyAnswer(context, deps.config, askSearch(ask(deps, asker), query, mode), locale);
}

/** "wie werkt er bij Burgerzaken?", "wie is de manager van Jelte?", "wie zitten er in het team van Jelte?". */
export async function answerDirectoryQuestion(
  context: TurnContext,
  deps: BotDeps,
  asker: Asker,
  question: 'department' | 'manager' | 'team',
  query: string,
  locale: Locale,
): Promise<void> {
  const ctx = ask(deps, asker);
  const answer =
    question === 'department'
      ? askDepartment(ctx, query)
      : question === 'manager'
        ? askManager(ctx, query)
        : askTeam(ctx, query);
  await replyAnswer(context, deps.config, answer, locale);
}

/** The "more" button of a pick list: the next page of the same list. */
export function answerMorePeople(
  context: TurnContext,
  deps: BotDeps,
  asker: Asker,
  list: PeopleList,
  offset: number,
  locale: Locale,
): Promise<boolean> {
  return replyIfAny(context, deps, askPage(ask(deps, asker), list, offset), locale);
}

/** A person picked from a "who do you mean?" list: their manager or team. */
export function answerAskAbout(
  context: TurnContext,
  deps: BotDeps,
  asker: Asker,
  question: 'manager' | 'team',
  personId: string,
  locale: Locale,
): Promise<boolean> {
  const ctx = ask(deps, asker);
  return replyIfAny(
    context,
    deps,
    question === 'manager' ? askManagerOf(ctx, personId) : teamPage(ctx, personId, 0),
    locale,
  );
}

/** False when the person a button named is no longer in the directory. */
async function replyIfAny(
  context: TurnContext,
  deps: BotDeps,
  answer: DirectoryAnswer | undefined,
  locale: Locale,
): Promise<boolean> {
  if (!answer) return false;
  await replyAnswer(context, deps.config, answer, locale);
  return true;
}

/** The "showPerson" button of a pick list or did-you-mean card. */
export async function answerShowPerson(
  context: TurnContext,
  deps: BotDeps,
  asker: Asker,
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
