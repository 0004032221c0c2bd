import type { Logger } from 'pino';

/** A question in a Q&A group got its first answer, or an answer was accepted. */
export interface QuestionEvent {
  readonly questionId: string;
  readonly askerId: string;
  /** The comment that answered (first) or was accepted. */
  readonly commentId: string;
  readonly answererId: string;
  /** Who marked the accepted answer (onQuestionAnswered only). */
  readonly markedBy?: string;
}

/** What core tells the outside world about; every hook is optional and may not fail a request. */
export interface SocialHooks {
  /** The first comment by someone other than the asker arrived (firstAnswerAt was just set). */
  onFirstAnswer?(event: QuestionEvent): Promise<void>;
  /** An accepted answer was marked. */
  onQuestionAnswered?(event: QuestionEvent): Promise<void>;
}

export interface SocialContext {
  readonly hooks?: SocialHooks;
  readonly log?: Logger;
}

/**
 * Runs a hook after the write has been stored, without holding up the caller: a slow or failing
 * Bot Connector must not slow down or fail a comment. Failures are logged.
 */
export function fireHook<E>(ctx: SocialContext, name: keyof SocialHooks, event: E): void {
  const hook = ctx.hooks?.[name] as ((e: E) => Promise<void>) | undefined;
  if (!hook) return;
  void hook.call(ctx.hooks, event).catch((err: unknown) => ctx.log?.warn({ err, hook: name }, 'social hook failed'));
}
