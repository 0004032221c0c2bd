import { forbidden, type AppError } from '../errors.js';
import type { MessageKey, Text } from '../i18n.js';

/**
 * Why a policy refuses. `hidden`: the asker may not know the thing exists, so a door answers as
 * if it did not (404, never 403). Every other reason is a `policy.<reason>` sentence in
 * core/messages/policies.ts, shown with a 403.
 */
export type Reason = 'hidden' | PolicyReason<MessageKey>;
type PolicyReason<K> = K extends `policy.${infer R}` ? R : never;

export type Decision = { readonly ok: true } | { readonly ok: false; readonly reason: Reason };

export const allow: Decision = Object.freeze({ ok: true });
export const hidden: Decision = Object.freeze({ ok: false, reason: 'hidden' });
export const deny = (reason: Exclude<Reason, 'hidden'>): Decision => Object.freeze({ ok: false, reason });

/** Throws what a refusal means at a door: hidden → the caller's not-found error; else 403 with the reason. */
export function enforce(decision: Decision, notFound: () => AppError): void {
  if (decision.ok) return;
  if (decision.reason === 'hidden') throw notFound();
  throw forbidden({ key: `policy.${decision.reason}` } as Text);
}

/** A decision that needs `first` to allow before `then` is asked (e.g. acting on a post needs reading it). */
export function after(first: Decision, then: () => Decision): Decision {
  return first.ok ? then() : first;
}
