import type { PersonTerms } from './person-terms.js';
import { bitsOf, slotOf, type Posting } from './postings.js';
import type { PrefixMap } from './prefix-map.js';
import { soundKey } from './fold.js';
import { FIELD, type TextField } from './person-terms.js';
import type { MatchField, MatchKind, SearchMode } from './types.js';

/**
 * How query words meet indexed words, and how the people they lead to are scored.
 *
 * Ranking is by how each query word matched, not by word statistics, so it is predictable
 * and explainable: exact > prefix > fuzzy for every word, a typo of one edit above one of
 * two; the field it matched in weighs in (a name above a skill above a job title above a
 * department). Bonuses (initials, particles) are smaller than the smallest gap between
 * kinds, so they only order people who matched alike.
 */
export const KIND_WEIGHT = { exact: 1, prefix: 0.7, fuzzy1: 0.45, fuzzy2: 0.3 } as const;
export const INITIALS_BONUS = 0.1;
export const PARTICLES_BONUS = 0.04;
/** A query word that is the person's whole first name ("Jan" for Jan Bakker, not for Gert-Jan). */
export const FIRST_NAME_BONUS = 0.04;

export const FIELD_WEIGHTS: Record<SearchMode, Partial<Record<TextField, number>>> = {
  person: { name: 1 },
  skill: { skill: 1, jobTitle: 0.9, department: 0.8 },
  any: { name: 1, skill: 0.9, jobTitle: 0.85, department: 0.8 },
};

const FIELD_NAMES = Object.keys(FIELD) as TextField[];

/** For a mode: the best weight and field for every combination of field bits. */
export interface FieldTable {
  readonly mask: number;
  readonly weight: Float64Array;
  readonly field: Uint8Array;
}

function fieldTable(mode: SearchMode): FieldTable {
  const weights = FIELD_WEIGHTS[mode];
  const weight = new Float64Array(32);
  const field = new Uint8Array(32);
  // Field bits fit in the five bits a posting keeps for them (see postings.ts).
  let mask = 0;
  FIELD_NAMES.forEach((f) => {
    if (weights[f]) mask |= FIELD[f];
  });
  for (let bits = 0; bits < 32; bits++) {
    FIELD_NAMES.forEach((f, i) => {
      const w = weights[f] ?? 0;
      if (bits & FIELD[f] && w > weight[bits]!) {
        weight[bits] = w;
        field[bits] = i;
      }
    });
  }
  return { mask, weight, field };
}

export const FIELD_TABLES: Record<SearchMode, FieldTable> = {
  person: fieldTable('person'),
  skill: fieldTable('skill'),
  any: fieldTable('any'),
};

export function fieldName(index: number): MatchField {
  return FIELD_NAMES[index]!;
}

/** One indexed word a query word leads to, and how. */
export interface Entry {
  readonly term: string;
  readonly kind: MatchKind;
  readonly weight: number;
  /** The people the word occurs for, with the fields (see postings.ts). */
  readonly posting?: Posting;
  /** For a sound-alike entry: its key, and the people with a name word that sounds so. */
  readonly soundKey?: string;
  readonly alike?: readonly number[];
}

/** Everything one query word leads to, best first, and how many people that is at most. */
export interface Expansion {
  readonly word: string;
  readonly entries: readonly Entry[];
  readonly total: number;
}

export interface ExpandOptions {
  readonly edits: number;
  readonly prefix: boolean;
  readonly swaps: boolean;
  readonly sounds: boolean;
}

/**
 * The indexed words a query word leads to: itself, words it begins (a walk of the radix
 * tree), words within the allowed edit distance (minisearch's Levenshtein search, which
 * reports the distance), words with two neighbouring letters swapped ("dijkstar"), and
 * names that sound alike in Dutch spelling ("Dykstra" ~ "Dijkstra").
 */
export function expandWord(
  words: PrefixMap<Posting>,
  sounds: ReadonlyMap<string, readonly number[]>,
  word: string,
  options: ExpandOptions,
): Expansion {
  const entries: Entry[] = [];
  const seen = new Set<string>();
  let total = 0;
  const push = (entry: Entry, size: number) => {
    entries.push(entry);
    total += size;
  };

  const exact = words.get(word);
  seen.add(word);
  if (exact) push({ term: word, kind: 'exact', weight: KIND_WEIGHT.exact, posting: exact }, exact.length);
  if (options.prefix) {
    for (const [term, posting] of words.atPrefix(word)) {
      if (term === word) continue;
      seen.add(term);
      push({ term, kind: 'prefix', weight: KIND_WEIGHT.prefix, posting }, posting.length);
    }
  }
  const second: Entry[] = [];
  if (options.edits > 0) {
    for (const [term, [posting, distance]] of words.fuzzyGet(word, options.edits)) {
      if (seen.has(term)) continue;
      seen.add(term);
      const entry: Entry = {
        term,
        kind: 'fuzzy',
        weight: distance <= 1 ? KIND_WEIGHT.fuzzy1 : KIND_WEIGHT.fuzzy2,
        posting,
      };
      if (distance <= 1) push(entry, posting.length);
      else second.push(entry);
    }
  }
  // A swapped pair of letters is one slip of the fingers but two Levenshtein edits.
  if (options.swaps) {
    for (let i = 0; i + 1 < word.length; i++) {
      if (word[i] === word[i + 1]) continue;
      const swapped = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
      if (seen.has(swapped)) continue;
      const posting = words.get(swapped);
      if (!posting) continue;
      seen.add(swapped);
      push({ term: swapped, kind: 'fuzzy', weight: KIND_WEIGHT.fuzzy1, posting }, posting.length);
    }
  }
  if (options.sounds && word.length >= 3) {
    const key = soundKey(word);
    const alike = sounds.get(key);
    if (alike) push({ term: word, kind: 'fuzzy', weight: KIND_WEIGHT.fuzzy1, soundKey: key, alike }, alike.length);
  }
  for (const entry of second) push(entry, entry.posting!.length);
  return { word, entries, total };
}

/** The most words a query is matched on; a longer text is a sentence, not a name. */
export const MAX_WORDS = 8;

/**
 * Reusable per-person arrays for one search at a time (JavaScript runs one search at a
 * time), stamped with a search number so they never need clearing: what a word scored for
 * a person, and which entry and field gave it.
 */
export class Scratch {
  private epoch = 0;
  private capacity = 0;
  private readonly stamps: Uint32Array[] = [];
  private readonly best: Float64Array[] = [];
  private readonly refs: Int32Array[] = [];
  /** The people still in the running, and their scores: no array grows during a search. */
  candidates = new Int32Array(0);
  scores = new Float64Array(0);

  begin(capacity: number, levels: number): number {
    if (capacity > this.capacity) {
      this.capacity = Math.max(capacity, Math.ceil(this.capacity * 1.5), 1024);
      this.stamps.length = this.best.length = this.refs.length = 0;
      this.candidates = new Int32Array(this.capacity);
      this.scores = new Float64Array(this.capacity);
    }
    while (this.stamps.length < levels) {
      this.stamps.push(new Uint32Array(this.capacity));
      this.best.push(new Float64Array(this.capacity));
      this.refs.push(new Int32Array(this.capacity));
    }
    this.epoch = (this.epoch + 1) >>> 0;
    if (this.epoch === 0) {
      for (const s of this.stamps) s.fill(0);
      this.epoch = 1;
    }
    return this.epoch;
  }

  level(i: number): { stamp: Uint32Array; best: Float64Array; ref: Int32Array } {
    return { stamp: this.stamps[i]!, best: this.best[i]!, ref: this.refs[i]! };
  }
}

/**
 * The people every word of the query met, each with the best way each word met them.
 * The word leading to the fewest people drives; every other word is then either laid out
 * over its postings or checked person by person against their own words, whichever
 * touches less.
 */
export function meetAll(
  expansions: readonly Expansion[],
  table: FieldTable,
  scratch: Scratch,
  capacity: number,
  termsOf: (slot: number) => PersonTerms,
): { count: number; slots: Int32Array; scores: Float64Array; refs(slot: number): number[] } {
  const order = expansions.map((_, i) => i).sort((a, b) => expansions[a]!.total - expansions[b]!.total);
  const epoch = scratch.begin(capacity, expansions.length);
  const first = scratch.level(order[0]!);
  const mask = table.mask;
  const cands = scratch.candidates;
  let count = 0;

  // The driving word: every person it reaches.
  const driver = expansions[order[0]!]!;
  for (let ei = 0; ei < driver.entries.length; ei++) {
    const entry = driver.entries[ei]!;
    const list = entry.posting ?? entry.alike!;
    const packed = entry.posting !== undefined;
    for (let i = 0; i < list.length; i++) {
      const v = list[i]!;
      const slot = packed ? slotOf(v) : v;
      const present = (packed ? bitsOf(v) : FIELD.name) & mask;
      if (!present) continue;
      const w = entry.weight * table.weight[present]!;
      if (first.stamp[slot] !== epoch) {
        first.stamp[slot] = epoch;
        first.best[slot] = w;
        first.ref[slot] = (ei << 3) | table.field[present]!;
        cands[count++] = slot;
      } else if (w > first.best[slot]!) {
        first.best[slot] = w;
        first.ref[slot] = (ei << 3) | table.field[present]!;
      }
    }
  }

  for (let k = 1; k < order.length && count > 0; k++) {
    const exp = expansions[order[k]!]!;
    const lvl = scratch.level(order[k]!);
    // Laying out costs a few ns per posting; checking a person, some 15 word lookups.
    if (exp.total <= count * 48) {
      // Lay the word out, only for people still in the running.
      for (let ei = 0; ei < exp.entries.length; ei++) {
        const entry = exp.entries[ei]!;
        const list = entry.posting ?? entry.alike!;
        const packed = entry.posting !== undefined;
        for (let i = 0; i < list.length; i++) {
          const v = list[i]!;
          const slot = packed ? slotOf(v) : v;
          if (first.stamp[slot] !== epoch) continue;
          const present = (packed ? bitsOf(v) : FIELD.name) & mask;
          if (!present) continue;
          const w = entry.weight * table.weight[present]!;
          if (lvl.stamp[slot] !== epoch || w > lvl.best[slot]!) {
            lvl.stamp[slot] = epoch;
            lvl.best[slot] = w;
            lvl.ref[slot] = (ei << 3) | table.field[present]!;
          }
        }
      }
    } else {
      // Few people left: look among each one's own words.
      const byTerm = new Map<string, number>();
      let soundEntry = -1;
      exp.entries.forEach((e, ei) => {
        if (e.posting) byTerm.set(e.term, ei);
        else soundEntry = ei;
      });
      for (let c = 0; c < count; c++) {
        const slot = cands[c]!;
        const terms = termsOf(slot);
        let bestW = 0;
        let bestRef = 0;
        for (let t = 0; t < terms.words.length; t++) {
          const ei = byTerm.get(terms.words[t]!);
          if (ei === undefined) continue;
          const present = terms.fields[t]! & mask;
          if (!present) continue;
          const w = exp.entries[ei]!.weight * table.weight[present]!;
          if (w > bestW) {
            bestW = w;
            bestRef = (ei << 3) | table.field[present]!;
          }
        }
        if (soundEntry >= 0 && mask & FIELD.name) {
          const entry = exp.entries[soundEntry]!;
          const w = entry.weight * table.weight[FIELD.name & mask]!;
          if (w > bestW && terms.soundKeys.includes(entry.soundKey!)) {
            bestW = w;
            bestRef = (soundEntry << 3) | table.field[FIELD.name & mask]!;
          }
        }
        if (bestW > 0) {
          lvl.stamp[slot] = epoch;
          lvl.best[slot] = bestW;
          lvl.ref[slot] = bestRef;
        }
      }
    }
    // Keep those this word met too.
    let kept = 0;
    for (let c = 0; c < count; c++) if (lvl.stamp[cands[c]!] === epoch) cands[kept++] = cands[c]!;
    count = kept;
  }

  // Sum the words' scores once, in one pass.
  const scores = scratch.scores;
  scores.fill(0, 0, count);
  for (let i = 0; i < expansions.length; i++) {
    const best = scratch.level(i).best;
    for (let c = 0; c < count; c++) scores[c] += best[cands[c]!]!;
  }
  return {
    count,
    slots: cands,
    scores,
    refs: (slot) => expansions.map((_, i) => scratch.level(i).ref[slot]!),
  };
}
