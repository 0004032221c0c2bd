// The catalog: databases, collections, and every state change. Each change is also handed to
// the sink (the journal when there is a data directory) as an effect record, synchronously and
// in order; commit() resolves when everything recorded so far is durable.
import type { Binary } from 'bson';
import { Collection } from './collection.js';
import { MongoError } from './errors.js';
import type { IndexSpec } from './indexes.js';
import { type Doc, isPlainObject, keyOf } from './values.js';

export interface StoreSink {
  put(ns: string, doc: Doc): void;
  del(ns: string, id: unknown): void;
  meta(record: Doc): void;
  commit(): Promise<void>;
}

export function validateDbName(db: unknown): string {
  if (typeof db !== 'string' || db === '' || /[/\\. "$\0]/.test(db) || db.length > 63) {
    throw new MongoError(73, `Invalid database name: '${String(db)}'`);
  }
  return db;
}

export function validateCollName(name: unknown): string {
  if (typeof name !== 'string' || name === '' || name.includes('$') || name.includes('\0') || name.startsWith('.')) {
    throw new MongoError(73, `Invalid collection name: ${String(name)}`);
  }
  return name;
}

export class Store {
  readonly dbs = new Map<string, Map<string, Collection>>();
  sink: StoreSink | null = null;

  collection(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  collections(db: string): Collection[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  /** The collection, created implicitly (as MongoDB does on first write or index). */
  ensureCollection(db: string, name: string): Collection {
    return this.collection(db, name) ?? this.createCollection(db, name, {});
  }

  createCollection(db: string, name: string, options: Doc): Collection {
    validateDbName(db);
    validateCollName(name);
    if (this.collection(db, name)) throw new MongoError(48, `Collection ${db}.${name} already exists.`);
    const coll = this.#addCollection(db, name, options);
    this.sink?.meta({ op: 'create', db, coll: name, options, uuid: coll.uuid });
    return coll;
  }

  #addCollection(db: string, name: string, options: Doc, uuid?: Binary): Collection {
    let colls = this.dbs.get(db);
    if (!colls) this.dbs.set(db, (colls = new Map()));
    const coll = new Collection(db, name, options, uuid);
    colls.set(name, coll);
    return coll;
  }

  dropCollection(db: string, name: string): Collection | undefined {
    const coll = this.collection(db, name);
    if (!coll) return undefined;
    this.dbs.get(db)!.delete(name);
    if (this.dbs.get(db)!.size === 0) this.dbs.delete(db);
    this.sink?.meta({ op: 'drop', db, coll: name });
    return coll;
  }

  dropDatabase(db: string): void {
    if (!this.dbs.has(db)) return;
    this.dbs.delete(db);
    this.sink?.meta({ op: 'dropDatabase', db });
  }

  renameCollection(db: string, from: string, toDb: string, to: string, dropTarget: boolean): void {
    validateDbName(toDb);
    validateCollName(to);
    const source = this.collection(db, from);
    if (!source) throw new MongoError(26, 'Source collection does not exist');
    if (this.collection(toDb, to)) {
      if (!dropTarget) throw new MongoError(48, 'target namespace exists');
      this.dropCollection(toDb, to);
    }
    this.dbs.get(db)!.delete(from);
    if (this.dbs.get(db)!.size === 0) this.dbs.delete(db);
    const target = this.#addCollection(toDb, to, source.options, source.uuid);
    target.indexes = source.indexes;
    for (const [id, doc] of source.docs) target.docs.set(id, doc);
    this.sink?.meta({ op: 'rename', db, coll: from, toDb, to });
  }

  createIndex(coll: Collection, spec: IndexSpec): boolean {
    const created = coll.addIndex(spec);
    if (created) this.sink?.meta({ op: 'createIndex', db: coll.db, coll: coll.name, spec });
    return created;
  }

  dropIndex(coll: Collection, name: string): void {
    coll.dropIndex(name);
    this.sink?.meta({ op: 'dropIndex', db: coll.db, coll: coll.name, name });
  }

  insertDoc(coll: Collection, doc: Doc): Doc {
    const stored = coll.insert(doc);
    this.sink?.put(coll.ns, stored);
    return stored;
  }

  replaceDoc(coll: Collection, old: Doc, next: Doc): Doc {
    const stored = coll.replace(old, next);
    this.sink?.put(coll.ns, stored);
    return stored;
  }

  deleteDoc(coll: Collection, doc: Doc): void {
    coll.remove(doc);
    this.sink?.del(coll.ns, doc._id);
  }

  /** Resolves when every change made so far is durable. */
  commit(): Promise<void> {
    return this.sink ? this.sink.commit() : Promise.resolve();
  }

  // ---- replay (no journaling) ----

  applyPut(ns: string, doc: Doc): void {
    const [db, name] = splitNs(ns);
    (this.collection(db, name) ?? this.#addCollection(db, name, {})).put(doc);
  }

  applyDel(ns: string, id: unknown): void {
    const [db, name] = splitNs(ns);
    const coll = this.collection(db, name);
    const doc = coll?.docs.get(keyOf(id));
    if (coll && doc) coll.remove(doc);
  }

  applyMeta(m: Doc): void {
    const db = String(m.db);
    const name = String(m.coll);
    const sink = this.sink;
    this.sink = null;
    try {
      switch (m.op) {
        case 'create':
          if (!this.collection(db, name))
            this.#addCollection(db, name, isPlainObject(m.options) ? m.options : {}, m.uuid as Binary);
          break;
        case 'drop':
          this.dropCollection(db, name);
          break;
        case 'dropDatabase':
          this.dropDatabase(db);
          break;
        case 'rename':
          this.renameCollection(db, name, String(m.toDb), String(m.to), true);
          break;
        case 'createIndex': {
          const coll = this.collection(db, name) ?? this.#addCollection(db, name, {});
          const spec = m.spec as IndexSpec;
          if (!coll.findIndex(spec.name)) coll.addIndex(spec);
          break;
        }
        case 'dropIndex':
          this.collection(db, name)?.dropIndex(String(m.name));
          break;
      }
    } finally {
      this.sink = sink;
    }
  }
}

export function splitNs(ns: string): [string, string] {
  const dot = ns.indexOf('.');
  return [ns.slice(0, dot), ns.slice(dot + 1)];
}
