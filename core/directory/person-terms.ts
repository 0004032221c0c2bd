import { decompound, fold, PARTICLES, soundKey, tokenize, words, type Token } from './fold.js';
import { phoneDigitsKey } from '../phones.js';
import type { IndexedPerson } from './types.js';

/**
 * Bits of the fields a word occurs in, so one dictionary serves every search mode. (Email
 * addresses and phone numbers are kept apart from words: see DirectoryIndex.)
 */
export const FIELD = { name: 1, skill: 2, jobTitle: 4, department: 8 } as const;
export type TextField = keyof typeof FIELD;

/**
 * Everything a person contributes to the index, derived once per version of the person.
 * Arrays rather than maps: a directory holds one of these per person.
 */
export interface PersonTerms {
  /** Words the person is found by, and (same position) the bits of the fields each occurs in. */
  readonly words: readonly string[];
  readonly fields: readonly number[];
  /** Sound-alike keys of name words, and (same position) the word each came from ("dikstra" ← "dijkstra"). */
  readonly soundKeys: readonly string[];
  readonly soundWords: readonly string[];
  /** First letters of the given name's words: "Anne-Roos" → "ar". */
  readonly initials: string;
  /** Particles of the surname: "van der Vooren" → ["van", "der"]. */
  readonly particles: readonly string[];
  /** Reverse-lookup keys (digits of E.164, or an extension) and whether the number is a work number. */
  readonly phones: readonly { readonly digits: string; readonly business: boolean }[];
  /** Tie-break order: the display name folded (alphabetical, case and accents ignored). */
  readonly sortKey: string;
  /**
   * The whole first name as one word ("jan", "gertjan", "anneroos"): a query word equal to it is
   * the person's own first name, which ranks before names that merely contain it ("Jan" → Jan
   * Bakker before Gert-Jan Sikkema).
   */
  readonly givenKey: string;
}

interface NameWords {
  readonly words: readonly string[];
  readonly particles: readonly string[];
  readonly initials: string;
}

/**
 * Names, titles and skills repeat across a directory (a few hundred first names, a few
 * dozen job titles for thousands of people): what they are found by is worked out once.
 */
function memo<T>(fn: (key: string) => T, max = 50_000): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined) {
      if (cache.size >= max) cache.clear();
      v = fn(key);
      cache.set(key, v);
    }
    return v;
  };
}

/**
 * The words a name is found by. "Anne-Roos" → anne, roos, anneroos; "van der Vooren" →
 * vooren, vandervooren (particles alone are not words: they are optional); "Jan Willem"
 * as a given name also → janwillem. A name made of particles only ("Le") keeps them.
 * Initials are the first letters of the name's words.
 */
function nameWordsOf(name: string, part: 'given' | 'surname' | 'display'): NameWords {
  const out: string[] = [];
  const particles: string[] = [];
  const tokens = tokenize(name);
  const multi = tokens.filter((t) => t.text.length > 1);
  const allParticles = multi.length > 0 && multi.every((t) => PARTICLES.has(t.text));
  const coreTokens: Token[] = [];
  let run = '';
  for (const t of tokens) {
    if (!allParticles && PARTICLES.has(t.text)) {
      if (t.text.length > 1 || t.text === 't') particles.push(t.text);
      run += t.text;
      continue;
    }
    if (t.text.length < 2) {
      // An initial ("J.P. Balkenende"): not a word of its own.
      run = '';
      continue;
    }
    coreTokens.push(t);
    out.push(t.text);
    for (const part of t.parts) if (part.length > 1 && !PARTICLES.has(part)) out.push(part);
    if (run) out.push(run + t.text);
    run = '';
  }
  // Hyphenated first names ("Anne-Roos") also as one word. Not double surnames
  // ("Dijkstra-Bakker"): nobody types them as one, and every pair would be a word of its own.
  for (let i = 0; part !== 'surname' && i < coreTokens.length; ) {
    let j = i + 1;
    while (j < coreTokens.length && coreTokens[j]!.group === coreTokens[i]!.group) j++;
    if (j - i > 1)
      out.push(
        coreTokens
          .slice(i, j)
          .map((t) => t.text)
          .join(''),
      );
    i = j;
  }
  if (part === 'given' && coreTokens.length > 1 && coreTokens.length <= 3)
    out.push(coreTokens.map((t) => t.text).join(''));
  const initials = [
    ...new Set(tokens.filter((t) => !PARTICLES.has(t.text) || allParticles).map((t) => t.text[0]!)),
  ].join('');
  return { words: [...new Set(out)], particles, initials };
}

const givenNameWords = memo((name) => nameWordsOf(name, 'given'));
const surnameWords = memo((name) => nameWordsOf(name, 'surname'));
const displayNameWords = memo((name) => nameWordsOf(name, 'display'));
const cachedSoundKey = memo(soundKey);

/** Words of a skill, job title or department, with Dutch compounds split and multi-word phrases joined. */
const phraseWords = memo((phrase: string): readonly string[] => {
  const ws = words(phrase);
  const out = new Set<string>();
  for (const w of ws) for (const part of decompound(w)) if (part) out.add(part);
  if (ws.length > 1 && ws.length <= 4) out.add(ws.join(''));
  return [...out];
});

/**
 * A private mobile number is never a reverse-lookup key: finding the owner from the number
 * is itself the disclosure (who is behind a number that called or texted you), so no
 * presenter could undo it afterwards. Only numbers every colleague may see are keys.
 */
export function reverseLookupPhones(p: IndexedPerson): { digits: string; business: boolean }[] {
  const out: { digits: string; business: boolean }[] = [];
  const business = p.businessPhone
    ? phoneDigitsKey({ display: p.businessPhone.display ?? '', e164: p.businessPhone.e164 })
    : null;
  if (business) out.push({ digits: business, business: true });
  if (p.mobileVisibility === 'organisation' && p.mobilePhone) {
    const mobile = phoneDigitsKey({ display: p.mobilePhone.display ?? '', e164: p.mobilePhone.e164 });
    if (mobile && mobile !== business) out.push({ digits: mobile, business: false });
  }
  return out;
}

const givenKeyOf = (p: IndexedPerson): string =>
  tokenize(p.givenName ?? p.displayName.split(/\s+/)[0] ?? '')
    .map((t) => t.text)
    .join('');

export function personTerms(p: IndexedPerson): PersonTerms {
  const bits = new Map<string, number>();
  const add = (w: string, bit: number) => bits.set(w, (bits.get(w) ?? 0) | bit);

  const given = p.givenName ? givenNameWords(p.givenName) : undefined;
  const surname = p.surname ? surnameWords(p.surname) : undefined;
  const nameWords: string[] = [];
  if (given) nameWords.push(...given.words);
  if (surname) nameWords.push(...surname.words);
  // The display name usually is "given surname"; when it is not (a nickname, a name
  // without given/surname split), its words count too.
  const sortKey = fold(p.displayName);
  const display =
    sortKey === fold(`${p.givenName ?? ''} ${p.surname ?? ''}`.trim()) ? undefined : displayNameWords(p.displayName);
  if (display) nameWords.push(...display.words);
  for (const w of nameWords) add(w, FIELD.name);

  // The email address is not a word here: the index keeps addresses apart, searched only
  // when the query has an "@" (tens of thousands of addresses would slow every typo search).

  for (const s of p.skills) for (const w of phraseWords(s)) add(w, FIELD.skill);
  if (p.jobTitle) for (const w of phraseWords(p.jobTitle)) add(w, FIELD.jobTitle);
  // A department's English names ("Civil Affairs") are not words here: as department words they
  // would match every one of its people for a name being typed ("Care…" for Carel, "Park…");
  // the department question resolves them (DirectoryIndex.resolveDepartment).
  if (p.department) for (const w of phraseWords(p.department)) add(w, FIELD.department);

  const soundKeys: string[] = [];
  const soundWords: string[] = [];
  for (const w of nameWords) {
    if (w.length < 3) continue;
    const key = cachedSoundKey(w);
    if (soundKeys.includes(key)) continue;
    soundKeys.push(key);
    soundWords.push(w);
  }

  // The given name's initials; without a given name, the display name's first word's.
  const initials = given?.initials ?? tokenize(p.displayName)[0]?.text[0] ?? '';
  const particles = surname?.particles.length ? surname.particles : (display?.particles ?? []);

  return {
    words: [...bits.keys()],
    fields: [...bits.values()],
    soundKeys,
    soundWords,
    initials,
    particles,
    phones: reverseLookupPhones(p),
    sortKey,
    givenKey: givenKeyOf(p),
  };
}
