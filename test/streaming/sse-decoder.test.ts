import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ResponseTooLargeError, XaiError } from "../../src/core/errors.ts";
import { DEFAULT_MAX_RESPONSE_BYTES } from "../../src/core/state.ts";
import { type ServerSentEvent, SSEDecoder } from "../../src/streaming/sse-decoder.ts";
import { fastCheckSeed } from "../support/fast-check-seed.ts";

const encoder = new TextEncoder();

/** Decode `bytes` delivered as the given chunks; return the events without their byte positions. */
function decode(bytes: Uint8Array, cuts: number[]): Array<Omit<ServerSentEvent, "bytes">> {
  const decoder = new SSEDecoder(DEFAULT_MAX_RESPONSE_BYTES);
  const events: ServerSentEvent[] = [];
  let start = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    events.push(...decoder.push(bytes.subarray(start, cut)));
    start = cut;
  }
  events.push(...decoder.push(bytes.subarray(start)));
  return events.map(({ bytes: _, ...rest }) => rest);
}

// Text that exercises 1- to 4-byte UTF-8 sequences, but no line breaks (those are the framing).
const fieldText = fc.string({ unit: fc.constantFrom("a", "Z", " ", ":", "{", '"', "é", "€", "中", "😀", "\u0301") });
const lineBreak = fc.constantFrom("\n", "\r", "\r\n");

const sseEvent = fc.record({
  event: fc.option(
    fieldText.filter((t) => t.trim() === t && t !== ""),
    { nil: undefined },
  ),
  id: fc.option(fieldText, { nil: undefined }),
  dataLines: fc.array(fieldText, { minLength: 1, maxLength: 3 }),
  comment: fc.boolean(),
  eol: lineBreak,
});

type SseEventSpec = typeof sseEvent extends fc.Arbitrary<infer T> ? T : never;

function serialise(events: Array<SseEventSpec>): string {
  return events
    .map(({ event, id, dataLines, comment, eol }) => {
      const lines = [
        ...(comment ? [": keep-alive"] : []),
        ...(event === undefined ? [] : [`event: ${event}`]),
        ...(id === undefined ? [] : [`id: ${id}`]),
        ...dataLines.map((line) => `data: ${line}`),
      ];
      return lines.map((line) => line + eol).join("") + eol;
    })
    .join("");
}

describe("SSEDecoder", () => {
  it("yields the same events however the byte stream is chunked (UTF-8 and CR/LF splits included)", () => {
    fc.assert(
      fc.property(
        fc.array(sseEvent, { minLength: 1, maxLength: 8 }).chain((events) => {
          const bytes = encoder.encode(serialise(events));
          const cuts = fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 12 });
          return fc.tuple(fc.constant(events), fc.constant(bytes), cuts);
        }),
        ([events, bytes, cuts]) => {
          const whole = decode(bytes, []);
          expect(whole.map(({ event, data }) => ({ event, data }))).toEqual(
            events.map(({ event, dataLines }) => ({ event, data: dataLines.join("\n") })),
          );
          expect(decode(bytes, cuts)).toEqual(whole);
        },
      ),
      { numRuns: 300, seed: fastCheckSeed },
    );
  });

  it("reassembles a \\r\\n pair and a 4-byte character split across chunks", () => {
    const bytes = encoder.encode('data: {"t":"😀"}\r\n\r\n');
    const crAt = bytes.indexOf(13);
    const emojiAt = bytes.indexOf(0xf0);
    const events = decode(bytes, [emojiAt + 1, emojiAt + 3, crAt + 1, crAt + 3]);
    expect(events).toEqual([{ event: undefined, id: undefined, data: '{"t":"😀"}', index: 1 }]);
  });

  it("recovers every event of the unsplit stream (ground truth on a simple stream)", () => {
    const text = "event: a\ndata: 1\n\ndata: 2\ndata: 3\n\n: comment\n\nid: 7\ndata: x\n\n";
    expect(decode(encoder.encode(text), [])).toEqual([
      { event: "a", id: undefined, data: "1", index: 1 },
      { event: undefined, id: undefined, data: "2\n3", index: 2 },
      { event: undefined, id: "7", data: "x", index: 3 },
    ]);
  });

  it("reports the byte range of the chunk that completed each event", () => {
    const decoder = new SSEDecoder(DEFAULT_MAX_RESPONSE_BYTES);
    expect(decoder.push(encoder.encode("data: a"))).toEqual([]);
    const [event] = decoder.push(encoder.encode("bc\n\n"));
    expect(event?.data).toBe("abc");
    expect(event?.bytes).toEqual([7, 11]);
  });

  it("discards an event that the body ends before its blank line, as the SSE standard says", () => {
    expect(decode(encoder.encode("data: 1\n\ndata: 2\n"), [])).toHaveLength(1);
  });

  it("acts on a \\r ending a chunk at once, and takes a \\n opening the next as the same line break", () => {
    const decoder = new SSEDecoder(DEFAULT_MAX_RESPONSE_BYTES);
    expect(decoder.push(encoder.encode("data: a\r"))).toEqual([]);
    expect(decoder.push(encoder.encode("\ndata: b\r"))).toEqual([]);
    expect(decoder.push(encoder.encode("\r")).map(({ data }) => data)).toEqual(["a\nb"]);
  });

  it("reassembles a 10 MB data line delivered in 4 KB chunks", () => {
    const decoder = new SSEDecoder(DEFAULT_MAX_RESPONSE_BYTES);
    const chunk = encoder.encode("x".repeat(4096));
    decoder.push(encoder.encode("data: "));
    for (let i = 0; i < 2560; i++) expect(decoder.push(chunk)).toEqual([]);
    const [event] = decoder.push(encoder.encode("\n\n"));
    expect(event?.data.length).toBe(2560 * 4096);
  });

  it("refuses to buffer an event past its limit (64 Mi characters by default), with a typed error naming it", () => {
    const decoder = new SSEDecoder(DEFAULT_MAX_RESPONSE_BYTES);
    const chunk = encoder.encode("x".repeat(1024 * 1024));
    decoder.push(encoder.encode("data: "));
    for (let i = 1; i < 64; i++) decoder.push(chunk);
    const error = (() => {
      try {
        decoder.push(chunk);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toBeInstanceOf(XaiError);
    expect(error).toMatchObject({ what: "SSE event", limit: 64 * 1024 * 1024, received: 6 + 64 * 1024 * 1024 });
    expect((error as Error).message).toContain(`maxResponseBytes (${64 * 1024 * 1024} bytes)`);
  });

  it("bounds the unfinished line, and data gathered over many lines, by its limit", () => {
    const line = new SSEDecoder(100);
    expect(() => line.push(encoder.encode(`: ${"c".repeat(200)}`))).toThrow(ResponseTooLargeError);
    const lines = new SSEDecoder(100);
    for (let i = 0; i < 9; i++) lines.push(encoder.encode("data: 0123456789\n"));
    expect(() => lines.push(encoder.encode("data: 0123456789\n"))).toThrow(ResponseTooLargeError);
  });
});
