import { hasRole, type Actor } from '../actor.js';
import * as postPolicy from '../policies/post.js';
import type { PostAccessFields, PostReader } from '../policies/post.js';
import { ORG_KEY, deptKey, roleKey } from './audience.js';
import { loadViewer, recentGroup, type Viewer } from './viewer.js';

/**
 * Post access for code that holds a Viewer, or only an Actor. The rule itself is
 * core/policies/post.ts (read); this gathers the facts it needs as cheaply as the post allows.
 */

export { NEWS_KINDS, isNewsKind, type PostAccessFields } from '../policies/post.js';

/** Whether the viewer may read the post (the post policy's read, as a boolean for filters). */
export function canSeePost(viewer: Viewer, post: PostAccessFields): boolean {
  return postPolicy.read(viewer, post).ok;
}

/**
 * The same rule without loading the whole Viewer when fewer facts decide it: a group post needs
 * only that group; news for the organisation, the actor's department or roles needs nothing
 * loaded. Whatever the cheap facts do not settle is decided on the whole Viewer. The cheap reader
 * knows a subset of what the Viewer knows, so its "yes" is the Viewer's "yes".
 */
export async function mayActorSeePost(actor: Actor, post: PostAccessFields): Promise<boolean> {
  const reader = await cheapReader(actor, post);
  if (postPolicy.read(reader, post).ok) return true;
  // A deleted post, a group post (its group was loaded) and someone else's draft are settled already.
  if (post.deletedAt || post.groupId || (post.status && post.status !== 'published')) return false;
  return postPolicy.read(await loadViewer(actor), post).ok;
}

async function cheapReader(actor: Actor, post: PostAccessFields): Promise<PostReader> {
  const visibleKeys = new Set([ORG_KEY, ...actor.roles.map(roleKey)]);
  if (actor.departmentId) visibleKeys.add(deptKey(actor.departmentId));
  const memberOf = new Set<string>();
  const openGroups = new Set<string>();
  if (post.groupId) {
    const g = await recentGroup(post.groupId);
    const id = post.groupId.toString();
    if (g?.members.has(actor.personId.toHexString())) memberOf.add(id);
    if (g?.visibility === 'open') openGroups.add(id);
  }
  return { actor, memberOf, openGroups, visibleKeys, seesAllNews: hasRole(actor, 'communicator') };
}
