import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { completePartialJson, parsePartialJson } from "../../src/structured/partial-json.ts";
import { fastCheckSeed } from "../support/fast-check-seed.ts";

/**
 * Whether `partial` is what a prefix of `full`'s JSON can stand for: objects hold a subset of the keys, arrays a
 * prefix of the items (the last one possibly partial), strings a prefix; numbers, booleans and null only whole.
 */
function isPartialOf(partial: unknown, full: unknown): boolean {
  if (typeof partial === "string") return typeof full === "string" && full.startsWith(partial);
  if (Array.isArray(partial)) {
    return (
      Array.isArray(full) &&
      partial.length <= full.length &&
      partial.every((item, i) =>
        i === partial.length - 1
          ? isPartialOf(item, full[i])
          : Object.is(JSON.stringify(item), JSON.stringify(full[i])),
      )
    );
  }
  if (partial !== null && typeof partial === "object") {
    if (full === null || typeof full !== "object" || Array.isArray(full)) return false;
    return Object.entries(partial).every(
      ([key, value]) => key in full && isPartialOf(value, (full as Record<string, unknown>)[key]),
    );
  }
  return Object.is(partial, full);
}

describe("parsePartialJson", () => {
  it("closes open strings and containers, drops unfinished keys, escapes, numbers and literals", () => {
    const cases: [string, unknown][] = [
      ["", undefined],
      ["  ", undefined],
      ["{", {}],
      ['{"na', {}],
      ['{"name"', {}],
      ['{"name":', {}],
      ['{"name": "Ad', { name: "Ad" }],
      ['{"name": "Ada", ', { name: "Ada" }],
      ['{"a": "x\\', { a: "x" }],
      ['{"a": "x\\u00', { a: "x" }],
      ['{"a": "x\\u00e9', { a: "xé" }],
      ['{"a": "x\\n', { a: "x\n" }],
      ['{"a": "x\\\\', { a: "x\\" }],
      ['{"n": 12', {}],
      ['{"n": 12,', { n: 12 }],
      ['{"n": -1.5e3 ', { n: -1500 }],
      ['{"ok": tru', {}],
      ['{"ok": true', { ok: true }],
      ['{"ok": null', { ok: null }],
      ['[1, 2, {"a": [', [1, 2, { a: [] }]],
      ['[1, 2, {"a": ["x", "y', [1, 2, { a: ["x", "y"] }]],
      ['"top', "top"],
      ["42", undefined],
      ['{"a": }', undefined],
      ['{"a": 1}}', undefined],
    ];
    for (const [text, expected] of cases) expect([text, parsePartialJson(text)]).toEqual([text, expected]);
  });

  it("every prefix of any JSON document parses to a partial of the document, and the whole to the document", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        const whole = JSON.parse(text);
        for (let end = 0; end < text.length; end++) {
          const partial = parsePartialJson(text.slice(0, end));
          if (partial !== undefined && !isPartialOf(partial, whole)) {
            throw new Error(`prefix ${JSON.stringify(text.slice(0, end))} gave ${JSON.stringify(partial)}`);
          }
        }
        // A bare number may still grow, so only containers, strings and literals are whole at their end.
        if (typeof whole !== "number") expect(parsePartialJson(text)).toEqual(whole);
      }),
      { numRuns: 300, seed: fastCheckSeed },
    );
  });

  it("completes to the same text each time nothing new arrived (a stream emits only changes)", () => {
    expect(completePartialJson('{"a": "b", "c')).toBe('{"a": "b"}');
    expect(completePartialJson('{"a": "b", "c":')).toBe('{"a": "b"}');
  });
});
