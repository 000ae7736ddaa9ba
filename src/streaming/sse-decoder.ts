import { createParser, type EventSourceParser } from "eventsource-parser";

/** One server-sent event, with where in the body it was completed. */
export interface ServerSentEvent {
  /** The `event:` field; `undefined` means the default type `message`. */
  event: string | undefined;
  data: string;
  id: string | undefined;
  /** 1-based position of this event in the stream. */
  index: number;
  /** Byte range `[start, end)` of the body chunk whose bytes completed this event. */
  bytes: readonly [number, number];
}

/** Refuse to buffer a single event larger than this many characters: a runaway line must not exhaust memory. */
const MAX_EVENT_CHARS = 64 * 1024 * 1024;

/**
 * Incremental SSE decoder: push raw body chunks in, get the events they complete out.
 * UTF-8 sequences and `\r\n` pairs split across chunks are reassembled (TextDecoder in stream mode,
 * eventsource-parser for the line grammar).
 */
export class SSEDecoder {
  readonly #decoder = new TextDecoder();
  readonly #parser: EventSourceParser;
  #completed: ServerSentEvent[] = [];
  #chunkStart = 0;
  #chunkEnd = 0;
  #count = 0;
  #overflow: Error | undefined;
  #endsWithCR = false;

  constructor() {
    this.#parser = createParser({
      maxBufferSize: MAX_EVENT_CHARS,
      onEvent: (message) => {
        this.#completed.push({
          event: message.event,
          data: message.data,
          id: message.id,
          index: ++this.#count,
          bytes: [this.#chunkStart, this.#chunkEnd],
        });
      },
      onError: (error) => {
        // Unknown fields and bad `retry` values are ignored, as the SSE standard says; only overflow is fatal.
        if (error.type === "max-buffer-size-exceeded") this.#overflow = error;
      },
    });
  }

  /** Total bytes pushed so far. */
  get bytesRead(): number {
    return this.#chunkEnd;
  }

  /** Events received so far. */
  get eventCount(): number {
    return this.#count;
  }

  /** Feed one chunk; returns the events it completed, in order (possibly none). */
  push(chunk: Uint8Array): readonly ServerSentEvent[] {
    this.#chunkStart = this.#chunkEnd;
    this.#chunkEnd += chunk.byteLength;
    const text = this.#decoder.decode(chunk, { stream: true });
    if (text !== "") {
      this.#endsWithCR = text.charCodeAt(text.length - 1) === CR;
      this.#parser.feed(text);
    }
    return this.#take();
  }

  /** Flush at end of body. Per the SSE standard an event not followed by a blank line is discarded. */
  end(): readonly ServerSentEvent[] {
    this.#chunkStart = this.#chunkEnd;
    let rest = this.#decoder.decode();
    // The parser holds back a final `\r` in case `\n` follows; at end of body it is a complete line break.
    if (rest === "" ? this.#endsWithCR : rest.endsWith("\r")) rest += "\n";
    if (rest !== "") this.#parser.feed(rest);
    return this.#take();
  }

  #take(): readonly ServerSentEvent[] {
    if (this.#overflow) {
      throw new RangeError(
        `SSE event ${this.#count + 1} exceeds ${MAX_EVENT_CHARS} characters (at byte ${this.#chunkEnd}); refusing to buffer it`,
      );
    }
    if (this.#completed.length === 0) return EMPTY;
    const events = this.#completed;
    this.#completed = [];
    return events;
  }
}

const CR = 13;
const EMPTY: readonly ServerSentEvent[] = [];
