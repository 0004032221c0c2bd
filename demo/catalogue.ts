/**
 * What Gemeente Ids looks like: departments with their size, where they work, the job
 * titles and skills you find there. The field crews (Groenvoorziening, Boomverzorging) are
 * sub-departments of Openbare Ruimte (Department.parentId), so news can reach a crew alone
 * or the whole of Openbare Ruimte.
 */

export const ORGANISATION_NAME = 'Gemeente Ids';
export const EMAIL_DOMAIN = 'gemeente-ids.nl';

export const OFFICES = {
  stadhuis: 'Stadhuis',
  noord: 'Servicepunt Noord',
  werf: 'Gemeentewerf',
} as const;

export interface DepartmentProfile {
  readonly name: string;
  readonly parent?: string;
  /** Head count in the demo organisation. */
  readonly size: number;
  /** Where people work, with weights. */
  readonly offices: ReadonlyArray<readonly [string, number]>;
  /** Field crews: no desk, usually only a (work) mobile. */
  readonly field?: boolean;
  readonly jobs: ReadonlyArray<readonly [string, number]>;
  readonly skills: readonly string[];
}

const office = (name: string): ReadonlyArray<readonly [string, number]> => [[name, 1]];

export const DEPARTMENTS: readonly DepartmentProfile[] = [
  {
    name: 'Burgerzaken',
    size: 30,
    offices: [
      [OFFICES.stadhuis, 5],
      [OFFICES.noord, 1],
    ],
    jobs: [
      ['medewerker burgerzaken', 10],
      ['specialist burgerzaken', 3],
      ['medewerker reisdocumenten', 3],
      ['ambtenaar burgerlijke stand', 2],
      ['medewerker verkiezingen', 1],
      ['adviseur burgerzaken', 1],
    ],
    skills: [
      'BRP',
      'reisdocumenten',
      'rijbewijzen',
      'burgerlijke stand',
      'verkiezingen',
      'adresonderzoek',
      'identiteitsfraude',
      'naturalisatie',
    ],
  },
  {
    name: 'Klantcontactcentrum',
    size: 40,
    offices: [
      [OFFICES.stadhuis, 6],
      [OFFICES.noord, 4],
    ],
    jobs: [
      ['klantadviseur', 12],
      ['medewerker klantcontactcentrum', 5],
      ['receptionist', 2],
      ['medewerker Servicepunt Noord', 2],
      ['kwaliteitsmedewerker klantcontact', 1],
    ],
    skills: [
      'klantcontact',
      'telefonie',
      'afvalinzameling',
      'meldingen openbare ruimte',
      'Wmo',
      'BRP',
      'gastvrijheid',
      'webcare',
    ],
  },
  {
    name: 'Openbare Ruimte',
    size: 45,
    offices: [
      [OFFICES.stadhuis, 7],
      [OFFICES.werf, 3],
    ],
    jobs: [
      ['beleidsmedewerker openbare ruimte', 4],
      ['projectleider civiele techniek', 3],
      ['toezichthouder openbare ruimte', 3],
      ['adviseur verkeer', 2],
      ['beheerder wegen', 2],
      ['beheerder riolering', 2],
      ['medewerker afval', 2],
      ['werkvoorbereider', 3],
      ['opzichter', 3],
      ['adviseur water en klimaatadaptatie', 1],
    ],
    skills: [
      'GIS',
      'civiele techniek',
      'verkeer',
      'riolering',
      'klimaatadaptatie',
      'aanbesteden',
      'AutoCAD',
      'beheerplannen',
      'afval',
      'bestek RAW',
    ],
  },
  {
    name: 'Groenvoorziening',
    parent: 'Openbare Ruimte',
    size: 45,
    offices: office(OFFICES.werf),
    field: true,
    jobs: [
      ['medewerker groenvoorziening', 14],
      ['hovenier', 5],
      ['voorman groenvoorziening', 2],
      ['machinist', 2],
      ['medewerker begraafplaatsen', 1],
    ],
    skills: [
      'snoeien',
      'maaien',
      'beplanting',
      'bestrating',
      'VCA',
      'trekker rijden',
      'onkruidbeheersing',
      'bosmaaier',
      'rijbewijs BE',
      'begraafplaatsbeheer',
    ],
  },
  {
    name: 'Boomverzorging',
    parent: 'Openbare Ruimte',
    size: 15,
    offices: office(OFFICES.werf),
    field: true,
    jobs: [
      ['boomverzorger', 6],
      ['boomveiligheidscontroleur', 2],
      ['medewerker boomverzorging', 2],
    ],
    skills: [
      'boomveiligheid',
      'VTA',
      'snoeien',
      'klimmen',
      'kettingzaag',
      'hoogwerker',
      'European Tree Worker',
      'VCA',
      'eikenprocessierups',
    ],
  },
  {
    name: 'Communicatie',
    size: 10,
    offices: office(OFFICES.stadhuis),
    jobs: [
      ['communicatieadviseur', 4],
      ['woordvoerder', 1],
      ['online communicatieadviseur', 2],
      ['grafisch vormgever', 1],
    ],
    skills: [
      'social media',
      'persvoorlichting',
      'schrijven',
      'B1-taalniveau',
      'campagnes',
      'interne communicatie',
      'fotografie',
      'InDesign',
      'webredactie',
      'crisiscommunicatie',
    ],
  },
  {
    name: 'Sociaal Domein',
    size: 75,
    offices: [
      [OFFICES.stadhuis, 4],
      [OFFICES.noord, 5],
    ],
    jobs: [
      ['consulent Wmo', 8],
      ['klantmanager participatie', 5],
      ['wijkcoach', 6],
      ['consulent jeugd', 5],
      ['beleidsadviseur sociaal domein', 3],
      ['schuldhulpverlener', 3],
      ['leerplichtambtenaar', 1],
      ['medewerker inkomen', 4],
      ['contractmanager zorg', 2],
    ],
    skills: [
      'Wmo',
      'Jeugdwet',
      'Participatiewet',
      'schuldhulpverlening',
      'keukentafelgesprek',
      'subsidies',
      'armoedebeleid',
      'inburgering',
      'motiverende gespreksvoering',
      'Fries',
    ],
  },
  {
    name: 'Financiën',
    size: 30,
    offices: office(OFFICES.stadhuis),
    jobs: [
      ['financieel adviseur', 5],
      ['medewerker belastingen', 4],
      ['medewerker crediteurenadministratie', 3],
      ['controller', 2],
      ['medewerker WOZ', 3],
      ['inkoopadviseur', 2],
      ['subsidieadviseur', 1],
    ],
    skills: [
      'Excel',
      'Power BI',
      'begroting',
      'BBV',
      'WOZ',
      'belastingen',
      'subsidies',
      'inkoop',
      'aanbesteden',
      'rechtmatigheid',
    ],
  },
  {
    name: 'P&O',
    size: 18,
    offices: office(OFFICES.stadhuis),
    jobs: [
      ['HR-adviseur', 5],
      ['salarisadministrateur', 3],
      ['medewerker P&O', 3],
      ['adviseur opleidingen', 1],
      ['arbo-coördinator', 1],
    ],
    skills: [
      'werving en selectie',
      'verzuimbegeleiding',
      'CAR-UWO',
      'salarisadministratie',
      'opleidingen',
      'Excel',
      'arbo',
      'vitaliteit',
      'onboarding',
    ],
  },
  {
    name: 'ICT & Informatievoorziening',
    size: 32,
    offices: office(OFFICES.stadhuis),
    jobs: [
      ['applicatiebeheerder', 5],
      ['functioneel beheerder', 4],
      ['informatieadviseur', 3],
      ['systeembeheerder', 4],
      ['servicedeskmedewerker', 4],
      ['data-analist', 2],
      ['privacy officer', 1],
      ['archiefmedewerker', 2],
      ['GIS-specialist', 2],
    ],
    skills: [
      'Microsoft 365',
      'Teams',
      'Power BI',
      'GIS',
      'informatiebeveiliging',
      'AVG',
      'archiefwet',
      'SQL',
      'Azure',
      'BIO',
      'Excel',
      'zaakgericht werken',
    ],
  },
  {
    name: 'Ruimtelijke Ontwikkeling',
    size: 40,
    offices: office(OFFICES.stadhuis),
    jobs: [
      ['beleidsmedewerker ruimtelijke ordening', 5],
      ['adviseur omgevingswet', 4],
      ['projectleider woningbouw', 3],
      ['stedenbouwkundige', 2],
      ['adviseur duurzaamheid', 3],
      ['GIS-medewerker', 2],
      ['planeconoom', 1],
      ['adviseur erfgoed', 1],
    ],
    skills: [
      'omgevingswet',
      'omgevingsplan',
      'GIS',
      'woningbouw',
      'energietransitie',
      'participatie',
      'grondexploitatie',
      'erfgoed',
      'DSO',
      'subsidies',
    ],
  },
  {
    name: 'Vergunningen & Handhaving',
    size: 45,
    offices: [
      [OFFICES.stadhuis, 8],
      [OFFICES.werf, 2],
    ],
    jobs: [
      ['vergunningverlener', 6],
      ['toezichthouder bouw', 3],
      ['boa', 4],
      ['handhavingsjurist', 2],
      ['medewerker evenementenvergunningen', 2],
      ['adviseur bouwfysica', 1],
      ['medewerker parkeervergunningen', 2],
    ],
    skills: [
      'omgevingswet',
      'omgevingsvergunning',
      'handhaving',
      'APV',
      'evenementen',
      'bouwbesluit',
      'parkeren',
      'DSO',
      'Bibob',
      'drank- en horecawet',
    ],
  },
  {
    name: 'Bestuursondersteuning',
    size: 25,
    offices: office(OFFICES.stadhuis),
    jobs: [
      ['bestuursadviseur', 4],
      ['managementassistent', 4],
      ['juridisch adviseur', 3],
      ['raadsadviseur', 2],
      ['bestuurssecretaris', 1],
      ['medewerker griffie', 2],
      ['adviseur bedrijfsvoering', 1],
    ],
    skills: [
      'bestuurlijke advisering',
      'bezwaar en beroep',
      'Woo',
      'raadsvoorstellen',
      'agendabeheer',
      'notuleren',
      'juridisch advies',
      'Fries',
    ],
  },
];

/** Skills anyone may list, besides their department's. */
export const GENERAL_SKILLS = [
  'Excel',
  'Power BI',
  'Teams',
  'projectmanagement',
  'Fries',
  'Engels',
  'Duits',
  'EHBO',
  'BHV',
  'Lean',
  'presenteren',
  'fotografie',
  'social media',
  'mediation',
  'Scrum',
] as const;

export const BIO_OPENINGS = [
  'Ik werk sinds {year} bij de gemeente.',
  'Sinds {year} ben ik {jobTitle} bij {department}.',
  'Al sinds {year} met plezier aan het werk voor de inwoners van Ids.',
  'Geboren en getogen in Friesland, sinds {year} bij de gemeente.',
  'Na een paar jaar bij een andere gemeente kwam ik in {year} naar Ids.',
] as const;

export const BIO_WORK = [
  'Je kunt me altijd bellen over {skill}.',
  'Vragen over {skill}? Loop gerust even binnen.',
  'Ik denk graag mee over {skill}.',
  'Mijn specialiteit: {skill}.',
  '',
] as const;

export const BIO_HOBBIES = [
  'Als het vriest sta ik op de schaats.',
  'In de zomer zeil ik op de Friese meren.',
  'In mijn vrije tijd fierljep ik (met wisselend succes).',
  'Ik zing in een koor en loop hard.',
  'Thuis wachten twee kinderen en een hond op me.',
  'Ik speel kaatsen in de zomer.',
  'Zaterdag sta ik langs de lijn bij het voetbal.',
  'Ik lees veel en fiets graag door de weilanden.',
  'Fotografie is mijn hobby: vooral vogels.',
  '',
] as const;

export const BIO_EN = [
  'I joined the municipality in {year} and work as {jobTitle}.',
  'Moved to Friesland in {year}; still learning Frisian. Ask me about {skill}.',
] as const;
