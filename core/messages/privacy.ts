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
    'Dit zijn alle gegevens die Ids over jou bewaart, zoals ze waren op {date}.\r\n\r\nprofile.json: je profiel. photo.*: je profielfoto. posts.json en comments.json: wat je schreef. likes.json: wat je leuk vond. receipts.json: wat je opende en bevestigde. deliveries.json: de nieuwskaarten die Ids je stuurde. events.json: je gebruik van Ids van de laatste {days} dagen (daarna wist Ids die). activity-weeks.json: in welke van die weken je Ids gebruikte en iets schreef (voor de telling van soorten gebruikers; Ids wist dit met je gebruik). groups.json: je groepen. conversations.json: de chats waarin Ids je kan bereiken.\r\n\r\nVragen over je gegevens? Neem contact op met de functionaris gegevensbescherming van je organisatie.\r\n',
  'tab.privacy.title': 'Privacy',
  'tab.privacy.open': 'Privacy en je gegevens',
  'tab.privacy.intro': 'Wat Ids over jou bewaart, waarom, hoe lang en wie wat ziet.',
  'tab.privacy.what.title': 'Wat Ids bewaart',
  'tab.privacy.what.body':
    'Je profiel uit de personeelsadministratie en wat je zelf aanvult (functie, telefoonnummers, vaardigheden, over jou, foto). Wat je schrijft en leuk vindt. Welk nieuws je is bezorgd, gezien, geopend en bevestigd. En kort je gebruik van Ids: wat voor handeling, wanneer en bij welk bericht. Nooit waar je op zoekt of wat je de bot schrijft.',
  'tab.privacy.why.title': 'Waarom',
  'tab.privacy.why.body':
    'Zodat collega’s elkaar en elkaars kennis vinden, nieuws iedereen bereikt, en het communicatieteam ziet welke afdelingen Ids gebruiken, om hen beter te bereiken.',
  'tab.privacy.howLong.title': 'Hoe lang',
  'tab.privacy.howLong.body':
    'Je gebruik van Ids {days} dagen; daarna blijven alleen tellingen per afdeling over, zonder namen. Je profiel en berichten tot je uit dienst gaat en je gegevens worden gewist; je berichten kunnen dan blijven staan onder "voormalig medewerker".',
  'tab.privacy.who.title': 'Wie wat ziet',
  'tab.privacy.who.body':
    'Collega’s zien je profiel (je mobiele nummer alleen als je dat kiest) en wat je voor hen plaatst. De schrijver van een nieuwsbericht en het communicatieteam zien wie een bericht dat bevestiging vraagt nog niet heeft bevestigd. Het communicatieteam en beheerders zien cijfers per afdeling, nooit over minder dan {min} mensen en nooit per persoon.',
  'tab.privacy.rights.title': 'Jouw rechten',
  'tab.privacy.rights.body':
    'Je kunt alles wat Ids over jou bewaart downloaden. Je profiel pas je zelf aan. Ga je uit dienst, dan wist een beheerder je gegevens. Vragen? Neem contact op met de functionaris gegevensbescherming.',
  'tab.privacy.export': 'Download mijn gegevens',
  'tab.privacy.exported': 'Je gegevens zijn gedownload.',
} as const;

export const en = {
  'privacy.formerColleague': 'Former colleague',
  'policy.erase_person': "Only Ids admins erase a colleague's data.",
  'policy.erase_self': 'You cannot erase your own data: ask another admin.',
  'error.erase.confirm': 'Type the email address of the person you want to erase, to confirm.',
  'privacy.export.readme':
    "This is all the data Ids holds about you, as it was on {date}.\r\n\r\nprofile.json: your profile. photo.*: your profile photo. posts.json and comments.json: what you wrote. likes.json: what you liked. receipts.json: what you opened and acknowledged. deliveries.json: the news cards Ids sent you. events.json: your use of Ids over the last {days} days (after that Ids deletes it). activity-weeks.json: in which of those weeks you used Ids and wrote something (for counting the user types; Ids deletes it with your use). groups.json: your groups. conversations.json: the chats where Ids can reach you.\r\n\r\nQuestions about your data? Contact your organisation's data protection officer.\r\n",
  'tab.privacy.title': 'Privacy',
  'tab.privacy.open': 'Privacy and your data',
  'tab.privacy.intro': 'What Ids keeps about you, why, for how long, and who sees what.',
  'tab.privacy.what.title': 'What Ids keeps',
  'tab.privacy.what.body':
    'Your profile from HR and what you add yourself (job title, phone numbers, skills, about you, photo). What you write and like. Which news was delivered to you, seen, opened and acknowledged. And, briefly, your use of Ids: what kind of action, when and on which post. Never what you search for or what you write to the bot.',
  'tab.privacy.why.title': 'Why',
  'tab.privacy.why.body':
    'So colleagues find each other and what they know, news reaches everyone, and the communication team sees which departments use Ids, to reach them better.',
  'tab.privacy.howLong.title': 'For how long',
  'tab.privacy.howLong.body':
    'Your use of Ids for {days} days; after that only counts per department remain, without names. Your profile and posts until you leave and your data is erased; your posts may then stay under "former colleague".',
  'tab.privacy.who.title': 'Who sees what',
  'tab.privacy.who.body':
    'Colleagues see your profile (your mobile number only if you choose so) and what you post for them. The author of a news post and the communication team see who has not yet acknowledged a post that asks for it. The communication team and admins see figures per department, never about fewer than {min} people and never per person.',
  'tab.privacy.rights.title': 'Your rights',
  'tab.privacy.rights.body':
    'You can download everything Ids keeps about you. You edit your profile yourself. When you leave, an admin erases your data. Questions? Contact the data protection officer.',
  'tab.privacy.export': 'Download my data',
  'tab.privacy.exported': 'Your data was downloaded.',
} as const satisfies { readonly [K in keyof typeof nl]: string };
