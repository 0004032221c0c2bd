/**
 * What a person reads when something is refused or fails, in the tab (API errors) and in the bot.
 * `error.<code>`: one sentence per error code (core/errors.ts) that says what to do; every code
 * must have one. The other keys are the specific sentences core raises where the detail matters.
 */
import type { ErrorCode } from '../errors.js';

type EveryCode = { readonly [C in ErrorCode as `error.${C}`]: string } & { readonly [key: string]: string };

export const nl = {
  'error.bad_request': 'Dit verzoek klopt niet. Laad Ids opnieuw en probeer het nog eens.',
  'error.invalid_json': 'De gegevens kwamen onleesbaar aan. Laad Ids opnieuw en probeer het nog eens.',
  'error.validation_failed': 'Niet alles is goed ingevuld. Kijk de velden na en probeer het opnieuw.',
  'error.text_empty': 'Er staat nog niets in. Schrijf eerst iets.',
  'error.text_too_long': 'Dit is te lang. Maak het korter en probeer het opnieuw.',
  'error.unauthenticated': 'Je bent niet aangemeld. Open Ids opnieuw vanuit Teams.',
  'error.forbidden': 'Dit mag je niet doen. Denk je dat het wel zou moeten kunnen? Vraag het communicatieteam.',
  'error.not_found': 'Dit bestaat niet (meer) of is niet voor jou. Ga terug en probeer het opnieuw.',
  'error.conflict': 'Dit botst met een andere wijziging. Laad de pagina opnieuw en probeer het nog eens.',
  'error.attachment_unavailable':
    'Dit bestand is niet meer beschikbaar: het is al geplaatst of opgeruimd. Stuur of upload het opnieuw.',
  'error.payload_too_large':
    'Dit is te groot om te versturen: foto’s mogen hoogstens 10 MB zijn, documenten 25 MB. Kies een kleiner bestand.',
  'error.quota_exceeded':
    'Je opslagruimte in Ids is vol. Verwijder berichten met bestanden die niet meer nodig zijn, of vraag het Ids-team om meer ruimte.',
  'error.unsupported_media_type':
    'Dit soort bestand kan niet gedeeld worden. Stuur een JPEG-, PNG- of WebP-foto, of een PDF-, Word- of Excel-bestand.',
  'error.rate_limited':
    'Even rustig aan: er kwamen veel verzoeken kort na elkaar. Wacht een minuut en probeer het opnieuw.',
  'error.not_implemented': 'Dat kan Ids (nog) niet. Probeer het in de Ids-tab.',
  'error.store_unavailable': 'Ids kan zijn gegevens even niet bereiken. Probeer het over een paar minuten opnieuw.',
  'error.auth_unavailable': 'Ids kan even niet nagaan wie je bent. Probeer het over een minuut opnieuw.',
  'error.internal':
    'Er ging iets mis aan onze kant. Probeer het zo nog eens; blijft het misgaan, meld het dan bij het Ids-team.',

  'error.post.notFound': 'Dit bericht bestaat niet (meer) of is niet voor jou.',
  'error.post.empty': 'Schrijf iets of voeg een bestand toe.',
  'error.post.emptyAfterEdit': 'Een bericht kan niet leeg zijn: schrijf iets.',
  'error.post.needsTitle': 'Nieuws heeft een titel nodig.',
  'error.post.newsInGroup': 'Nieuws richt je aan een doelgroep, niet aan één groep: laat de groep weg.',
  'error.post.needsGroup': 'Kies de groep waarin je het bericht plaatst.',
  'error.post.groupWithAudience': 'Een groepsbericht is voor de groep: laat de doelgroep weg.',
  'error.post.newsOnlyFlags': 'Alleen nieuws kan belangrijk zijn, om een leesbevestiging vragen of vastgezet worden.',
  'error.post.newsOnlyFields':
    'Alleen nieuws heeft een doelgroep, een samenvatting, belang of een vaste plek bovenaan.',
  'error.post.questionOutsideQa': 'Een vraag stel je in een vragengroep.',
  'error.post.questionGroup': 'In een vragengroep stel je een vraag: kies ‘vraag’ in plaats van ‘bericht’.',
  'error.audience.unknownRole':
    'De rol ‘{role}’ bestaat niet. Kies communicatie, leidinggevende, beheerder of ambassadeur.',
  'error.audience.departmentsOnly': 'Afdelingsnieuws richt je alleen aan afdelingen.',
  'error.audience.needsDepartment': 'Kies de afdeling waarvoor dit nieuws is.',
  'error.audience.unknownDepartment': 'Een afdeling in de doelgroep bestaat niet (meer). Kies de afdelingen opnieuw.',
  'error.audience.unknownGroup': 'Een groep in de doelgroep bestaat niet (meer). Kies de groepen opnieuw.',
  'error.audience.badId': 'In ‘{field}’ staat een ongeldige verwijzing. Kies opnieuw.',
  'error.comment.notFound': 'Deze reactie bestaat niet (meer).',
  'error.comment.empty': 'Een reactie kan niet leeg zijn: schrijf iets.',
  'error.answer.notQuestion': 'Alleen een vraag heeft een goed antwoord.',
  'error.question.empty': 'Wat wil je vragen? Schrijf je vraag erbij.',
  'error.question.tooLong': 'Je vraag is te lang: hoogstens {max} tekens. Maak hem korter, of stel hem in de Ids-tab.',
  'error.question.noGroup': 'Er is nog geen vragengroep in Ids. Vraag het communicatieteam er een te maken.',
  'error.group.notFound': 'Deze groep bestaat niet (meer) of is niet voor jou.',
  'error.group.needsName': 'Geef de groep een naam.',
  'error.group.nameTaken': 'Er is al een groep met deze naam. Kies een andere naam, of word lid van die groep.',
  'error.group.lastAdmin': 'Je bent de laatste beheerder van deze groep: maak eerst iemand anders beheerder.',
  'error.group.notMember': 'Die collega is geen lid van deze groep.',
  'error.group.appointMember': 'Kies een lid van de groep als nieuwe beheerder.',
  'error.person.notFound': 'Deze collega staat niet (meer) in het medewerkersbestand.',
  'error.auth.notInDirectory':
    'Je staat nog niet in het medewerkersbestand van Ids. Vraag het communicatieteam om je toe te voegen.',
  'error.auth.guest': 'Ids is alleen voor medewerkers van de eigen organisatie, niet voor gasten.',
  'error.auth.signInUnreachable':
    'De aanmeldservice van Microsoft is nu niet bereikbaar, dus Ids kan niet nagaan wie je bent. Probeer het over een minuut opnieuw.',
} as const satisfies EveryCode;

export const en = {
  'error.bad_request': 'This request is not valid. Reload Ids and try again.',
  'error.invalid_json': 'The data arrived unreadable. Reload Ids and try again.',
  'error.validation_failed': 'Not everything is filled in correctly. Check the fields and try again.',
  'error.text_empty': 'There is nothing in it yet. Write something first.',
  'error.text_too_long': 'This is too long. Make it shorter and try again.',
  'error.unauthenticated': 'You are not signed in. Open Ids again from Teams.',
  'error.forbidden': 'You may not do this. Think you should be able to? Ask the communication team.',
  'error.not_found': 'This does not exist (any more) or is not for you. Go back and try again.',
  'error.conflict': 'This clashes with another change. Reload the page and try again.',
  'error.attachment_unavailable':
    'This file is no longer available: it was posted already or cleaned up. Send or upload it again.',
  'error.payload_too_large':
    'This is too large to send: photos may be at most 10 MB, documents 25 MB. Choose a smaller file.',
  'error.quota_exceeded':
    'Your storage in Ids is full. Delete posts with files that are no longer needed, or ask the Ids team for more room.',
  'error.unsupported_media_type':
    'This kind of file cannot be shared. Send a JPEG, PNG or WebP photo, or a PDF, Word or Excel file.',
  'error.rate_limited': 'Slow down: many requests came in a short time. Wait a minute and try again.',
  'error.not_implemented': 'Ids cannot do that (yet). Try it in the Ids tab.',
  'error.store_unavailable': 'Ids cannot reach its data right now. Try again in a few minutes.',
  'error.auth_unavailable': 'Ids cannot check who you are right now. Try again in a minute.',
  'error.internal': 'Something went wrong on our side. Try again shortly; if it keeps failing, tell the Ids team.',

  'error.post.notFound': 'This post does not exist (any more) or is not for you.',
  'error.post.empty': 'Write something or attach a file.',
  'error.post.emptyAfterEdit': 'A post cannot be empty: write something.',
  'error.post.needsTitle': 'News needs a title.',
  'error.post.newsInGroup': 'News is addressed to an audience, not posted in one group: leave the group out.',
  'error.post.needsGroup': 'Choose the group to post in.',
  'error.post.groupWithAudience': 'A group post is for its group: leave the audience out.',
  'error.post.newsOnlyFlags': 'Only news can be important, ask for acknowledgement or be pinned.',
  'error.post.newsOnlyFields': 'Only news has an audience, a summary, importance or a pin.',
  'error.post.questionOutsideQa': 'Ask a question in a Q&A group.',
  'error.post.questionGroup': 'In a Q&A group you ask a question: choose ‘question’ instead of ‘post’.',
  'error.audience.unknownRole': 'The role ‘{role}’ does not exist. Choose communicator, manager, admin or ambassador.',
  'error.audience.departmentsOnly': 'Department news is addressed to departments only.',
  'error.audience.needsDepartment': 'Choose the department this news is for.',
  'error.audience.unknownDepartment':
    'A department in the audience does not exist (any more). Choose the departments again.',
  'error.audience.unknownGroup': 'A group in the audience does not exist (any more). Choose the groups again.',
  'error.audience.badId': '‘{field}’ holds a reference that is not valid. Choose again.',
  'error.comment.notFound': 'This comment does not exist (any more).',
  'error.comment.empty': 'A comment cannot be empty: write something.',
  'error.answer.notQuestion': 'Only a question has an accepted answer.',
  'error.question.empty': 'What would you like to ask? Write your question.',
  'error.question.tooLong':
    'Your question is too long: at most {max} characters. Shorten it, or ask it in the Ids tab.',
  'error.question.noGroup': 'Ids has no questions group yet. Ask the communication team to create one.',
  'error.group.notFound': 'This group does not exist (any more) or is not for you.',
  'error.group.needsName': 'Give the group a name.',
  'error.group.nameTaken': 'A group with this name exists already. Choose another name, or join that group.',
  'error.group.lastAdmin': 'You are the last admin of this group: make someone else admin first.',
  'error.group.notMember': 'That colleague is not a member of this group.',
  'error.group.appointMember': 'Choose a member of the group as its new admin.',
  'error.person.notFound': 'This colleague is not (or no longer) in the staff directory.',
  'error.auth.notInDirectory': 'You are not in the Ids staff directory yet. Ask the communication team to add you.',
  'error.auth.guest': 'Ids is only for staff of its own organisation, not for guests.',
  'error.auth.signInUnreachable':
    "Microsoft's sign-in service cannot be reached right now, so Ids cannot check who you are. Try again in a minute.",
} as const satisfies { readonly [K in keyof typeof nl]: string };
