/**
 * Responses created with `store` (the API's default): GET returns them, DELETE removes them, and the input items of
 * the request that created each are listed from here.
 */
import { jsonSize, LruStore, type StoreLimits } from "./lru-store.ts";

interface Stored {
  response: unknown;
  /** The request's input items, each with the `id` the input-items list gives it. */
  input: Record<string, unknown>[];
}

export class StoredResponses {
  readonly #responses: LruStore<Stored>;

  constructor(limits: StoreLimits) {
    this.#responses = new LruStore<Stored>(limits, jsonSize);
  }

  save(id: string, response: unknown, input: Record<string, unknown>[] = []): void {
    this.#responses.set(id, { response, input });
  }

  get(id: string): unknown {
    return this.#responses.get(id)?.response;
  }

  inputItems(id: string): Record<string, unknown>[] | undefined {
    return this.#responses.get(id)?.input;
  }

  delete(id: string): boolean {
    return this.#responses.delete(id);
  }

  clear(): void {
    this.#responses.clear();
  }
}
