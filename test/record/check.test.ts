/**
 * `xai-mock cassettes check`: recorded cassettes re-validated against the current effective spec (no drift) and
 * against an updated one, which names each cassette that drifted and where, by JSON pointer.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkCassettes, drifted, formatCheck } from "../../mock/cassettes/check.ts";
import type { FakeUpstream } from "./fake-upstream.ts";
import { recordSample, updatedSpecText } from "./sample.ts";

let upstream: FakeUpstream;
let dir: string;

beforeAll(async () => {
  ({ dir, upstream } = await recordSample());
});
afterAll(() => upstream?.close());

describe("cassettes check", () => {
  it("finds no drift against the spec they were recorded under", async () => {
    const report = await checkCassettes(dir);
    expect(report.checked).toHaveLength(5);
    expect(report.problems).toEqual([]);
    expect(drifted(report)).toEqual([]);
    expect(formatCheck(report, "the effective spec").split("\n").at(-1)).toBe("no drift");
  });

  it("lists, after a spec update, each drifted cassette with its violations by JSON pointer", async () => {
    await writeFile(join(dir, "unreadable.json"), "{");
    const report = await checkCassettes(dir, { specText: updatedSpecText() });
    const stream = report.checked.find((c) => c.response.some((f) => f.pointer.startsWith("/response/frames/")))!;
    const wrongModel = report.checked.find((c) => c.request.length > 0)!;
    expect(drifted(report).map((c) => c.file)).toEqual([stream.file, wrongModel.file].sort());
    // Every chunk of the stream (all but the [DONE] frame) now breaks the schema at its fingerprint.
    expect(stream.response.map((f) => f.pointer)).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => `/response/frames/${i}/data/system_fingerprint`),
    );
    expect(stream.response[0]!.message).toBe("must be integer");
    expect(stream.request).toEqual([]);
    expect(wrongModel.request).toEqual([
      { pointer: "/request/body/model", message: expect.stringContaining("pattern") },
    ]);
    expect(report.problems).toEqual([{ file: "unreadable.json", message: expect.stringMatching(/^not JSON: /) }]);
    const text = formatCheck(report, "updated.json");
    expect(text).toContain(`  ✗ ${stream.file}\n      /response/frames/0/data/system_fingerprint: must be integer`);
    expect(text).toContain("  ✗ unreadable.json: unreadable: not JSON");
    expect(text.split("\n").at(-1)).toBe("2 cassette(s) drifted from the spec, 1 unreadable");
  });
});
