/**
 * People's rights over their data (AVG/GDPR): the export, the erasure of someone who left, and
 * the neutral name their kept posts go under.
 */

export const nl = {
  'privacy.formerColleague': 'Voormalig medewerker',
  'policy.erase_person': 'Alleen Ids-beheerders wissen de gegevens van een medewerker.',
  'policy.erase_self': 'Je kunt je eigen gegevens niet zelf wissen: vraag een andere beheerder.',
  'error.erase.confirm': 'Typ ter bevestiging het e-mailadres van de persoon die je wilt wissen.',
  'privacy.export.readme':
    'Dit zijn alle gegevens die Ids over jou bewaart, zoals ze waren op {date}.\r\n\r\nprofile.json: je profiel. photo.*: je profielfoto. posts.json en comments.json: wat je schreef. likes.json: wat je leuk vond. receipts.json: wat je opende en bevestigde. deliveries.json: de nieuwskaarten die Ids je stuurde. events.json: je gebruik van Ids van de laatste {days} dagen (daarna wist Ids die). groups.json: je groepen. conversations.json: de chats waarin Ids je kan bereiken.\r\n\r\nVragen over je gegevens? Neem contact op met de functionaris gegevensbescherming van je organisatie.\r\n',
} as const;

export const en = {
  'privacy.formerColleague': 'Former colleague',
  'policy.erase_person': "Only Ids admins erase a colleague's data.",
  'policy.erase_self': 'You cannot erase your own data: ask another admin.',
  'error.erase.confirm': 'Type the email address of the person you want to erase, to confirm.',
  'privacy.export.readme':
    "This is all the data Ids holds about you, as it was on {date}.\r\n\r\nprofile.json: your profile. photo.*: your profile photo. posts.json and comments.json: what you wrote. likes.json: what you liked. receipts.json: what you opened and acknowledged. deliveries.json: the news cards Ids sent you. events.json: your use of Ids over the last {days} days (after that Ids deletes it). groups.json: your groups. conversations.json: the chats where Ids can reach you.\r\n\r\nQuestions about your data? Contact your organisation's data protection officer.\r\n",
} as const satisfies { readonly [K in keyof typeof nl]: string };
