import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { benchFiles, renderTable, runBenchmarks } from "../../scripts/lib/bench-runner.ts";

const FIXTURES = fileURLToPath(new URL("./fixtures/bench/", import.meta.url));

describe("benchmark runner", () => {
  it("runs every file, keeps going past a failing one, and tabulates ratios against each peer", async () => {
    const files = await benchFiles(FIXTURES);
    expect(files).toEqual(["broken.bench.ts", "fast.bench.ts"]);
    const run = await runBenchmarks(FIXTURES, files);
    expect(run.failures).toEqual([{ file: "broken.bench.ts", error: "peer binary missing" }]);
    expect(run.records.map((r) => r.case)).toEqual(["fixture"]);

    const lines = renderTable(run).split("\n");
    expect(lines[0]).toMatch(/^case\s+unit\s+ours\s+peer\s+peer value\s+ours\/peer\s+target$/);
    expect(lines[2]).toMatch(/^fixture\s+ops\/s \(higher is better\)\s+200\s+a\s+100\s+2\.00×\s+≥ 1× a$/);
    expect(lines[3]).toMatch(/^\s+b\s+400\s+0\.50×$/);
    expect(lines[4]).toMatch(/^broken\.bench\.ts\s+ERROR\s+peer binary missing$/);
  });

  it("filters files by name", async () => {
    expect(await benchFiles(FIXTURES, ["fast"])).toEqual(["fast.bench.ts"]);
  });
});
