import { t, type Locale } from '../core/i18n.js';
import type { PersonView } from '../core/people/present.js';
import { plainText, safeUrl, TEXT_LIMITS } from './text.js';

export const THUMBNAIL_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.thumbnail';

export interface ThumbnailCard {
  readonly title: string;
  readonly subtitle?: string;
  readonly text?: string;
  readonly images?: readonly { readonly url: string; readonly alt?: string }[];
}

export interface ThumbnailCardAttachment {
  readonly contentType: typeof THUMBNAIL_CARD_CONTENT_TYPE;
  readonly content: ThumbnailCard;
}

/**
 * The line shown for a person in the message extension's result list (the `preview` of a
 * result whose content is the person card). Message-extension results are shared: build
 * `view` with audience 'shared'. Thumbnail titles and subtitles are plain text in Teams.
 */
export function personPreview(
  view: PersonView,
  options: {
    readonly locale: Locale /** The whole result list, so namesakes show their location too. */;
    readonly list?: readonly PersonView[];
  },
): ThumbnailCardAttachment {
  const { locale } = options;
  const name = plainText(view.displayName, { max: TEXT_LIMITS.name });
  const subtitle = view.jobTitle ? plainText(view.jobTitle, { max: 100 }) : undefined;
  const phone = view.phones[0];
  const namesake = (options.list ?? []).some(
    (o) => o.id !== view.id && o.displayName.toLowerCase() === view.displayName.toLowerCase(),
  );
  const parts = [
    view.department ? plainText(view.department, { max: 80 }) : undefined,
    namesake && view.officeLocation ? plainText(view.officeLocation, { max: 80 }) : undefined,
    phone
      ? `${t(locale, phone.kind === 'mobile' ? 'people.label.mobile' : 'people.label.phone')} ${plainText(phone.display, { max: 40 })}`
      : undefined,
  ].filter((s): s is string => Boolean(s));
  const photoUrl = safeUrl(view.photoUrl);
  return {
    contentType: THUMBNAIL_CARD_CONTENT_TYPE,
    content: {
      title: name,
      ...(subtitle ? { subtitle } : {}),
      ...(parts.length > 0 ? { text: parts.join(' · ') } : {}),
      ...(photoUrl ? { images: [{ url: photoUrl, alt: t(locale, 'people.photoAlt', { name }) }] } : {}),
    },
  };
}
