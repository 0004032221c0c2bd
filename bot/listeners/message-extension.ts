import type { MessagingExtensionQuery, MessagingExtensionResponse, TurnContext } from 'botbuilder';
import { pickLocale, t } from '../../core/i18n.js';
import { findPeople } from '../../core/people/find.js';
import { signedPhotoUrls } from '../../core/people/photo.js';
import { personLink } from '../../core/links.js';
import { cardAttachment } from '../../cards/adaptive.js';
import { personCard } from '../../cards/person-card.js';
import { personPreview } from '../../cards/person-preview.js';
import { resolveAsker } from '../identity.js';
import type { BotDeps } from '../context.js';

export const SEARCH_PEOPLE_COMMAND = 'searchPeople';
const MAX_RESULTS = 25;

/**
 * The search message extension: up to 25 colleagues, each a preview in the list and a full
 * person card to insert. What is inserted lands in a shared conversation, so it is presented
 * for a shared audience: never a private mobile number.
 */
export async function onPeopleQuery(
  context: TurnContext,
  query: MessagingExtensionQuery,
  deps: BotDeps,
): Promise<MessagingExtensionResponse> {
  const locale = pickLocale(context.activity.locale, undefined, deps.config.defaultLocale);
  if (query.commandId !== SEARCH_PEOPLE_COMMAND) {
    return { composeExtension: { type: 'message', text: t(locale, 'bot.unknownAction') } };
  }
  const asker = await resolveAsker(context, deps.config, deps.log);
  if (!asker.ok) return { composeExtension: { type: 'message', text: t(locale, `bot.refused.${asker.reason}`) } };

  const text = String(
    query.parameters?.find((p) => p.name === 'query')?.value ?? query.parameters?.[0]?.value ?? '',
  ).trim();
  if (query.parameters?.[0]?.name === 'initialRun' || !text) {
    return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [] } };
  }
  const found = findPeople(
    deps.services.directory,
    asker.actor,
    'shared',
    { query: text.slice(0, 200), limit: MAX_RESULTS },
    signedPhotoUrls(deps.config),
  );
  return {
    composeExtension: {
      type: 'result',
      attachmentLayout: 'list',
      attachments: found.people.map(({ person }) => ({
        ...cardAttachment(personCard(person, { locale, profileUrl: personLink(deps.config, person.id) })),
        preview: personPreview(person, { locale, list: found.people.map((p) => p.person) }),
      })),
    },
  };
}
