import SearchableMap from 'minisearch/SearchableMap';

/**
 * A map from words to values that can also be walked by prefix and searched with typos:
 * minisearch's radix tree (SearchableMap) for those, and a plain hash map beside it for
 * exact lookups, which are most lookups and several times cheaper than a tree walk.
 */
export class PrefixMap<V> {
  private readonly hash = new Map<string, V>();
  private readonly tree = new SearchableMap<V>();

  get size(): number {
    return this.hash.size;
  }

  get(key: string): V | undefined {
    return this.hash.get(key);
  }

  has(key: string): boolean {
    return this.hash.has(key);
  }

  set(key: string, value: V): void {
    if (this.hash.get(key) !== value || !this.hash.has(key)) this.tree.set(key, value);
    this.hash.set(key, value);
  }

  delete(key: string): void {
    if (this.hash.delete(key)) this.tree.delete(key);
  }

  /** Every entry whose key starts with `prefix` (the key itself included). */
  atPrefix(prefix: string): Iterable<[string, V]> {
    return this.tree.atPrefix(prefix);
  }

  /** Every entry within `maxEdits` Levenshtein edits of `key`, with its distance. */
  fuzzyGet(key: string, maxEdits: number): Map<string, [V, number]> {
    return this.tree.fuzzyGet(key, maxEdits);
  }
}
