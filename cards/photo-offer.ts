import { t, type Locale } from '../core/i18n.js';
import { adaptiveCard, textBlock, type AdaptiveCard, type CardElement } from './adaptive.js';
import { plainText, safeUrl } from './text.js';

export interface PhotoOfferOptions {
  readonly locale: Locale;
  /** The groups the person may post in (their own). */
  readonly groups: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  /** The stored upload, posted when the person submits. */
  readonly mediaId: string;
  /** A short-lived signed thumbnail URL of the photo. */
  readonly imageUrl?: string;
}

export const PHOTO_CAPTION_MAX = 500;

/**
 * "Deze foto delen met je collega's?": the photo, a pick list of the person's groups, a caption
 * and a Post button ({ verb: 'postPhoto', mediaId } plus the inputs' groupId and caption).
 */
export function photoOfferCard(options: PhotoOfferOptions): AdaptiveCard {
  const { locale } = options;
  const title = t(locale, 'photo.offer.title');
  const body: CardElement[] = [textBlock(title, { size: 'Medium', weight: 'Bolder', style: 'heading' })];
  const imageUrl = safeUrl(options.imageUrl);
  if (imageUrl) body.push({ type: 'Image', url: imageUrl, altText: t(locale, 'photo.offer.alt'), size: 'Medium' });
  const choices = options.groups.map((g) => ({ title: plainText(g.name, { max: 120 }), value: g.id }));
  body.push({
    type: 'Input.ChoiceSet',
    id: 'groupId',
    label: t(locale, 'photo.offer.group'),
    choices,
    style: 'compact',
    isRequired: true,
    errorMessage: t(locale, 'photo.chooseGroup'),
    ...(choices.length === 1 ? { value: choices[0]!.value } : {}),
  });
  body.push({
    type: 'Input.Text',
    id: 'caption',
    label: t(locale, 'photo.offer.caption'),
    placeholder: t(locale, 'photo.offer.captionPlaceholder'),
    isMultiline: true,
    maxLength: PHOTO_CAPTION_MAX,
  });
  return adaptiveCard(
    body,
    [
      {
        type: 'Action.Submit',
        title: t(locale, 'photo.offer.submit'),
        style: 'positive',
        data: { verb: 'postPhoto', mediaId: options.mediaId },
      },
    ],
    title,
  );
}
