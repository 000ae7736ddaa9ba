import { APIUserAbortError, XaiError } from "../core/errors.ts";
import { STREAM_END, type StreamDialect } from "./dialects.ts";
import { StreamTruncatedError } from "./errors.ts";
import { SSEDecoder } from "./sse-decoder.ts";

/** Builds the final result from the events seen so far. */
export interface Accumulator<Event, Final> {
  add(event: Event): void;
  snapshot(): Final | undefined;
}

type Outcome = { ok: true } | { ok: false; error: unknown };

/**
 * A streamed API response: an async iterable of typed events, iterable once.
 *
 * - Each event is yielded as soon as the body chunk completing it arrives.
 * - Leaving the loop early (`break`, `return`, a throw in the loop body) or calling `abort()` aborts the HTTP request,
 *   closing the connection.
 * - An error event throws the same `APIError` subclass the failure would get as an HTTP status; a body that ends
 *   before the terminal event throws `StreamTruncatedError`; malformed event JSON throws `StreamParseError`.
 * - `final()` resolves to the accumulated result, consuming the rest of the stream if nobody is iterating it.
 */
export class EventStream<Event, Final> implements AsyncIterable<Event> {
  readonly #body: ReadableStream<Uint8Array> | null;
  readonly #dialect: StreamDialect<Event>;
  readonly #accumulator: Accumulator<Event, Final>;
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  #started = false;
  #abortedByConsumer = false;
  #outcome: Outcome | undefined;
  readonly #waiters: Array<(outcome: Outcome) => void> = [];

  constructor(
    /** The HTTP response (status, headers). */
    readonly response: Response,
    dialect: StreamDialect<Event>,
    accumulator: Accumulator<Event, Final>,
    /** The event-stream body, by default `response.body`; cancelling it must abort the request. */
    body: ReadableStream<Uint8Array> | null = response.body,
  ) {
    this.#body = body;
    this.#dialect = dialect;
    this.#accumulator = accumulator;
  }

  /** The `x-request-id` response header, for support requests. */
  get requestId(): string | undefined {
    return this.response.headers.get("x-request-id") ?? undefined;
  }

  [Symbol.asyncIterator](): AsyncIterator<Event> {
    if (this.#started) {
      throw new XaiError("This stream has already been iterated; a stream can be consumed only once");
    }
    this.#started = true;
    return this.#events();
  }

  /** Stop reading and close the connection. An ongoing iteration ends quietly. */
  abort(): void {
    this.#abortedByConsumer = true;
    const cancelled = this.#reader ? this.#reader.cancel() : this.#body?.cancel();
    cancelled?.catch(() => {});
  }

  /** The accumulated result once the stream is complete; rejects with whatever ended the stream early. */
  async final(): Promise<Final> {
    if (!this.#started) {
      for await (const _ of this) {
        // Drain: the accumulator sees every event.
      }
    }
    const outcome = this.#outcome ?? (await new Promise<Outcome>((resolve) => this.#waiters.push(resolve)));
    if (!outcome.ok) throw outcome.error;
    const result = this.#accumulator.snapshot();
    if (result === undefined) throw new StreamTruncatedError(this.#dialect.terminal, 0, 0);
    return result;
  }

  /** The result accumulated so far, or undefined before the first event that carries one. */
  snapshot(): Final | undefined {
    return this.#accumulator.snapshot();
  }

  /**
   * The events as newline-delimited JSON bytes (one event per line), e.g. to relay to a browser.
   * Cancelling the readable stream aborts the request.
   */
  toReadableStream(): ReadableStream<Uint8Array> {
    const iterator = this[Symbol.asyncIterator]();
    const encoder = new TextEncoder();
    return new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          try {
            const { value, done } = await iterator.next();
            if (done) controller.close();
            else controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`));
          } catch (error) {
            controller.error(error);
          }
        },
        cancel: async () => {
          this.abort();
          await iterator.return?.();
        },
      },
      { highWaterMark: 0 },
    );
  }

  async *#events(): AsyncGenerator<Event, void, undefined> {
    const decoder = new SSEDecoder();
    let complete = false;
    let failure: unknown;
    const reader = this.#abortedByConsumer ? undefined : this.#body?.getReader();
    this.#reader = reader;
    try {
      if (this.#abortedByConsumer) return;
      if (!reader) throw new StreamTruncatedError(this.#dialect.terminal, 0, 0);
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          if (this.#abortedByConsumer) return;
          if (error instanceof APIUserAbortError) throw error;
          throw new StreamTruncatedError(this.#dialect.terminal, decoder.eventCount, decoder.bytesRead, {
            cause: error,
          });
        }
        if (chunk.done && this.#abortedByConsumer) return;
        const events = chunk.done ? decoder.end() : decoder.push(chunk.value);
        for (const sse of events) {
          const event = this.#dialect.decode(sse, this.response.headers);
          if (event === STREAM_END) {
            complete = true;
            return;
          }
          this.#accumulator.add(event);
          if (this.#dialect.isTerminal(event)) {
            complete = true;
            yield event;
            return;
          }
          yield event;
        }
        if (chunk.done) {
          throw new StreamTruncatedError(this.#dialect.terminal, decoder.eventCount, decoder.bytesRead);
        }
      }
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      // Early exit closes the connection; after the terminal event this releases whatever the server still sends.
      reader?.cancel().catch(() => {});
      this.#settle(
        complete
          ? { ok: true }
          : { ok: false, error: failure ?? new APIUserAbortError("stream closed before its terminal event") },
      );
    }
  }

  #settle(outcome: Outcome): void {
    this.#outcome = outcome;
    for (const resolve of this.#waiters.splice(0)) resolve(outcome);
  }
}
