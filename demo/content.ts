import type { Random } from './random.js';
import type { DemoComment, DemoGroup, DemoPerson, DemoPost } from './types.js';

/** Groups and posts of the demo organisation, written by its cast and drawn colleagues. */

const HOUR = 60;
const DAY = 24 * HOUR;

class Staff {
  constructor(readonly people: DemoPerson[]) {}

  named(displayName: string): DemoPerson {
    const p = this.people.find((x) => x.displayName === displayName);
    if (!p) throw new Error(`demo content refers to unknown person ${displayName}`);
    return p;
  }

  inDepartments(...names: string[]): DemoPerson[] {
    return this.people.filter((p) => names.includes(p.department));
  }

  withRole(role: DemoPerson['roles'][number]): DemoPerson[] {
    return this.people.filter((p) => p.roles.includes(role));
  }
}

const emailsOf = (people: DemoPerson[]) => people.map((p) => p.email);

function unique(emails: string[]): string[] {
  return [...new Set(emails)];
}

export function demoGroups(rnd: Random, people: DemoPerson[]): DemoGroup[] {
  const staff = new Staff(people);
  const femke = staff.named('Femke Dijkstra');
  const anneRoos = staff.named('Anne-Roos van der Vooren');
  const jelte = staff.named('Jelte de Boer');
  const siebren = staff.named('Siebren Kingma');
  const klaas = staff.named('Klaas Veenstra');
  const durk = staff.named('Durk Hoekstra');
  const gerbrich = staff.named('Gerbrich Wâlde');
  const wiebe = staff.named('Wiebe Haarsma');
  const office = people.filter((p) => p.officeLocation !== 'Gemeentewerf');
  const crews = staff.inDepartments('Groenvoorziening', 'Boomverzorging');

  return [
    {
      slug: 'vraag-ids',
      name: 'Vraag Ids',
      description: 'Stel je vraag aan de hele organisatie. Wie het weet, antwoordt: meestal binnen het uur.',
      visibility: 'open',
      kind: 'qa',
      createdByEmail: femke.email,
      adminEmails: [femke.email, anneRoos.email],
      memberEmails: unique([
        ...emailsOf(staff.withRole('ambassador')),
        ...emailsOf(staff.withRole('communicator')),
        ...emailsOf(staff.inDepartments('Klantcontactcentrum')),
        ...emailsOf(rnd.sample(people, Math.round(people.length * 0.5))),
      ]),
    },
    {
      slug: 'buitendienst',
      name: 'Buitendienst',
      description: "Voor en door de collega's van groen, bomen en de werf. Deel foto's van je werk!",
      visibility: 'open',
      kind: 'group',
      createdByEmail: klaas.email,
      adminEmails: [klaas.email, jelte.email],
      memberEmails: unique([
        ...emailsOf(crews),
        staff.named('Sjoerd Wiersma').email,
        ...emailsOf(staff.inDepartments('Openbare Ruimte').filter((p) => p.officeLocation === 'Gemeentewerf')),
        femke.email,
      ]),
    },
    {
      slug: 'managementteam',
      name: 'Managementteam',
      description: 'Afstemming tussen de afdelingsmanagers en de gemeentesecretaris.',
      visibility: 'closed',
      kind: 'group',
      createdByEmail: durk.email,
      adminEmails: [durk.email],
      memberEmails: emailsOf(staff.withRole('manager')),
    },
    {
      slug: 'ambassadeurs',
      name: 'Ambassadeurs',
      description: 'De ambassadeurs van Ids: we vullen Ids vóór de lancering en geven het goede voorbeeld.',
      visibility: 'closed',
      kind: 'group',
      createdByEmail: femke.email,
      adminEmails: [femke.email, gerbrich.email],
      memberEmails: unique([...emailsOf(staff.withRole('ambassador')), ...emailsOf(staff.withRole('communicator'))]),
    },
    {
      slug: 'fotoclub',
      name: 'Fotoclub',
      description: 'Mooie plaatjes uit de gemeente. Elke maand een thema.',
      visibility: 'open',
      kind: 'group',
      createdByEmail: wiebe.email,
      adminEmails: [wiebe.email],
      memberEmails: unique([wiebe.email, jelte.email, siebren.email, ...emailsOf(rnd.sample(people, 24))]),
    },
    {
      slug: 'lunchwandelen',
      name: 'Lunchwandelen',
      description: 'Elke dinsdag en donderdag om 12.15 uur een rondje vanaf de hoofdingang van het Stadhuis.',
      visibility: 'open',
      kind: 'group',
      createdByEmail: anneRoos.email,
      adminEmails: [anneRoos.email],
      memberEmails: unique([anneRoos.email, ...emailsOf(rnd.sample(office, 34))]),
    },
    {
      slug: 'brieven-aan-inwoners',
      name: 'Brieven aan inwoners',
      description: 'Welke brieven en campagnes gaan de deur uit? Zo weet het KCC wat er aan vragen aankomt.',
      visibility: 'open',
      kind: 'group',
      createdByEmail: wiebe.email,
      adminEmails: [wiebe.email, staff.named('Ymkje Sikkema').email],
      memberEmails: unique([...emailsOf(staff.inDepartments('Communicatie', 'Klantcontactcentrum'))]),
    },
    {
      slug: 'omgevingswet',
      name: 'Kennisgroep Omgevingswet',
      description: 'Vragen, casussen en nieuws over de Omgevingswet en het omgevingsplan.',
      visibility: 'open',
      kind: 'group',
      createdByEmail: staff.named('Tjeerd Hofstra').email,
      adminEmails: [staff.named('Tjeerd Hofstra').email],
      memberEmails: emailsOf(
        people.filter(
          (p) =>
            p.skills.includes('omgevingswet') ||
            (p.roles.includes('manager') && /Ruimtelijke|Vergunningen/.test(p.department)),
        ),
      ),
    },
  ];
}

interface CommentDraft {
  by: DemoPerson;
  body: string;
  after: number;
  replyTo?: number;
}

function comments(postKey: string, postMinutesAgo: number, drafts: CommentDraft[]): DemoComment[] {
  return drafts.map((d, i) => {
    const c: DemoComment = {
      key: `${postKey}-c${i + 1}`,
      authorEmail: d.by.email,
      body: d.body,
      minutesAgo: Math.max(1, postMinutesAgo - d.after),
    };
    if (d.replyTo !== undefined) c.replyTo = `${postKey}-c${d.replyTo}`;
    return c;
  });
}

export function demoPosts(rnd: Random, people: DemoPerson[], groups: DemoGroup[]): DemoPost[] {
  const staff = new Staff(people);
  const group = (slug: string) => groups.find((g) => g.slug === slug)!;
  const membersOf = (slug: string) => people.filter((p) => group(slug).memberEmails.includes(p.email));
  const likes = (from: DemoPerson[], n: number, except: DemoPerson) =>
    emailsOf(
      rnd.sample(
        from.filter((p) => p !== except),
        n,
      ),
    );
  const someone = (from: DemoPerson[]) => rnd.pick(from);

  const femke = staff.named('Femke Dijkstra');
  const gerbrich = staff.named('Gerbrich Wâlde');
  const noelle = staff.named('Noëlle Brinkman');
  const wiebe = staff.named('Wiebe Haarsma');
  const jelte = staff.named('Jelte de Boer');
  const siebren = staff.named('Siebren Kingma');
  const anneRoos = staff.named('Anne-Roos van der Vooren');
  const marieke = staff.named('Marieke Postma');
  const sjoerd = staff.named('Sjoerd Wiersma');
  const durk = staff.named('Durk Hoekstra');
  const pieter = staff.named('Pieter Bakker');
  const cetin = staff.named('Çetin Yılmaz');
  const kcc = staff.inDepartments('Klantcontactcentrum');
  const crews = staff.inDepartments('Groenvoorziening', 'Boomverzorging');
  const parking = people.find((p) => p.jobTitle === 'medewerker parkeervergunningen') ?? staff.named('Hüseyin Öztürk');

  const posts: DemoPost[] = [];
  const add = (
    p: Omit<DemoPost, 'important' | 'requiresAck' | 'pinned' | 'likedBy' | 'comments'> & Partial<DemoPost>,
  ) => posts.push({ important: false, requiresAck: false, pinned: false, likedBy: [], comments: [], ...p });

  let ago = 14 * DAY;
  add({
    key: 'welkom',
    kind: 'news',
    authorEmail: femke.email,
    title: 'Welkom op Ids!',
    summary: "Ons nieuwe intranet zit gewoon in Teams. Vind collega's, lees het nieuws en stel je vragen.",
    body:
      'Vanaf vandaag werken we met **Ids**, ons sociale intranet in Teams.\n\n' +
      '- Zoek een collega op naam, afdeling of vaardigheid (ook gewoon: *"wat is het nummer van Jelte?"*).\n' +
      '- Lees het nieuws van de organisatie en je afdeling.\n' +
      '- Stel je vraag in **Vraag Ids**: meestal heb je binnen het uur antwoord.\n\n' +
      "Vul je profiel aan met een foto en je vaardigheden, dan weten collega's je te vinden.",
    audience: { organisation: true },
    pinned: true,
    minutesAgo: ago,
    likedBy: likes(people, 64, femke),
    comments: comments('welkom', ago, [
      { by: durk, body: 'Mooi dat het er is. Veel plezier ermee allemaal!', after: 35 },
      { by: siebren, body: 'Werkt prima op mijn telefoon op de werf 👍', after: 80 },
      { by: someone(kcc), body: 'Eindelijk kan ik nummers vinden zonder de lijst op het prikbord 😄', after: 140 },
      { by: femke, body: 'Zo is het bedoeld! Dank voor het testen.', after: 160, replyTo: 2 },
    ]),
  });

  ago = 2 * DAY;
  add({
    key: 'informatiebeveiliging',
    kind: 'news',
    authorEmail: gerbrich.email,
    title: 'Nieuw beleid informatiebeveiliging: lees en bevestig',
    summary:
      'Vanaf 1 december gelden nieuwe afspraken over wachtwoorden, USB-sticks en phishing. Bevestig dat je ze hebt gelezen.',
    body:
      'Samen met onze informatiebeveiliger Çetin Yılmaz hebben we de afspraken op een rij gezet.\n\n' +
      '1. Gebruik overal tweestapsverificatie.\n2. Geen USB-sticks meer: deel bestanden via Teams.\n' +
      '3. Twijfel je over een mail? Meld hem met de knop *Phishing melden*.\n\n' +
      'Wil je bevestigen dat je dit hebt gelezen?',
    audience: { organisation: true },
    important: true,
    requiresAck: true,
    minutesAgo: ago,
    likedBy: likes(people, 12, gerbrich),
    comments: comments('informatiebeveiliging', ago, [
      { by: someone(crews), body: 'Geldt dit ook voor de tablets op de werf?', after: 50 },
      {
        by: cetin,
        body: 'Ja, de tablets krijgen volgende week een update. Je hoeft zelf niets te doen.',
        after: 75,
        replyTo: 1,
      },
    ]),
  });

  ago = 5 * DAY;
  add({
    key: 'open-dag-werf',
    kind: 'news',
    authorEmail: noelle.email,
    title: 'Open dag op de Gemeentewerf',
    summary: 'Zaterdag 14 juni zet de werf de deuren open voor inwoners. Wie helpt mee?',
    body: 'Kinderen mogen in de hoogwerker, de boomverzorgers laten zien hoe je veilig klimt en er is koffie met oranjekoek. Aanmelden als vrijwilliger kan bij Noëlle.',
    audience: { organisation: true },
    minutesAgo: ago,
    likedBy: likes(people, 41, noelle),
    comments: comments('open-dag-werf', ago, [
      { by: jelte, body: 'Wij doen weer de klimdemonstratie!', after: 20 },
      { by: someone(people), body: 'Ik help graag bij de koffie.', after: 200 },
    ]),
  });

  ago = 1 * DAY;
  add({
    key: 'brief-afvalkalender',
    kind: 'department',
    authorEmail: wiebe.email,
    title: 'Brief aan inwoners: nieuwe afvalkalender 2026',
    summary:
      'Maandag valt bij 12.000 huishoudens de nieuwe afvalkalender op de mat. Verwacht vragen over de groene container.',
    body:
      'De ophaaldag van de groene container verschuift in Ids-Noord van dinsdag naar vrijdag.\n\n' +
      '**Vragen die we verwachten:** waarom de dag verandert, of de kalender ook in de app staat (ja), en wat te doen met een kapotte container (melding maken).\n\n' +
      'De brief en een vraag-en-antwoordlijst staan in de groep *Brieven aan inwoners*.',
    audience: { departments: ['Klantcontactcentrum'] },
    important: true,
    minutesAgo: ago,
    likedBy: likes(kcc, 14, wiebe),
    comments: comments('brief-afvalkalender', ago, [
      { by: anneRoos, body: 'Top, dank je! Ik zet de antwoorden in ons kennisbankartikel.', after: 25 },
    ]),
  });

  ago = 3 * DAY;
  add({
    key: 'openingstijden-burgerzaken',
    kind: 'department',
    authorEmail: marieke.email,
    title: 'Nieuwe openingstijden balie Burgerzaken',
    summary: 'Vanaf 1 maart is de balie op donderdag open tot 20.00 uur, alleen op afspraak.',
    body: 'We proberen de avondopenstelling een halfjaar uit. KCC: wil je inwoners die bellen voor een paspoort of rijbewijs op de avond wijzen?',
    audience: { departments: ['Burgerzaken', 'Klantcontactcentrum'] },
    minutesAgo: ago,
    likedBy: likes(staff.inDepartments('Burgerzaken', 'Klantcontactcentrum'), 18, marieke),
  });

  ago = 6 * DAY;
  add({
    key: 'winterdienst',
    kind: 'department',
    authorEmail: sjoerd.email,
    title: 'Winterdienst: het rooster staat klaar',
    summary: 'Vanaf 1 november zijn we weer paraat voor gladheid. Check of je rooster klopt.',
    body: 'Het rooster hangt in de kantine op de werf en staat in de bijlage bij de teamleiders. Ruilen kan tot vrijdag via Klaas Veenstra.',
    audience: { departments: ['Openbare Ruimte', 'Groenvoorziening', 'Boomverzorging'] },
    minutesAgo: ago,
    likedBy: likes(crews, 9, sjoerd),
  });

  ago = 4 * HOUR;
  add({
    key: 'lindes-stationsweg',
    kind: 'group',
    groupSlug: 'buitendienst',
    authorEmail: jelte.email,
    body: 'De lindes aan de Stationsweg zijn gesnoeid 🌳 Volgende week gaan we verder in het park achter het Stadhuis.',
    audience: { groups: ['buitendienst'] },
    minutesAgo: ago,
    likedBy: likes(people, 38, jelte),
    comments: comments('lindes-stationsweg', ago, [
      { by: siebren, body: 'Strak werk mannen!', after: 12 },
      { by: femke, body: 'Mag ik deze foto gebruiken voor de nieuwsbrief?', after: 40 },
      { by: jelte, body: 'Natuurlijk!', after: 55, replyTo: 2 },
    ]),
  });

  ago = 2 * DAY + 3 * HOUR;
  add({
    key: 'bloembakken-marktplein',
    kind: 'group',
    groupSlug: 'buitendienst',
    authorEmail: siebren.email,
    body: 'Nieuwe bloembakken op het Marktplein staan erin. Vaste planten dit keer, dus minder water geven in de zomer.',
    audience: { groups: ['buitendienst'] },
    minutesAgo: ago,
    likedBy: likes(people, 27, siebren),
    comments: comments('bloembakken-marktplein', ago, [{ by: someone(crews), body: 'Ziet er mooi uit!', after: 30 }]),
  });

  ago = 3 * HOUR;
  add({
    key: 'vraag-parkeervergunning',
    kind: 'question',
    groupSlug: 'vraag-ids',
    authorEmail: anneRoos.email,
    title: 'Parkeervergunning voor een bewoner met een bedrijfsbus?',
    body: 'Ik heb een inwoner aan de lijn die een bedrijfsbus heeft en in de binnenstad woont. Kan hij een bewonersvergunning krijgen, of moet het een bedrijfsvergunning zijn?',
    audience: { groups: ['vraag-ids'] },
    minutesAgo: ago,
    likedBy: likes(kcc, 5, anneRoos),
    comments: comments('vraag-parkeervergunning', ago, [
      {
        by: parking,
        body: 'Een bewonersvergunning kan, zolang de bus korter is dan 6 meter en op zijn naam of die van zijn bedrijf staat. Aanvragen via de website; ik help als het niet lukt.',
        after: 22,
      },
      { by: anneRoos, body: 'Dank je, dat kan ik hem zo vertellen!', after: 30, replyTo: 1 },
    ]),
    answer: { commentKey: 'vraag-parkeervergunning-c1', markedByEmail: anneRoos.email },
  });

  ago = 90;
  const asker = someone(staff.inDepartments('Sociaal Domein'));
  add({
    key: 'vraag-gedeelde-agenda',
    kind: 'question',
    groupSlug: 'vraag-ids',
    authorEmail: asker.email,
    title: 'Gedeelde agenda voor ons wijkteam in Teams?',
    body: 'Hoe maak ik in Teams een agenda die het hele wijkteam kan zien en bewerken?',
    audience: { groups: ['vraag-ids'] },
    minutesAgo: ago,
    comments: comments('vraag-gedeelde-agenda', ago, [
      {
        by: pieter,
        body: 'Dat kan met een kanaalagenda. Ik kom vanmiddag even langs om het te laten zien.',
        after: 18,
      },
    ]),
  });

  ago = 20;
  add({
    key: 'vraag-sleutel-werf',
    kind: 'question',
    groupSlug: 'vraag-ids',
    authorEmail: someone(staff.inDepartments('Financiën')).email,
    title: 'Wie heeft de sleutel van de vergaderruimte op de werf?',
    body: 'Morgen hebben we daar overleg met de aannemer. Bij wie haal ik de sleutel op?',
    audience: { groups: ['vraag-ids'] },
    minutesAgo: ago,
  });

  ago = 8 * DAY;
  add({
    key: 'fotoclub-herfst',
    kind: 'group',
    groupSlug: 'fotoclub',
    authorEmail: wiebe.email,
    title: 'Thema deze maand: herfst in Ids',
    body: 'Deel je mooiste herfstfoto uit de gemeente. De winnaar komt op de voorpagina van Ids!',
    audience: { groups: ['fotoclub'] },
    minutesAgo: ago,
    likedBy: likes(membersOf('fotoclub'), 11, wiebe),
    comments: comments('fotoclub-herfst', ago, [
      { by: jelte, body: 'Ik zit de hele dag tussen de bomen, dus die heb ik al 😉', after: 90 },
    ]),
  });

  ago = 1 * DAY + 2 * HOUR;
  const walker = staff.named('Anne-Roos van der Vooren');
  add({
    key: 'lunchwandeling-dinsdag',
    kind: 'group',
    groupSlug: 'lunchwandelen',
    authorEmail: walker.email,
    body: 'Dinsdag lopen we het rondje langs de gracht (ca. 3 km). Om 12.15 uur bij de hoofdingang!',
    audience: { groups: ['lunchwandelen'] },
    minutesAgo: ago,
    likedBy: likes(membersOf('lunchwandelen'), 9, walker),
  });

  ago = 7 * DAY;
  add({
    key: 'mt-agenda',
    kind: 'group',
    groupSlug: 'managementteam',
    authorEmail: durk.email,
    title: 'Agenda MT volgende week',
    body: '1. Begroting 2026 (Gerrit)\n2. Evaluatie eerste maand Ids (Renske)\n3. Verzuimcijfers derde kwartaal (Nynke)',
    audience: { groups: ['managementteam'] },
    minutesAgo: ago,
    likedBy: likes(membersOf('managementteam'), 4, durk),
  });

  ago = 21 * DAY;
  add({
    key: 'ambassadeurs-checklist',
    kind: 'group',
    groupSlug: 'ambassadeurs',
    authorEmail: femke.email,
    title: 'Checklist voor de lancering',
    body: "- Profiel compleet (foto, vaardigheden, over mij)\n- Minstens één bericht geplaatst\n- Twee collega's geholpen hun profiel in te vullen",
    audience: { groups: ['ambassadeurs'] },
    minutesAgo: ago,
    likedBy: likes(membersOf('ambassadeurs'), 10, femke),
    comments: comments('ambassadeurs-checklist', ago, [
      { by: jelte, body: 'Op de werf helpen we elkaar tijdens de koffie 👍', after: 300 },
    ]),
  });

  // Whoever posts or comments in a group is a member of it.
  for (const post of posts) {
    if (!post.groupSlug) continue;
    const g = group(post.groupSlug);
    for (const email of [post.authorEmail, ...post.comments.map((c) => c.authorEmail)]) {
      if (!g.memberEmails.includes(email)) g.memberEmails.push(email);
    }
  }
  return posts;
}
