import { hasRole, isSelf, type Actor } from '../actor.js';
import { allow, deny, type Decision } from './decision.js';

/**
 * Engagement reports show aggregates only, and only to those who plan the intranet's
 * communication: communicators and admins (admins count as communicators). Everyone else is
 * refused with a 403 that says who may see them.
 */
export function viewAnalytics(actor: Actor): Decision {
  return hasRole(actor, 'communicator') ? allow : deny('view_analytics');
}

/**
 * Erasing a person who has left (AVG art. 17) is an Ids admin's act, recorded in the audit log.
 * Nobody erases themselves through the API: an admin leaving is erased by another admin or by
 * the command on the server.
 */
export function erasePerson(actor: Actor, personId: string): Decision {
  if (!hasRole(actor, 'admin')) return deny('erase_person');
  return isSelf(actor, personId) ? deny('erase_self') : allow;
}
