import { APIConnectionTimeoutError, APIUserAbortError, StreamTruncatedError, XaiError } from "../core/errors.ts";
import { DEFAULT_MAX_RESPONSE_BYTES } from "../core/state.ts";
import { type ModelResult, outputText } from "../output/text.ts";
import type { DecodeContext } from "./dialects.ts";
import { GuardedBody } from "./guarded-body.ts";
import type { ServerSentEvent } from "./sse-decoder.ts";
import type { StreamKit } from "./stream-kits.ts";

/**
 * Loads a stream's kit (`import()` of ./stream-kits.ts) for events of at most `maxEventBytes`. The load starts when
 * the stream is created, and the first event waits for it.
 */
export type StreamKitLoader<Event, Final> = (maxEventBytes: number) => Promise<StreamKit<Event, Final>>;

/** Where an event stream reads its bytes: a guarded body from the client, or any stream's reader. */
type ChunkSource = Pick<ReadableStreamDefaultReader<Uint8Array>, "read" | "cancel">;

type Outcome = { ok: true } | { ok: false; error: unknown };

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * A streamed API response: an async iterable of typed events, iterable once.
 *
 * - Each event is yielded as soon as the body chunk completing it arrives.
 * - Leaving the loop early (`break`, `return`, a throw in the loop body) or calling `abort()` aborts the HTTP request,
 *   closing the connection; `abort()` and the call's signal also stop delivery at once, events already received
 *   included.
 * - An error event throws the same `APIError` subclass the failure would get as an HTTP status; a body that ends
 *   before the terminal event throws `StreamTruncatedError`; malformed event JSON throws `StreamParseError`; events
 *   out of protocol order throw `StreamProtocolError`; an event larger than `maxResponseBytes` throws
 *   `ResponseTooLargeError`. Their messages never carry the client's credentials.
 * - `final()` resolves to the accumulated result, consuming the rest of the stream if nobody is iterating it.
 *
 * The iterator is written by hand rather than as an async generator: events already decoded from a chunk are handed
 * out with one resolved promise each, which keeps per-event overhead well below the JSON parsing it follows.
 */
export class EventStream<Event, Final> implements AsyncIterable<Event> {
  readonly #body: GuardedBody | ReadableStream<Uint8Array> | null;
  #kit: StreamKit<Event, Final> | undefined;
  readonly #loading: Promise<unknown>;
  readonly #context: DecodeContext;
  #source: ChunkSource | undefined;
  /** Events of the last chunk; `#next` is the first not yet handed out. Decoded lazily, in order. */
  #pending: readonly ServerSentEvent[] = [];
  #next = 0;
  #started = false;
  #outcome: Outcome | undefined;
  readonly #waiters: Array<(outcome: Outcome) => void> = [];

  constructor(
    /** The HTTP response (status, headers). */
    readonly response: Response,
    kit: StreamKitLoader<Event, Final>,
    /**
     * The event-stream body: the client's guarded body, or by default `response.body` (cancelling it must abort the
     * request).
     */
    body: GuardedBody | ReadableStream<Uint8Array> | null = response.body,
  ) {
    this.#body = body;
    const guarded = body instanceof GuardedBody ? body : undefined;
    this.#context = { headers: response.headers, redact: guarded?.redact ?? ((text) => text) };
    this.#loading = kit(guarded?.maxEventBytes ?? DEFAULT_MAX_RESPONSE_BYTES).then(
      (loaded) => {
        this.#kit = loaded;
      },
      (cause: unknown) => {
        // E.g. a browser that cannot fetch the lazily loaded chunk.
        throw new XaiError(`Could not load the stream decoding code: ${String((cause as Error)?.message ?? cause)}`, {
          cause,
        });
      },
    );
    // A failed load is reported by the first next() or final(); until then it must not count as unhandled.
    this.#loading.catch(() => {});
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
    const body = this.#body;
    if (!this.#outcome) this.#source = body instanceof GuardedBody ? body : body?.getReader();
    return {
      next: () => this.#nextEvent(),
      // Left early (break, return, throw in the loop body): close the connection.
      return: () => Promise.resolve(this.#endQuietly()),
    };
  }

  /** Stop reading and close the connection. Nothing more is delivered, not even events already received. */
  abort(): void {
    this.#endQuietly();
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
    const result = this.#kit?.accumulator.snapshot();
    if (result === undefined) throw new XaiError("The stream completed without any event to build a result from");
    return result;
  }

  /** The final result's text (see `outputText`): the answer without the rest of the stream's bookkeeping. */
  finalText(this: EventStream<Event, ModelResult>): Promise<string> {
    return this.final().then(outputText);
  }

  /** The result accumulated so far, or undefined before the first event that carries one. */
  snapshot(): Final | undefined {
    return this.#kit?.accumulator.snapshot();
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
    // Once the request is aborted (the call's signal), events already received are not handed out: the read fails.
    if (this.#next < this.#pending.length && !(this.#body instanceof GuardedBody && this.#body.aborted)) {
      try {
        return Promise.resolve(this.#take(this.#pending[this.#next++]!));
      } catch (error) {
        return Promise.reject(this.#fail(error));
      }
    }
    return this.#read();
  }

  /**
   * Reads chunks until one completes an event (or the body ends), then hands out the first of its events. The first
   * read does not wait for the kit to load: bytes that arrived are taken off the connection at once.
   */
  async #read(): Promise<IteratorResult<Event, undefined>> {
    const source = this.#source;
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array> | undefined;
      let failed = false;
      let failure: unknown;
      try {
        chunk = await source?.read();
      } catch (error) {
        failed = true;
        failure = error;
      }
      try {
        if (!this.#kit) await this.#loading;
      } catch (error) {
        throw this.#fail(error);
      }
      if (this.#outcome) return DONE;
      if (failed) {
        const typed = failure instanceof APIUserAbortError || failure instanceof APIConnectionTimeoutError;
        throw this.#fail(typed ? failure : this.#truncated({ cause: failure }));
      }
      // Every line break is acted on as it arrives; an event the body ends before its blank line is discarded.
      if (!chunk || chunk.done) throw this.#fail(this.#truncated());
      try {
        this.#pending = this.#kit!.decoder.push(chunk.value);
        this.#next = 0;
        if (this.#pending.length > 0) return this.#take(this.#pending[this.#next++]!);
      } catch (error) {
        throw this.#fail(error);
      }
    }
  }

  /** Decodes one SSE event into the iterator result; the terminal marker or event completes the stream. */
  #take(sse: ServerSentEvent): IteratorResult<Event, undefined> {
    const { dialect, accumulator } = this.#kit!;
    const event = dialect.decode(sse, this.#context);
    if (event === undefined) {
      this.#settle({ ok: true });
      return DONE;
    }
    accumulator.add(event);
    if (dialect.isTerminal(event)) this.#settle({ ok: true });
    return { done: false, value: event };
  }

  #truncated(options?: { cause: unknown }): StreamTruncatedError {
    const { dialect, decoder } = this.#kit!;
    return new StreamTruncatedError(dialect.terminal, decoder.eventCount, decoder.bytesRead, options);
  }

  #fail(error: unknown): unknown {
    this.#settle({ ok: false, error });
    return error;
  }

  #endQuietly(): IteratorReturnResult<undefined> {
    this.#settle({ ok: false, error: new APIUserAbortError("stream closed before its terminal event") });
    return DONE;
  }

  /**
   * Records how the stream ended (first call wins), drops the events not yet handed out and releases the body:
   * closes the connection if bytes remain.
   */
  #settle(outcome: Outcome): void {
    if (this.#outcome) return;
    this.#outcome = outcome;
    this.#pending = [];
    (this.#source ?? this.#body)?.cancel().catch(() => {});
    for (const resolve of this.#waiters.splice(0)) resolve(outcome);
  }
}
