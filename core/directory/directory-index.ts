import { departmentKey } from '../../models/department.js';
import type { MobileVisibility } from '../../models/person.js';
import { fold } from './fold.js';
import { toIndexedPerson } from './indexed-person.js';
import {
  expandWord,
  fieldName,
  FIELD_TABLES,
  FIRST_NAME_BONUS,
  INITIALS_BONUS,
  KIND_WEIGHT,
  MAX_WORDS,
  meetAll,
  PARTICLES_BONUS,
  Scratch,
  type Expansion,
} from './matching.js';
import { FIELD, personTerms, type PersonTerms } from './person-terms.js';
import { addToPosting, bitsOf, removeFromPosting, removeSlotFrom, slotOf, type Posting } from './postings.js';
import { PrefixMap } from './prefix-map.js';
import { parseQuery, type ParsedQuery } from './query.js';
import { departmentAliases } from './department-aliases.js';
import { distance } from './levenshtein.js';
import type {
  DirectoryPersonInput,
  FuzzyPolicy,
  IndexedPerson,
  Match,
  MatchField,
  MatchKind,
  SearchMode,
  SearchOptions,
  SearchResult,
  Suggestion,
} from './types.js';

/**
 * Where the index reads people from when it refreshes: the store in production (see
 * store.ts), anything in tests.
 */
export interface PersonSource {
  /** Every person changed after `since` (active or not), with their change timestamps. */
  changedSince(since: Date): Promise<DirectoryPersonInput[]>;
  /**
   * The ids of every active person. Only needed to notice people deleted outright (rather
   * than deactivated), which leaves no change timestamp behind.
   */
  activeIds?(): Promise<string[]>;
}

export interface DirectoryIndexOptions {
  readonly source?: PersonSource;
  /** Typos allowed by word length. Measured on the query set: see bench/README.md. */
  readonly fuzzy?: FuzzyPolicy;
  /**
   * How far back each refresh looks before the last change it saw. Instances stamp
   * `updatedAt` with their own clocks; a write stamped slightly earlier than one already
   * seen, by an instance whose clock lags, is still picked up. Default 5 s.
   */
  readonly clockSkewMs?: number;
  /** The visibility of a mobile number whose owner chose none (MOBILE_VISIBILITY). Default private. */
  readonly mobileVisibility?: MobileVisibility;
}

export const DEFAULT_FUZZY: FuzzyPolicy = { oneEditFrom: 4, twoEditsFrom: 9, swapsFrom: 4 };
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;
/** How far a list may be paged ("meer" on a pick list). */
const MAX_OFFSET = 1000;
/** Shortest word completed as a prefix ("ba" → "bakker"). */
const MIN_PREFIX = 2;

interface Doc {
  readonly person: IndexedPerson;
  readonly terms: PersonTerms;
  readonly departmentKey: string;
}

/** A result before it is presented: who, how well, and how each query word met them. */
interface Ranked {
  readonly slot: number;
  readonly score: number;
  readonly matched: () => Match[];
}

/**
 * The in-memory people directory: active people only, matched by name (whole, partial,
 * with typos, accents or particles), phone number, email, skills, job title and
 * department, ranked predictably (exact > prefix > fuzzy; ties by display name, then id).
 *
 * Words live in a radix tree (minisearch's SearchableMap: prefix walks, and Levenshtein
 * search that reports the distance) mapping each word to the people and fields it occurs
 * in; see PrefixMap.
 */
export class DirectoryIndex {
  private readonly docs: (Doc | undefined)[] = [];
  private readonly slots = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  /** Word → the people it occurs for, with the fields (see postings.ts). */
  private readonly words = new PrefixMap<Posting>();
  /** Sound-alike key → people with a name word that sounds so. */
  private readonly sounds = new Map<string, number[]>();
  /** Email address → people (kept apart: typed only with an "@"). */
  private readonly emails = new Map<string, Slots>();
  /** Phone digits (E.164 without "+", or an extension) → people. */
  private readonly phones = new PrefixMap<Slots>();
  /** Last four digits → numbers, for "the tail of a number" queries. */
  private readonly phoneTails = new Map<string, Set<string>>();
  private readonly scratch = new Scratch();
  /** Department key → its name as written and its people. */
  private readonly departmentMembers = new Map<string, { name: string; slots: Set<number> }>();
  /** Manager id → the people who report to them. */
  private readonly reports = new Map<string, Set<number>>();
  /** Department names and aliases as compared by resolveDepartment, worked out once per name. */
  private readonly departmentForms = new Map<string, string[]>();
  /** Per slot: the start of the folded display name as a number, so most tie-breaks compare numbers. */
  private orderKeys = new Float64Array(1024);
  private readonly fuzzy: FuzzyPolicy;
  private readonly clockSkewMs: number;
  private readonly mobileDefault: MobileVisibility;
  private source: PersonSource | undefined;
  private watermark = new Date(0);
  private refreshing: Promise<number> | undefined;

  constructor(options: DirectoryIndexOptions = {}) {
    this.source = options.source;
    this.fuzzy = options.fuzzy ?? DEFAULT_FUZZY;
    this.clockSkewMs = options.clockSkewMs ?? 5_000;
    this.mobileDefault = options.mobileVisibility ?? 'private';
  }

  /** An index of the given people; inactive ones are left out. */
  static build(people: Iterable<DirectoryPersonInput>, options: DirectoryIndexOptions = {}): DirectoryIndex {
    const index = new DirectoryIndex(options);
    for (const p of people) {
      index.advanceWatermark(p.updatedAt);
      if (p.active !== false) index.add(toIndexedPerson(p, index.mobileDefault));
    }
    return index;
  }

  /** Number of people indexed. */
  get size(): number {
    return this.slots.size;
  }

  /** The latest change timestamp seen from the store. */
  get lastSeen(): Date {
    return this.watermark;
  }

  get(id: string): IndexedPerson | undefined {
    const slot = this.slots.get(id);
    return slot === undefined ? undefined : this.docs[slot]?.person;
  }

  /** Every indexed person, in display-name order. */
  all(): IndexedPerson[] {
    return this.liveSlots()
      .sort((a, b) => this.compareSlots(a, b))
      .map((s) => this.docs[s]!.person);
  }

  /** The departments people are in, with how many each (by name). */
  departments(): Array<{ name: string; count: number }> {
    return [...this.departmentMembers.values()]
      .map((d) => ({ name: d.name, count: d.slots.size }))
      .sort((a, b) => fold(a.name).localeCompare(fold(b.name)));
  }

  /**
   * The department a text names: "Burgerzaken", "de afdeling burgerzaken", "Civil Affairs",
   * "Vergunningen en Handhaving", "vergunningen", "Burgerzakn"; undefined when it names none, or
   * more than one ("Sociaal" when there were two such departments).
   */
  resolveDepartment(text: string): { name: string; count: number } | undefined {
    const wanted = departmentWords(text);
    if (wanted.length < 2) return undefined;
    const names = [...this.departmentMembers.values()].map((d) => {
      let forms = this.departmentForms.get(d.name);
      if (!forms)
        this.departmentForms.set(d.name, (forms = [d.name, ...departmentAliases(d.name)].map(departmentWords)));
      return { d: { name: d.name, count: d.slots.size }, forms };
    });
    const pick = (test: (form: string) => boolean) => {
      const hits = names.filter((n) => n.forms.some(test));
      return hits.length === 1 ? hits[0]!.d : undefined;
    };
    const edits = wanted.length >= 9 ? 2 : wanted.length >= 5 ? 1 : 0;
    return (
      pick((f) => f === wanted) ??
      (wanted.length >= 4 ? pick((f) => f.startsWith(wanted)) : undefined) ??
      (edits > 0 ? pick((f) => distance(f, wanted, edits) <= edits) : undefined)
    );
  }

  /** The people whose manager is this person, in name order. */
  reportsOf(id: string): IndexedPerson[] {
    return [...(this.reports.get(id) ?? [])]
      .sort((a, b) => this.compareSlots(a, b))
      .map((slot) => this.docs[slot]!.person);
  }

  // ------------------------------------------------------------------ keeping in step

  /**
   * Core calls this after writing a person: an active person is (re)indexed, a deactivated
   * one disappears. A version older than the one indexed is ignored.
   */
  upsertPerson(doc: DirectoryPersonInput): boolean {
    const id = doc._id.toString();
    const current = this.get(id);
    if (current?.updatedAt && doc.updatedAt && doc.updatedAt < current.updatedAt) return false;
    const removed = this.removePerson(id);
    if (doc.active === false) return removed;
    this.add(toIndexedPerson(doc, this.mobileDefault));
    return true;
  }

  removePerson(id: string): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    const { terms, person } = this.docs[slot]!;
    for (const word of terms.words) {
      const posting = this.words.get(word);
      if (!posting) continue;
      removeFromPosting(posting, slot);
      if (posting.length === 0) this.words.delete(word);
    }
    for (const key of terms.soundKeys) {
      const alike = this.sounds.get(key);
      if (!alike) continue;
      removeSlotFrom(alike, slot);
      if (alike.length === 0) this.sounds.delete(key);
    }
    removeSlot(this.emails, person.email, slot);
    const dept = this.docs[slot]!.departmentKey;
    const members = dept ? this.departmentMembers.get(dept) : undefined;
    members?.slots.delete(slot);
    if (members?.slots.size === 0) this.departmentMembers.delete(dept);
    const team = person.managerId ? this.reports.get(person.managerId) : undefined;
    team?.delete(slot);
    if (team?.size === 0) this.reports.delete(person.managerId!);
    for (const ph of terms.phones) {
      if (removeSlot(this.phones, ph.digits, slot)) {
        const tail = this.phoneTails.get(ph.digits.slice(-4));
        tail?.delete(ph.digits);
        if (tail?.size === 0) this.phoneTails.delete(ph.digits.slice(-4));
      }
    }
    this.docs[slot] = undefined;
    this.slots.delete(id);
    this.freeSlots.push(slot);
    return true;
  }

  /**
   * Pulls the people changed in the store since the last change seen (looking back
   * `clockSkewMs` further) and applies them; returns how many changed the index.
   * Concurrent calls share one pull.
   */
  refreshChanged(): Promise<number> {
    if (!this.source) return Promise.reject(new Error('This directory index has no person source to refresh from.'));
    this.refreshing ??= this.pullChanges(this.source).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Attach (or replace) the store the index refreshes from. */
  setSource(source: PersonSource): void {
    this.source = source;
  }

  private async pullChanges(source: PersonSource): Promise<number> {
    // Look back over the clock-skew margin only while it can still hold a late arrival: once the
    // clock has passed the newest change by that margin, every change stamped before it is in.
    const mark = this.watermark.getTime();
    const since = new Date(Date.now() - mark > this.clockSkewMs ? mark : mark - this.clockSkewMs);
    const changed = await source.changedSince(since);
    let applied = 0;
    for (const doc of changed) {
      this.advanceWatermark(doc.updatedAt);
      const current = this.get(doc._id.toString());
      // Seen already (the look-back window overlaps the previous pull).
      if (
        current?.updatedAt &&
        doc.updatedAt &&
        current.updatedAt.getTime() === doc.updatedAt.getTime() &&
        doc.active !== false
      )
        continue;
      if (this.upsertPerson(doc)) applied++;
    }
    return applied;
  }

  /**
   * Drops people the store no longer has at all (deleted rather than deactivated, which
   * leaves no change timestamp to notice). People indexed from a change newer than the
   * listing (less the clock-skew margin) are kept: they may have been added meanwhile.
   * Returns how many were dropped.
   */
  async reconcile(): Promise<number> {
    if (!this.source?.activeIds) return 0;
    const listedAt = Date.now() - this.clockSkewMs;
    const active = new Set(await this.source.activeIds());
    let dropped = 0;
    for (const [id, slot] of [...this.slots]) {
      if (active.has(id)) continue;
      const updatedAt = this.docs[slot]?.person.updatedAt;
      if (updatedAt && updatedAt.getTime() >= listedAt) continue;
      if (this.removePerson(id)) dropped++;
    }
    return dropped;
  }

  private advanceWatermark(at: Date | null | undefined): void {
    if (at && at > this.watermark) this.watermark = at;
  }

  private add(person: IndexedPerson): void {
    const slot = this.freeSlots.pop() ?? this.docs.length;
    const terms = personTerms(person);
    this.docs[slot] = { person, terms, departmentKey: person.department ? cachedDepartmentKey(person.department) : '' };
    if (slot >= this.orderKeys.length) {
      const grown = new Float64Array(Math.max(slot + 1, this.orderKeys.length * 2));
      grown.set(this.orderKeys);
      this.orderKeys = grown;
    }
    this.orderKeys[slot] = orderKey(terms.sortKey);
    this.slots.set(person.id, slot);
    const dept = this.docs[slot]!.departmentKey;
    if (dept) {
      const members = this.departmentMembers.get(dept);
      if (members) members.slots.add(slot);
      else this.departmentMembers.set(dept, { name: person.department!, slots: new Set([slot]) });
    }
    if (person.managerId) {
      const team = this.reports.get(person.managerId);
      if (team) team.add(slot);
      else this.reports.set(person.managerId, new Set([slot]));
    }
    terms.words.forEach((word, i) => {
      let posting = this.words.get(word);
      if (!posting) this.words.set(word, (posting = []));
      addToPosting(posting, slot, terms.fields[i]!);
    });
    for (const key of terms.soundKeys) {
      let alike = this.sounds.get(key);
      if (!alike) this.sounds.set(key, (alike = []));
      alike.push(slot);
    }
    addSlot(this.emails, person.email, slot);
    for (const ph of terms.phones) {
      if (addSlot(this.phones, ph.digits, slot)) {
        let tail = this.phoneTails.get(ph.digits.slice(-4));
        if (!tail) this.phoneTails.set(ph.digits.slice(-4), (tail = new Set()));
        tail.add(ph.digits);
      }
    }
  }

  private liveSlots(): number[] {
    const out: number[] = [];
    this.docs.forEach((d, i) => {
      if (d) out.push(i);
    });
    return out;
  }

  // ------------------------------------------------------------------ searching

  /** Edit distance allowed for a query word of this length (`loosen` for "did you mean"). */
  maxEdits(word: string, loosen = 0): number {
    const n = word.length;
    const base = n >= this.fuzzy.twoEditsFrom ? 2 : n >= this.fuzzy.oneEditFrom ? 1 : 0;
    if (loosen === 0) return base;
    return n < 4 ? 0 : Math.min(2, base + loosen);
  }

  /**
   * Finds people. `mode` 'person' matches names, email and phone numbers; 'skill' matches
   * skills, job titles and departments; 'any' (the default) all of them. Every word of the
   * query must match; particles and initials are optional and only help ranking. A query
   * that is a phone number (whole, or its last digits) finds the owners of that number.
   */
  search(query: string, options: SearchOptions = {}): SearchResult[] {
    return this.searchPage(query, options).results;
  }

  /**
   * One page of a search, and how many people matched in all: what a pick list says ("I found
   * 14 colleagues") and how far its "more" button can page. `offset` skips that many results.
   */
  searchPage(
    query: string,
    options: SearchOptions & { offset?: number } = {},
  ): { results: SearchResult[]; total: number } {
    const mode = options.mode ?? 'any';
    const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(options.limit ?? DEFAULT_LIMIT)));
    const offset = Math.max(0, Math.min(MAX_OFFSET, Math.floor(options.offset ?? 0)));
    const deptKey = options.department ? departmentKey(options.department) : undefined;
    const keep = (slot: number) => deptKey === undefined || this.docs[slot]!.departmentKey === deptKey;
    const parsed = parseQuery(query, mode);
    const top = new TopK(offset + limit, (a, b) => this.compareSlots(a, b));

    switch (parsed.kind) {
      case 'empty':
        // "iemand van Burgerzaken" with nothing else: the department's people, by name.
        if (deptKey !== undefined)
          for (const slot of this.departmentMembers.get(deptKey)?.slots ?? []) top.offer(slot, 0, () => []);
        break;
      case 'phone':
        if (mode !== 'skill')
          for (const r of this.phoneMatches(parsed)) if (keep(r.slot)) top.offer(r.slot, r.score, r.matched);
        break;
      case 'email':
        if (mode !== 'skill') {
          // Typed with an "@" only, and rarely: a scan for the part typed is cheap enough
          // (about a millisecond at 100,000 people) and saves a tree of every address.
          const exact = this.emails.get(parsed.email);
          const matches: [string, Slots][] = exact !== undefined ? [[parsed.email, exact]] : [];
          if (matches.length === 0)
            for (const entry of this.emails) if (entry[0].startsWith(parsed.email)) matches.push(entry);
          for (const [email, slots] of matches) {
            const kind: MatchKind = email === parsed.email ? 'exact' : 'prefix';
            const score = kind === 'exact' ? KIND_WEIGHT.exact : KIND_WEIGHT.prefix;
            for (const slot of slotsOf(slots))
              if (keep(slot))
                top.offer(slot, score, () => [{ field: 'email', kind, term: email, query: parsed.email }]);
          }
        }
        break;
      case 'text':
        this.matchText(parsed, mode, deptKey, top);
        break;
    }
    const results = top
      .sorted()
      .slice(offset)
      .map((r) => ({ person: this.docs[r.slot]!.person, score: round(r.score), matched: r.matched() }));
    return { results, total: top.offered };
  }

  private expand(word: string, mode: SearchMode, loosen = 0): Expansion {
    return expandWord(this.words, this.sounds, word, {
      edits: this.maxEdits(word, loosen),
      prefix: word.length >= MIN_PREFIX,
      swaps: word.length >= (loosen ? 3 : this.fuzzy.swapsFrom),
      sounds: mode !== 'skill',
    });
  }

  private matchText(
    parsed: Extract<ParsedQuery, { kind: 'text' }>,
    mode: SearchMode,
    deptKey: string | undefined,
    top: TopK,
  ): void {
    const words = parsed.terms.slice(0, MAX_WORDS);
    const expansions = words.map((w) => this.expand(w, mode));
    if (expansions.some((e) => e.total === 0)) return;
    const table = FIELD_TABLES[mode];
    const met = meetAll(expansions, table, this.scratch, this.docs.length, (slot) => this.docs[slot]!.terms);
    // Initials ("P. Bakker") pick out the people whose first name fits, when anyone's does;
    // when nobody's does (a formal first name, a slip), they are ignored.
    const hasInitial = (slot: number) => parsed.initials.some((ch) => this.docs[slot]!.terms.initials.includes(ch));
    let byInitials = false;
    for (let c = 0; c < met.count && parsed.initials.length > 0 && !byInitials; c++)
      byInitials = hasInitial(met.slots[c]!);
    // Query words that could be someone's whole first name (not in a skill search).
    // Only a word met exactly can be a whole first name.
    const firstNames =
      mode === 'skill' || !expansions.some((e) => e.entries[0]?.kind === 'exact') ? undefined : new Set(words);
    // The most the bonuses can add: a candidate that would not make it in even with all of them
    // is only counted, without looking at the person (most of "Jan" or "de Vries" at 100,000).
    const maxBonus =
      (parsed.initials.length > 0 ? INITIALS_BONUS : 0) +
      (parsed.particles.length > 0 ? PARTICLES_BONUS : 0) +
      (firstNames ? FIRST_NAME_BONUS : 0);
    const filtered = deptKey !== undefined || byInitials;
    for (let c = 0; c < met.count; c++) {
      const slot = met.slots[c]!;
      let score = met.scores[c]!;
      if (!filtered && !top.wants(slot, score + maxBonus)) {
        top.count();
        continue;
      }
      const doc = this.docs[slot]!;
      if (deptKey !== undefined && doc.departmentKey !== deptKey) continue;
      if (byInitials) {
        if (!hasInitial(slot)) continue;
        score += INITIALS_BONUS;
      }
      if (parsed.particles.length > 0 && parsed.particles.every((p) => doc.terms.particles.includes(p)))
        score += PARTICLES_BONUS;
      if (firstNames?.has(doc.terms.givenKey)) score += FIRST_NAME_BONUS;
      if (!top.wants(slot, score)) {
        top.count();
        continue;
      }
      const refs = met.refs(slot);
      top.offer(slot, score, () =>
        refs.map((ref, i) => {
          const entry = expansions[i]!.entries[ref >> 3]!;
          const term = entry.soundKey ? doc.terms.soundWords[doc.terms.soundKeys.indexOf(entry.soundKey)]! : entry.term;
          return { field: fieldName(ref & 7), kind: entry.kind, term, query: words[i]! };
        }),
      );
    }
  }

  private phoneMatches(q: Extract<ParsedQuery, { kind: 'phone' }>): Ranked[] {
    const found = new Map<number, Ranked>();
    const offer = (digits: string, kind: MatchKind, query: string) => {
      for (const slot of slotsOf(this.phones.get(digits))) {
        const prev = found.get(slot);
        const score = kind === 'exact' ? KIND_WEIGHT.exact : KIND_WEIGHT.prefix;
        if (prev && prev.score >= score) continue;
        found.set(slot, { slot, score, matched: () => [{ field: 'phone', kind, term: digits, query }] });
      }
    };
    if (q.e164Digits) offer(q.e164Digits, 'exact', q.e164Digits);
    if (q.leadingDigits && q.leadingDigits.length >= 6) {
      for (const [digits] of this.phones.atPrefix(q.leadingDigits))
        offer(digits, digits === q.leadingDigits ? 'exact' : 'prefix', q.leadingDigits);
    }
    if (q.trailingDigits) {
      const t = q.trailingDigits;
      // An extension typed whole ("123"); or the tail of a number: four digits or more
      // reach work numbers (whose last digits are the extension), six or more any number.
      if (this.phones.has(t)) offer(t, 'exact', t);
      if (t.length >= 4) {
        for (const digits of this.phoneTails.get(t.slice(-4)) ?? []) {
          if (digits === t || !digits.endsWith(t)) continue;
          if (t.length < 6 && !this.isWorkNumber(digits)) continue;
          offer(digits, 'prefix', t);
        }
      }
    }
    return [...found.values()];
  }

  private isWorkNumber(digits: string): boolean {
    for (const slot of slotsOf(this.phones.get(digits))) {
      if (this.docs[slot]?.terms.phones.some((p) => p.digits === digits && p.business)) return true;
    }
    return false;
  }

  /**
   * "Did you mean": for a query that found nobody, people and skills that come close with
   * looser rules (one more edit per word, swaps and sound-alikes from three letters, and
   * at least half of the words rather than all).
   */
  suggest(query: string, options: { mode?: SearchMode; limit?: number } = {}): Suggestion[] {
    const mode = options.mode ?? 'any';
    const limit = Math.max(1, Math.min(20, options.limit ?? 5));
    const parsed = parseQuery(query, mode);
    if (parsed.kind !== 'text') return [];
    const table = FIELD_TABLES[mode];
    const words = parsed.terms.slice(0, MAX_WORDS);
    const need = Math.max(1, Math.ceil(words.length / 2));
    const acc = new Map<
      number,
      { score: number; words: number; best: { weight: number; field: MatchField; term: string } }
    >();
    for (const w of words) {
      const perWord = new Map<number, { weight: number; field: MatchField; term: string }>();
      for (const entry of this.expand(w, mode, 1).entries) {
        const visit = (slot: number, bits: number, term: string) => {
          const present = bits & table.mask;
          if (!present) return;
          const weight = entry.weight * table.weight[present]!;
          const prev = perWord.get(slot);
          if (!prev || weight > prev.weight)
            perWord.set(slot, { weight, field: fieldName(table.field[present]!), term });
        };
        if (entry.posting) for (const v of entry.posting) visit(slotOf(v), bitsOf(v), entry.term);
        else
          for (const slot of entry.alike!)
            visit(
              slot,
              FIELD.name,
              this.docs[slot]!.terms.soundWords[this.docs[slot]!.terms.soundKeys.indexOf(entry.soundKey!)]!,
            );
      }
      for (const [slot, hit] of perWord) {
        const a = acc.get(slot);
        if (!a) acc.set(slot, { score: hit.weight, words: 1, best: hit });
        else {
          a.score += hit.weight;
          a.words++;
          if (hit.weight > a.best.weight) a.best = hit;
        }
      }
    }
    const top = new TopK(MAX_LIMIT, (a, b) => this.compareSlots(a, b));
    for (const [slot, a] of acc) if (a.words >= need) top.offer(slot, a.score, () => []);
    const out: Suggestion[] = [];
    const seen = new Set<string>();
    for (const r of top.sorted()) {
      const person = this.docs[r.slot]!.person;
      const best = acc.get(r.slot)!.best;
      const suggestion: Suggestion =
        best.field === 'name' || best.field === 'email'
          ? { text: person.displayName, field: 'name', personId: person.id }
          : { text: phraseWith(person, best.field, best.term), field: best.field };
      const key = `${suggestion.field}:${fold(suggestion.text)}:${suggestion.personId ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(suggestion);
      if (out.length >= limit) break;
    }
    // Namesakes among the people offered are told apart by department (or job title, location).
    return out.map((sg) => {
      if (!sg.personId || out.filter((o) => o.personId && o.text === sg.text).length < 2) return sg;
      const p = this.get(sg.personId)!;
      const detail = p.department ?? p.jobTitle ?? p.officeLocation;
      return detail ? { ...sg, text: `${sg.text} (${detail})` } : sg;
    });
  }

  /** Ties: display name (folded: case and accents ignored), then id. */
  private compareSlots(a: number, b: number): number {
    const ka = this.orderKeys[a]!;
    const kb = this.orderKeys[b]!;
    if (ka !== kb) return ka < kb ? -1 : 1;
    const da = this.docs[a]!;
    const db = this.docs[b]!;
    if (da.terms.sortKey !== db.terms.sortKey) return da.terms.sortKey < db.terms.sortKey ? -1 : 1;
    return da.person.id < db.person.id ? -1 : da.person.id > db.person.id ? 1 : 0;
  }
}

/** A department name as compared: folded, "&"/"and"/"en" and filler words ("afdeling", "the") left out. */
function departmentWords(text: string): string {
  return fold(text)
    .replace(/&/g, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w && !DEPARTMENT_FILLER.has(w))
    .join('');
}
const DEPARTMENT_FILLER = new Set([
  'de',
  'het',
  'the',
  'afdeling',
  'department',
  'dept',
  'team',
  'en',
  'and',
  'van',
  'of',
]);

const departmentKeys = new Map<string, string>();
function cachedDepartmentKey(name: string): string {
  let key = departmentKeys.get(name);
  if (key === undefined) {
    if (departmentKeys.size > 10_000) departmentKeys.clear();
    departmentKeys.set(name, (key = departmentKey(name)));
  }
  return key;
}

/**
 * The people under one key of a map where nearly every key has one person (an email, a
 * phone number): a number, and an array only for the rare shared key.
 */
type Slots = number | number[];

function slotsOf(v: Slots | undefined): readonly number[] {
  return v === undefined ? [] : typeof v === 'number' ? [v] : v;
}

/** Adds a person under a key; true when the key is new. */
function addSlot(map: PrefixMap<Slots> | Map<string, Slots>, key: string, slot: number): boolean {
  const v = map.get(key);
  if (v === undefined) map.set(key, slot);
  else if (typeof v === 'number') {
    if (v !== slot) map.set(key, [v, slot]);
  } else if (!v.includes(slot)) v.push(slot);
  return v === undefined;
}

/** Removes a person from a key; true when the key is gone. */
function removeSlot(map: PrefixMap<Slots> | Map<string, Slots>, key: string, slot: number): boolean {
  const v = map.get(key);
  if (v === undefined) return false;
  const rest = slotsOf(v).filter((s) => s !== slot);
  if (rest.length === 0) map.delete(key);
  else map.set(key, rest.length === 1 ? rest[0]! : rest);
  return rest.length === 0;
}

/** The best `k` results in order, without sorting every candidate (a department can be thousands). */
class TopK {
  private readonly items: Ranked[] = [];
  /** Every candidate offered (or counted without being offered): how many matched in all. */
  offered = 0;

  constructor(
    private readonly k: number,
    private readonly tie: (a: number, b: number) => number,
  ) {}

  private better(slotA: number, scoreA: number, b: Ranked): boolean {
    if (scoreA !== b.score) return scoreA > b.score;
    return this.tie(slotA, b.slot) < 0;
  }

  /** Whether a candidate would make it in (so its explanation need not be built otherwise). */
  wants(slot: number, score: number): boolean {
    if (this.items.length < this.k) return true;
    const worst = this.items[this.k - 1]!;
    return score > worst.score || (score === worst.score && this.tie(slot, worst.slot) < 0);
  }

  /** A match that will not make it in, counted all the same. */
  count(): void {
    this.offered++;
  }

  offer(slot: number, score: number, matched: () => Match[]): void {
    this.offered++;
    if (!this.wants(slot, score)) return;
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.better(slot, score, this.items[mid]!)) hi = mid;
      else lo = mid + 1;
    }
    this.items.splice(lo, 0, { slot, score, matched });
    if (this.items.length > this.k) this.items.pop();
  }

  sorted(): readonly Ranked[] {
    return this.items;
  }
}

/**
 * The first nine characters of a folded name as a number that orders as the text does,
 * for fast tie-breaks. Space, apostrophe, hyphen, period, digits and a–z each have their
 * own rank, in code-unit order; any other character ranks with its neighbours and ends
 * the key, so texts the key cannot tell apart compare equal and fall back to the text.
 */
function orderKey(sortKey: string): number {
  let key = 0;
  let stopped = false;
  for (let i = 0; i < 9; i++) {
    let rank = 0;
    if (!stopped && i < sortKey.length) {
      const c = sortKey.charCodeAt(i);
      if (c >= 97 && c <= 122) rank = 20 + (c - 97);
      else if (c >= 48 && c <= 57) rank = 9 + (c - 48);
      else if (c === 32) rank = 2;
      else if (c === 39) rank = 4;
      else if (c === 45) rank = 6;
      else if (c === 46) rank = 7;
      else {
        rank = c < 32 ? 1 : c < 39 ? 3 : c < 45 ? 5 : c < 48 ? 8 : c < 97 ? 19 : 46;
        stopped = true;
      }
    }
    key = key * 47 + rank;
  }
  return key;
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}

/** The skill, job title or department as written that contains an indexed word. */
function phraseWith(p: IndexedPerson, field: MatchField, term: string): string {
  const phrases = field === 'skill' ? p.skills : field === 'jobTitle' ? [p.jobTitle ?? ''] : [p.department ?? ''];
  for (const phrase of phrases) {
    if (
      fold(phrase)
        .replace(/[^\p{L}\p{N}]+/gu, '')
        .includes(term)
    )
      return phrase;
  }
  return phrases[0] ?? term;
}

/**
 * The one person a query points at, when there is one: the only result, or a top result
 * that matched clearly better than the next (a whole kind better on some word: exact
 * "jelte" against fuzzy "jelle"). Undefined when the query is ambiguous ("Sjoerd", two
 * colleagues named Jan de Vries): then show a pick list.
 */
export function uniqueMatch(results: readonly SearchResult[]): SearchResult | undefined {
  const [first, second] = results;
  if (!first) return undefined;
  if (!second) return first;
  return first.score - second.score >= CLEAR_MARGIN ? first : undefined;
}

/** Less than exact − prefix (0.3) and prefix − fuzzy (0.25); more than any bonus (0.14). */
const CLEAR_MARGIN = 0.2;
