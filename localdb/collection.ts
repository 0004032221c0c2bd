// One collection: documents by _id and its indexes (queries choose how to use them: planner.ts).
// Stored documents are frozen and never mutated: an update stores a new object. So readers may
// hold references (cursors, snapshots) without copying.
import { type Binary, UUID } from 'bson';
import { MongoError } from './errors.js';
import { Index, type IndexSpec, duplicateKeyError, identicalOptions, sameKey, sameOptions } from './indexes.js';
import { type Doc, deepFreeze, keyOf } from './values.js';

export const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

export class Collection {
  readonly db: string;
  name: string;
  options: Doc;
  readonly uuid: Binary;
  readonly docs = new Map<string, Doc>();
  #indexes: Index[] = [new Index(ID_INDEX_SPEC)];
  #secondary: Index[] = [];
  /** Documents were put() without index upkeep (a replay): indexes are rebuilt before use. */
  #stale = false;

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
    this.#freshen();
    return this.#indexes;
  }

  set indexes(list: Index[]) {
    this.#indexes = list;
    this.#secondary = list.slice(1);
  }

  /** The indexes other than _id_. */
  get secondary(): Index[] {
    this.#freshen();
    return this.#secondary;
  }

  /** Builds the indexes once after a replay: sorting all keys at once beats inserting them one by one. */
  #freshen(): void {
    if (!this.#stale) return;
    this.#stale = false;
    for (const ix of this.#secondary) ix.build(this.ns, this.docs);
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
      // Most updates (a counter, a flag) leave most keys alone: walkers then keep their place.
      if (ix.sameEntry(oldEntries[i], newEntries[i])) return;
      ix.remove(id, oldEntries[i]);
      ix.add(id, newEntries[i]);
    });
    this.docs.set(id, frozen);
    return frozen;
  }

  /** Inserts or replaces without unique checks or index upkeep (journal replay trusts its records). */
  put(doc: Doc): void {
    this.docs.set(keyOf(doc._id), deepFreeze(doc));
    if (this.#secondary.length > 0) this.#stale = true;
  }

  remove(doc: Doc): void {
    const id = keyOf(doc._id);
    if (!this.#stale) for (const ix of this.#secondary) ix.remove(id, ix.entryFor(doc));
    this.docs.delete(id);
  }

  clear(): void {
    this.#stale = false;
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
    index.build(this.ns, this.docs);
    this.indexes = [...this.indexes, index];
    return true;
  }

  dropIndex(name: string): void {
    this.indexes = this.indexes.filter((ix) => ix.name !== name);
  }
}

function describe(spec: IndexSpec): string {
  return JSON.stringify(spec);
}
