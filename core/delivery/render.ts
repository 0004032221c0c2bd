import type { Types } from 'mongoose';
import type { Locale } from '../i18n.js';
import type { OutgoingMessage } from './messenger.js';

/** A delivery as the worker hands it to a renderer. */
export interface RenderedDelivery {
  readonly _id: Types.ObjectId;
  readonly kind: string;
  readonly postId?: Types.ObjectId | null;
  readonly personId?: Types.ObjectId | null;
  readonly payload?: unknown;
}

/** Who will read it. */
export interface RenderTarget {
  readonly audience: 'personal' | 'channel';
  readonly locale: Locale;
  /** The recipient person (personal chats). */
  readonly person?: {
    readonly _id: Types.ObjectId;
    readonly email: string;
    readonly roles?: string[] | null;
    readonly departmentId?: Types.ObjectId | null;
    readonly locale?: string | null;
  };
  /** Their Teams user id (29:…), when known. */
  readonly userId?: string;
  /** Read the subject afresh (an update after a change), not from a cache. */
  readonly fresh?: boolean;
}

/**
 * What to send, or why not any more (the post was withdrawn, the person may no longer read it).
 * `readAt` is when the subject was read (ms since epoch; default: now): a change to it after
 * that moment (core/delivery/outbox.ts followPostChange) is followed by an update or removal of
 * the card once it has gone out.
 */
export type Rendered = { readonly message: OutgoingMessage; readonly readAt?: number } | { readonly skip: string };

export interface Renderer {
  render(delivery: RenderedDelivery, target: RenderTarget): Promise<Rendered>;
}

/** 'message': the payload is the message ({ text, card }), built when it was enqueued. */
export const messageRenderer: Renderer = {
  async render(delivery) {
    const payload = delivery.payload as { text?: unknown; card?: unknown } | undefined;
    if (!payload || typeof payload.text !== 'string') return { skip: 'no_message' };
    return {
      message: {
        text: payload.text,
        ...(payload.card && typeof payload.card === 'object' ? { card: payload.card } : {}),
      },
    };
  },
};

/** How each kind of delivery is rendered at send time; the worker is given one of these. */
export type Renderers = ReadonlyMap<string, Renderer>;
