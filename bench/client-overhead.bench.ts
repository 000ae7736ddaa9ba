/**
 * Per-call overhead of `models.list()` with an in-memory fetch (no network, so only client code is
 * measured): this client vs bare openapi-fetch, openai-node 6 and raw fetch + json(), in one run.
 * A second case makes the same calls through undici to a loopback server, where fetch reads the
 * per-attempt AbortSignal that the in-memory fetch never asks for. Run alone: `npx tsx bench/client-overhead.bench.ts`.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
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
type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** The same `models.list()` call through each client; `fetch` undefined means globalThis.fetch (undici). */
function contenders(base: string, fetch: Fetch | undefined): Record<string, Op> {
  const xai = createXai({ apiKey: "xai-bench", baseUrl: base, ...(fetch && { fetch }) });
  const bare = createClient<paths>({
    baseUrl: base,
    headers: { Authorization: "Bearer xai-bench" },
    ...(fetch && { fetch }),
  });
  const openai = new OpenAI({ apiKey: "xai-bench", baseURL: `${base}/v1`, ...(fetch && { fetch }) });
  const rawFetch = fetch ?? globalThis.fetch;
  return {
    "xai-toolkit": () => xai.models.list(),
    "openapi-fetch": () => bare.GET("/v1/models"),
    "openai-node": () => openai.models.list(),
    "raw fetch": async () =>
      (await rawFetch(`${base}/v1/models`, { headers: { Authorization: "Bearer xai-bench" } })).json(),
  };
}

/** Process CPU time in ms: other processes on a shared machine do not inflate it the way wall time is. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Ops per CPU-second of each contender (equal to ops/s on an idle core). Contenders alternate in
 * batches of `batch` calls for `rounds` rounds, starting each round with the next contender, so
 * drift (JIT, GC of the previous batch's garbage, thermal) hits all of them alike.
 */
export async function measure(
  contending: Record<string, Op>,
  { rounds = 60, batch = 250, warmup = 3000 } = {},
): Promise<Record<string, number>> {
  const ops = Object.entries(contending);
  for (const [, op] of ops) for (let i = 0; i < warmup; i++) await op(); // warm up the JIT
  const cpu = new Map(ops.map(([name]) => [name, 0]));
  for (let round = 0; round < rounds; round++) {
    for (let turn = 0; turn < ops.length; turn++) {
      const [name, op] = ops[(round + turn) % ops.length]!;
      const start = cpuMs();
      for (let i = 0; i < batch; i++) await op();
      cpu.set(name, cpu.get(name)! + cpuMs() - start);
    }
  }
  return Object.fromEntries(ops.map(([name]) => [name, Math.round(((rounds * batch) / cpu.get(name)!) * 1000)]));
}

/** The in-memory case, then the loopback one (server in this process, so its CPU is shared by every contender alike). */
async function measureBoth(): Promise<{ memory: Record<string, number>; loopback: Record<string, number> }> {
  const memory = await measure(contenders(BASE, memoryFetch));
  const server = createServer((_request, response) => response.writeHead(200, HEADERS).end(BODY));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const loopback = await measure(contenders(`http://127.0.0.1:${port}`, undefined), {
      rounds: 20,
      batch: 100,
      warmup: 1000,
    });
    return { memory, loopback };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

const bench: BenchCase = async (): Promise<BenchRecord[]> => {
  const { memory, loopback } = await measureBoth();
  const { "xai-toolkit": ours, ...peers } = memory;
  const { "xai-toolkit": oursLoopback, ...loopbackPeers } = loopback;
  return [
    {
      case: "models.list() per-call overhead, in-memory fetch",
      unit: "ops/CPU-s",
      higherIsBetter: true,
      ours: ours!,
      peers,
      target: "≥ 0.9× openapi-fetch and ≥ 2× openai-node",
    },
    {
      case: "models.list() through undici to a loopback server",
      unit: "ops/CPU-s",
      higherIsBetter: true,
      ours: oursLoopback!,
      peers: loopbackPeers,
      target: "(context: the same call with real fetch)",
    },
  ];
};
export default bench;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [label, figures] of Object.entries(await measureBoth())) {
    const ours = figures["xai-toolkit"]!;
    console.log(label);
    for (const [name, value] of Object.entries(figures)) {
      console.log(
        `  ${name.padEnd(14)} ${String(value).padStart(7)} ops/CPU-s  (ours ÷ this = ${(ours / value).toFixed(2)})`,
      );
    }
  }
}
