/**
 * The mock under hostile load (issue 16, part 5): the whole hostile-input suite (mock-suite.ts) at CI scale against
 * one mock in its own process, with its default limits. Afterwards it still answers a normal request, its peak
 * RSS stayed within 400 MB, and it holds no socket — the slow clients included, which only its own timeouts can
 * have closed. (The memory figures at the scale are `bench/mock-hostile.bench.ts`.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  answersNormally,
  CI_SCALE,
  type MockChild,
  runHostileSuite,
  SUITE_OPTIONS,
  spawnMockChild,
} from "./mock-suite.ts";

const PEAK_RSS_LIMIT = 400 * 1024 * 1024;

let child: MockChild;
beforeAll(async () => {
  child = await spawnMockChild(SUITE_OPTIONS);
});
afterAll(() => child?.stop());

describe("the mock under hostile load", () => {
  it("answers every hostile input as it should, keeps serving, stays within 400 MB and leaks no socket", async () => {
    const result = await runHostileSuite(child, CI_SCALE);
    expect(result.mismatches).toEqual([]);
    expect(await answersNormally(child.port)).toBe(true);
    const stats = await child.stats();
    expect(stats.peakRss).toBeLessThanOrEqual(PEAK_RSS_LIMIT);
  }, 180_000);
});
