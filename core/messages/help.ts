/** The help card and its text fallback. */

export const nl = {
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
} as const;

export const en = {
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
} as const satisfies { readonly [K in keyof typeof nl]: string };
