/**
 * Text normalization shared by the directory index and its queries: one place decides what
 * "the same letters" means, so indexing and searching can never drift apart.
 */

/** Letters NFKD does not decompose into a base letter plus marks. */
const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const SPECIAL_RE = new RegExp(`[${Object.keys(SPECIAL_LETTERS).join('')}]`, 'g');
const MARKS_RE = /\p{M}+/gu;
const APOSTROPHES_RE = /['’‘`´]/g;
/** ASCII without the backtick (which folds to an apostrophe). */
const ASCII_RE = /^[\x00-\x5f\x61-\x7f]*$/;

/**
 * Lowercase, accents and ligatures folded: "Hoekstrâ" → "hoekstra", "Noëlle" → "noelle",
 * "IJsbrand" (with the ĳ ligature) → "ijsbrand". Apostrophes are kept (they matter to
 * tokenizing "'t Hart" and "d'Hondt"); everything else is left as it is.
 */
export function fold(text: string): string {
  // Most names and titles are plain ASCII: skip the Unicode work (and its garbage).
  if (ASCII_RE.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace(MARKS_RE, '')
    .toLowerCase()
    .replace(SPECIAL_RE, (c) => SPECIAL_LETTERS[c] ?? c)
    .replace(APOSTROPHES_RE, "'");
}

/**
 * Dutch surname particles (tussenvoegsels) and their foreign cousins, folded, plus the
 * abbreviations people type ("vd", "v/d" → "vd" before tokenizing). They are optional
 * both ways: a query need not contain them and may contain them when the name does not.
 */
export const PARTICLES: ReadonlySet<string> = new Set([
  'van',
  'de',
  'der',
  'den',
  'des',
  'het',
  't',
  'te',
  'ten',
  'ter',
  's',
  'in',
  'op',
  'aan',
  'bij',
  'uit',
  'uijt',
  'onder',
  'over',
  'voor',
  'tot',
  'la',
  'le',
  'les',
  'du',
  'da',
  'di',
  'del',
  'della',
  'dos',
  'das',
  'von',
  'vom',
  'zu',
  'zum',
  'zur',
  'am',
  'auf',
  'd',
  'l',
  'vd',
  'vdr',
  'vander',
  'vanden',
  'vande',
]);

/** Little words that carry no meaning in a job title, skill or department ("Medewerker van de …"). */
export const STOPWORDS: ReadonlySet<string> = new Set([
  ...PARTICLES,
  'een',
  'en',
  'of',
  'met',
  'om',
  'als',
  'a',
  'an',
  'and',
  'or',
  'the',
  'for',
  'with',
  'on',
  'to',
  'at',
  'iets',
  'about',
]);

/** "v.d.", "v/d", "v. d.", "v.d" written as the particle abbreviation "vd". */
const VD_RE = /(^|[^\p{L}\p{N}])v\s*[./]\s*d(?:\s*\.)?(?=[^\p{L}\p{N}]|$)/gu;

export interface Token {
  /** Letters and digits only: "d'Hondt" → "dhondt". */
  readonly text: string;
  /** The parts around an apostrophe, when there was one: "d'Hondt" → ["d", "hondt"]. */
  readonly parts: readonly string[];
  /** Index of the hyphen group it belongs to: "Anne-Roos van Dijk" → 0, 0, 1, 2. */
  readonly group: number;
  /** Written with an apostrophe ("'t", "d'Hondt"). */
  readonly apostrophe: boolean;
}

/**
 * Split folded text into word tokens. Hyphens separate tokens but keep them in one group
 * (so "Anne-Roos" can also be indexed as "anneroos"); apostrophes join ("'t" → "t",
 * "d'Hondt" → "dhondt") while remembering their parts.
 */
export function tokenize(text: string): Token[] {
  const folded = fold(text).replace(VD_RE, '$1vd ');
  const tokens: Token[] = [];
  let group = 0;
  for (const word of folded.split(/[^\p{L}\p{N}'-]+/u)) {
    if (!word) continue;
    let inGroup = false;
    for (const piece of word.split('-')) {
      const parts = piece.split("'").filter(Boolean);
      const joined = parts.join('');
      if (!joined) continue;
      tokens.push({ text: joined, parts: parts.length > 1 ? parts : [], group, apostrophe: piece.includes("'") });
      inGroup = true;
    }
    if (inGroup) group++;
  }
  return tokens;
}

/** Plain words of a text, folded, for titles, skills and departments (no stopwords). */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(text)) {
    if (STOPWORDS.has(t.text)) continue;
    out.push(t.text);
  }
  return out;
}

/**
 * Heads of Dutch compound job titles and skills, so "communicatieadviseur" is also found
 * by "adviseur" and by "communicatie adviseur". Linking "s"/"e" is dropped from the
 * modifier ("beleidsadviseur" → "beleid").
 */
const COMPOUND_HEADS = [
  'adviseur',
  'medewerker',
  'coordinator',
  'manager',
  'specialist',
  'consulent',
  'beheerder',
  'opzichter',
  'hovenier',
  'secretaris',
  'ambtenaar',
  'jurist',
  'planner',
  'ontwikkelaar',
  'architect',
  'deskundige',
  'functionaris',
  'leider',
  'officier',
  'handhaver',
  'toezichthouder',
  'controller',
  'assistent',
  'ondersteuner',
  'regisseur',
  'inspecteur',
  'monteur',
  'analist',
  'redacteur',
  'ecoloog',
  'makelaar',
  'bode',
  'boa',
  'vakman',
  'hoofd',
  'beleid',
  'zaken',
  'beheer',
  'recht',
  'advies',
  'ordening',
  'ruimte',
  'zorg',
  'vergunningen',
  'subsidies',
];

/** A word plus the parts of it when it is a known compound. */
export function decompound(word: string): string[] {
  const out = [word];
  for (const head of COMPOUND_HEADS) {
    if (word.length - head.length < 3 || !word.endsWith(head)) continue;
    out.push(head);
    const modifier = word.slice(0, -head.length);
    out.push(modifier);
    if (/[se]$/.test(modifier) && modifier.length > 4) out.push(modifier.slice(0, -1));
  }
  return out;
}

/**
 * A sound-alike key for Dutch spelling variants people confuse: ij/y/ei, au/ou, ch/g,
 * c/k, x/ks, ph/f, z/s, v/f, th/t, dt/d at the end, doubled letters. "Dykstra" and "Dijkstra"
 * share a key; it is a forgiving extra, ranked as a one-edit typo.
 */
export function soundKey(word: string): string {
  return word
    .replace(/eij|ey|ei|ij|y/g, 'i')
    .replace(/au/g, 'ou')
    .replace(/ch/g, 'g')
    .replace(/ck|c(?=[aouklrt])|c$/g, 'k')
    .replace(/c/g, 's')
    .replace(/x/g, 'ks')
    .replace(/ph/g, 'f')
    .replace(/z/g, 's')
    .replace(/v/g, 'f')
    .replace(/th/g, 't')
    .replace(/dt$|d$/g, 't')
    .replace(/(.)\1+/g, '$1');
}
