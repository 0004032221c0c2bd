/**
 * The one dedupe-key scheme of the outbox: what a proactive message is for and whom, so that
 * publishing twice, a rerun or a second instance never makes a second delivery.
 *
 *   <kind>|<subject>|<recipient>[|<period>]
 *
 * - kind: news, notice, nudge, …
 * - subject: what it is about (a post id; "firstAnswer:<question id>"; "profile")
 * - recipient: "person:<id>" or "conversation:<conversation ref id>"
 * - period: for repeating messages, the period it belongs to ("2026-W48"); none otherwise
 *
 * For example: news|65f0…|person:65e1…, notice|firstAnswer:65f2…|person:65e1…,
 * nudge|profile|person:65e1…|2026-W48.
 */
export interface DeliveryKeyParts {
  readonly kind: string;
  readonly subject: string;
  readonly recipient: DeliveryRecipient;
  readonly period?: string;
}

export type DeliveryRecipient =
  | { readonly personId: { toString(): string } }
  | { readonly conversationRefId: { toString(): string } };

const SAFE = /^[A-Za-z0-9:._@-]+$/;

function part(name: string, value: string): string {
  if (!value || !SAFE.test(value)) throw new Error(`delivery key: ${name} "${value}" must be non-empty and plain`);
  return value;
}

export function recipientKey(r: DeliveryRecipient): string {
  return 'personId' in r ? `person:${r.personId.toString()}` : `conversation:${r.conversationRefId.toString()}`;
}

export function deliveryKey(p: DeliveryKeyParts): string {
  const parts = [part('kind', p.kind), part('subject', p.subject), recipientKey(p.recipient)];
  if (p.period !== undefined) parts.push(part('period', p.period));
  return parts.join('|');
}
