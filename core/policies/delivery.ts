import type { Types } from 'mongoose';
import { hasRole, isSelf, type Actor } from '../actor.js';
import { allow, deny, type Decision } from './decision.js';
import { isNewsKind } from './post.js';

/**
 * Who may see a post's delivery report, export it and retry its failed deliveries: the post's
 * author and the communication team (communicators; admins count as communicators), for news
 * only (group posts and questions are never delivered as cards). The report names the people
 * who have not acknowledged yet, so nobody else sees it. Pure: (actor, post) → decision; the
 * report enforces it (core/delivery/report.ts), the presenter derives `can.viewDelivery` from it.
 */
export interface DeliveryReportSubject {
  readonly kind: string;
  readonly authorId: Types.ObjectId | string;
}

export function viewDelivery(actor: Actor, post: DeliveryReportSubject): Decision {
  if (!isNewsKind(post.kind)) return deny('delivery_news_only');
  return isSelf(actor, post.authorId) || hasRole(actor, 'communicator') ? allow : deny('view_delivery');
}
