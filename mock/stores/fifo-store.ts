import type { StoreLimits } from "./lru-store.ts";

/**
 * Values capped by count and by bytes, the oldest forgotten first: what the journal keeps. An array, not an
 * `LruStore`'s Map: nothing is looked up by key or moved on use, and a full store forgets one value per value added.
 */
export class FifoStore<V> {
  /** Oldest first, from `#first` on: those before it are forgotten, and dropped from the array in bulk. */
  #items: { value: V; size: number }[] = [];
  #first = 0;
  #bytes = 0;

  constructor(private readonly limits: StoreLimits) {}

  /** Keep `value`, which counts `size` bytes; one larger than `maxBytes` on its own is not kept (returns false). */
  push(value: V, size: number): boolean {
    if (size > this.limits.maxBytes) return false;
    this.#items.push({ value, size });
    this.#bytes += size;
    while (this.size > this.limits.maxEntries || this.#bytes > this.limits.maxBytes) {
      this.#bytes -= this.#items[this.#first++]!.size;
    }
    if (this.#first > 1_024 && this.#first * 2 > this.#items.length) this.#keep(this.#items.slice(this.#first));
    return true;
  }

  get size(): number {
    return this.#items.length - this.#first;
  }

  /** Every value, oldest first. */
  *values(): IterableIterator<V> {
    for (let i = this.#first; i < this.#items.length; i++) yield this.#items[i]!.value;
  }

  /** Forget the values `doomed` picks (every value without one); returns how many. */
  remove(doomed?: (value: V) => boolean): number {
    const before = this.size;
    this.#keep(doomed ? this.#items.slice(this.#first).filter((item) => !doomed(item.value)) : []);
    return before - this.size;
  }

  #keep(items: { value: V; size: number }[]): void {
    this.#items = items;
    this.#first = 0;
    this.#bytes = items.reduce((sum, item) => sum + item.size, 0);
  }
}
