/**
 * The mock's memory under the hostile-input suite at the scale issue 16 reported (12 × 49 MiB uploads, 4 × 49 MiB
 * extra parts, a 200 MiB body, 50,000 distinct 8 KB fault keys, slow clients; `test/hostile/mock-suite.ts`), with
 * its default limits, in a process of its own:
 *  - RSS after the suite (target ≤ 400 MB), and its peak during the suite;
 *  - RSS after `reset()` (and a full GC) against the RSS it started from (target: within 20 %). The starting value is
 *    that of the warmed mock: one ordinary request of each kind and one round of the suite at CI scale, then
 *    `reset()`. A cold process is lower by 25–45 MB that no reset gives back and no later round adds to: code V8
 *    compiled, validators Prism built, and the high-water mark of malloc's arena, which keeps the freed socket buffers
 *    of large bodies for reuse. The case's name shows the cold figure too.
 * Run alone: `npx tsx scripts/bench.ts mock-hostile`.
 */
import {
  answersNormally,
  CI_SCALE,
  FULL_SCALE,
  type MockChild,
  runHostileSuite,
  SUITE_OPTIONS,
  spawnMockChild,
} from "../test/hostile/mock-suite.ts";
import { KEY } from "../test/hostile/mock-wire.ts";
import { requestExample } from "../test/mock/helpers.ts";
import type { BenchCase } from "./types.ts";

const MB = 1024 * 1024;
const example = (path: string) => requestExample(path, "post");

/**
 * One ordinary request of each kind the suite sends, answered as it should be: Prism compiles each operation's
 * validators on first use, which is start-up cost, not state.
 */
async function warmUp(child: MockChild): Promise<void> {
  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${child.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${KEY}`, ...init.headers },
      signal: AbortSignal.timeout(30_000),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`warm-up ${path}: ${response.status}`);
    return response;
  };
  const json = (body: unknown) => ({
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json" },
  });
  await call("/v1/models");
  await call("/v1/chat/completions", json(example("/v1/chat/completions")));
  await call("/v1/chat/completions", json({ ...example("/v1/chat/completions"), stream: true }));
  await call("/v1/chat/completions", json({ ...example("/v1/chat/completions"), deferred: true }));
  await call("/v1/responses", json(example("/v1/responses")));
  await call("/v1/videos/generations", json(example("/v1/videos/generations")));
  await call("/v1/models", { headers: { "x-mock-latency-ms": "1", "x-mock-fault-key": "warm-up" } });
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(MB)]), "warm-up.bin");
  const upload = await fetch(`${child.url}/v1/files`, {
    method: "POST",
    body: form,
    headers: { authorization: `Bearer ${KEY}` },
  });
  const { id } = (await upload.json()) as { id: string };
  await call(`/v1/files/${id}/content`);
}

const bench: BenchCase = async () => {
  const child = await spawnMockChild(SUITE_OPTIONS);
  try {
    const cold = await child.stats();
    await warmUp(child);
    const warmRound = await runHostileSuite(child, CI_SCALE);
    if (warmRound.mismatches.length > 0) throw new Error(`the warm-up round failed: ${warmRound.mismatches[0]}`);
    const start = await child.reset();
    const result = await runHostileSuite(child, FULL_SCALE);
    if (result.mismatches.length > 0) throw new Error(`the suite failed: ${result.mismatches.slice(0, 5).join("; ")}`);
    if (!(await answersNormally(child.port))) throw new Error("the mock no longer answers normally after the suite");
    const after = await child.stats();
    const cleared = await child.reset();
    const scale = `${result.requests.toLocaleString("en-US")} hostile requests`;
    return [
      {
        case: `mock RSS after the hostile suite (${scale}), MB`,
        unit: "MB",
        higherIsBetter: false,
        ours: after.rss / MB,
        peers: {},
        target: "≤ 400 MB",
      },
      {
        case: "mock peak RSS during the hostile suite, MB",
        unit: "MB",
        higherIsBetter: false,
        ours: after.peakRss / MB,
        peers: {},
        target: "(reported; the CI suite holds ≤ 400 MB at its scale)",
      },
      {
        case: `mock RSS after reset(): ${(cleared.rss / MB).toFixed(0)} MB vs ${(start.rss / MB).toFixed(0)} MB warmed start (${(cold.rss / MB).toFixed(0)} MB cold), % above`,
        unit: "%",
        higherIsBetter: false,
        ours: ((cleared.rss - start.rss) / start.rss) * 100,
        peers: {},
        target: "≤ 20 %",
      },
    ];
  } finally {
    await child.stop();
  }
};

export default bench;
