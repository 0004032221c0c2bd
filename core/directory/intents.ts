/**
 * What a chat message to the bot asks for, in Dutch or English: "wat is het nummer van
 * Anne-Roos?", "who knows about GIS", "vraag: …", or just a name. Pure text in, plain data
 * out; the bot decides what to do with it.
 */

export type IntentKind =
  | 'phone'
  | 'whois'
  | 'expertise'
  | 'help'
  | 'news'
  | 'question'
  | 'search'
  /** "wie werkt er bij Burgerzaken?": the people of a department (or, when it names none, expertise). */
  | 'department'
  /** "wie is de manager van Jelte?": someone's manager (or a department's). */
  | 'manager'
  /** "wie zitten er in het team van Jelte?": the team someone leads, or is in. */
  | 'team';
export type IntentLanguage = 'nl' | 'en';

export interface Intent {
  readonly intent: IntentKind;
  /** What to look for: a name, a phone number, a skill or department, a question; '' for help and plain news. */
  readonly query: string;
  /**
   * The language the message was written in, from its words ("wat is het nummer" → nl,
   * "who knows" → en); when its words do not tell (a bare name, "help", "?"), the locale.
   */
  readonly language: IntentLanguage | undefined;
}

/**
 * Which fields an intent's query is matched against: skills, job titles and departments
 * for expertise ("wie weet iets van GIS", "iemand van Burgerzaken"), everything otherwise
 * (a phone request may name a department: "nummer van Burgerzaken").
 */
export function searchModeFor(intent: IntentKind): 'person' | 'skill' | 'any' {
  if (intent === 'expertise' || intent === 'department') return 'skill';
  if (intent === 'manager' || intent === 'team') return 'person';
  return 'any';
}

export interface ParseIntentOptions {
  /** Names the bot is mentioned by (`<at>Ids</at>`); those mentions are removed, others kept as text. */
  readonly botNames?: readonly string[];
}

type Lang = IntentLanguage | undefined;

interface Pattern {
  readonly intent: IntentKind;
  readonly lang: Lang;
  readonly re: RegExp;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** `<at>Ids</at>` removed; `<at>Jan de Vries</at>` kept as "Jan de Vries"; other markup and entities flattened. */
export function stripMarkup(text: string, botNames: readonly string[]): string {
  const bots = new Set(botNames.map((n) => n.trim().toLowerCase()));
  return text
    .replace(/<at[^>]*>([\s\S]*?)<\/at>/gi, (_m, inner: string) =>
      bots.has(inner.trim().toLowerCase()) ? ' ' : ` ${inner} `,
    )
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/gi, (_m, e: string) => ENTITIES[e.toLowerCase()] ?? ' ');
}

const NL = 'nl' as const;
const EN = 'en' as const;

/** Greetings and politeness around a request, with the language they give away. */
const LEADING_NOISE: readonly { re: RegExp; lang: Lang }[] = [
  {
    re: /^(?:hoi|hallo|hoii+|dag|goedemorgen|goedemiddag|goedenavond|beste|moi|moin)(?:\s+ids)?(?![\p{L}\p{N}])[\s,!.:]*/iu,
    lang: NL,
  },
  { re: /^(?:hi|hello|good\s+(?:morning|afternoon|evening)|dear)(?:\s+ids)?(?![\p{L}\p{N}])[\s,!.:]*/iu, lang: EN },
  { re: /^(?:hey|hé|heej|yo)(?:\s+ids)?(?![\p{L}\p{N}])[\s,!.:]*/iu, lang: undefined },
  { re: /^@?ids(?![\p{L}\p{N}])[\s,!.:]*/iu, lang: undefined },
  { re: /^(?:graag|alsjeblieft|alstublieft|aub|a\.u\.b\.?)(?![\p{L}\p{N}])[\s,]*/iu, lang: NL },
  { re: /^(?:please|pls|plz)(?![\p{L}\p{N}])[\s,]*/iu, lang: EN },
  {
    re: /^(?:(?:kun|kan|kunt|wil|zou)\s+(?:je|jij|u)\s+(?:(?:me|mij)\s+)?(?:(?:even|eens|misschien)\s+)?(?:(?:vertellen|zeggen|opzoeken|geven|zoeken)\s+)?|weet\s+(?:je|jij|u)\s+(?=wat|wie|hoe))/iu,
    lang: NL,
  },
  { re: /^(?:(?:could|can|would)\s+you\s+(?:please\s+)?(?:(?:tell|give|find|show|get)\s+(?:me\s+)?)?)/iu, lang: EN },
  { re: /^(?:ik\s+(?:zoek|ben\s+op\s+zoek\s+naar|wil\s+graag|wil|heb\s+nodig)|zoek(?:en)?|vind)\s+/iu, lang: NL },
  {
    re: /^(?:i'?m\s+looking\s+for|i\s+am\s+looking\s+for|looking\s+for|i\s+need|i\s+want|search(?:\s+for)?|find|lookup|look\s+up)\s+/iu,
    lang: EN,
  },
];

const TRAILING_NOISE: readonly { re: RegExp; lang: Lang }[] = [
  {
    re: /(?<![\p{L}\p{N}])[\s,]*(?:graag|alsjeblieft|alstublieft|aub|a\.u\.b\.?|dank\s*je(?:wel)?|dank\s+u(?:\s+wel)?|bedankt|svp)$/iu,
    lang: NL,
  },
  { re: /(?<![\p{L}\p{N}])[\s,]*(?:please|pls|plz|thanks|thank\s+you|thx)$/iu, lang: EN },
  { re: /(?<![\p{L}\p{N}])[\s,]*(?:ids)$/iu, lang: undefined },
  { re: /\s+(?:geven|sturen|doorgeven|opzoeken|vinden|weten|hebben|krijgen)$/iu, lang: NL },
  { re: /[\s?!.,;:…]+$/u, lang: undefined },
];

/** "telefoonnummer", "06-nummer", "mobiele nummer", "nummer", "tel.nr.". */
const NL_NUMBER = String.raw`(?:(?:telefoon|tel\.?|mobiele|mobiel|06|werk|vaste|directe?|prive|privé)[\s-]?)?(?:nummer|nr\.?)|06|mobiel`;
const EN_NUMBER = String.raw`(?:(?:phone|telephone|mobile|cell|cellphone|work|office|direct)\s+)?(?:number|no\.?|#)|phone|mobile`;
const WHOSE = `(?<q>.+?)(?:'s|’s|s'|’)`;

function p(intent: IntentKind, lang: Lang, source: string): Pattern {
  return { intent, lang, re: new RegExp(`^${source}$`, 'iu') };
}

/** Tried in order; the first that matches decides. More specific phrasings come first. */
const PATTERNS: readonly Pattern[] = [
  // Help and news are whole messages.
  p(
    'help',
    NL,
    String.raw`(?:hulp|helpen|hulp\s+nodig|uitleg|wat\s+(?:kun|kan)\s+(?:je|jij)(?:\s+(?:allemaal|doen))*|hoe\s+werkt\s+(?:dit|het|ids)|commando's)`,
  ),
  p('help', EN, String.raw`(?:help\s+me|what\s+can\s+you\s+do|how\s+does\s+(?:this|it)\s+work|commands)`),
  p('help', undefined, String.raw`(?:help|menu|\?+|info)`),
  // A greeting alone is an invitation to say what the bot can do.
  p('help', NL, String.raw`(?:hoi|hallo|dag|goedemorgen|goedemiddag|goedenavond|moi|moin)(?:\s+ids)?`),
  p('help', EN, String.raw`(?:hi|hello|good\s+(?:morning|afternoon|evening))(?:\s+ids)?`),
  p('help', undefined, String.raw`(?:hey|hé|heej|yo)(?:\s+ids)?`),
  p(
    'news',
    NL,
    String.raw`(?:het\s+)?(?:laatste\s+)?(?:nieuws|nieuwtjes)(?:\s+(?:van|over|uit|bij)\s+(?<q>.+)|\s+(?<q2>.+))?|wat\s+is\s+er\s+nieuw`,
  ),
  p(
    'news',
    EN,
    String.raw`(?:the\s+)?(?:latest\s+)?news(?:\s+(?:from|about|of|for)\s+(?<q>.+)|\s+(?<q2>.+))?|what'?s\s+new|what\s+is\s+new`,
  ),
  // A question for the Q&A group.
  p('question', NL, String.raw`(?:vraag|ik\s+heb\s+een\s+vraag)\s*[:：,-]\s*(?<q>.*)`),
  p('question', EN, String.raw`(?:question|q|i\s+have\s+a\s+question)\s*[:：,-]\s*(?<q>.*)`),
  // Whose number is this? (before expertise: "wie heeft 06-…" is not "wie heeft verstand van")
  p(
    'whois',
    NL,
    String.raw`(?:wie\s+(?:heeft|is|belt|had)|van\s+wie\s+is)\s+(?:(?:dit|het|deze)\s+)?(?:(?:telefoon)?nummer\s*:?\s*)?(?<q>\+?[\d(][\d\s().\-\/]{4,}\d)`,
  ),
  p(
    'whois',
    EN,
    String.raw`(?:whose\s+(?:phone\s+)?number\s+is|who\s+(?:has|owns|is|called(?:\s+me)?\s+from))\s+(?:(?:this|the)\s+(?:number\s*:?\s*)?)?(?<q>\+?[\d(][\d\s().\-\/]{4,}\d)`,
  ),
  // Someone's manager and team (before expertise and who-is: "wie werken er in het team van …",
  // "wie is de manager van …"). A job title such as "afdelingsmanager" is not "manager".
  p(
    'manager',
    NL,
    String.raw`(?:wie\s+is\s+|wat\s+is\s+)?(?:de|het|een)?\s*(?:manager|leidinggevende|baas|chef|teamleider|teamleidster|teamlead|leider)\s+van\s+(?<q>.+)`,
  ),
  p(
    'manager',
    NL,
    String.raw`(?:wie\s+is\s+)?(?<q>.+?)\s+(?:z'n|zijn|haar|d'r|der)\s+(?:manager|leidinggevende|baas|chef|teamleider)`,
  ),
  p('manager', NL, String.raw`(?:aan\s+wie\s+rapporteert|onder\s+wie\s+valt|bij\s+wie\s+hoort)\s+(?<q>.+)`),
  p(
    'manager',
    EN,
    String.raw`(?:who(?:'s|\s+is)\s+)?${WHOSE}\s+(?:line\s+)?(?:manager|boss|supervisor|team\s*lead(?:er)?)`,
  ),
  p(
    'manager',
    EN,
    String.raw`(?:who(?:'s|\s+is)\s+)?(?:the\s+)?(?:line\s+)?(?:manager|boss|supervisor|team\s*lead(?:er)?)\s+(?:of|for)\s+(?<q>.+)`,
  ),
  p('manager', EN, String.raw`(?:who\s+does\s+(?<q>.+?)\s+report\s+to|to\s+whom\s+does\s+(?<q2>.+?)\s+report)`),
  p(
    'team',
    NL,
    String.raw`(?:wie\s+(?:zitten|zit|werken|werkt|horen|hoort)\s+(?:er\s+)?(?:allemaal\s+)?(?:in|bij)\s+|(?:wie\s+is|wat\s+is)\s+)?(?:het\s+)?team\s+van\s+(?<q>.+)`,
  ),
  p(
    'team',
    NL,
    String.raw`(?:wie\s+(?:zijn|is)\s+)?(?:de\s+)?(?:teamgenoten|directe\s+collega's|collega's\s+uit\s+het\s+team)\s+van\s+(?<q>.+)`,
  ),
  p('team', NL, String.raw`(?:met\s+wie\s+werkt|wie\s+werken\s+er\s+met)\s+(?<q>.+?)(?:\s+samen)?`),
  p('team', EN, String.raw`(?:who(?:'s|\s+is|\s+are)?\s+(?:in|on)\s+)?${WHOSE}\s+team(?:mates)?`),
  p('team', EN, String.raw`(?:who(?:'s|\s+is|\s+are)?\s+(?:in|on)\s+)?(?:the\s+)?team\s+of\s+(?<q>.+)`),
  p('team', EN, String.raw`who\s+(?:works|work)\s+with\s+(?<q>.+)`),
  // Expertise and departments.
  p(
    'expertise',
    NL,
    String.raw`(?:wie|iemand\s+die|is\s+er\s+iemand\s+die|weet\s+(?:je|jij|u)\s+iemand\s+die)\s+(?:weet|kent|heeft|afweet)\s+(?:er\s+)?(?:(?:iets|veel|meer|alles|wat|verstand|kennis|ervaring)\s+)?(?:(?:af\s+)?(?:van|over|met|op\s+het\s+gebied\s+van)\s+)(?<q>.+)`,
  ),
  p(
    'expertise',
    NL,
    String.raw`(?:(?:is\s+er|ken\s+je|ken\s+jij|weet\s+je)\s+)?iemand\s+(?:die|met)\s+(?:(?:iets|veel|meer|verstand|kennis|ervaring)\s+)?(?:(?:weet|afweet|heeft|kent)\s+)?(?:af\s+)?(?:van|over|met)\s+(?<q>.+?)(?:\s+(?:weet|afweet|heeft|kent))?`,
  ),
  p('expertise', NL, String.raw`wie\s+(?:kan|kunnen)\s+(?:(?:me|mij|ons)\s+)?helpen\s+(?:met|bij)\s+(?<q>.+)`),
  p('expertise', NL, String.raw`wie\s+(?:gaat\s+(?:er\s+)?over|doet|regelt|behandelt)\s+(?<q>.+)`),
  p(
    'expertise',
    NL,
    String.raw`(?:wie\s+is\s+)?(?:de|een|onze)?\s*(?:expert|specialist|deskundige|kenner|contactpersoon|aanspreekpunt)\s+(?:(?:op\s+het\s+gebied\s+van|voor|van|in|op|over)\s+)?(?<q>.+)`,
  ),
  p(
    'department',
    NL,
    String.raw`(?:wie\s+(?:werkt|werken|zit|zitten)\s+(?:er\s+)?(?:allemaal\s+)?(?:bij|op|in)(?:\s+de\s+afdeling)?|(?:iemand|collega(?:'?s)?|mensen|medewerkers)\s+(?:van|bij|op)(?:\s+de\s+afdeling)?|(?:de\s+)?afdeling)\s+(?<q>.+)`,
  ),
  p(
    'expertise',
    EN,
    String.raw`(?:(?:does|do|is\s+there)\s+)?(?:who|anyone|someone|somebody|anybody)\s+(?:who\s+|that\s+)?knows?\s+(?:(?:anything|something|a\s+lot|more|much|a\s+bit)\s+)?(?:(?:about|of|on)\s+)?(?<q>.+)`,
  ),
  p('expertise', EN, String.raw`who\s+can\s+help\s+(?:me\s+|us\s+)?(?:with|on)\s+(?<q>.+)`),
  p(
    'expertise',
    EN,
    String.raw`(?:who\s+is\s+)?(?:the\s+|an?\s+|our\s+)?(?:expert|specialist|contact\s+person|go-to\s+person)\s+(?:(?:on|in|for|of)\s+)?(?<q>.+)`,
  ),
  p(
    'department',
    EN,
    String.raw`(?:who\s+(?:works|work|is|are)\s+(?:at|in|for|on)(?:\s+the)?(?:\s+department(?:\s+of)?)?|(?:someone|anyone|somebody|people|colleagues)\s+(?:from|at|in)(?:\s+the)?(?:\s+department(?:\s+of)?)?|(?:the\s+)?department(?:\s+of)?)\s+(?<q>.+)`,
  ),
  // Phone numbers.
  p(
    'phone',
    NL,
    String.raw`(?:wat\s+(?:is|zijn)\s+)?(?:(?:het|de|z'n|zijn|haar)\s+)?(?:${NL_NUMBER})\s+(?:van|voor)\s+(?<q>.+?)(?:\s+is)?`,
  ),
  p('phone', NL, String.raw`(?:wat\s+is\s+)?(?<q>.+?)\s+(?:z'n|zijn|haar|d'r|der)\s+(?:${NL_NUMBER})`),
  p(
    'phone',
    NL,
    String.raw`(?:bel|bellen(?:\s+met)?|hoe\s+(?:bereik|bel)\s+ik|hoe\s+kan\s+ik)\s+(?<q>.+?)(?:\s+(?:bereiken|bellen|te\s+pakken\s+krijgen))?`,
  ),
  p('phone', NL, String.raw`(?:ik\s+(?:wil|moet)\s+)?(?<q>.+?)\s+(?:bellen|bereiken)`),
  p('phone', EN, String.raw`(?:what(?:'s|\s+is)\s+)?(?:the\s+|a\s+)?(?:${EN_NUMBER})\s+(?:of|for)\s+(?<q>.+)`),
  p(
    'phone',
    EN,
    String.raw`(?:what(?:'s|\s+is|\s+are)\s+)?${WHOSE}\s+(?:phone|mobile|cell|work|office|telephone)?\s*(?:number|no\.?|phone|#)`,
  ),
  p('phone', EN, String.raw`(?:call|phone|ring|dial|how\s+(?:do|can)\s+i\s+(?:reach|call|contact))\s+(?<q>.+)`),
  p(
    'phone',
    undefined,
    String.raw`(?:tel|tel\.|tel\.?\s*nr\.?|telnr\.?|telefoon|nummer|number|nr\.?|mobiel|mobile)\s*:?\s+(?<q>.+)`,
  ),
  p(
    'phone',
    NL,
    String.raw`(?<q>.+?)\s+(?:(?:zijn|haar|z'n)\s+)?(?:telefoonnummer|telefoon|nummer|tel\.?|06|mobiel|mobiele\s+nummer)`,
  ),
  p('phone', EN, String.raw`(?<q>.+?)\s+(?:phone(?:\s+number)?|number|mobile(?:\s+number)?|cell)`),
  // Who is someone.
  p(
    'whois',
    NL,
    String.raw`(?:wie\s+is|wie\s+zijn|wat\s+doet|ken\s+je|ken\s+jij|kent\s+u|profiel\s+van|info(?:rmatie)?\s+over|vertel\s+(?:me\s+)?(?:iets\s+)?over)\s+(?<q>.+?)(?:\s+(?:eigenlijk|precies|voor\s+werk))?`,
  ),
  p(
    'whois',
    EN,
    String.raw`(?:who\s+is|who's|whois|who\s+are|what\s+does|tell\s+me\s+about|profile\s+of|info\s+(?:on|about)|do\s+you\s+know)\s+(?<q>.+?)(?:\s+do)?`,
  ),
];

const QUESTION_WORDS: readonly { re: RegExp; lang: IntentLanguage }[] = [
  { re: /^(?:waar|hoe|wanneer|waarom|welke|wat|wie|hoeveel|mag|moet|kan|kun|is|zijn|heeft|hebben|weet)\b/iu, lang: NL },
  { re: /^(?:where|how|when|why|which|what|who|can|could|may|must|should|is|are|does|do|has|have)\b/iu, lang: EN },
];

/** Words that give the language away in a message no pattern recognised. */
const NL_WORDS =
  /\b(?:de|het|een|van|voor|met|niet|ik|je|jij|wij|we|er|naar|bij|wat|waar|hoe|wie|graag|nummer|afdeling|collega)\b/iu;
const EN_WORDS =
  /\b(?:the|a|an|of|for|with|not|i|you|we|to|at|what|where|how|who|please|number|department|colleague)\b/iu;

/** Honorifics and "collega" before a name. */
const NAME_PREFIX = /^(?:collega|meneer|mevrouw|mevr\.?|dhr\.?|mr\.?|mrs\.?|ms\.?|miss)\s+/iu;

function cleanQuery(q: string): string {
  let s = q.trim();
  for (let i = 0; i < 4; i++) {
    const before = s;
    for (const n of TRAILING_NOISE) s = s.replace(n.re, '');
    s = s
      .replace(/^["'“”‘’«»([]+|["'“”‘’«»)\]]+$/gu, '')
      .replace(NAME_PREFIX, '')
      .trim();
    if (s === before) break;
  }
  return s;
}

function localeLanguage(locale: string | undefined): Lang {
  const l = locale?.trim().toLowerCase();
  if (!l) return undefined;
  if (l === 'nl' || l.startsWith('nl-') || l.startsWith('nl_')) return NL;
  if (l === 'en' || l.startsWith('en-') || l.startsWith('en_')) return EN;
  return undefined;
}

/**
 * Reads a chat message. Mentions of the bot, greetings, politeness and punctuation are
 * removed first; then the first pattern that fits decides the intent. A message no pattern
 * fits is a search for what it says (a bare name, a phone number, a skill).
 */
export function parseIntent(text: string, locale?: string, options: ParseIntentOptions = {}): Intent {
  const botNames = options.botNames ?? ['Ids', 'Ids bot', '@Ids'];
  let s = stripMarkup(text, botNames)
    .normalize('NFC')
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .replace(/[’‘`´]/g, "'")
    .trim();
  const asked = /\?\s*$/.test(s);
  let hint: Lang;
  const note = (lang: Lang) => {
    if (lang && !hint) hint = lang;
  };

  // Peel greetings and politeness off both ends until nothing changes.
  for (let i = 0; i < 6; i++) {
    const before = s;
    for (const n of LEADING_NOISE) {
      const m = n.re.exec(s);
      if (m && m[0].length > 0 && m[0].length < s.length) {
        s = s.slice(m[0].length).trim();
        note(n.lang);
      }
    }
    for (const n of TRAILING_NOISE) {
      const m = n.re.exec(s);
      if (m && m[0].length > 0 && m.index > 0) {
        s = s.slice(0, m.index).trim();
        note(n.lang);
      }
    }
    if (s === before) break;
  }
  if (s === '' || /^[?]+$/.test(s)) return { intent: 'help', query: '', language: hint ?? localeLanguage(locale) };

  const language = (lang: Lang) => lang ?? hint ?? localeLanguage(locale);
  // "vraag:" alone: a question without its text (the bot asks what it is).
  const bareQuestion = /^(?:(vraag)|(question))\s*[:：,-]?$/iu.exec(s);
  if (bareQuestion) return { intent: 'question', query: '', language: language(bareQuestion[1] ? NL : EN) };

  for (const pattern of PATTERNS) {
    const m = pattern.re.exec(s);
    if (!m) continue;
    const captured = m.groups?.q ?? m.groups?.q2;
    // A question for the Q&A group is posted as the asker wrote it, question mark and all.
    let query =
      captured === undefined
        ? ''
        : pattern.intent === 'question'
          ? `${captured.trim()}${asked ? '?' : ''}`
          : cleanQuery(captured);
    // "wie weet er iets over de WOZ": the article is not part of the subject.
    if (pattern.intent === 'expertise' || pattern.intent === 'department')
      query = query.replace(/^(?:de|het|een|the|an?)\s+(?=\S)/iu, '');
    if (captured !== undefined && query === '' && pattern.intent !== 'news') continue;
    return { intent: pattern.intent, query, language: language(pattern.lang) };
  }

  const words = s.split(' ').length;
  const questionWord = QUESTION_WORDS.find((q) => q.re.test(s));
  if (asked && questionWord && words >= 3) {
    // "Waar vind ik het verlofformulier?": a question for the Q&A group.
    const lang =
      NL_WORDS.test(s) && !EN_WORDS.test(s) ? NL : EN_WORDS.test(s) && !NL_WORDS.test(s) ? EN : questionWord.lang;
    return { intent: 'question', query: `${s}?`, language: language(lang) };
  }
  const query = cleanQuery(s);
  // "Anne-Roos?": asking about someone by name alone.
  if (asked && words <= 4) return { intent: 'whois', query, language: language(undefined) };
  return { intent: 'search', query, language: language(undefined) };
}
