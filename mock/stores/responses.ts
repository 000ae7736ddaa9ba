/** Responses created with `store` (the API's default): GET returns them, DELETE removes them. */
import { jsonSize, LruStore, type StoreLimits } from "./lru-store.ts";

export class StoredResponses {
  readonly #responses: LruStore<unknown>;

  constructor(limits: StoreLimits) {
    this.#responses = new LruStore(limits, jsonSize);
  }

  save(id: string, response: unknown): void {
    this.#responses.set(id, response);
  }

  get(id: string): unknown {
    return this.#responses.get(id);
  }

  delete(id: string): boolean {
    return this.#responses.delete(id);
  }

  clear(): void {
    this.#responses.clear();
  }
}
