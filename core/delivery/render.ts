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
}

/**
 * What to send, or why not any more (the post was withdrawn, the person may no longer read it).
 * `revision` names the version of the subject that was rendered, so an edit that lands while
 * the message is on its way is followed by an update.
 */
export type Rendered = { readonly message: OutgoingMessage; readonly revision?: number } | { readonly skip: string };

export interface Renderer {
  render(delivery: RenderedDelivery, target: RenderTarget): Promise<Rendered>;
  /** After a send or update: does the card in Teams need an update or removal now? */
  followUp?(delivery: RenderedDelivery, renderedRevision: number | undefined): Promise<'update' | 'delete' | undefined>;
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
