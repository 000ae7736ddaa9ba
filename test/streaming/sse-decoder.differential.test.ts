import { createParser } from "eventsource-parser";
import fc from "fast-check";
import { expect, it } from "vitest";
import { DEFAULT_MAX_RESPONSE_BYTES } from "../../src/core/state.ts";
import { SSEDecoder } from "../../src/streaming/sse-decoder.ts";
import { fastCheckSeed } from "../support/fast-check-seed.ts";

/**
 * SSEDecoder replaced eventsource-parser in the runtime (bundle size); this holds it to eventsource-parser's events
 * on SSE-ish input cut at arbitrary byte boundaries (mid UTF-8 sequence and between `\r` and `\n` included).
 */

type Fields = { event: string | undefined; data: string; id: string | undefined };

const encoder = new TextEncoder();

/** The reference: eventsource-parser fed the whole decoded body, flushed as the eventsource-parser-based decoder did. */
function reference(bytes: Uint8Array): Fields[] {
  const events: Fields[] = [];
  const parser = createParser({ onEvent: ({ event, data, id }) => events.push({ event, data, id }) });
  const text = new TextDecoder().decode(bytes);
  // eventsource-parser holds back a final `\r` in case `\n` follows; the old decoder fed `\n` at end of body.
  parser.feed(text.endsWith("\r") ? `${text}\n` : text);
  return events;
}

function decoded(bytes: Uint8Array, cuts: number[]): Fields[] {
  const decoder = new SSEDecoder(DEFAULT_MAX_RESPONSE_BYTES);
  const events = [];
  let start = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    events.push(...decoder.push(bytes.subarray(start, cut)));
    start = cut;
  }
  events.push(...decoder.push(bytes.subarray(start)));
  expect(events.map(({ index }) => index)).toEqual(events.map((_, i) => i + 1));
  return events.map(({ event, data, id }) => ({ event, data, id }));
}

const eol = fc.constantFrom("\n", "\r", "\r\n");
const value = fc.string({
  unit: fc.constantFrom("a", "1", " ", "  ", ":", ": ", "é", "€", "中", "😀", "\u0301", "\0", "\uFEFF"),
  maxLength: 8,
});
const fieldName = fc.constantFrom("data", "data", "data", "event", "id", "id", "retry", "Data", "data ", "x", "");
const separator = fc.constantFrom(":", ":", ": ", ": ", ":  ", "");
const line = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fieldName, separator, value, eol).map((parts) => encoder.encode(parts.join(""))) },
  { weight: 1, arbitrary: fc.tuple(value, eol).map(([text, end]) => encoder.encode(`:${text}${end}`)) },
  // Line breaks and separators in odd places, and bytes that are not valid UTF-8.
  {
    weight: 1,
    arbitrary: fc.string({ unit: fc.constantFrom("\r", "\n", ":", " ", "d", "😀") }).map((t) => encoder.encode(t)),
  },
  { weight: 1, arbitrary: fc.constantFrom([0xff], [0xc3], [0xf0, 0x9f], [0xe2, 0x82]).map((b) => Uint8Array.from(b)) },
);
/** Runs of lines, each closed by a blank line so that most bodies dispatch events. */
const block = fc
  .tuple(fc.array(line, { maxLength: 5 }), eol)
  .map(([lines, blank]) => [...lines, encoder.encode(blank)]);
const body = fc
  .tuple(fc.boolean(), fc.array(block, { maxLength: 8 }))
  .map(([bom, blocks]) => Buffer.concat([...(bom ? [encoder.encode("\uFEFF")] : []), ...blocks.flat()]));

it("yields eventsource-parser's (event, data, id) sequence however the bytes are chunked", () => {
  fc.assert(
    fc.property(
      body.chain((bytes) => {
        const everyByte = Array.from({ length: bytes.length }, (_, i) => i);
        const cuts = fc.oneof(
          fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 20 }),
          fc.constant(everyByte),
        );
        return fc.tuple(fc.constant(bytes), cuts);
      }),
      ([bytes, cuts]) => {
        expect(decoded(bytes, cuts)).toEqual(reference(bytes));
      },
    ),
    { numRuns: 1000, seed: fastCheckSeed },
  );
});
