/**
 * The message catalogue: every sentence a person reads in a bot reply or a card, in Dutch
 * (the organisation's language, and the fallback) and English.
 *
 * One flat object per locale. `en` must have exactly the keys of `nl` (a missing or extra key
 * is a type error), and each English message must use the same `{placeholders}` as its Dutch
 * original (checked by `PlaceholdersMatch` below, so a mismatch is a type error too).
 * Add keys to both objects; keep keys grouped by the feature that shows them.
 */

export type Locale = 'nl' | 'en';
export const LOCALES: readonly Locale[] = ['nl', 'en'];

const nl = {
  // Errors
  botError: 'Er ging iets mis aan mijn kant. Probeer het zo nog eens.',
  'bot.refused.unknown':
    "Ik kan je niet vinden in het medewerkersbestand, dus ik kan je geen gegevens van collega's laten zien. Vraag het communicatieteam om je toe te voegen.",
  'bot.refused.guest': 'Gasten en anonieme gebruikers kunnen het medewerkersbestand niet doorzoeken.',
  'bot.refused.tenant': 'Ids is alleen voor medewerkers van de eigen organisatie.',
  'bot.unknownAction': 'Deze knop werkt niet meer. Stel je vraag opnieuw.',
  'bot.personGone': 'Deze collega staat niet (meer) in het medewerkersbestand.',
  // People search: labels
  'people.label.jobTitle': 'Functie',
  'people.label.phone': 'Telefoon',
  'people.label.mobile': 'Mobiel',
  'people.label.email': 'E-mail',
  'people.label.department': 'Afdeling',
  'people.label.location': 'Locatie',
  'people.label.skills': 'Expertise',
  // People search: actions
  'people.action.chat': 'Chat',
  'people.action.call': 'Bellen',
  'people.action.profile': 'Profiel',
  'people.action.show': 'Bekijk',
  'people.action.showPerson': 'Bekijk {name}',
  'people.action.chatWith': 'Chat met {name}',
  'people.action.callPerson': 'Bel {name} via Teams',
  'people.photoAlt': 'Foto van {name}',
  // People search: results
  'people.found.one': 'Ik vond 1 collega voor ‘{query}’',
  'people.found.other': "Ik vond {count} collega's voor ‘{query}’",
  'people.found.more': 'Ik laat de eerste {shown} zien. Zoek specifieker om minder resultaten te krijgen.',
  'people.noMatch': 'Niemand gevonden voor ‘{query}’.',
  'people.didYouMean': 'Bedoelde je…?',
  'people.hint.skill': 'Zoek op expertise: wie weet iets van GIS?',
  'people.hint.search': 'Zoek op naam, functie, afdeling of telefoonnummer.',
  // Help
  'help.title': 'Wat kan Ids voor je doen?',
  'help.intro': 'Ids is het intranet van onze gemeente, hier in Teams. Stel je vraag gewoon in gewone taal.',
  'help.item.phone': 'Een collega of telefoonnummer vinden: “wat is het nummer van Anne-Roos?”',
  'help.item.skill': 'Iemand met kennis van zaken vinden: “wie weet iets van GIS?”',
  'help.item.department': 'Zien wie er op een afdeling werken: “wie werken er bij Burgerzaken?”',
  'help.item.reverse': 'Opzoeken van wie een nummer is: “van wie is 0512 123 456?”',
  'help.item.share': 'In een chat of kanaal een visitekaartje delen: typ @Ids en de naam.',
  'help.item.tab': 'Nieuws, groepen zoals Vraag Ids en je eigen profiel vind je in het tabblad Ids.',
  'help.footer': 'Typ “help” om dit overzicht opnieuw te zien.',
  'help.action.openTab': 'Open Ids',
  // Social: news, questions, photos (bot/listeners/social.ts, cards/news-list.ts, cards/photo-offer.ts)
  'news.title': 'Het laatste nieuws',
  'news.empty': 'Er is nog geen nieuws voor je. Kijk later nog eens, of open Ids.',
  'news.readMore': 'Lees meer',
  'news.readMoreAbout': 'Lees meer: {title}',
  'news.important': 'Belangrijk',
  'news.byline': '{author} · {date}',
  'news.photoAlt': 'Foto bij {title}',
  'question.empty': 'Wat wil je vragen? Typ bijvoorbeeld: vraag: waar vind ik het declaratieformulier?',
  'question.posted': 'Je vraag staat in {group}. Ik laat het je weten zodra iemand antwoordt.',
  'question.noGroup': 'Er is nog geen vragengroep in Ids. Vraag het communicatieteam er een te maken.',
  'question.firstAnswer': '{name} heeft je vraag ‘{question}’ beantwoord: {answer}',
  'question.accepted': 'Bij je vraag ‘{question}’ is het antwoord van {name} gemarkeerd als het juiste antwoord.',
  'question.open': 'Bekijk de vraag',
  'photo.offer.title': 'Deze foto delen met je collega’s?',
  'photo.offer.group': 'In welke groep?',
  'photo.offer.caption': 'Bijschrift',
  'photo.offer.captionPlaceholder': 'Wat zien we hier?',
  'photo.offer.submit': 'Plaatsen',
  'photo.offer.alt': 'De foto die je stuurde',
  'photo.noGroups':
    'Je bent nog geen lid van een groep om deze foto in te delen. Word lid van een groep in Ids en stuur de foto opnieuw.',
  'photo.notImage':
    'Dit bestand kan ik niet als foto plaatsen: stuur een JPEG-, PNG- of WebP-foto van hoogstens 10 MB.',
  'photo.downloadFailed': 'Het lukte niet om de foto op te halen. Stuur hem nog eens.',
  'photo.posted': 'Je foto staat in {group}.',
  'photo.gone': 'Deze foto is niet meer beschikbaar; stuur hem nog eens.',
  'photo.chooseGroup': 'Kies een groep waarin je de foto wilt plaatsen.',
} as const;

const en = {
  botError: 'Something went wrong on my side. Please try again in a moment.',
  'bot.refused.unknown':
    "I can't find you in the staff directory, so I can't show you colleagues' details. Ask the communication team to add you.",
  'bot.refused.guest': 'Guests and anonymous users cannot search the staff directory.',
  'bot.refused.tenant': 'Ids is only for staff of its own organisation.',
  'bot.unknownAction': 'This button no longer works. Please ask again.',
  'bot.personGone': 'This colleague is not (or no longer) in the staff directory.',
  'people.label.jobTitle': 'Job title',
  'people.label.phone': 'Phone',
  'people.label.mobile': 'Mobile',
  'people.label.email': 'Email',
  'people.label.department': 'Department',
  'people.label.location': 'Location',
  'people.label.skills': 'Skills',
  'people.action.chat': 'Chat',
  'people.action.call': 'Call',
  'people.action.profile': 'Profile',
  'people.action.show': 'View',
  'people.action.showPerson': 'View {name}',
  'people.action.chatWith': 'Chat with {name}',
  'people.action.callPerson': 'Call {name} on Teams',
  'people.photoAlt': 'Photo of {name}',
  'people.found.one': 'I found 1 colleague for ‘{query}’',
  'people.found.other': 'I found {count} colleagues for ‘{query}’',
  'people.found.more': 'Showing the first {shown}. Search more specifically to get fewer results.',
  'people.noMatch': 'Nobody found for ‘{query}’.',
  'people.didYouMean': 'Did you mean…?',
  'people.hint.skill': 'Search by skill: who knows about GIS?',
  'people.hint.search': 'Search by name, job title, department or phone number.',
  'help.title': 'What can Ids do for you?',
  'help.intro': "Ids is our municipality's intranet, right here in Teams. Just ask in plain language.",
  'help.item.phone': 'Find a colleague or a phone number: “what is Anne-Roos’s number?”',
  'help.item.skill': 'Find someone who knows about a subject: “who knows about GIS?”',
  'help.item.department': 'See who works in a department: “who works at Civil Affairs?”',
  'help.item.reverse': 'Look up whose number it is: “whose number is 0512 123 456?”',
  'help.item.share': 'Share a contact card in a chat or channel: type @Ids and the name.',
  'help.item.tab': 'News, groups such as Vraag Ids and your own profile are in the Ids tab.',
  'help.footer': 'Type “help” to see this again.',
  'help.action.openTab': 'Open Ids',
  'news.title': 'The latest news',
  'news.empty': 'There is no news for you yet. Check again later, or open Ids.',
  'news.readMore': 'Read more',
  'news.readMoreAbout': 'Read more: {title}',
  'news.important': 'Important',
  'news.byline': '{author} · {date}',
  'news.photoAlt': 'Photo for {title}',
  'question.empty': 'What would you like to ask? For example: question: where do I find the expenses form?',
  'question.posted': 'Your question is in {group}. I will let you know as soon as someone answers.',
  'question.noGroup': 'Ids has no questions group yet. Ask the communication team to create one.',
  'question.firstAnswer': '{name} answered your question ‘{question}’: {answer}',
  'question.accepted': 'On your question ‘{question}’, the answer by {name} was marked as the right one.',
  'question.open': 'View the question',
  'photo.offer.title': 'Share this photo with your colleagues?',
  'photo.offer.group': 'In which group?',
  'photo.offer.caption': 'Caption',
  'photo.offer.captionPlaceholder': 'What are we looking at?',
  'photo.offer.submit': 'Post',
  'photo.offer.alt': 'The photo you sent',
  'photo.noGroups':
    'You are not a member of a group to share this photo in yet. Join a group in Ids and send the photo again.',
  'photo.notImage': 'I cannot post this file as a photo: send a JPEG, PNG or WebP photo of at most 10 MB.',
  'photo.downloadFailed': 'I could not fetch the photo. Please send it again.',
  'photo.posted': 'Your photo is in {group}.',
  'photo.gone': 'This photo is no longer available; please send it again.',
  'photo.chooseGroup': 'Choose a group to post the photo in.',
} as const satisfies { readonly [K in keyof typeof nl]: string };

export type MessageKey = keyof typeof nl;

/** The `{name}` placeholders in a message literal, as a union of names. */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;

/** The parameters a key needs: the placeholders of its Dutch text (English must match, see below). */
export type MessageParams<K extends MessageKey> = { readonly [P in Placeholders<(typeof nl)[K]>]: string | number };

type PlaceholderMismatch = {
  [K in MessageKey]: [Placeholders<(typeof nl)[K]>] extends [Placeholders<(typeof en)[K]>]
    ? [Placeholders<(typeof en)[K]>] extends [Placeholders<(typeof nl)[K]>]
      ? never
      : K
    : K;
}[MessageKey];

/** `true` when every English message has the placeholders of its Dutch original; else a type error names the key. */
export type PlaceholdersMatch = [PlaceholderMismatch] extends [never] ? true : { mismatch: PlaceholderMismatch };
export const placeholdersMatch: PlaceholdersMatch = true;

const catalogues: { readonly [L in Locale]: { readonly [K in MessageKey]: string } } = { nl, en };

/** Messages that take no parameters. */
type PlainKey = { [K in MessageKey]: Placeholders<(typeof nl)[K]> extends never ? K : never }[MessageKey];

/**
 * The message `key` in `locale`, with its `{placeholders}` filled from `params`.
 * Parameters are required exactly when the message has placeholders. Values are inserted
 * as they are: sanitizing them for a card or for markdown is the caller's job (cards/text.ts).
 */
export function t<K extends PlainKey>(locale: Locale, key: K): string;
export function t<K extends MessageKey>(locale: Locale, key: K, params: MessageParams<K>): string;
export function t(locale: Locale, key: MessageKey, params?: Readonly<Record<string, string | number>>): string {
  const catalogue = catalogues[locale] ?? catalogues.nl;
  const template = catalogue[key] ?? catalogues.nl[key] ?? key;
  if (!params) return template;
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** Every key, e.g. for tests that check both catalogues. */
export function messageKeys(): MessageKey[] {
  return Object.keys(nl) as MessageKey[];
}

/** The message as written in the catalogue, placeholders unfilled. */
export function messageTemplate(locale: Locale, key: MessageKey): string {
  return (catalogues[locale] ?? catalogues.nl)[key];
}

/** Language subtags answered in Dutch: Dutch itself and the regional languages of the Netherlands and Flanders. */
const DUTCH_LANGUAGES = new Set(['nl', 'fy', 'li', 'vls', 'zea', 'nds']);

/** The locale of a BCP 47 tag such as "nl-NL", "fy-NL", "en-GB"; undefined for anything else. */
export function localeOf(tag: string | undefined | null): Locale | undefined {
  if (typeof tag !== 'string') return undefined;
  const language = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (DUTCH_LANGUAGES.has(language)) return 'nl';
  if (language === 'en') return 'en';
  return undefined;
}

/**
 * Which language to answer in: the person's Teams locale ("nl-NL", "nl-BE", "fy-NL" → nl;
 * "en-US", "en-GB" → en), else the language they typed in, else the fallback (nl).
 */
export function pickLocale(activityLocale?: string, textLanguage?: Locale, fallback: Locale = 'nl'): Locale {
  return localeOf(activityLocale) ?? (textLanguage === 'nl' || textLanguage === 'en' ? textLanguage : fallback);
}
