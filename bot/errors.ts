import type { TurnContext } from 'botbuilder';
import { AppError, errorMessage, isStoreDown } from '../core/errors.js';
import { pickLocale, type Locale } from '../core/i18n.js';

/**
 * What the bot says when a turn fails, decided by the error's code (and its specific sentence
 * where core gave one), never by its HTTP status: one translation for every listener and for
 * the adapter's onTurnError.
 */
export function botMessageFor(error: unknown, locale: Locale): string {
  return errorMessage(asAppError(error), locale);
}

/** Core's own errors as they are; an unreachable store as such; anything else is a fault on our side. */
export function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isStoreDown(error)) return new AppError('store_unavailable', 'The store is unavailable.', 503);
  return new AppError('internal', 'The bot turn failed.', 500);
}

const TURN_LOCALE = Symbol('ids.turnLocale');

/** Listeners record the language they answer in, so a failure later in the turn is told in it too. */
export function rememberTurnLocale(context: TurnContext, locale: Locale): void {
  context.turnState.set(TURN_LOCALE, locale);
}

export function turnLocale(context: TurnContext, fallback: Locale): Locale {
  return (
    (context.turnState.get(TURN_LOCALE) as Locale | undefined) ??
    pickLocale(context.activity.locale, undefined, fallback)
  );
}
