import { isSelf, type Actor, type Audience } from '../actor.js';
import type { MobileVisibility } from '../../models/person.js';
import { allow, hidden, type Decision } from './decision.js';

/**
 * What a viewer may see of a colleague (core/people/present.ts shows it).
 *
 * The rule for the mobile number (the only field not every colleague may see):
 * "A private mobile number appears only if its owner allows it, and only in a personal chat
 * with someone of the organisation; in channels, group chats and message-extension cards
 * (seen by everyone there) only what every colleague may see."
 *
 * | mobileVisibility | audience | viewer        | mobile shown |
 * | organisation     | private  | colleague     | yes          |
 * | organisation     | shared   | colleague     | yes          |
 * | private          | private  | the owner     | yes          |
 * | private          | private  | someone else  | no           |
 * | private          | shared   | anyone        | no           |
 * | any              | any      | none (guest)  | no, nor anything else but the name |
 *
 * `mobileVisibility` here is the one that applies: the owner's own choice (profile, CSV), else
 * the organisation's MOBILE_VISIBILITY (effectiveMobileVisibility). The directory resolves it
 * once per person, so what is shown and what reverse lookup may find agree everywhere.
 */

export interface PersonAccessFields {
  id: string;
  /** The visibility that applies; missing means private, the safe side. */
  mobileVisibility?: MobileVisibility | null;
}

/** The owner's choice wins; without one the organisation's default (MOBILE_VISIBILITY) applies. */
export function effectiveMobileVisibility(
  choice: string | null | undefined,
  organisationDefault: MobileVisibility,
): MobileVisibility {
  return choice === 'private' || choice === 'organisation' ? choice : organisationDefault;
}

/** Directory details beyond the name: colleagues only (a null viewer is a guest or an unverified user). */
export function seeDetails(viewer: Actor | null): Decision {
  return viewer ? allow : hidden;
}

/** The mobile number, in an answer seen by `audience`. */
export function seeMobile(viewer: Actor | null, person: PersonAccessFields, audience: Audience): Decision {
  if (!viewer) return hidden;
  return mobileShown(person.mobileVisibility, isSelf(viewer, person.id), audience) ? allow : hidden;
}

/** The mobile rule on its own, so it reads as the product rule does. */
export function mobileShown(
  visibility: MobileVisibility | null | undefined,
  viewerIsOwner: boolean,
  audience: Audience,
): boolean {
  if (visibility === 'organisation') return true;
  // Private (or unset): only the owner, and only where nobody else reads along.
  return viewerIsOwner && audience === 'private';
}
