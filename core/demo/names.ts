/**
 * Name pools for a Frisian municipality: mostly Dutch and Frisian names, some from the
 * families that settled here from Turkey, Morocco, Poland and Suriname. Weights make some
 * first names common (so "Sjoerd" alone is ambiguous) and the tussenvoegsels ("de",
 * "van der", "in 't") appear as often as they do in a real staff list.
 *
 * The names in UNIQUE_FIRST_NAMES never come out of the pools: the demo cast holds each
 * of them exactly once, so "wat is het nummer van Jelte?" has one answer.
 */

export const UNIQUE_FIRST_NAMES = [
  'Jelte',
  'Anne-Roos',
  'Femke',
  'Gerbrich',
  'Ymkje',
  'Noëlle',
  'Çetin',
  'Hüseyin',
  'Siebren',
  'Durk',
] as const;

type Weighted = ReadonlyArray<readonly [string, number]>;

const FEMALE: Weighted = [
  ['Anne', 6], ['Sanne', 5], ['Marieke', 5], ['Froukje', 3], ['Geertje', 2], ['Tjitske', 3],
  ['Sietske', 3], ['Baukje', 2], ['Hinke', 2], ['Jantsje', 1], ['Wytske', 2], ['Aukje', 2],
  ['Janneke', 3], ['Lieke', 2], ['Fenna', 2], ['Ilse', 3], ['Inge', 3], ['Esther', 3],
  ['Linda', 4], ['Sandra', 3], ['Petra', 3], ['Monique', 2], ['Ingrid', 2], ['Karin', 3],
  ['Nicole', 2], ['Lisa', 3], ['Emma', 2], ['Julia', 2], ['Sophie', 2], ['Anouk', 3],
  ['Eva', 2], ['Iris', 3], ['Mirjam', 2], ['Hester', 2], ['Renske', 3], ['Marrit', 2],
  ['Jikke', 1], ['Nynke', 3], ['Sjoukje', 2], ['Tessa', 2], ['Manon', 2], ['Roos', 2],
  ['Lotte', 2], ['Maaike', 3], ['Dieuwke', 2], ['Rixt', 2], ['Tineke', 2], ['Grietje', 1],
  ['Klaske', 1], ['Yvonne', 2], ['Wendy', 2], ['Kim', 2], ['Saskia', 2], ['Bianca', 1],
  ['Daniëlle', 2], ['Mariëlle', 1], ['Zoë', 1], ['Chloë', 1], ['Anne-Marie', 2], ['Marie-José', 1],
  ['Jolanda', 2], ['Ellen', 2], ['Hilde', 1], ['Wilma', 2], ['Ria', 1], ['Lysbeth', 1],
];

const MALE: Weighted = [
  ['Jan', 6], ['Pieter', 5], ['Sjoerd', 5], ['Hylke', 3], ['Wiebe', 3], ['Tjeerd', 3],
  ['Sybren', 2], ['Jelle', 3], ['Rienk', 2], ['Gerrit', 3], ['Klaas', 4], ['Douwe', 3],
  ['Jouke', 2], ['Wouter', 3], ['Bauke', 2], ['Harm', 2], ['Hidde', 2], ['Jorrit', 2],
  ['Marten', 2], ['Meindert', 1], ['Oene', 1], ['Pyter', 1], ['Remco', 2], ['Rutger', 1],
  ['Tjalling', 1], ['Ate', 1], ['Bert', 2], ['Dirk', 2], ['Erik', 3], ['Frank', 2],
  ['Gert-Jan', 2], ['Jan-Willem', 2], ['Henk', 3], ['Johan', 3], ['Kees', 2], ['Lars', 2],
  ['Mark', 3], ['Martijn', 3], ['Niels', 2], ['Rick', 2], ['Ruben', 2], ['Sander', 3],
  ['Thijs', 2], ['Tom', 2], ['Vincent', 2], ['Bas', 2], ['Daan', 2], ['Joost', 2],
  ['Bram', 2], ['Stefan', 2], ['Jeroen', 3], ['Gijs', 1], ['Auke', 2], ['Feike', 1],
  ['Folkert', 1], ['Haije', 1], ['Lolke', 1], ['Melle', 1], ['Sipke', 1], ['Sytze', 2],
  ['René', 1], ['André', 1], ['Jurjen', 2], ['Anne', 1],
];

const FEMALE_ELSEWHERE: Weighted = [
  ['Fatima', 2], ['Samira', 2], ['Naima', 1], ['Elif', 2], ['Ayşe', 1], ['Zeynep', 1],
  ['Agnieszka', 1], ['Magdalena', 1], ['Shirley', 1], ['Priscilla', 1], ['Nadia', 1],
];

const MALE_ELSEWHERE: Weighted = [
  ['Mohamed', 2], ['Youssef', 2], ['Mehmet', 1], ['Emre', 1], ['Ahmet', 1], ['Tomasz', 1],
  ['Piotr', 1], ['Rachid', 2], ['Kevin', 1], ['Orlando', 1], ['Burak', 1],
];

const SURNAMES: Weighted = [
  ['Dijkstra', 5], ['Hoekstra', 5], ['Visser', 4], ['de Boer', 6], ['de Vries', 6], ['Bakker', 4],
  ['Jansen', 3], ['de Jong', 6], ['van der Meer', 4], ['Postma', 4], ['Sikkema', 3], ['Wiersma', 4],
  ['Hiemstra', 3], ['Kuipers', 2], ['Terpstra', 4], ['Bosma', 4], ['Brouwer', 3], ['Veenstra', 4],
  ['Zijlstra', 4], ['Boersma', 4], ['Kooistra', 3], ['Kramer', 2], ['Mulder', 3], ['Smit', 3],
  ['Meijer', 3], ['Haarsma', 2], ['Jellema', 2], ['Tolsma', 2], ['Wijnstra', 1], ['Yntema', 2],
  ['Faber', 2], ['Hofstra', 3], ['Nauta', 2], ['Rienstra', 2], ['Schaafsma', 2], ['Siersema', 1],
  ['van der Wal', 3], ['van der Veen', 3], ['van den Berg', 3], ['van Dijk', 3], ['de Haan', 3],
  ['de Wit', 2], ['Koopmans', 2], ['Dekker', 2], ['Vos', 2], ['Peters', 2], ['Hendriks', 2],
  ['van Leeuwen', 2], ['ter Horst', 1], ['ter Veen', 1], ["in 't Veld", 1], ["van 't Hof", 1],
  ['van den Bosch', 2], ['de Groot', 3], ['Sjaarda', 2], ['Hettinga', 2], ['Fokkema', 2],
  ['Bouma', 4], ['Dykstra', 2], ['Hellinga', 2], ['Kingma', 3], ['Tiemersma', 1], ['Wijbenga', 1],
  ['Zandstra', 2], ['Osinga', 2], ['Reitsma', 3], ['Ypma', 2], ['Wâlde', 1], ['Brinkman', 2],
  ['van der Ploeg', 2], ['de Graaf', 2], ['Anema', 1], ['Bergsma', 2], ['Feenstra', 2],
  ['Gaastra', 1], ['Heeringa', 1], ['Jongsma', 2], ['Miedema', 2], ['Nijholt', 1], ['Oosterhof', 1],
  ['Pool', 1], ['Rispens', 1], ['Stienstra', 1], ['Tjalsma', 1], ['van der Zee', 2], ['Wassenaar', 1],
];

const SURNAMES_ELSEWHERE: Weighted = [
  ['Yılmaz', 2], ['Kaya', 2], ['Demir', 2], ['Öztürk', 1], ['Şahin', 1], ['El Amrani', 2],
  ['Bouzid', 1], ['Benali', 2], ['Kowalski', 1], ['Nowak', 1], ['Pinas', 1], ['Kartosen', 1],
];

function expand(items: Weighted): string[] {
  const excluded = new Set<string>(UNIQUE_FIRST_NAMES);
  const out: string[] = [];
  for (const [name, weight] of items) {
    if (excluded.has(name)) continue;
    for (let i = 0; i < weight; i++) out.push(name);
  }
  return out;
}

/** Flattened by weight, so a uniform pick is a weighted pick (fast enough for 100,000 people). */
export const NAME_POOLS = {
  female: expand(FEMALE),
  male: expand(MALE),
  femaleElsewhere: expand(FEMALE_ELSEWHERE),
  maleElsewhere: expand(MALE_ELSEWHERE),
  surnames: expand(SURNAMES),
  surnamesElsewhere: expand(SURNAMES_ELSEWHERE),
} as const;

/**
 * The ASCII local part of an email for a name: "Anne-Roos van der Vooren" →
 * "anne-roos.vandervooren", "Çetin Yılmaz" → "cetin.yilmaz", "in 't Veld" → "intveld".
 */
export function emailLocalPart(givenName: string, surname: string): string {
  return `${asciiFold(givenName)}.${asciiFold(surname)}`;
}

const SPECIAL: Record<string, string> = { ı: 'i', ł: 'l', ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', đ: 'd' };

export function asciiFold(text: string): string {
  return text
    .toLowerCase()
    .replace(/[ıłøæœßđ]/g, (c) => SPECIAL[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9-]/g, '');
}
