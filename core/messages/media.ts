/** Uploads and media (core/media): why an upload was refused, told to the person who sent it. */

export const nl = {
  'media.unsupported':
    'Dit soort bestand kun je niet delen: stuur een JPEG-, PNG- of WebP-foto, of een PDF-, Word- of Excel-bestand.',
  'media.imageOnly': 'Stuur een foto: een JPEG-, PNG- of WebP-bestand.',
  'media.imageUnreadable': 'Deze foto kan ik niet lezen; stuur een JPEG-, PNG- of WebP-foto.',
  'media.imageTooLarge': 'Een foto mag hoogstens {max} MB zijn.',
  'media.documentTooLarge': 'Een document mag hoogstens {max} MB zijn.',
  'media.quotaFull':
    'Je opslagruimte in Ids is vol: je bestanden nemen {used} MB van de {quota} MB in. Verwijder berichten met bestanden die niet meer nodig zijn, of vraag het Ids-team om meer ruimte.',
  'media.quotaTooSmall':
    'Dit bestand ({size} MB) past niet meer in je opslagruimte: je gebruikt {used} MB van de {quota} MB. Verwijder berichten met bestanden die niet meer nodig zijn, of vraag het Ids-team om meer ruimte.',
  'media.tooManyAtOnce':
    'Je verstuurt al {count} bestanden tegelijk. Wacht tot die binnen zijn en probeer het dan opnieuw.',
  'media.busy': 'Ids ontvangt op dit moment veel bestanden tegelijk. Probeer het over een minuut opnieuw.',
  'media.aborted': 'Het versturen van het bestand is afgebroken.',
  'media.noFile': 'Voeg het bestand toe in een formulierveld met de naam "file".',
  'media.notMultipart': 'Stuur het bestand als multipart/form-data in een veld met de naam "file".',
  'media.badMultipart': 'Het formulier met het bestand is niet geldig.',
} as const;

export const en = {
  'media.unsupported':
    'This kind of file cannot be shared: send a JPEG, PNG or WebP image, or a PDF, Word or Excel file.',
  'media.imageOnly': 'Send a photo: a JPEG, PNG or WebP file.',
  'media.imageUnreadable': 'This image cannot be read; send a JPEG, PNG or WebP photo.',
  'media.imageTooLarge': 'Images may be at most {max} MB.',
  'media.documentTooLarge': 'Documents may be at most {max} MB.',
  'media.quotaFull':
    'Your storage in Ids is full: your files take {used} MB of your {quota} MB. Delete posts with files that are no longer needed, or ask the Ids team for more room.',
  'media.quotaTooSmall':
    'This file ({size} MB) no longer fits in your storage: you use {used} MB of your {quota} MB. Delete posts with files that are no longer needed, or ask the Ids team for more room.',
  'media.tooManyAtOnce': 'You are already sending {count} files at once. Wait until they are in, then try again.',
  'media.busy': 'Ids is receiving many files right now. Try again in a minute.',
  'media.aborted': 'Sending the file was aborted.',
  'media.noFile': 'Attach the file in a form field named "file".',
  'media.notMultipart': 'Send the file as multipart/form-data in a field named "file".',
  'media.badMultipart': 'The form with the file is not valid.',
} as const;
