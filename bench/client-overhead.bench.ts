/**
 * Per-call overhead of `models.list()` with an in-memory fetch (no network, so only client code is
 * measured): this client vs bare openapi-fetch, openai-node 6 and raw fetch + json(), in one run.
 * Run alone: `npx tsx bench/client-overhead.bench.ts`.
 */
import { fileURLToPath } from "node:url";
import OpenAI from "openai";
import createClient from "openapi-fetch";
import type { paths } from "../generated/openapi.ts";
import { createXai } from "../src/index.ts";
import type { BenchCase, BenchRecord } from "./types.ts";

const BASE = "https://api.x.ai";
const BODY = JSON.stringify({
  object: "list",
  data: ["grok-4", "grok-4-fast-reasoning", "grok-3", "grok-3-mini", "grok-2-image", "grok-code-fast-1"].map((id) => ({
    id,
    object: "model",
    created: 1_700_000_000,
    owned_by: "xai",
  })),
});
const HEADERS = { "content-type": "application/json", "x-request-id": "bench" };

const memoryFetch = async (_input: RequestInfo | URL, _init?: RequestInit): Promise<Response> =>
  new Response(BODY, { status: 200, headers: HEADERS });

type Op = () => Promise<unknown>;

function contenders(): Record<string, Op> {
  const xai = createXai({ apiKey: "xai-bench", baseUrl: BASE, fetch: memoryFetch });
  const bare = createClient<paths>({
    baseUrl: BASE,
    headers: { Authorization: "Bearer xai-bench" },
    fetch: memoryFetch,
  });
  const openai = new OpenAI({ apiKey: "xai-bench", baseURL: `${BASE}/v1`, fetch: memoryFetch });
  return {
    "xai-toolkit": () => xai.models.list(),
    "openapi-fetch": () => bare.GET("/v1/models"),
    "openai-node": () => openai.models.list(),
    "raw fetch": async () =>
      (await memoryFetch(`${BASE}/v1/models`, { headers: { Authorization: "Bearer xai-bench" } })).json(),
  };
}

/** Process CPU time in ms: other processes on a shared machine do not inflate it the way wall time is. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Ops per CPU-second of each contender (equal to ops/s on an idle core). Contenders alternate in
 * batches of `batch` calls for `rounds` rounds, so drift (JIT, GC, thermal) hits all of them alike.
 */
export async function measure(rounds = 60, batch = 250): Promise<Record<string, number>> {
  const ops = Object.entries(contenders());
  for (const [, op] of ops) for (let i = 0; i < 3000; i++) await op(); // warm up the JIT
  const cpu = new Map(ops.map(([name]) => [name, 0]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, op] of ops) {
      const start = cpuMs();
      for (let i = 0; i < batch; i++) await op();
      cpu.set(name, cpu.get(name)! + cpuMs() - start);
    }
  }
  return Object.fromEntries(ops.map(([name]) => [name, Math.round(((rounds * batch) / cpu.get(name)!) * 1000)]));
}

const bench: BenchCase = async (): Promise<BenchRecord[]> => {
  const { "xai-toolkit": ours, ...peers } = await measure();
  return [
    {
      case: "models.list() per-call overhead, in-memory fetch",
      unit: "ops/CPU-s",
      higherIsBetter: true,
      ours: ours!,
      peers,
      target: "≥ 0.9× openapi-fetch and ≥ 2× openai-node",
    },
  ];
};
export default bench;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await measure();
  const ours = figures["xai-toolkit"]!;
  for (const [name, value] of Object.entries(figures)) {
    console.log(
      `${name.padEnd(14)} ${String(value).padStart(7)} ops/CPU-s  (ours ÷ this = ${(ours / value).toFixed(2)})`,
    );
  }
}
