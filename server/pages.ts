import { Router } from 'express';

/** The privacy and terms pages the Teams manifest links to; bilingual, static. */
const page = (title: string, nl: string, en: string) => `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><link rel="stylesheet" href="/tab/assets/main.css"></head>
<body><main><h1>${title}</h1><section lang="nl">${nl}</section><section lang="en">${en}</section></main></body></html>`;

const privacy = page(
  'Ids – privacy',
  `<h2>Privacyverklaring</h2>
<p>Ids toont gegevens uit het medewerkersbestand van de gemeente aan collega's. Je privé mobiele nummer is alleen zichtbaar als je dat zelf aanzet.
Rapportages over bereik en lezen zijn geaggregeerd (geen groepen kleiner dan 5), behalve waar jouw eigen actie om je naam vraagt, zoals het bevestigen van belangrijk nieuws.
Persoonsgegevens staan niet in logbestanden. Vragen: de functionaris gegevensbescherming van de gemeente.</p>`,
  `<h2>Privacy statement</h2>
<p>Ids shows data from the municipality's staff directory to colleagues. Your private mobile number is visible only if you choose to show it.
Reach and read reports are aggregates (no group under 5), except where your own action asks for your name, such as acknowledging important news.
Personal data stays out of logs. Questions: the municipality's data protection officer.</p>`,
);

const terms = page(
  'Ids – gebruiksvoorwaarden / terms of use',
  `<h2>Gebruiksvoorwaarden</h2><p>Ids is het interne sociale intranet van de gemeente, alleen voor medewerkers. Wees respectvol; deel geen gegevens van inwoners.</p>`,
  `<h2>Terms of use</h2><p>Ids is the municipality's internal social intranet, for staff only. Be respectful; do not share residents' data.</p>`,
);

export function staticPages(): Router {
  const r = Router();
  r.get('/privacy', (_req, res) => res.type('html').send(privacy));
  r.get('/terms', (_req, res) => res.type('html').send(terms));
  return r;
}
