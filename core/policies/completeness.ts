import type { Types } from 'mongoose';
import { hasRole, type Actor } from '../actor.js';
import { allow, deny, type Decision } from './decision.js';

/**
 * Who may see whose profile gaps, and who runs the department challenge. Pure functions of
 * (actor, subject); core/nudges enforces them and the presenters derive the tab's `can` flags
 * from the same functions.
 */

/**
 * An ambassador's list of their own department's incomplete profiles (names and what is missing,
 * nothing else). Off unless the organisation switched it on (AMBASSADOR_LISTS: a list of names is
 * personal data and may need the works council's consent); then only for people who hold the
 * ambassador role themselves (an admin is no ambassador by office) and only their own department.
 * Nobody else sees such a list.
 */
export function viewIncompleteList(
  actor: Actor,
  departmentId: Types.ObjectId | string,
  settings: { readonly ambassadorLists: boolean },
): Decision {
  if (!settings.ambassadorLists || !actor.roles.includes('ambassador')) return deny('view_incomplete_list');
  if (!actor.departmentId || actor.departmentId.toString() !== departmentId.toString()) {
    return deny('view_incomplete_list');
  }
  return allow;
}

/** Starting and ending the department challenge: the communication team (admins count as communicators). */
export function manageCampaign(actor: Actor): Decision {
  return hasRole(actor, 'communicator') ? allow : deny('manage_campaign');
}

/** "Who is missing a manager": the gaps only the organisation can fill, for admins. */
export function viewProfileGaps(actor: Actor): Decision {
  return hasRole(actor, 'admin') ? allow : deny('view_profile_gaps');
}
