import type { Actor, Audience } from '../actor.js';
import { uniqueMatch, type DirectoryIndex } from '../directory/index.js';
import type { IndexedPerson, SearchMode, Suggestion } from '../directory/types.js';
import { presentPerson, type PersonView, type PresentOptions } from './present.js';

/**
 * The directory questions the bot answers beyond "find this person": who works in a department,
 * someone's manager, someone's team; every list with its total and pageable. Doors present the
 * answer; each person in it is already presented for the asker and audience.
 */

/** Which list a page belongs to, so a "more" button can ask for the next page of the same list. */
export type PeopleList =
  | { readonly kind: 'search'; readonly query: string; readonly mode: SearchMode }
  | { readonly kind: 'department'; readonly department: string }
  | { readonly kind: 'team'; readonly personId: string };

export interface PeoplePage {
  readonly list: PeopleList;
  readonly people: readonly PersonView[];
  /** How many are on the list in all (the API's `total` for the same search). */
  readonly total: number;
  readonly offset: number;
}

export type DirectoryAnswer =
  /** One person the question points at. */
  | { readonly kind: 'person'; readonly person: PersonView }
  /** Several: a pick list (a search, a department's people, a team). */
  | ({ readonly kind: 'list'; readonly title: ListTitle } & PeoplePage)
  /** Someone's manager (undefined: none known), or a department's. */
  | { readonly kind: 'manager'; readonly of: PersonView; readonly manager: PersonView | undefined }
  | { readonly kind: 'departmentManager'; readonly department: string; readonly managers: readonly PersonView[] }
  /** The name fits several people: which one is meant, then the question is asked again. */
  | ({ readonly kind: 'choose'; readonly question: 'manager' | 'team'; readonly title: ListTitle } & PeoplePage)
  | { readonly kind: 'none'; readonly query: string; readonly suggestions: readonly Suggestion[] };

/** What a list's heading says. */
export type ListTitle =
  | { readonly kind: 'found'; readonly query: string }
  | { readonly kind: 'department'; readonly department: string }
  | { readonly kind: 'team'; readonly lead: string }
  | { readonly kind: 'choose'; readonly query: string };

export interface AskContext {
  readonly directory: DirectoryIndex;
  readonly actor: Actor;
  readonly audience: Audience;
  readonly options?: PresentOptions;
  /** People on one page of a list. */
  readonly pageSize: number;
}

const present = (ctx: AskContext, p: IndexedPerson) => presentPerson(p, ctx.actor, ctx.audience, ctx.options);

/** A search: one clear match, a page of a list, or nobody (with "did you mean"). */
export function askSearch(ctx: AskContext, query: string, mode: SearchMode, offset = 0): DirectoryAnswer {
  const page = ctx.directory.searchPage(query, { mode, limit: ctx.pageSize, offset });
  if (page.total === 0) return { kind: 'none', query, suggestions: ctx.directory.suggest(query, { mode, limit: 5 }) };
  if (offset === 0) {
    const unique = uniqueMatch(page.results);
    if (unique) return { kind: 'person', person: present(ctx, unique.person) };
  }
  return {
    kind: 'list',
    title: { kind: 'found', query },
    list: { kind: 'search', query, mode },
    people: page.results.map((r) => present(ctx, r.person)),
    total: page.total,
    offset,
  };
}

/** "wie werkt er bij Burgerzaken?": the department's people in name order; not a department → expertise. */
export function askDepartment(ctx: AskContext, text: string, offset = 0): DirectoryAnswer {
  const department = ctx.directory.resolveDepartment(text);
  if (!department) return askSearch(ctx, text, 'skill', offset);
  return departmentPage(ctx, department.name, offset);
}

function departmentPage(ctx: AskContext, department: string, offset: number): DirectoryAnswer {
  const page = ctx.directory.searchPage('', { department, limit: ctx.pageSize, offset });
  return {
    kind: 'list',
    title: { kind: 'department', department },
    list: { kind: 'department', department },
    people: page.results.map((r) => present(ctx, r.person)),
    total: page.total,
    offset,
  };
}

/** The person a name in a question points at, or what to do instead. */
function whom(
  ctx: AskContext,
  name: string,
  question: 'manager' | 'team',
): { person: IndexedPerson } | { answer: DirectoryAnswer } {
  const page = ctx.directory.searchPage(name, { mode: 'person', limit: ctx.pageSize });
  const unique = uniqueMatch(page.results);
  if (unique) return { person: unique.person };
  if (page.total === 0)
    return { answer: { kind: 'none', query: name, suggestions: ctx.directory.suggest(name, { mode: 'person' }) } };
  return {
    answer: {
      kind: 'choose',
      question,
      title: { kind: 'choose', query: name },
      list: { kind: 'search', query: name, mode: 'person' },
      people: page.results.map((r) => present(ctx, r.person)),
      total: page.total,
      offset: 0,
    },
  };
}

/** "wie is de manager van Jelte?"; of a department ("… van Burgerzaken"): whoever leads its people. */
export function askManager(ctx: AskContext, name: string): DirectoryAnswer {
  const found = whom(ctx, name, 'manager');
  if ('answer' in found) {
    const department = found.answer.kind === 'none' ? ctx.directory.resolveDepartment(name) : undefined;
    if (department) return departmentManagers(ctx, department.name);
    return found.answer;
  }
  return managerOfPerson(ctx, found.person);
}

/** The manager of a person picked from a list (the "choose" answer's buttons). */
export function askManagerOf(ctx: AskContext, personId: string): DirectoryAnswer | undefined {
  const person = ctx.directory.get(personId);
  return person ? managerOfPerson(ctx, person) : undefined;
}

function managerOfPerson(ctx: AskContext, person: IndexedPerson): DirectoryAnswer {
  const manager = person.managerId ? ctx.directory.get(person.managerId) : undefined;
  return { kind: 'manager', of: present(ctx, person), manager: manager ? present(ctx, manager) : undefined };
}

/** Who leads a department: those of its people whom most of its people report to. */
function departmentManagers(ctx: AskContext, department: string): DirectoryAnswer {
  const people = ctx.directory.searchPage('', { department, limit: 100 }).results.map((r) => r.person);
  const inside = new Set(people.map((p) => p.id));
  const reports = new Map<string, number>();
  for (const p of people)
    if (p.managerId && inside.has(p.managerId)) reports.set(p.managerId, (reports.get(p.managerId) ?? 0) + 1);
  const most = Math.max(0, ...reports.values());
  let leads = people.filter((p) => most > 0 && reports.get(p.id) === most);
  if (leads.length === 0) leads = people.filter((p) => p.roles.includes('manager'));
  return { kind: 'departmentManager', department, managers: leads.map((p) => present(ctx, p)) };
}

/** "wie zitten er in het team van Jelte?": the team they lead, else the team they are in (manager first). */
export function askTeam(ctx: AskContext, name: string): DirectoryAnswer {
  const found = whom(ctx, name, 'team');
  if ('answer' in found) return found.answer;
  return teamPage(ctx, found.person.id, 0)!;
}

export function teamPage(ctx: AskContext, personId: string, offset: number): DirectoryAnswer | undefined {
  const person = ctx.directory.get(personId);
  if (!person) return undefined;
  const own = ctx.directory.reportsOf(person.id);
  const lead = own.length > 0 ? person : person.managerId ? ctx.directory.get(person.managerId) : undefined;
  const members = lead ? [lead, ...ctx.directory.reportsOf(lead.id)] : [person];
  return {
    kind: 'list',
    title: { kind: 'team', lead: (lead ?? person).displayName },
    list: { kind: 'team', personId },
    people: members.slice(offset, offset + ctx.pageSize).map((p) => present(ctx, p)),
    total: members.length,
    offset,
  };
}

/** The next page of a list a pick list showed ("meer" / "more"). */
export function askPage(ctx: AskContext, list: PeopleList, offset: number): DirectoryAnswer | undefined {
  switch (list.kind) {
    case 'search':
      return askSearch(ctx, list.query, list.mode, offset);
    case 'department':
      return departmentPage(ctx, list.department, offset);
    case 'team':
      return teamPage(ctx, list.personId, offset);
  }
}
