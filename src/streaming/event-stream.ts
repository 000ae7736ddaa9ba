import { APIConnectionTimeoutError, APIUserAbortError, StreamTruncatedError, XaiError } from "../core/errors.ts";
import { type ModelResult, outputText } from "../output/text.ts";
import { STREAM_END, type StreamDialect } from "./dialects.ts";
import { type ServerSentEvent, SSEDecoder } from "./sse-decoder.ts";

/** Builds the final result from the events seen so far. */
export interface Accumulator<Event, Final> {
  add(event: Event): void;
  snapshot(): Final | undefined;
}

type Outcome = { ok: true } | { ok: false; error: unknown };

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * A streamed API response: an async iterable of typed events, iterable once.
 *
 * - Each event is yielded as soon as the body chunk completing it arrives.
 * - Leaving the loop early (`break`, `return`, a throw in the loop body) or calling `abort()` aborts the HTTP request,
 *   closing the connection.
 * - An error event throws the same `APIError` subclass the failure would get as an HTTP status; a body that ends
 *   before the terminal event throws `StreamTruncatedError`; malformed event JSON throws `StreamParseError`.
 * - `final()` resolves to the accumulated result, consuming the rest of the stream if nobody is iterating it.
 *
 * The iterator is written by hand rather than as an async generator: events already decoded from a chunk are handed
 * out with one resolved promise each, which keeps per-event overhead well below the JSON parsing it follows.
 */
export class EventStream<Event, Final> implements AsyncIterable<Event> {
  readonly #body: ReadableStream<Uint8Array> | null;
  readonly #dialect: StreamDialect<Event>;
  readonly #accumulator: Accumulator<Event, Final>;
  readonly #decoder = new SSEDecoder();
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  /** Events of the last chunk; `#next` is the first not yet handed out. Decoded lazily, in order. */
  #pending: readonly ServerSentEvent[] = [];
  #next = 0;
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

  [Symbol.asyncIterator](): AsyncIterator<Event, undefined> {
    if (this.#started) {
      throw new XaiError("This stream has already been iterated; a stream can be consumed only once");
    }
    this.#started = true;
    if (!this.#abortedByConsumer) this.#reader = this.#body?.getReader();
    return {
      next: () => this.#nextEvent(),
      return: () => {
        // Left early (break, return, throw in the loop body): close the connection.
        return Promise.resolve(this.#endQuietly());
      },
    };
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
    if (result === undefined) throw new XaiError("The stream completed without any event to build a result from");
    return result;
  }

  /** The final result's text (see `outputText`): the answer without the rest of the stream's bookkeeping. */
  finalText(this: EventStream<Event, ModelResult>): Promise<string> {
    return this.final().then(outputText);
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

  #nextEvent(): Promise<IteratorResult<Event, undefined>> {
    if (this.#outcome) return Promise.resolve(DONE);
    if (this.#next < this.#pending.length) {
      try {
        return Promise.resolve(this.#take(this.#pending[this.#next++]!));
      } catch (error) {
        return Promise.reject(this.#fail(error));
      }
    }
    return this.#read();
  }

  /** Reads chunks until one completes an event (or the body ends), then hands out the first of its events. */
  async #read(): Promise<IteratorResult<Event, undefined>> {
    const reader = this.#reader;
    for (;;) {
      if (!reader) {
        if (this.#abortedByConsumer) return this.#endQuietly();
        throw this.#fail(this.#truncated());
      }
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (this.#abortedByConsumer || this.#outcome) return this.#endQuietly();
        throw this.#fail(
          error instanceof APIUserAbortError || error instanceof APIConnectionTimeoutError
            ? error
            : this.#truncated({ cause: error }),
        );
      }
      if (this.#outcome || (chunk.done && this.#abortedByConsumer)) return this.#endQuietly();
      // Every line break is acted on as it arrives; an event the body ends before its blank line is discarded.
      if (chunk.done) throw this.#fail(this.#truncated());
      try {
        this.#pending = this.#decoder.push(chunk.value);
        this.#next = 0;
        if (this.#pending.length > 0) return this.#take(this.#pending[this.#next++]!);
      } catch (error) {
        throw this.#fail(error);
      }
    }
  }

  /** Decodes one SSE event into the iterator result; the terminal marker or event completes the stream. */
  #take(sse: ServerSentEvent): IteratorResult<Event, undefined> {
    const event = this.#dialect.decode(sse, this.response.headers);
    if (event === STREAM_END) {
      this.#settle({ ok: true });
      return DONE;
    }
    this.#accumulator.add(event);
    if (this.#dialect.isTerminal(event)) this.#settle({ ok: true });
    return { done: false, value: event };
  }

  #truncated(options?: { cause: unknown }): StreamTruncatedError {
    return new StreamTruncatedError(this.#dialect.terminal, this.#decoder.eventCount, this.#decoder.bytesRead, options);
  }

  #fail(error: unknown): unknown {
    this.#settle({ ok: false, error });
    return error;
  }

  #endQuietly(): IteratorReturnResult<undefined> {
    this.#settle({ ok: false, error: new APIUserAbortError("stream closed before its terminal event") });
    return DONE;
  }

  /** Records how the stream ended (first call wins) and releases the body: closes the connection if bytes remain. */
  #settle(outcome: Outcome): void {
    if (this.#outcome) return;
    this.#outcome = outcome;
    this.#pending = [];
    this.#reader?.cancel().catch(() => {});
    for (const resolve of this.#waiters.splice(0)) resolve(outcome);
  }
}
