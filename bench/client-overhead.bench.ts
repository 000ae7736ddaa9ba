/**
 * Per-call overhead of `models.list()` with an in-memory fetch (no network, so only client code is measured): this
 * client vs bare openapi-fetch, openai-node 6 and raw fetch + json(), in one run. A second case makes the same calls
 * through undici to a loopback server, where fetch reads the per-attempt AbortSignal the in-memory fetch never asks for.
 *
 * Each contender runs alone in its own worker thread (bench/overhead/contender.ts), so no contender's JIT feedback or
 * garbage reaches another's. The main thread asks them for batches one at a time, starting each round with the next
 * contender, and a contender's figure is the median rate of its batches: on a shared VM a burst of stolen CPU spoils a
 * few batches, not the figure. Run alone: `npx tsx bench/client-overhead.bench.ts`.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ContenderSetup } from "./overhead/contender.ts";
import { CONTENDERS, type Contender, RESPONSE_BODY, RESPONSE_HEADERS } from "./overhead/fixture.ts";
import type { BenchCase, BenchRecord } from "./types.ts";

const BASE = "https://api.x.ai";
/** A batch that takes longer than this means a stuck worker, not a slow machine. */
const BATCH_TIMEOUT_MS = 60_000;

type Rates = Record<Contender, number>;

/** Runs `calls` calls in `worker`; resolves to their wall time in ms. */
function runBatch(worker: Worker, calls: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const settle = (error: Error | undefined, ms?: number) => {
      clearTimeout(timer);
      worker.off("message", onMessage);
      worker.off("error", onError);
      if (error) reject(error);
      else resolve(ms!);
    };
    const onMessage = (reply: number | { error: string }) =>
      typeof reply === "number" ? settle(undefined, reply) : settle(new Error(reply.error));
    const onError = (error: Error) => settle(error);
    const timer = setTimeout(
      () => settle(new Error(`a bench worker did not finish ${calls} calls within ${BATCH_TIMEOUT_MS} ms`)),
      BATCH_TIMEOUT_MS,
    );
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.postMessage(calls);
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Ops per second of each contender: the median over `rounds` batches of `batch` calls, after `warmup` calls. */
export async function measure(
  base: string,
  inMemory: boolean,
  { rounds = 60, batch = 250, warmup = 3000 } = {},
): Promise<Rates> {
  const workers = CONTENDERS.map(
    (name) =>
      new Worker(new URL("./overhead/worker.mjs", import.meta.url), {
        workerData: { name, base, inMemory } satisfies ContenderSetup,
      }),
  );
  try {
    for (const worker of workers) await runBatch(worker, warmup);
    const rates = CONTENDERS.map((): number[] => []);
    for (let round = 0; round < rounds; round++) {
      for (let turn = 0; turn < workers.length; turn++) {
        const index = (round + turn) % workers.length;
        rates[index]!.push((batch / (await runBatch(workers[index]!, batch))) * 1000);
      }
    }
    return Object.fromEntries(CONTENDERS.map((name, index) => [name, Math.round(median(rates[index]!))])) as Rates;
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** The in-memory case, then the loopback one (the server runs on the main thread, beside whichever worker calls it). */
async function measureBoth(): Promise<{ memory: Rates; loopback: Rates }> {
  const memory = await measure(BASE, true);
  const server = createServer((_request, response) => response.writeHead(200, RESPONSE_HEADERS).end(RESPONSE_BODY));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const loopback = await measure(`http://127.0.0.1:${port}`, false, { rounds: 20, batch: 100, warmup: 1000 });
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
      case: "models.list() per-call overhead, in-memory fetch (each client in its own worker)",
      unit: "ops/s",
      higherIsBetter: true,
      ours,
      peers,
      target: "≥ 0.8× openapi-fetch and ≥ 2× openai-node",
    },
    {
      case: "models.list() through undici to a loopback server",
      unit: "ops/s",
      higherIsBetter: true,
      ours: oursLoopback,
      peers: loopbackPeers,
      target: "(context: the same call with real fetch)",
    },
  ];
};
export default bench;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [label, figures] of Object.entries(await measureBoth())) {
    const ours = figures["xai-toolkit"];
    console.log(label);
    for (const [name, value] of Object.entries(figures)) {
      console.log(
        `  ${name.padEnd(14)} ${String(value).padStart(7)} ops/s  (ours ÷ this = ${(ours / value).toFixed(2)})`,
      );
    }
  }
}
