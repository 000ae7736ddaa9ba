/**
 * The codegen pipeline (corrections + standing rules + lint + openapi-typescript + operation table) against
 * bare openapi-typescript on the same vendored spec: in-process (median of RUNS after a warm-up, wall and CPU
 * time) and as a cold CLI process (median of COLD_RUNS); and a cold `spec:update` taking in the vendored spec
 * (the whole pipeline plus the change report and the writes), beside a cold generate from the same run.
 * Run alone: `npx tsx scripts/bench.ts generate`.
 */
import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import openapiTS, { astToString } from "openapi-typescript";
import { readPipelineInput } from "../scripts/lib/generated-dir.ts";
import { ROOT, repoPaths, VENDORED_SPEC } from "../scripts/lib/paths.ts";
import { runPipeline } from "../scripts/lib/pipeline.ts";
import { tempCheckout } from "../test/foundation/temp-checkout.ts";
import type { BenchCase, BenchRecord } from "./types.ts";

const RUNS = 5;
const COLD_RUNS = 3;
const TARGET = "≤ 3000 ms";
const SPEC_UPDATE_TARGET = "≤ 5000 ms";
const run = promisify(execFile);

interface Timing {
  wallMs: number;
  cpuMs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median wall and process-CPU time of `task` over RUNS runs, after one warm-up run. */
async function measure(task: () => Promise<unknown>): Promise<Timing> {
  await task();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    await task();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wallMs: median(wall), cpuMs: median(cpu) };
}

/** Median wall time of COLD_RUNS fresh processes (module loading included, nothing cached in memory). */
async function coldMs(command: string, args: string[], cwd: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const start = performance.now();
    await run(command, args, { cwd, timeout: 120_000 });
    times.push(performance.now() - start);
  }
  return median(times);
}

const round = (ms: number) => Math.round(ms);

const generateBench: BenchCase = async () => {
  const input = await readPipelineInput(repoPaths(ROOT));
  const spec = JSON.parse(await readFile(VENDORED_SPEC, "utf8"));
  const ours = await measure(() => runPipeline(input));
  const peer = await measure(async () => astToString(await openapiTS(structuredClone(spec))));

  // The bare CLI runs outside the checkout: it would otherwise lint the uncorrected spec with our
  // redocly.yaml and stop on the upstream example errors the corrections exist to fix.
  const checkout = await tempCheckout();
  const bareDir = await mkdtemp(join(tmpdir(), "bare-openapi-typescript-"));
  const tsx = join(ROOT, "node_modules/.bin/tsx");
  let cold: { ours: number; peer: number; specUpdate: number };
  try {
    const candidate = join(checkout.root, "upstream.json");
    await copyFile(checkout.vendoredSpec, candidate);
    cold = {
      ours: await coldMs(tsx, ["scripts/generate.ts", "--root", checkout.root], ROOT),
      peer: await coldMs(
        process.execPath,
        [join(ROOT, "node_modules/openapi-typescript/bin/cli.js"), VENDORED_SPEC, "-o", join(bareDir, "openapi.ts")],
        bareDir,
      ),
      specUpdate: await coldMs(tsx, ["scripts/spec-update.ts", candidate, "--root", checkout.root], ROOT),
    };
  } finally {
    await checkout.dispose();
    await rm(bareDir, { recursive: true, force: true });
  }

  const record = (name: string, oursMs: number, peerName: string, peerMs: number): BenchRecord => ({
    case: name,
    unit: "ms",
    higherIsBetter: false,
    ours: round(oursMs),
    peers: { [peerName]: round(peerMs) },
    target: TARGET,
  });
  return [
    record(
      `generate: full pipeline in-process, wall (median of ${RUNS})`,
      ours.wallMs,
      "openapi-typescript",
      peer.wallMs,
    ),
    record(`generate: full pipeline in-process, CPU (median of ${RUNS})`, ours.cpuMs, "openapi-typescript", peer.cpuMs),
    record(
      `generate: cold \`tsx scripts/generate.ts\`, wall (median of ${COLD_RUNS})`,
      cold.ours,
      "openapi-typescript CLI",
      cold.peer,
    ),
    {
      ...record(
        `spec:update: cold \`tsx scripts/spec-update.ts\` of the vendored spec, wall (median of ${COLD_RUNS})`,
        cold.specUpdate,
        "cold generate",
        cold.ours,
      ),
      target: SPEC_UPDATE_TARGET,
    },
  ];
};

export default generateBench;
