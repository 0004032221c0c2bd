/** Editing one's own profile (PATCH /api/me, the tab's profile screen, later the nudge card). */

export const nl = {
  'profile.field.jobTitle': 'Functie',
  'profile.field.officeLocation': 'Werkplek',
  'profile.field.businessPhone': 'Werknummer',
  'profile.field.mobilePhone': 'Mobiel nummer',
  'profile.field.mobileVisibility': 'Wie ziet je mobiele nummer',
  'profile.field.skills': 'Expertise',
  'profile.field.bio': 'Over mij',
  'profile.field.photo': 'Foto',
  'profile.invalid': 'Je profiel is niet opgeslagen. Pas aan wat hieronder staat en probeer het opnieuw.',
  'profile.invalid.phone':
    '‘{value}’ is geen geldig telefoonnummer. Schrijf het zoals je het zou bellen, bijvoorbeeld 0515 481234 of een toestelnummer als 1234.',
  'profile.invalid.mobile':
    '‘{value}’ is geen geldig mobiel nummer. Schrijf het zoals je het zou bellen, bijvoorbeeld 06 12345678.',
  'profile.invalid.tooLong': '{field} mag hoogstens {max} tekens lang zijn.',
  'profile.invalid.skillsCount': 'Geef hoogstens {max} onderwerpen op.',
  'profile.invalid.skillTooLong': 'Een onderwerp mag hoogstens {max} tekens lang zijn.',
  'profile.invalid.locked':
    '{field} komt uit het personeelssysteem. Laat het daar aanpassen via je leidinggevende of HR.',
  'profile.invalid.unknown': '{field} kun je hier niet aanpassen.',
  'profile.invalid.type': '{field} heeft geen geldige waarde.',
} as const;

export const en = {
  'profile.field.jobTitle': 'Job title',
  'profile.field.officeLocation': 'Workplace',
  'profile.field.businessPhone': 'Work number',
  'profile.field.mobilePhone': 'Mobile number',
  'profile.field.mobileVisibility': 'Who sees your mobile number',
  'profile.field.skills': 'Expertise',
  'profile.field.bio': 'About me',
  'profile.field.photo': 'Photo',
  'profile.invalid': 'Your profile was not saved. Change what is shown below and try again.',
  'profile.invalid.phone':
    '‘{value}’ is not a valid phone number. Write it as you would dial it, for example 0515 481234 or an extension such as 1234.',
  'profile.invalid.mobile':
    '‘{value}’ is not a valid mobile number. Write it as you would dial it, for example 06 12345678.',
  'profile.invalid.tooLong': '{field} can be at most {max} characters long.',
  'profile.invalid.skillsCount': 'List at most {max} topics.',
  'profile.invalid.skillTooLong': 'A topic can be at most {max} characters long.',
  'profile.invalid.locked': '{field} comes from the HR system. Have it changed there through your manager or HR.',
  'profile.invalid.unknown': 'You cannot change {field} here.',
  'profile.invalid.type': '{field} does not have a valid value.',
} as const satisfies { readonly [K in keyof typeof nl]: string };
