/**
 * Profile completeness, nudges, the department challenge and ambassadors: the nudge card, the
 * bot's replies to "stop" / "herinneringen aan", the communication team's card and the refusals.
 */

export const nl = {
  'completeness.field.businessPhone': 'je werknummer',
  'completeness.field.photo': 'een foto van jezelf',
  'completeness.field.jobTitle': 'je functie',
  'completeness.field.skills': 'waar je verstand van hebt',
  'completeness.field.officeLocation': 'waar je werkt',
  'completeness.field.bio': 'een paar zinnen over jezelf',
  'completeness.field.department': 'je afdeling',
  'completeness.field.manager': 'je leidinggevende',
  'completeness.otherDepartments': 'Kleinere afdelingen samen',

  'nudge.card.title': 'Help collega’s je te vinden',
  'nudge.card.first':
    'Collega’s zoeken elkaar op in Ids. Met {field} in je profiel vinden ze je sneller. Het kost je een halve minuut.',
  'nudge.card.score': 'Je profiel is {score}% compleet.',
  'nudge.card.progress': 'Je profiel is {score}% compleet. Bij de vorige herinnering was dat {previous}%: goed bezig!',
  'nudge.card.standing': '{department} staat op plaats {rank} van {total} afdelingen, met {share}% complete profielen.',
  'nudge.card.missing': 'Nog niet ingevuld: {fields}.',
  'nudge.card.photo': 'Een foto zet je in je profiel in Ids (tab Profiel).',
  'nudge.card.save': 'Opslaan',
  'nudge.card.openProfile': 'Mijn profiel openen',
  'nudge.card.optOut': 'Geen herinneringen meer',
  'nudge.card.thanks': 'Dank je! Je profiel is nu {score}% compleet.',
  'nudge.card.thanksComplete': 'Dank je! Je profiel is compleet: collega’s kunnen je nu goed vinden.',
  'nudge.card.next': 'Wil je ook {field} toevoegen?',
  'nudge.card.notSaved': 'Niet opgeslagen. Pas aan wat hieronder staat en kies opnieuw Opslaan.',
  'nudge.card.empty': 'Vul eerst iets in en kies dan Opslaan.',
  'nudge.card.optedOut':
    'Je krijgt geen herinneringen meer over je profiel. Wil je ze toch weer? Stuur me dan ‘herinneringen aan’.',
  'nudge.card.complete': 'Je profiel is compleet. Dank je!',
  'nudge.input.businessPhone': 'Bijvoorbeeld 0515 481234',
  'nudge.input.jobTitle': 'Bijvoorbeeld medewerker Burgerzaken',
  'nudge.input.skills': 'Bijvoorbeeld paspoorten, rijbewijzen (met komma’s ertussen)',
  'nudge.input.officeLocation': 'Bijvoorbeeld Gemeentehuis, 2e verdieping',
  'nudge.input.bio': 'Wat doe je, en waarvoor kunnen collega’s je bellen?',
  'nudge.label.businessPhone': 'Werknummer',
  'nudge.label.jobTitle': 'Functie',
  'nudge.label.skills': 'Expertise',
  'nudge.label.officeLocation': 'Werkplek',
  'nudge.label.bio': 'Over mij',

  'nudge.optedOut':
    'Goed, ik stuur je geen herinneringen meer over je profiel. Wil je ze later toch? Stuur dan ‘herinneringen aan’.',
  'nudge.optedIn': 'Goed, je krijgt weer af en toe een herinnering als je profiel nog niet compleet is.',
  'nudge.alreadyOut': 'Je krijgt al geen herinneringen. Wil je ze weer? Stuur dan ‘herinneringen aan’.',

  'challenge.card.title': 'Afdeling compleet!',
  'challenge.card.body':
    'Alle {count} collega’s van {department} hebben hun profiel compleet. Tijd voor een traktatie?',
  'challenge.card.campaign': 'Campagne: {name}, gestart op {date}.',
  'challenge.card.leaderboard': 'Stand van alle afdelingen',
  'challenge.defaultName': 'Profielen compleet',

  'ambassador.badge': 'Ambassadeur',

  'campaign.running': 'Er loopt al een campagne. Beëindig die eerst.',
  'campaign.none': 'Er loopt geen campagne.',

  'policy.view_incomplete_list':
    'Alleen ambassadeurs zien wie er in hun eigen afdeling nog iets mist, en alleen als de organisatie dat heeft aangezet.',
  'policy.manage_campaign': 'Alleen het communicatieteam start en beëindigt een campagne.',
  'policy.view_profile_gaps': 'Alleen Ids-beheerders zien wie er nog een afdeling of leidinggevende mist.',
} as const;

export const en = {
  'completeness.field.businessPhone': 'your work number',
  'completeness.field.photo': 'a photo of yourself',
  'completeness.field.jobTitle': 'your job title',
  'completeness.field.skills': 'what you know about',
  'completeness.field.officeLocation': 'where you work',
  'completeness.field.bio': 'a few lines about yourself',
  'completeness.field.department': 'your department',
  'completeness.field.manager': 'your manager',
  'completeness.otherDepartments': 'Smaller departments together',

  'nudge.card.title': 'Help colleagues find you',
  'nudge.card.first':
    'Colleagues look each other up in Ids. With {field} in your profile they find you faster. It takes half a minute.',
  'nudge.card.score': 'Your profile is {score}% complete.',
  'nudge.card.progress': 'Your profile is {score}% complete. At the last reminder it was {previous}%: well done!',
  'nudge.card.standing': '{department} is number {rank} of {total} departments, with {share}% complete profiles.',
  'nudge.card.missing': 'Still missing: {fields}.',
  'nudge.card.photo': 'You add a photo in your profile in Ids (the Profile tab).',
  'nudge.card.save': 'Save',
  'nudge.card.openProfile': 'Open my profile',
  'nudge.card.optOut': 'No more reminders',
  'nudge.card.thanks': 'Thank you! Your profile is now {score}% complete.',
  'nudge.card.thanksComplete': 'Thank you! Your profile is complete: colleagues can find you easily now.',
  'nudge.card.next': 'Would you also add {field}?',
  'nudge.card.notSaved': 'Not saved. Change what is shown below and choose Save again.',
  'nudge.card.empty': 'Fill something in first, then choose Save.',
  'nudge.card.optedOut': 'You will get no more reminders about your profile. Want them back? Send me ‘reminders on’.',
  'nudge.card.complete': 'Your profile is complete. Thank you!',
  'nudge.input.businessPhone': 'For example 0515 481234',
  'nudge.input.jobTitle': 'For example civil affairs officer',
  'nudge.input.skills': 'For example passports, driving licences (separated by commas)',
  'nudge.input.officeLocation': 'For example Town hall, 2nd floor',
  'nudge.input.bio': 'What do you do, and what can colleagues call you about?',
  'nudge.label.businessPhone': 'Work number',
  'nudge.label.jobTitle': 'Job title',
  'nudge.label.skills': 'Expertise',
  'nudge.label.officeLocation': 'Workplace',
  'nudge.label.bio': 'About me',

  'nudge.optedOut':
    'All right, I will send you no more reminders about your profile. Want them later? Send ‘reminders on’.',
  'nudge.optedIn': 'All right, you will get an occasional reminder again while your profile is not complete.',
  'nudge.alreadyOut': 'You get no reminders already. Want them back? Send ‘reminders on’.',

  'challenge.card.title': 'Department complete!',
  'challenge.card.body': 'All {count} colleagues of {department} have completed their profile. Time for a treat?',
  'challenge.card.campaign': 'Campaign: {name}, started on {date}.',
  'challenge.card.leaderboard': 'Standings of all departments',
  'challenge.defaultName': 'Complete profiles',

  'ambassador.badge': 'Ambassador',

  'campaign.running': 'A campaign is running already. End it first.',
  'campaign.none': 'No campaign is running.',

  'policy.view_incomplete_list':
    'Only ambassadors see who in their own department still misses something, and only when the organisation switched it on.',
  'policy.manage_campaign': 'Only the communication team starts and ends a campaign.',
  'policy.view_profile_gaps': 'Only Ids admins see who still misses a department or a manager.',
} as const satisfies { readonly [K in keyof typeof nl]: string };
