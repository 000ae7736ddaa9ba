/**
 * Mock startup to first answer (GET /v1/models → 200), median of RUNS:
 *  - in-process: `startMockServer()` → first answer, in a fresh process with the module already imported
 *    (what a test file pays), beside the `prism mock` CLI's spawn → first answer;
 *  - cold: spawning this mock's CLI → first answer (module loading included) beside the same Prism figure.
 * Run alone: `npx tsx scripts/bench.ts mock-startup`.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { spawnOurMock, spawnPrismCli } from "./mock-harness.ts";
import type { BenchCase } from "./types.ts";

const RUNS = 3;
const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("..", import.meta.url));

const IN_PROCESS_PROBE = `
  const { startMockServer } = await import("./mock/index.ts");
  const started = performance.now();
  const mock = await startMockServer({ port: 0 });
  const response = await fetch(mock.url + "/v1/models", { headers: { authorization: "Bearer bench" } });
  await response.arrayBuffer();
  const ms = performance.now() - started;
  await mock.close();
  if (response.status !== 200) throw new Error("first answer was " + response.status);
  console.log(JSON.stringify({ ms }));`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

async function inProcessMs(): Promise<number> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", IN_PROCESS_PROBE], {
    cwd: ROOT,
    timeout: 60_000,
  });
  return (JSON.parse(stdout.trim().split("\n").at(-1)!) as { ms: number }).ms;
}

async function spawnToFirstAnswerMs(start: () => ReturnType<typeof spawnOurMock>): Promise<number> {
  const server = await start();
  await server.stop();
  return server.startupMs;
}

const bench: BenchCase = async () => {
  const inProcess: number[] = [];
  const ours: number[] = [];
  const prism: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    inProcess.push(await inProcessMs());
    ours.push(await spawnToFirstAnswerMs(() => spawnOurMock()));
    prism.push(await spawnToFirstAnswerMs(() => spawnPrismCli(true)));
  }
  const prismMs = median(prism);
  return [
    {
      case: "mock startup: startMockServer() → first answer (in-process, module loaded)",
      unit: "ms",
      higherIsBetter: false,
      ours: median(inProcess),
      peers: { "prism mock CLI, spawn → first answer": prismMs },
      target: "≤ 1000 ms",
    },
    {
      case: "mock startup: CLI spawn → first answer (cold process, module loading included)",
      unit: "ms",
      higherIsBetter: false,
      ours: median(ours),
      peers: { "prism mock CLI, spawn → first answer": prismMs },
      target: "report (Prism CLI ≈ 1.6–2.7 s on an idle machine)",
    },
  ];
};

export default bench;
