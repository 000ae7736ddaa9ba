import type { Exchange } from "../core/exchange.ts";
import type { Redact } from "../core/redact.ts";

/**
 * A streamed response body still under its request's guard, as a ReadableStream (what `files.content` and raw
 * `parseAs: "stream"` callers get) that can also be read chunk by chunk through `read()` without the stream
 * machinery's extra hop (what an event stream does). Each read is bounded by `idleMs` (the request's timeout), so a
 * stream that stalls fails instead of waiting forever; the caller's signal keeps aborting the request until the
 * body ends; cancelling aborts it; read failures surface as this client's errors. The request ends (deadline
 * cleared, signal released) when the body ends, fails or is cancelled.
 */
export class GuardedBody extends ReadableStream<Uint8Array> {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #exchange: Exchange;
  readonly #idleMs: number;
  /** Unblocks a pending read on abort, even when the body ignores the fetch's signal. */
  readonly #abortRead = () => {
    this.#reader.cancel().catch(() => {});
  };

  constructor(body: ReadableStream<Uint8Array>, exchange: Exchange, idleMs: number) {
    super(
      {
        pull: async (controller) => {
          const { done, value } = await this.read();
          if (done) controller.close();
          else controller.enqueue(value);
        },
        cancel: (reason) => this.#cancel(reason),
      },
      { highWaterMark: 0 },
    );
    exchange.stopTimer();
    this.#reader = body.getReader();
    this.#exchange = exchange;
    this.#idleMs = idleMs;
    exchange.signal.addEventListener("abort", this.#abortRead, { once: true });
  }

  /** True once the request was aborted (caller's signal, idle timeout or cancel): nothing more will be delivered. */
  get aborted(): boolean {
    return this.#exchange.aborted;
  }

  /** Scrubs the client's credentials from text built out of this body (e.g. an error event's message). */
  get redact(): Redact {
    return this.#exchange.redact;
  }

  /** The largest event a decoder of this body may buffer (the call's `maxResponseBytes`). */
  get maxEventBytes(): number {
    return this.#exchange.maxResponseBytes;
  }

  /** The next chunk, for a single consumer that reads this way instead of through `getReader()`. */
  async read(): Promise<ReadableStreamReadResult<Uint8Array>> {
    const exchange = this.#exchange;
    const { deadlines } = exchange.core;
    const idle = this.#idleMs === Number.POSITIVE_INFINITY ? undefined : deadlines.start(exchange, this.#idleMs);
    try {
      const result = await this.#reader.read();
      if (exchange.aborted) throw exchange.reason;
      if (result.done) this.#release();
      return result;
    } catch (cause) {
      this.#release();
      throw exchange.failure(cause, `Stream stalled: no data for ${this.#idleMs} ms (the request's timeout)`);
    } finally {
      deadlines.clear(idle);
    }
  }

  /** `cancel()`: aborts the request. */
  async #cancel(reason?: unknown): Promise<void> {
    this.#release();
    this.#exchange.abort(reason);
    await this.#reader.cancel(reason).catch(() => {});
  }

  #release(): void {
    this.#exchange.end();
    this.#exchange.signal.removeEventListener("abort", this.#abortRead);
  }
}
