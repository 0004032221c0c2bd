import type { Request } from 'express';
import type { Actor } from '../../core/actor.js';
import { localeOf, type Locale } from '../../core/i18n.js';

/**
 * The language to answer a tab request in: the tab sends Teams' locale as Accept-Language (it
 * follows Teams, which may differ from the language stored for the person); else the person's.
 */
export function requestLocale(req: Request, actor: Actor): Locale {
  if (!req.get('accept-language')) return actor.locale;
  const preferred = req.acceptsLanguages('nl', 'en', 'fy', 'nl-NL', 'nl-BE', 'en-US', 'en-GB');
  return (typeof preferred === 'string' ? localeOf(preferred) : undefined) ?? actor.locale;
}

/** The actor, speaking the request's language (for messages core writes in the actor's locale). */
export function actorInRequestLocale(req: Request, actor: Actor): Actor {
  const locale = requestLocale(req, actor);
  return locale === actor.locale ? actor : Object.freeze({ ...actor, locale });
}
