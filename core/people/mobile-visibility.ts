import { MOBILE_VISIBILITY, Person, type MobileVisibility } from '../../models/person.js';
import type { Actor } from '../actor.js';
import { notFound } from '../errors.js';
import { effectiveMobileVisibility } from '../policies/person.js';

/**
 * Who sees one's own mobile number: a choice only its owner makes (the profile screen, PATCH
 * /api/me), which wins over the CSV and over MOBILE_VISIBILITY; null takes the choice back, so
 * the organisation's default applies again. The Entra ID sync never writes it.
 */
export async function setOwnMobileVisibility(actor: Actor, choice: MobileVisibility | null): Promise<boolean> {
  if (choice !== null && !(MOBILE_VISIBILITY as readonly string[]).includes(choice))
    throw new TypeError(`mobileVisibility must be one of ${MOBILE_VISIBILITY.join(', ')} or null`);
  const update = choice === null ? { $unset: { mobileVisibility: 1 } } : { $set: { mobileVisibility: choice } };
  const result = await Person.updateOne({ _id: actor.personId, active: true }, update);
  if (result.matchedCount === 0) throw notFound('You are not in the directory.');
  return result.modifiedCount > 0;
}

/** What the profile shows: the stored choice (null: none made) and what applies now. */
export function mobileVisibilityOf(
  stored: string | null | undefined,
  organisationDefault: MobileVisibility,
): { choice: MobileVisibility | null; effective: MobileVisibility } {
  const choice = stored === 'private' || stored === 'organisation' ? stored : null;
  return { choice, effective: effectiveMobileVisibility(choice, organisationDefault) };
}
