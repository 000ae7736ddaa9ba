/**
 * A Map's keys from the oldest on, one per call, for a store that forgets its oldest entries. A Map keeps a deleted
 * entry's slot until it rehashes, so a fresh `map.keys().next()` walks every slot freed since: thousands, on every
 * eviction, in a full store. One iterator kept across calls resumes where the last call stopped instead (iteration
 * skips deleted entries and reaches entries added after it began).
 */
export class OldestKeys<K> {
  #keys: Iterator<K>;

  constructor(private readonly map: Map<K, unknown>) {
    this.#keys = map.keys();
  }

  /** The oldest key, which the caller deletes before asking again; undefined when the map is empty. */
  take(): K | undefined {
    let next = this.#keys.next();
    // An iterator that finished stays finished, whatever is added after.
    if (next.done) {
      this.#keys = this.map.keys();
      next = this.#keys.next();
    }
    return next.done ? undefined : next.value;
  }
}
