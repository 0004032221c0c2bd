import { expect } from 'chai';
import { parseIntent, searchModeFor, type Intent } from '../../core/directory/index.js';

type Case = readonly [text: string, intent: Intent['intent'], query: string, language: Intent['language']];

function check(cases: readonly Case[]): void {
  for (const [text, intent, query, language] of cases) {
    expect(parseIntent(text), text).to.deep.equal({ intent, query, language });
  }
}

describe('core/directory: reading what people ask the bot', () => {
  it('phone requests in Dutch', () => {
    check([
      ['wat is het nummer van Anne-Roos?', 'phone', 'Anne-Roos', 'nl'],
      ['wat is het telefoonnummer van Femke Dijkstra', 'phone', 'Femke Dijkstra', 'nl'],
      ['Wat is het 06-nummer van Jelte?', 'phone', 'Jelte', 'nl'],
      ['wat is het mobiele nummer van Jelte', 'phone', 'Jelte', 'nl'],
      ['nummer van Jan de Vries', 'phone', 'Jan de Vries', 'nl'],
      ['telefoonnummer van Hüseyin', 'phone', 'Hüseyin', 'nl'],
      ['bel Gerbrich', 'phone', 'Gerbrich', 'nl'],
      ['Anouk Vos bellen', 'phone', 'Anouk Vos', 'nl'],
      ['hoe bereik ik Lotte Brouwer?', 'phone', 'Lotte Brouwer', 'nl'],
      ['kun je me het nummer van Femke geven?', 'phone', 'Femke', 'nl'],
      ['mobiel van Douwe Zijlstra', 'phone', 'Douwe Zijlstra', 'nl'],
      ['nummer van mevrouw Tiemersma', 'phone', 'Tiemersma', 'nl'],
      ['Emre Benali telefoonnummer', 'phone', 'Emre Benali', 'nl'],
    ]);
  });

  it('"tel X": a phone request in either language', () => {
    check([
      ['tel Ymkje', 'phone', 'Ymkje', undefined],
      ['tel. pieter bakker', 'phone', 'pieter bakker', undefined],
    ]);
    expect(parseIntent('tel Ymkje', 'nl-NL').language).to.equal('nl');
  });

  it('phone requests in English', () => {
    check([
      ['phone number of Noëlle Brinkman', 'phone', 'Noëlle Brinkman', 'en'],
      ["what's Femke's number?", 'phone', 'Femke', 'en'],
      ['What is the phone number of Rutger van der Meer', 'phone', 'Rutger van der Meer', 'en'],
      ["Anne-Roos's mobile number", 'phone', 'Anne-Roos', 'en'],
      ['call Sanne Visser', 'phone', 'Sanne Visser', 'en'],
      ['Emre Benali phone', 'phone', 'Emre Benali', 'en'],
    ]);
  });

  it('who someone is', () => {
    check([
      ['wie is Durk Hoekstra?', 'whois', 'Durk Hoekstra', 'nl'],
      ['wie is de gemeentesecretaris', 'whois', 'de gemeentesecretaris', 'nl'],
      ['wat doet Femke eigenlijk?', 'whois', 'Femke', 'nl'],
      ['who is Çetin Yılmaz', 'whois', 'Çetin Yılmaz', 'en'],
      ["who's Ymkje?", 'whois', 'Ymkje', 'en'],
      ['what does Femke do?', 'whois', 'Femke', 'en'],
      // A name with a question mark: "who is this?"
      ['Jelte?', 'whois', 'Jelte', undefined],
      ['Anne-Roos van der Vooren?', 'whois', 'Anne-Roos van der Vooren', undefined],
    ]);
  });

  it('whose number this is', () => {
    check([
      ['wie heeft 06-41235678?', 'whois', '06-41235678', 'nl'],
      ['van wie is dit nummer: 0515 48 23 45', 'whois', '0515 48 23 45', 'nl'],
      ['whose number is +31 (0)6 56 96 10 47', 'whois', '+31 (0)6 56 96 10 47', 'en'],
    ]);
  });

  it('who knows about something, and people of a department', () => {
    check([
      ['who knows about GIS', 'expertise', 'GIS', 'en'],
      ['does anyone know about Power BI?', 'expertise', 'Power BI', 'en'],
      ['who can help me with informatiebeveiliging', 'expertise', 'informatiebeveiliging', 'en'],
      ['wie weet iets van subsidies', 'expertise', 'subsidies', 'nl'],
      ['wie weet er iets over de WOZ?', 'expertise', 'WOZ', 'nl'],
      ['wie heeft verstand van Power BI', 'expertise', 'Power BI', 'nl'],
      ['ik zoek iemand die verstand heeft van Wmo', 'expertise', 'Wmo', 'nl'],
      ['iemand die iets van riolering weet?', 'expertise', 'riolering', 'nl'],
      ['wie kan me helpen met inkoop', 'expertise', 'inkoop', 'nl'],
      ['expert op het gebied van boomveiligheid', 'expertise', 'boomveiligheid', 'nl'],
    ]);
  });

  it('people of a department (English names too), someone’s manager and team', () => {
    check([
      ['iemand van Burgerzaken', 'department', 'Burgerzaken', 'nl'],
      ['iemand van de afdeling Communicatie', 'department', 'Communicatie', 'nl'],
      ['wie werkt er bij Vergunningen & Handhaving?', 'department', 'Vergunningen & Handhaving', 'nl'],
      ['wie werkt er bij Burgerzaken?', 'department', 'Burgerzaken', 'nl'],
      ['wie werken er allemaal bij de afdeling Financiën', 'department', 'Financiën', 'nl'],
      ['someone from P&O', 'department', 'P&O', 'en'],
      ['who works at Civil Affairs?', 'department', 'Civil Affairs', 'en'],
      ['who works in the Finance department', 'department', 'Finance department', 'en'],
      ['wie is de manager van Jelte?', 'manager', 'Jelte', 'nl'],
      ['wie is de leidinggevende van Anne-Roos', 'manager', 'Anne-Roos', 'nl'],
      ['Jelte zijn baas?', 'manager', 'Jelte', 'nl'],
      ['aan wie rapporteert Sietse', 'manager', 'Sietse', 'nl'],
      ["who is Jelte's manager?", 'manager', 'Jelte', 'en'],
      ['who does Anne-Roos report to?', 'manager', 'Anne-Roos', 'en'],
      ['who is the manager of Civil Affairs', 'manager', 'Civil Affairs', 'en'],
      ['wie zitten er in het team van Jelte?', 'team', 'Jelte', 'nl'],
      ['team van Hylke', 'team', 'Hylke', 'nl'],
      ['met wie werkt Jelte samen?', 'team', 'Jelte', 'nl'],
      ["who's in Jelte's team?", 'team', 'Jelte', 'en'],
      ['who works with Jelte', 'team', 'Jelte', 'en'],
      // A job title with "manager" in it is still a person asked for.
      ['wie is de afdelingsmanager van Burgerzaken?', 'whois', 'de afdelingsmanager van Burgerzaken', 'nl'],
    ]);
  });

  it('help, news and questions', () => {
    check([
      ['help', 'help', '', undefined],
      ['hulp', 'help', '', 'nl'],
      ['?', 'help', '', undefined],
      ['wat kun je allemaal?', 'help', '', 'nl'],
      ['what can you do?', 'help', '', 'en'],
      ['hoi', 'help', '', 'nl'],
      ['hey Ids', 'help', '', undefined],
      ['nieuws', 'news', '', 'nl'],
      ['news', 'news', '', 'en'],
      ['laatste nieuws van Burgerzaken', 'news', 'Burgerzaken', 'nl'],
      ['vraag: waar vind ik het verlofformulier?', 'question', 'waar vind ik het verlofformulier?', 'nl'],
      ['vraag:', 'question', '', 'nl'],
      ['question: where is the canteen?', 'question', 'where is the canteen?', 'en'],
      ['Waar kan ik mijn declaratie indienen?', 'question', 'Waar kan ik mijn declaratie indienen?', 'nl'],
    ]);
  });

  it('a bare name, number or word is a search', () => {
    check([
      ['Anne-Roos van der Vooren', 'search', 'Anne-Roos van der Vooren', undefined],
      ['bakker', 'search', 'bakker', undefined],
      ['0515 48 23 45', 'search', '0515 48 23 45', undefined],
      ['communicatieadviseur', 'search', 'communicatieadviseur', undefined],
    ]);
    expect(parseIntent('bakker', 'en-US').language).to.equal('en');
  });

  it('strips mentions, greetings, politeness and punctuation', () => {
    check([
      ['<at>Ids</at> wat is het nummer van Jelte graag', 'phone', 'Jelte', 'nl'],
      ['<at>Ids</at>&nbsp;nummer van Siebren, graag!', 'phone', 'Siebren', 'nl'],
      ['hoi Ids, wie is <at>Jan de Vries</at>?', 'whois', 'Jan de Vries', 'nl'],
      ['hey Ids can you tell me the phone number of Pieter please', 'phone', 'Pieter', 'en'],
      ['Hallo! Wat is het nummer van Femke? Bedankt', 'phone', 'Femke', 'nl'],
      ['please call "Sanne Visser"', 'phone', 'Sanne Visser', 'en'],
      ['  bel   Gerbrich  !!', 'phone', 'Gerbrich', 'nl'],
    ]);
    // The bot may be known by another name in a tenant.
    expect(parseIntent('<at>Intranet</at> bel Femke', undefined, { botNames: ['Intranet'] }).query).to.equal('Femke');
  });

  it('takes the language from the words, and from the locale when the words do not tell', () => {
    expect(parseIntent('wat is het nummer van Jelte', 'en').language).to.equal('nl');
    expect(parseIntent('phone number of Jelte', 'nl').language).to.equal('en');
    expect(parseIntent('Jelte', 'nl').language).to.equal('nl');
    expect(parseIntent('Jelte').language).to.equal(undefined);
    expect(parseIntent('help', 'en-GB').language).to.equal('en');
    expect(parseIntent('help', 'de-DE').language).to.equal(undefined);
  });

  it('says which fields each intent searches', () => {
    expect(searchModeFor('expertise')).to.equal('skill');
    expect(searchModeFor('phone')).to.equal('any');
    expect(searchModeFor('whois')).to.equal('any');
    expect(searchModeFor('search')).to.equal('any');
  });
});
