/** How often each keyed fault has fired, so `x-mock-fault-times` can let later attempts through. */
import { LruStore, type StoreLimits } from "./lru-store.ts";

export class FaultBudgets {
  readonly #fired: LruStore<number>;

  constructor(limits: StoreLimits) {
    this.#fired = new LruStore(limits, (_count, key) => key.length + 8);
  }

  /** True when a fault allowed `times` firings under `key` should fire now (and records that it did). */
  take(key: string, times: number): boolean {
    const fired = this.#fired.get(key) ?? 0;
    if (fired >= times) return false;
    this.#fired.set(key, fired + 1);
    return true;
  }

  clear(): void {
    this.#fired.clear();
  }
}
