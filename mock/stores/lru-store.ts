/**
 * The mock's state is kept in stores capped by entry count and by bytes, forgetting the least recently used entry
 * first, so a long-running or attacked mock keeps bounded memory. Every store (files, stored responses, deferred
 * completions, video jobs, fault budgets) is one of these with its own `sizeOf`.
 */

export interface StoreLimits {
  /** Most entries kept. */
  maxEntries: number;
  /** Most bytes kept, as the store's `sizeOf` counts them (a file's bytes; the JSON text of other entries). */
  maxBytes: number;
}

/** The size of a JSON-like value as the length of its JSON text: cheap, and proportional to what it holds. */
export const jsonSize = (value: unknown): number => JSON.stringify(value)?.length ?? 0;

export class LruStore<V> {
  // A Map iterates in insertion order; re-inserting an entry on use keeps the least recently used first.
  readonly #entries = new Map<string, { value: V; size: number }>();
  #bytes = 0;

  constructor(
    private readonly limits: StoreLimits,
    private readonly sizeOf: (value: V, key: string) => number,
  ) {}

  /** The value, which becomes the most recently used. */
  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /**
   * Keep `value` as the most recently used, forgetting the least recently used entries until both limits hold.
   * An entry larger than `maxBytes` on its own is not kept (and nothing is forgotten for it): returns false.
   */
  set(key: string, value: V): boolean {
    const size = this.sizeOf(value, key);
    this.delete(key);
    if (size > this.limits.maxBytes) return false;
    this.#entries.set(key, { value, size });
    this.#bytes += size;
    while (this.#entries.size > this.limits.maxEntries || this.#bytes > this.limits.maxBytes) {
      this.delete(this.#entries.keys().next().value as string);
    }
    return true;
  }

  delete(key: string): boolean {
    const entry = this.#entries.get(key);
    if (!entry) return false;
    this.#entries.delete(key);
    this.#bytes -= entry.size;
    return true;
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  /** Every value, least recently used first, without counting as a use. */
  *values(): IterableIterator<V> {
    for (const entry of this.#entries.values()) yield entry.value;
  }
}
