/**
 * Hand-written SSE framing instead of eventsource-parser (issue 4: a maintained parser unless a benchmark shows why
 * not): bench/bundle-size.bench.ts measured eventsource-parser and its wrapper at 1.8 KB of the client entry's
 * min+gzip against 0.7 KB for this module, at the same decoding speed (bench/sse-throughput.bench.ts).
 * test/streaming/sse-decoder.differential.test.ts holds it to eventsource-parser's events.
 */
import { ResponseTooLargeError } from "../index.ts";

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

/**
 * Incremental SSE decoder (WHATWG HTML, "event stream interpretation"): push raw body chunks in, get the events they
 * complete out, each as soon as the line break completing it arrives — so at end of body nothing is left to flush
 * (an event not followed by a blank line is discarded, as the standard says). TextDecoder in stream mode reassembles
 * UTF-8 sequences split across chunks and drops a leading BOM.
 * As in eventsource-parser, `id` belongs to the event that sets it instead of persisting as the last event ID:
 * nothing here reconnects. `retry` and unknown fields are ignored.
 * An event (its unfinished line plus the data gathered so far) larger than `maxEventChars` characters throws
 * ResponseTooLargeError: a runaway line must not exhaust memory.
 */
export class SSEDecoder {
  readonly #decoder = new TextDecoder();
  #completed: ServerSentEvent[] = [];
  /** The unfinished last line, one piece per chunk, joined once when it ends: linear in its length. */
  #partial: string[] = [];
  #partialLength = 0;
  /** The previous chunk ended with `\r`, so a `\n` opening the next one belongs to that line break. */
  #afterCR = false;
  #event: string | undefined;
  #data: string | undefined;
  #id: string | undefined;
  #chunkStart = 0;
  #chunkEnd = 0;
  #count = 0;

  constructor(readonly maxEventChars: number) {}

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
    if (text !== "") this.#feed(text);
    if (this.#completed.length === 0) return EMPTY;
    const events = this.#completed;
    this.#completed = [];
    return events;
  }

  #feed(text: string): void {
    let start = this.#afterCR && text.charCodeAt(0) === LF ? 1 : 0;
    let cr = text.indexOf("\r", start);
    let lf = text.indexOf("\n", start);
    while (cr !== -1 || lf !== -1) {
      const end = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
      let line = text.slice(start, end);
      if (this.#partial.length > 0) {
        this.#partial.push(line);
        line = this.#partial.join("");
        this.#partial = [];
        this.#partialLength = 0;
      }
      this.#line(line);
      start = end === cr && text.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
      if (cr !== -1 && cr < start) cr = text.indexOf("\r", start);
      if (lf !== -1 && lf < start) lf = text.indexOf("\n", start);
    }
    this.#afterCR = text.charCodeAt(text.length - 1) === CR;
    if (start < text.length) {
      this.#partial.push(text.slice(start));
      this.#partialLength += text.length - start;
    }
    const size = this.#partialLength + (this.#data?.length ?? 0);
    if (size > this.maxEventChars) throw new ResponseTooLargeError("SSE event", this.maxEventChars, size);
  }

  #line(line: string): void {
    if (line === "") {
      this.#dispatch();
      return;
    }
    // A comment (`:` first) has the empty field name, ignored like any unknown field.
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(line.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1);
    if (field === "data") this.#data = this.#data === undefined ? value : `${this.#data}\n${value}`;
    else if (field === "event") this.#event = value || undefined;
    else if (field === "id" && !value.includes("\0")) this.#id = value;
  }

  /** A blank line: the event so far is dispatched if it has a `data` line, and reset either way. */
  #dispatch(): void {
    if (this.#data !== undefined) {
      this.#completed.push({
        event: this.#event,
        data: this.#data,
        id: this.#id,
        index: ++this.#count,
        bytes: [this.#chunkStart, this.#chunkEnd],
      });
    }
    this.#event = this.#data = this.#id = undefined;
  }
}

const LF = 10;
const CR = 13;
const SPACE = 32;
const EMPTY: readonly ServerSentEvent[] = [];
