/** Responses created with `store` (the API's default): GET returns them, DELETE removes them. */
import { BoundedMap } from "./bounded-map.ts";

export class StoredResponses {
  readonly #responses = new BoundedMap<string, unknown>(10_000);

  save(id: string, response: unknown): void {
    this.#responses.set(id, response);
  }

  get(id: string): unknown {
    return this.#responses.get(id);
  }

  delete(id: string): boolean {
    return this.#responses.delete(id);
  }
}
