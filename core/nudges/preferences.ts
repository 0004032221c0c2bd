import { Person } from '../../models/person.js';
import type { Actor } from '../actor.js';
import { notFound } from '../errors.js';

/**
 * A person's own choice about nudges: "stop" / "geen herinneringen" in the chat, the card's
 * button, or the tab switch them off; "herinneringen aan" / "reminders on" back on. Resolves with
 * whether anything changed (false: it was so already).
 */
export async function setNudgesWanted(actor: Actor, wanted: boolean): Promise<{ changed: boolean }> {
  const r = await Person.updateOne(
    { _id: actor.personId, active: true, nudgesOptOut: wanted ? true : { $ne: true } },
    { $set: { nudgesOptOut: !wanted } },
  );
  if (r.matchedCount === 0 && !(await Person.exists({ _id: actor.personId, active: true }))) {
    throw notFound('You are not in the directory.');
  }
  return { changed: r.modifiedCount > 0 };
}

export async function nudgesWanted(actor: Actor): Promise<boolean> {
  const p = await Person.findById(actor.personId, { nudgesOptOut: 1 }).lean();
  return !p?.nudgesOptOut;
}
