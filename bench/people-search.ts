/**
 * People search figures: index build time, heap held by the index, query latency
 * (p50/p95/p99) over a realistic query mix, on synthetic directories of 450, 10,000 and
 * 100,000 people. Also: the fuzzy policy measured on the demo query set, and MiniSearch's
 * own engine on the same queries for comparison.
 *
 *   npm run bench:people-search                      # everything (about a minute)
 *   npm run bench:people-search -- --sizes 450,10000 --queries 5000 --no-sweep --no-compare
 *
 * Figures are printed, never asserted (CONVENTIONS 11).
 */
import { performance } from 'node:perf_hooks';
import { demoDirectoryInput } from '../demo/directory-input.js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import os from 'node:os';
import MiniSearch from 'minisearch';
import { generateDemoOrganisation, generateSyntheticPeople, type DemoPerson } from '../demo/index.js';
import { createRandom, type Random } from '../demo/random.js';
import {
  DEFAULT_FUZZY,
  DirectoryIndex,
  fold,
  parseIntent,
  searchModeFor,
  type DirectoryPersonInput,
  type FuzzyPolicy,
  type SearchMode,
} from '../core/directory/index.js';
import { PARTICLES, tokenize } from '../core/directory/fold.js';
import { normalizePhone } from '../core/phones.js';
import { answerTop, NOT_IN_DIRECTORY, QUERY_SET, satisfies } from '../tests/core/directory-queryset-data.js';

// ---------------------------------------------------------------- options

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const SIZES = option('sizes', '450,10000,100000').split(',').map(Number);
const QUERY_COUNT = Number(option('queries', '3000'));
const SEED = option('seed', 'bench');
const REPEAT = Math.max(1, Number(option('repeat', '5')));
const SLOWEST = Number(option('slowest', '0'));

// ---------------------------------------------------------------- helpers

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
function settledHeap(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

/** People as the store would hold them, managers resolved to their ids. */
function toInputs(people: readonly DemoPerson[]): DirectoryPersonInput[] {
  const idOf = new Map(people.map((p, i) => [p.email, i.toString(16).padStart(24, '0')]));
  return people.map((p, i) =>
    demoDirectoryInput(
      p,
      idOf.get(p.email)!,
      new Date(1_700_000_000_000 + i),
      p.managerEmail ? idOf.get(p.managerEmail) : undefined,
    ),
  );
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const ms = (x: number) => (x < 0.1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x.toFixed(0));
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

// ---------------------------------------------------------------- the query mix

interface BenchQuery {
  readonly category: string;
  /** As typed to the bot or in the search box. */
  readonly text: string;
  /** For a name query: whom it is after (a display name; namesakes count as found). */
  readonly target?: string;
}

const LETTERS = 'abcdefghijklmnoprstuvwz';

/** One typing slip in the longest word: a wrong, missing, extra or swapped letter. */
function typo(rnd: Random, text: string): string {
  const words = text.split(' ');
  let wi = 0;
  for (let i = 1; i < words.length; i++) if (words[i]!.length > words[wi]!.length) wi = i;
  const w = words[wi]!;
  if (w.length < 5) return text;
  const i = rnd.int(1, w.length - 2);
  let out: string;
  switch (rnd.int(0, 3)) {
    case 0:
      out = w.slice(0, i) + rnd.pick([...LETTERS]) + w.slice(i + 1);
      break;
    case 1:
      out = w.slice(0, i) + w.slice(i + 1);
      break;
    case 2:
      out = w.slice(0, i) + rnd.pick([...LETTERS]) + w.slice(i);
      break;
    default:
      out = w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  }
  words[wi] = out;
  return words.join(' ');
}

function coreSurname(surname: string): string {
  const cores = tokenize(surname).filter((t) => !PARTICLES.has(t.text) && t.text.length > 1);
  return cores.length ? cores.map((t) => t.text).join(' ') : fold(surname);
}

const NL_PHRASES = [
  'wat is het nummer van {}',
  'nummer van {}',
  'wie is {}?',
  'bel {}',
  'tel {}',
  '{}?',
  'hoi Ids, wat is het telefoonnummer van {}',
];
const EN_PHRASES = ["what's {}'s number", 'phone number of {}', 'who is {}', 'call {}'];

/**
 * A realistic mix: mostly names (whole, first only, partly typed, with a typo, with
 * particles or without accents), phone numbers as written and partial, skills, job titles
 * and departments; a quarter of the name queries are phrased as chat messages.
 */
function queryMix(people: readonly DemoPerson[], count: number, seed: string): BenchQuery[] {
  const rnd = createRandom(`queries:${seed}`);
  const withParticles = people.filter((p) => /^(van|de|ter|in|den)\b/i.test(p.surname));
  const withAccents = people.filter((p) => /[^\x00-\x7f]/.test(p.displayName));
  const withPhone = people.filter((p) => p.businessPhone || (p.mobilePhone && p.mobileVisibility === 'organisation'));
  const withSkills = people.filter((p) => p.skills.length > 0);
  const phrase = (name: string) =>
    rnd.chance(0.25) ? (rnd.chance(0.7) ? rnd.pick(NL_PHRASES) : rnd.pick(EN_PHRASES)).replace('{}', name) : name;
  const mix: ReadonlyArray<readonly [string, number]> = [
    ['full name', 16],
    ['first name', 8],
    ['prefix', 10],
    ['typo', 14],
    ['particles', 8],
    ['accents', 4],
    ['phone', 12],
    ['phone tail', 3],
    ['skill', 12],
    ['job title', 5],
    ['department', 5],
    ['surname', 3],
    // Questions the bot answers beyond a search (issue 13).
    ['department question', 3],
    ['manager', 3],
    ['team', 2],
  ];
  const out: BenchQuery[] = [];
  while (out.length < count) {
    const category = rnd.weighted(mix);
    const p = rnd.pick(people);
    let text: string;
    let target: string | undefined;
    switch (category) {
      case 'full name':
        text = phrase(rnd.chance(0.7) ? p.displayName : p.displayName.toLowerCase());
        break;
      case 'first name':
        text = phrase(p.givenName);
        break;
      case 'surname':
        text = phrase(p.surname);
        break;
      case 'prefix': {
        const s = coreSurname(p.surname);
        text = rnd.chance(0.5)
          ? s.slice(0, rnd.int(3, Math.max(3, s.length - 1)))
          : `${p.givenName} ${s.slice(0, rnd.int(2, Math.max(2, s.length - 1)))}`;
        break;
      }
      case 'typo':
        if (rnd.chance(0.6)) {
          text = phrase(typo(rnd, `${p.givenName} ${coreSurname(p.surname)}`));
          target = p.displayName;
        } else text = phrase(typo(rnd, coreSurname(p.surname)));
        break;
      case 'particles': {
        const q = rnd.pick(withParticles);
        const cores = coreSurname(q.surname);
        const parts = q.surname.slice(0, q.surname.length - cores.length).trim();
        text = rnd.pick([
          `${cores}, ${parts}`,
          `${q.givenName} ${cores}`,
          `${q.givenName[0]}. ${parts.replace(/^van der$/i, 'v.d.').replace(/^van den$/i, 'vd')} ${cores}`,
          `${parts}${cores}`.replace(/[\s']/g, ''),
          `${q.givenName} ${q.surname}`,
        ]);
        text = phrase(text);
        break;
      }
      case 'accents': {
        const q = withAccents.length ? rnd.pick(withAccents) : p;
        text = phrase(fold(q.displayName));
        break;
      }
      case 'phone':
      case 'phone tail': {
        const q = rnd.pick(withPhone);
        const written = q.businessPhone ?? q.mobilePhone!;
        const digits = written.replace(/\D/g, '');
        if (category === 'phone tail') text = digits.slice(-6);
        else {
          const e164 = normalizePhone(written)?.e164 ?? written;
          text = rnd.pick([written, digits, e164, `wie heeft ${written}?`]);
        }
        break;
      }
      case 'skill': {
        const q = rnd.pick(withSkills);
        const skill = rnd.pick(q.skills);
        text = rnd.pick([
          `wie weet iets van ${skill}`,
          `who knows about ${skill}`,
          skill,
          `wie heeft verstand van ${skill}`,
        ]);
        break;
      }
      case 'job title':
        text = p.jobTitle;
        break;
      case 'department question':
        text = rnd.pick([`wie werkt er bij ${p.department}?`, `who works at ${p.department}?`]);
        break;
      case 'manager':
        text = rnd.pick([`wie is de manager van ${p.displayName}?`, `who is ${p.displayName}'s manager?`]);
        break;
      case 'team':
        text = rnd.pick([`wie zitten er in het team van ${p.displayName}?`, `who's in ${p.displayName}'s team?`]);
        break;
      default:
        text = rnd.pick([`iemand van ${p.department}`, `someone from ${p.department}`, p.department]);
    }
    out.push(target ? { category, text, target } : { category, text });
  }
  return out;
}

/** Categories answered as the bot answers those questions (core/people/questions.ts), not by one search. */
const QUESTION_KINDS = new Set(['department question', 'manager', 'team']);

interface PreparedQuery extends BenchQuery {
  readonly query: string;
  readonly mode: SearchMode;
}

function prepare(queries: readonly BenchQuery[]): PreparedQuery[] {
  return queries.map((q) => {
    const intent = parseIntent(q.text);
    return { ...q, query: intent.query, mode: searchModeFor(intent.intent) };
  });
}

/**
 * Per-query latency, after a warm-up on the same mix. `lat`: one timed run per query
 * (wall clock, GC included). `cpu`: the CPU time the process spent on that run (all its
 * threads, so GC helpers count; time spent waiting for a CPU on a busy machine does not).
 * `best`: the fastest of REPEAT runs per query (wall clock).
 */
function timeQueries(
  run: (q: PreparedQuery) => unknown,
  queries: readonly PreparedQuery[],
): { lat: Float64Array; best: Float64Array; cpu: Float64Array; perCategory: Map<string, number[]> } {
  for (const q of queries.slice(0, Math.min(300, queries.length))) run(q);
  const lat = new Float64Array(queries.length);
  const best = new Float64Array(queries.length);
  const cpu = new Float64Array(queries.length);
  const perCategory = new Map<string, number[]>();
  queries.forEach((q, i) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    run(q);
    const dt = performance.now() - t0;
    const c = process.cpuUsage(c0);
    cpu[i] = (c.user + c.system) / 1000;
    lat[i] = dt;
    let min = dt;
    for (let r = 1; r < REPEAT; r++) {
      const t1 = performance.now();
      run(q);
      min = Math.min(min, performance.now() - t1);
    }
    best[i] = min;
    let list = perCategory.get(q.category);
    if (!list) perCategory.set(q.category, (list = []));
    list.push(dt);
  });
  lat.sort();
  best.sort();
  cpu.sort();
  return { lat, best, cpu, perCategory };
}

// ---------------------------------------------------------------- MiniSearch's engine, for comparison

function miniSearchOf(
  people: readonly DirectoryPersonInput[],
  fuzzy: FuzzyPolicy,
): { search(q: PreparedQuery): unknown; build: number } {
  const t0 = performance.now();
  const ms = new MiniSearch<{
    id: string;
    name: string;
    email: string;
    skills: string;
    jobTitle: string;
    department: string;
  }>({
    fields: ['name', 'email', 'skills', 'jobTitle', 'department'],
    storeFields: [],
    processTerm: (term) => fold(term),
  });
  ms.addAll(
    people.map((p) => ({
      id: p._id.toString(),
      name: `${p.displayName} ${p.givenName ?? ''} ${p.surname ?? ''}`,
      email: p.email,
      skills: (p.skills ?? []).join(' '),
      jobTitle: p.jobTitle ?? '',
      department: p.department ?? '',
    })),
  );
  const build = performance.now() - t0;
  const edits = (t: string) => (t.length >= fuzzy.twoEditsFrom ? 2 : t.length >= fuzzy.oneEditFrom ? 1 : 0);
  return {
    build,
    search: (q) =>
      ms
        .search(q.query, {
          fields: q.mode === 'skill' ? ['skills', 'jobTitle', 'department'] : undefined,
          prefix: (t) => t.length >= 2,
          fuzzy: (t) => edits(t),
          combineWith: 'AND',
        })
        .slice(0, 10),
  };
}

// ---------------------------------------------------------------- query-set quality

function quality(demo: readonly DirectoryPersonInput[], fuzzy: FuzzyPolicy) {
  const index = DirectoryIndex.build(demo, { fuzzy });
  let correct = 0;
  let returned = 0;
  const misses: string[] = [];
  for (const c of QUERY_SET) {
    // As the bot answers it: a search, or a department, manager or team question.
    const answer = answerTop(index, c.text);
    returned += answer.returned;
    if (answer.top && satisfies(answer.top, c.expect)) correct++;
    else misses.push(c.text);
  }
  let confidentWrong = 0;
  for (const text of NOT_IN_DIRECTORY) if (answerTop(index, text).confident) confidentWrong++;
  return { correct, total: QUERY_SET.length, meanReturned: returned / QUERY_SET.length, confidentWrong, misses };
}

/** Typo'd full names on a synthetic directory: how often the intended person is first, and in the top 10. */
function typoRecall(people: readonly DirectoryPersonInput[], queries: readonly PreparedQuery[], fuzzy: FuzzyPolicy) {
  const index = DirectoryIndex.build(people, { fuzzy });
  let first = 0;
  let top10 = 0;
  for (const q of queries) {
    const results = index.search(q.query, { mode: q.mode, limit: 10 });
    if (results[0]?.person.displayName === q.target) first++;
    if (results.some((r) => r.person.displayName === q.target)) top10++;
  }
  return { first, top10, total: queries.length };
}

// ---------------------------------------------------------------- run

function line(cells: (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

async function main(): Promise<void> {
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  console.log(
    `people search bench — node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}, ${QUERY_COUNT} queries per size, seed "${SEED}", best of ${REPEAT}`,
  );
  console.log(`load average at start: ${load()}`);
  console.log(`fuzzy policy: ${JSON.stringify(DEFAULT_FUZZY)}\n`);

  const perSizeCategories = new Map<number, Map<string, number[]>>();
  const compareRows: string[] = [];
  console.log(
    'latency in ms: one run per query, wall clock | CPU time of that run | best of the repeats per query, wall clock',
  );
  console.log(
    line([
      'people',
      'build (ms)',
      'index heap (MB)',
      'p50',
      'p95',
      'p99',
      'max',
      'cpu p50',
      'cpu p95',
      'cpu p99',
      'best-of p50',
      'best-of p95',
      'best-of p99',
      'upsert (ms, mean)',
      'parseIntent (µs, mean)',
    ]),
  );
  console.log(line(Array(15).fill('---')));
  let largest: { people: DirectoryPersonInput[]; queries: PreparedQuery[] } | undefined;
  // How long the synthetic directories take to make (the bench's own set-up, and the benches' and
  // tests' source of large directories).
  const generated: string[] = [];
  const generate = (size: number) => {
    const t = performance.now();
    const c = process.cpuUsage();
    const people = generateSyntheticPeople(size, SEED);
    const { user, system } = process.cpuUsage(c);
    generated.push(
      `${size.toLocaleString('en')} in ${ms(performance.now() - t)} ms (${ms((user + system) / 1000)} ms of CPU)`,
    );
    return people;
  };
  for (const size of SIZES) {
    const queries = prepare(queryMix(generate(size), QUERY_COUNT, `${SEED}:${size}`));

    // Heap held by the index alone: measured after the documents it was built from are
    // released, as they are after loadDirectory() (strings it shares with them count).
    const before = settledHeap();
    let people: DirectoryPersonInput[] | null = toInputs(generateSyntheticPeople(size, SEED));
    const t0 = performance.now();
    const index = DirectoryIndex.build(people);
    const build = performance.now() - t0;
    people = null;
    const heap = settledHeap() - before;
    const kept = toInputs(generateSyntheticPeople(size, SEED));

    const { lat, best, cpu, perCategory } = timeQueries(
      (q) =>
        QUESTION_KINDS.has(q.category) ? answerTop(index, q.text) : index.search(q.query, { mode: q.mode, limit: 10 }),
      queries,
    );
    perSizeCategories.set(size, perCategory);

    // Keeping in step: one person changed (remove + add), as core and refreshChanged do.
    const changes = Math.min(1000, kept.length);
    const u0 = performance.now();
    for (let i = 0; i < changes; i++) {
      const p = kept[i]!;
      index.upsertPerson({
        ...p,
        jobTitle: `${p.jobTitle ?? ''} (tijdelijk)`,
        updatedAt: new Date(2_000_000_000_000 + i),
      });
    }
    const upsert = (performance.now() - u0) / changes;

    const texts = queries.map((q) => q.text);
    const p0 = performance.now();
    for (let r = 0; r < 5; r++) for (const t of texts) parseIntent(t);
    const parse = ((performance.now() - p0) / (5 * texts.length)) * 1000;

    console.log(
      line([
        size.toLocaleString('en'),
        ms(build),
        mb(heap),
        ms(percentile(lat, 50)),
        ms(percentile(lat, 95)),
        ms(percentile(lat, 99)),
        ms(lat[lat.length - 1]!),
        ms(percentile(cpu, 50)),
        ms(percentile(cpu, 95)),
        ms(percentile(cpu, 99)),
        ms(percentile(best, 50)),
        ms(percentile(best, 95)),
        ms(percentile(best, 99)),
        ms(upsert),
        parse.toFixed(1),
      ]),
    );

    if (!flag('no-compare')) {
      const textOnly = queries.filter((q) => !q.category.startsWith('phone') && !QUESTION_KINDS.has(q.category));
      const mini = miniSearchOf(kept, DEFAULT_FUZZY);
      const ours = timeQueries((q) => index.search(q.query, { mode: q.mode, limit: 10 }), textOnly).best;
      const theirs = timeQueries((q) => mini.search(q), textOnly).best;
      compareRows.push(
        line([
          size.toLocaleString('en'),
          'DirectoryIndex (SearchableMap)',
          ms(build),
          ms(percentile(ours, 50)),
          ms(percentile(ours, 95)),
          ms(percentile(ours, 99)),
        ]),
        line([
          size.toLocaleString('en'),
          'MiniSearch engine (BM25, AND)',
          ms(mini.build),
          ms(percentile(theirs, 50)),
          ms(percentile(theirs, 95)),
          ms(percentile(theirs, 99)),
        ]),
      );
    }
    if (size === Math.max(...SIZES)) largest = { people: kept, queries };
    if (SLOWEST > 0 && size === Math.max(...SIZES)) {
      const timed = queries.map((q) => {
        let min = Infinity;
        for (let r = 0; r < REPEAT; r++) {
          const t = performance.now();
          index.search(q.query, { mode: q.mode, limit: 10 });
          min = Math.min(min, performance.now() - t);
        }
        return { q, min };
      });
      timed.sort((a, b) => b.min - a.min);
      console.log(`\nslowest queries at ${size.toLocaleString('en')} (best of ${REPEAT}, ms)`);
      for (const { q, min } of timed.slice(0, SLOWEST))
        console.log(
          `  ${ms(min).padStart(6)}  [${q.category}] ${JSON.stringify(q.text)} → ${q.mode} ${JSON.stringify(q.query)}`,
        );
    }
  }

  console.log(`\nsynthetic people made (generateSyntheticPeople): ${generated.join(', ')}`);

  const biggest = Math.max(...SIZES);
  const cats = perSizeCategories.get(biggest)!;
  console.log(`\nlatency by query kind at ${biggest.toLocaleString('en')} people (ms)`);
  console.log(line(['kind', 'queries', 'p50', 'p95', 'p99']));
  console.log(line(['---', '---', '---', '---', '---']));
  for (const [cat, list] of [...cats].sort()) {
    const sorted = Float64Array.from(list).sort();
    console.log(
      line([cat, list.length, ms(percentile(sorted, 50)), ms(percentile(sorted, 95)), ms(percentile(sorted, 99))]),
    );
  }

  if (compareRows.length) {
    console.log(
      '\nsame text queries (phones left out: MiniSearch has no reverse lookup) on both engines, best of the repeats per query',
    );
    console.log(line(['people', 'engine', 'build (ms)', 'p50 (ms)', 'p95 (ms)', 'p99 (ms)']));
    console.log(line(['---', '---', '---', '---', '---', '---']));
    for (const r of compareRows) console.log(r);
  }

  if (!flag('no-sweep')) {
    const demo = toInputs(generateDemoOrganisation().people);
    // An independent check on typos: 1,000 typo'd full names on a synthetic 10,000.
    const typoPeople = generateSyntheticPeople(10_000, `${SEED}:typos`);
    const typoQueries = prepare(
      queryMix(typoPeople, 20_000, `${SEED}:typos`).filter((q) => q.category === 'typo' && q.target),
    ).slice(0, 1000);
    const typoInputs = toInputs(typoPeople);
    const policies: FuzzyPolicy[] = [
      { oneEditFrom: 5, twoEditsFrom: 9, swapsFrom: 99 },
      { oneEditFrom: 5, twoEditsFrom: 9, swapsFrom: 4 },
      { oneEditFrom: 4, twoEditsFrom: 9, swapsFrom: 4 },
      { oneEditFrom: 4, twoEditsFrom: 8, swapsFrom: 4 },
      { oneEditFrom: 5, twoEditsFrom: 8, swapsFrom: 4 },
      { oneEditFrom: 4, twoEditsFrom: 7, swapsFrom: 3 },
      { oneEditFrom: 3, twoEditsFrom: 6, swapsFrom: 3 },
      { oneEditFrom: 6, twoEditsFrom: 10, swapsFrom: 4 },
    ];
    console.log(
      `\nfuzzy policy on the demo query set (${QUERY_SET.length} queries, ${NOT_IN_DIRECTORY.length} people who do not work here) and latency at ${biggest.toLocaleString('en')}`,
    );
    console.log(
      line([
        '1 edit from',
        '2 edits from',
        'swaps from',
        'query set @1',
        'mean results',
        'wrong confident answers',
        "typo'd names @1 / top 10 (10,000 people)",
        `best-of p95 at ${biggest.toLocaleString('en')} (ms)`,
        'query set misses',
      ]),
    );
    console.log(line(Array(9).fill('---')));
    for (const fuzzy of policies) {
      const q = quality(demo, fuzzy);
      const t = typoRecall(typoInputs, typoQueries, fuzzy);
      let p95 = NaN;
      if (largest) {
        const idx = DirectoryIndex.build(largest.people, { fuzzy });
        p95 = percentile(
          timeQueries((x) => idx.search(x.query, { mode: x.mode, limit: 10 }), largest.queries).best,
          95,
        );
      }
      console.log(
        line([
          fuzzy.oneEditFrom,
          fuzzy.twoEditsFrom,
          fuzzy.swapsFrom > 50 ? 'never' : fuzzy.swapsFrom,
          `${q.correct}/${q.total} (${((100 * q.correct) / q.total).toFixed(1)}%)`,
          q.meanReturned.toFixed(1),
          `${q.confidentWrong}/${NOT_IN_DIRECTORY.length}`,
          `${((100 * t.first) / t.total).toFixed(1)}% / ${((100 * t.top10) / t.total).toFixed(1)}%`,
          ms(p95),
          q.misses.map((m) => `"${m}"`).join(', ') || '—',
        ]),
      );
    }
  }
}

await main();
console.log(
  `\nload average at end: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
