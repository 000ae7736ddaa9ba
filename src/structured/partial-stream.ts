import type { EventStream } from "../streaming/event-stream.ts";
import { completePartialJson } from "./partial-json.ts";
import type { DeepPartial } from "./types.ts";

/**
 * What `parse({ …, stream: true })` resolves to: iterating it yields the structured output as it arrives — a new,
 * deeper partial object each time an event completes more of it (strings grow as they stream; numbers and keys
 * appear once complete) — and `final()` gives the validated result. Like every stream, it can be iterated once;
 * `break` closes the connection.
 */
export class PartialObjectStream<T, Result> implements AsyncIterable<DeepPartial<T>> {
  readonly #text: () => string;
  readonly #finish: () => Promise<Result>;

  constructor(
    /** The underlying event stream: `response`, `requestId`, `snapshot()`. Iterate this object instead of it. */
    readonly events: EventStream<unknown, unknown>,
    /** The answer's text so far. */
    text: () => string,
    /** The validated result once the stream has ended. */
    finish: () => Promise<Result>,
  ) {
    this.#text = text;
    this.#finish = finish;
  }

  get requestId(): string | undefined {
    return this.events.requestId;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<DeepPartial<T>, undefined> {
    let length = 0;
    let last: string | undefined;
    for await (const _ of this.events) {
      const text = this.#text();
      if (text.length === length) continue;
      length = text.length;
      const completed = completePartialJson(text);
      if (completed === undefined || completed === last) continue;
      last = completed;
      try {
        yield JSON.parse(completed);
      } catch {
        // Not JSON after all: final() reports it with the whole text.
      }
    }
    return undefined;
  }

  /** `{ parsed, response }` once the stream has ended (drains it if nobody iterates); throws like `parse`. */
  final(): Promise<Result> {
    return this.#finish();
  }

  /** Stop reading and close the connection. */
  abort(): void {
    this.events.abort();
  }
}
