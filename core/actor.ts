import type { Types } from 'mongoose';
import type { Role } from '../models/person.js';

/**
 * Who is asking. Doors (bot, tab API, CLI) build an Actor; core/ decides with it.
 * `channel` tells core how public the answer will be: a personal chat or the person's own
 * tab is private, a channel/group chat/message-extension card is seen by everyone there.
 */
export interface Actor {
  readonly personId: Types.ObjectId;
  readonly email: string;
  readonly roles: readonly Role[];
  readonly departmentId?: Types.ObjectId;
  readonly locale: 'nl' | 'en';
  /**
   * Where the person works, read with the rest when the actor was resolved from the directory
   * for this request (null: none recorded). Absent when an actor was built otherwise; core then
   * reads the person again where it needs it (core/posts/viewer.ts).
   */
  readonly officeLocation?: string | null;
}

/** How widely an answer will be seen. */
export type Audience = 'private' | 'shared';

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.roles.includes(role) || (role !== 'admin' && actor.roles.includes('admin'));
}

export function isSelf(actor: Actor, personId: Types.ObjectId | string): boolean {
  // ObjectId.equals compares the ids' numbers; toString() would build two hex strings per call.
  return typeof personId === 'string' ? actor.personId.toHexString() === personId : actor.personId.equals(personId);
}
