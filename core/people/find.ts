import type { Actor, Audience } from '../actor.js';
import { uniqueMatch, type DirectoryIndex } from '../directory/index.js';
import type { Match, SearchMode, Suggestion } from '../directory/types.js';
import { presentPerson, type PersonView, type PresentOptions } from './present.js';
import { notFound } from '../errors.js';
import { recordEngagement } from '../analytics/events.js';

export interface FoundPerson {
  readonly person: PersonView;
  /** Why this person matched, e.g. [{field:'name', kind:'prefix', term:'bakker'}]. */
  readonly matched: readonly Match[];
}

export interface PeopleFound {
  readonly query: string;
  readonly people: readonly FoundPerson[];
  /** How many matched in all (the bot's pick list says the same number for the same search). */
  readonly total: number;
  readonly offset: number;
  /** The one person the query clearly points at ("Jelte" beside a fuzzy "Jelle"); else undefined. */
  readonly unique: FoundPerson | undefined;
  /** "Did you mean": only when nobody matched. */
  readonly suggestions: readonly Suggestion[];
}

export interface FindPeopleInput {
  readonly query: string;
  readonly mode?: SearchMode;
  readonly department?: string;
  readonly limit?: number;
  /** Skip this many results (the next page). */
  readonly offset?: number;
}

/**
 * Finds colleagues for an asker; every result is presented for that asker and audience, so a
 * private mobile number never leaves here unless the rules allow it.
 */
export function findPeople(
  directory: DirectoryIndex,
  actor: Actor,
  audience: Audience,
  input: FindPeopleInput,
  options: PresentOptions = {},
): PeopleFound {
  const offset = input.offset ?? 0;
  const { results, total } = directory.searchPage(input.query, {
    mode: input.mode,
    department: input.department,
    limit: input.limit,
    offset,
  });
  // That someone searched, never what for.
  recordEngagement(actor, 'people_search');
  const people = results.map((r) => ({
    person: presentPerson(r.person, actor, audience, options),
    matched: r.matched,
  }));
  const unique = offset === 0 ? uniqueMatch(results) : undefined;
  return {
    query: input.query,
    people,
    total,
    offset,
    unique: unique ? people[results.indexOf(unique)] : undefined,
    suggestions: total === 0 ? directory.suggest(input.query, { mode: input.mode, limit: 5 }) : [],
  };
}

/** One colleague by id, as the asker may see them; 404 when unknown or inactive. */
export function getPerson(
  directory: DirectoryIndex,
  actor: Actor,
  audience: Audience,
  personId: string,
  options: PresentOptions = {},
): PersonView {
  const person = directory.get(personId);
  if (!person) throw notFound({ key: 'error.person.notFound' });
  return presentPerson(person, actor, audience, options);
}
