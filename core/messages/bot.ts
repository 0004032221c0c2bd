/** What the bot says when something goes wrong or it cannot serve someone. */

export const nl = {
  'bot.refused.unknown':
    "Ik kan je niet vinden in het medewerkersbestand, dus ik kan je geen gegevens van collega's laten zien. Vraag het communicatieteam om je toe te voegen.",
  'bot.refused.guest': 'Gasten en anonieme gebruikers kunnen het medewerkersbestand niet doorzoeken.',
  'bot.refused.tenant': 'Ids is alleen voor medewerkers van de eigen organisatie.',
  'bot.unknownAction': 'Deze knop werkt niet meer. Stel je vraag opnieuw.',
  'bot.personGone': 'Deze collega staat niet (meer) in het medewerkersbestand.',
} as const;

export const en = {
  'bot.refused.unknown':
    "I can't find you in the staff directory, so I can't show you colleagues' details. Ask the communication team to add you.",
  'bot.refused.guest': 'Guests and anonymous users cannot search the staff directory.',
  'bot.refused.tenant': 'Ids is only for staff of its own organisation.',
  'bot.unknownAction': 'This button no longer works. Please ask again.',
  'bot.personGone': 'This colleague is not (or no longer) in the staff directory.',
} as const satisfies { readonly [K in keyof typeof nl]: string };
