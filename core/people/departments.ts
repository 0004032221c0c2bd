import { Department } from '../../models/department.js';
import { Person } from '../../models/person.js';
import type { Actor, Audience } from '../actor.js';
import type { DirectoryIndex } from '../directory/index.js';
import type { IndexedPerson } from '../directory/types.js';
import { notFound } from '../errors.js';
import { presentPerson, type PersonView, type PresentOptions } from './present.js';

/**
 * Browsing the organisation: departments with their people, and a colleague's page with their
 * manager and the colleagues in the same department. People come from the directory index (the
 * same active people search finds) and are presented for the asker, so the mobile rule holds.
 */

export interface DepartmentView {
  id: string;
  name: string;
  personCount: number;
  people: PersonView[];
}

const byName = (a: IndexedPerson, b: IndexedPerson) => a.displayName.localeCompare(b.displayName, 'nl');

export async function listDepartments(
  directory: DirectoryIndex,
  actor: Actor,
  audience: Audience,
  options: PresentOptions = {},
): Promise<DepartmentView[]> {
  const departments = await Department.find({}, { name: 1 }).lean();
  const people = new Map<string, IndexedPerson[]>();
  for (const p of directory.all()) {
    if (!p.departmentId) continue;
    const list = people.get(p.departmentId) ?? [];
    list.push(p);
    people.set(p.departmentId, list);
  }
  return departments
    .map((d) => {
      const members = (people.get(d._id.toString()) ?? []).sort(byName);
      return {
        id: d._id.toString(),
        name: d.name,
        personCount: members.length,
        people: members.map((p) => presentPerson(p, actor, audience, options)),
      };
    })
    .filter((d) => d.personCount > 0)
    .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
}

export interface PersonPage extends PersonView {
  departmentId: string | null;
  /** The short "about" the person wrote. */
  bio: string | null;
  manager: PersonView | null;
  /** Others in the same department, by name (at most `colleagueLimit`). */
  colleagues: PersonView[];
  colleagueCount: number;
}

/** A colleague's page as the asker may see it; 404 when unknown or inactive. */
export async function personPage(
  directory: DirectoryIndex,
  actor: Actor,
  audience: Audience,
  personId: string,
  options: PresentOptions & { colleagueLimit?: number } = {},
): Promise<PersonPage> {
  const person = directory.get(personId);
  if (!person) throw notFound('No active colleague has that id.');
  const stored = await Person.findById(person.id, { bio: 1, managerId: 1 }).lean();
  const manager = stored?.managerId ? directory.get(stored.managerId.toString()) : undefined;
  const colleagues = person.departmentId
    ? directory
        .all()
        .filter((p) => p.departmentId === person.departmentId && p.id !== person.id)
        .sort(byName)
    : [];
  const limit = options.colleagueLimit ?? 24;
  return {
    ...presentPerson(person, actor, audience, options),
    departmentId: person.departmentId ?? null,
    bio: stored?.bio?.trim() || null,
    manager: manager ? presentPerson(manager, actor, audience, options) : null,
    colleagues: colleagues.slice(0, limit).map((p) => presentPerson(p, actor, audience, options)),
    colleagueCount: colleagues.length,
  };
}
