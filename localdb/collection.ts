// One collection: documents by _id, its indexes, and the index-aware candidate selection.
// Stored documents are frozen and never mutated: an update stores a new object. So readers may
// hold references (cursors, snapshots) without copying.
import { type Binary, UUID } from 'bson';
import { MongoError } from './errors.js';
import { Index, type IndexSpec, duplicateKeyError, identicalOptions, sameKey, sameOptions } from './indexes.js';
import { type Doc, bsonTypeOf, deepFreeze, isPlainObject, keyOf } from './values.js';

export const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

export class Collection {
  readonly db: string;
  name: string;
  options: Doc;
  readonly uuid: Binary;
  readonly docs = new Map<string, Doc>();
  #indexes: Index[] = [new Index(ID_INDEX_SPEC)];
  #secondary: Index[] = [];

  constructor(db: string, name: string, options: Doc = {}, uuid?: Binary) {
    this.db = db;
    this.name = name;
    this.options = options;
    this.uuid = uuid ?? new UUID();
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  /** All indexes, _id_ first. */
  get indexes(): Index[] {
    return this.#indexes;
  }

  set indexes(list: Index[]) {
    this.#indexes = list;
    this.#secondary = list.slice(1);
  }

  /** The indexes other than _id_. */
  get secondary(): Index[] {
    return this.#secondary;
  }

  getById(id: unknown): Doc | undefined {
    return this.docs.get(keyOf(id));
  }

  /** Adds a new document (with _id). Throws E11000 on a duplicate _id or unique key. */
  insert(doc: Doc): Doc {
    const id = keyOf(doc._id);
    if (this.docs.has(id)) throw duplicateKeyError(this.ns, this.indexes[0], [doc._id]);
    const frozen = deepFreeze(doc);
    const entries = this.secondary.map((ix) => ix.entryFor(frozen));
    for (const [i, ix] of this.secondary.entries()) ix.check(this.ns, id, entries[i]);
    for (const [i, ix] of this.secondary.entries()) ix.add(id, entries[i]);
    this.docs.set(id, frozen);
    return frozen;
  }

  /** Replaces a stored document by a new version with the same _id. */
  replace(old: Doc, next: Doc): Doc {
    const id = keyOf(old._id);
    const frozen = deepFreeze(next);
    const oldEntries = this.secondary.map((ix) => ix.entryFor(old));
    const newEntries = this.secondary.map((ix) => ix.entryFor(frozen));
    for (const [i, ix] of this.secondary.entries()) ix.check(this.ns, id, newEntries[i]);
    this.secondary.forEach((ix, i) => {
      ix.remove(id, oldEntries[i]);
      ix.add(id, newEntries[i]);
    });
    this.docs.set(id, frozen);
    return frozen;
  }

  /** Inserts or replaces without unique checks (journal replay trusts its records). */
  put(doc: Doc): void {
    const existing = this.docs.get(keyOf(doc._id));
    if (existing) this.replaceUnchecked(existing, doc);
    else {
      const id = keyOf(doc._id);
      const frozen = deepFreeze(doc);
      for (const ix of this.secondary) ix.add(id, ix.entryFor(frozen));
      this.docs.set(id, frozen);
    }
  }

  private replaceUnchecked(old: Doc, next: Doc): void {
    const id = keyOf(old._id);
    const frozen = deepFreeze(next);
    for (const ix of this.secondary) {
      ix.remove(id, ix.entryFor(old));
      ix.add(id, ix.entryFor(frozen));
    }
    this.docs.set(id, frozen);
  }

  remove(doc: Doc): void {
    const id = keyOf(doc._id);
    for (const ix of this.secondary) ix.remove(id, ix.entryFor(doc));
    this.docs.delete(id);
  }

  clear(): void {
    this.docs.clear();
    for (const ix of this.indexes) ix.clear();
  }

  findIndex(name: string): Index | undefined {
    return this.indexes.find((ix) => ix.name === name);
  }

  /**
   * Adds an index, building it over existing documents. Returns false when an identical index
   * exists already. Throws 85/86 on conflicts and E11000 when existing documents break a
   * unique index.
   */
  addIndex(spec: IndexSpec): boolean {
    for (const ix of this.indexes) {
      const same = sameKey(ix.spec, spec);
      if (same && ix.isId) return false;
      if (ix.name === spec.name) {
        if (!same || !sameOptions(ix.spec, spec)) {
          throw new MongoError(
            86,
            `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${describe(spec)}, existing index: ${describe(ix.spec)}`,
          );
        }
        if (ix.isId || identicalOptions(ix.spec, spec)) return false;
        throw new MongoError(
          85,
          `An equivalent index already exists with the same name but different options. Requested index: ${describe(spec)}, existing index: ${describe(ix.spec)}`,
        );
      }
      if (same && sameOptions(ix.spec, spec)) {
        throw new MongoError(85, `Index already exists with a different name: ${ix.name}`);
      }
      if (same && !ix.spec.partialFilterExpression && !spec.partialFilterExpression) {
        throw new MongoError(
          85,
          `An equivalent index already exists with the same key pattern but different options. Requested index: ${describe(spec)}, existing index: ${describe(ix.spec)}`,
        );
      }
    }
    const index = new Index(spec);
    for (const [id, doc] of this.docs) {
      const entry = index.entryFor(doc);
      index.check(this.ns, id, entry);
      index.add(id, entry);
    }
    this.indexes = [...this.indexes, index];
    return true;
  }

  dropIndex(name: string): void {
    this.indexes = this.indexes.filter((ix) => ix.name !== name);
  }

  /**
   * Documents that may match `filter`, using _id or an index for top-level equality
   * conditions; null when the whole collection must be scanned.
   */
  candidates(filter: Doc): Doc[] | null {
    // Size up every usable index's postings first and materialize only the smallest set: a
    // feed filter names a broad multikey field (thousands of ids) beside narrow ones.
    let best: { size: number; ids: Iterable<string>[] } | null = null;
    const consider = (ids: Iterable<string>[]) => {
      let size = 0;
      for (const list of ids) size += sizeOf(list);
      if (best === null || size < best.size) best = { size, ids };
    };
    const visit = (conds: Doc) => {
      for (const field of Object.keys(conds)) {
        const cond = conds[field];
        if (field === '$and' && Array.isArray(cond)) {
          for (const c of cond) if (isPlainObject(c)) visit(c);
          continue;
        }
        if (field.startsWith('$')) continue;
        const values = equalityValues(cond);
        if (!values) continue;
        if (field === '_id') {
          consider([values.map((v) => keyOf(v))]);
          continue;
        }
        const index = this.secondary.find((ix) => ix.servesEquality(field));
        if (!index) continue;
        consider(values.map((v) => index.lookup(v)));
      }
    };
    visit(filter);
    if (best === null) return null;
    const seen = new Set<string>();
    const docs: Doc[] = [];
    for (const list of (best as { ids: Iterable<string>[] }).ids) {
      for (const id of list) {
        if (seen.has(id)) continue;
        seen.add(id);
        const d = this.docs.get(id);
        if (d) docs.push(d);
      }
    }
    return docs;
  }
}

/** Scalar values a condition requires by equality ({f: v}, {f: {$eq: v}}, {f: {$in: [...]}}). */
function equalityValues(cond: unknown): unknown[] | null {
  if (isIndexableScalar(cond)) return [cond];
  if (!isPlainObject(cond)) return null;
  const keys = Object.keys(cond);
  if (keys.length !== 1) return null;
  if (keys[0] === '$eq' && isIndexableScalar(cond.$eq)) return [cond.$eq];
  if (keys[0] === '$in' && Array.isArray(cond.$in) && cond.$in.length <= 1000 && cond.$in.every(isIndexableScalar))
    return cond.$in;
  return null;
}

function isIndexableScalar(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  const t = typeof v;
  if (t === 'string' || t === 'number' || t === 'boolean') return true;
  if (v instanceof Date) return true;
  const b = bsonTypeOf(v);
  return b === 'ObjectId' || b === 'Long' || b === 'Double' || b === 'Decimal128' || b === 'Int32' || b === 'Binary';
}

function describe(spec: IndexSpec): string {
  return JSON.stringify(spec);
}

function sizeOf(ids: Iterable<string>): number {
  if (Array.isArray(ids)) return ids.length;
  if (ids instanceof Set) return ids.size;
  let n = 0;
  for (const _ of ids) n++;
  return n;
}
