/**
 * Peak memory of the client against a hostile server that answers `GET /v1/models` with a 1 GiB JSON body (chunked,
 * no Content-Length, so nothing can be refused up front): each client runs in its own child process, and the figure
 * is its peak RSS growth over a baseline taken after a small warm-up call and a GC (bench/child-memory.ts). This
 * client stops at its `maxResponseBytes` (default 64 MiB) with ResponseTooLargeError; the bound is that limit
 * + 64 MB. openai-node 6 reads the same body as the peer. Run alone: `npx tsx bench/client-peak-rss.bench.ts`.
 */
import { fileURLToPath } from "node:url";
import OpenAI from "openai";
import { createXai, DEFAULT_MAX_RESPONSE_BYTES } from "../src/index.ts";
import { flood, hostileServer } from "../test/hostile/client-server.ts";
import { peakRssGrowthMB, runInChild } from "./child-memory.ts";
import type { BenchCase } from "./types.ts";

const HOSTILE_BYTES = 1024 * 1024 * 1024;
const MB = 1024 * 1024;
const ROLE_ENV = "XAI_PEAK_RSS_CLIENT";

type Client = "xai-toolkit" | "openai-node";

interface Outcome {
  growthMB: number;
  /** What the hostile call ended with, e.g. "ResponseTooLargeError". */
  error: string;
}

/** One models.list() through `client`; the warm-up path answers normally, the hostile one with 1 GiB. */
async function list(client: Client, baseUrl: string): Promise<unknown> {
  if (client === "xai-toolkit") return createXai({ baseUrl, maxRetries: 0 }).models.list();
  return new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: "bench", maxRetries: 0 }).models.list();
}

/** Child side: warm up, then measure the peak RSS above the baseline while the hostile body arrives. */
async function child(): Promise<void> {
  const client = process.env[ROLE_ENV] as Client;
  const url = process.env.XAI_BENCH_URL!;
  await list(client, `${url}/warmup`);
  let error = "none";
  const growthMB = await peakRssGrowthMB(() =>
    list(client, `${url}/hostile`).then(
      () => undefined,
      (caught: Error) => {
        error = caught.name;
      },
    ),
  );
  process.stdout.write(`${JSON.stringify({ growthMB, error } satisfies Outcome)}\n`);
}

const run: BenchCase = async () => {
  // `/warmup/v1/models` answers a small list; `/hostile/v1/models` streams 1 GiB of JSON that never ends validly.
  const model = `{"id":"${"m".repeat(200)}","object":"model","created":0,"owned_by":"x"},`;
  const server = await hostileServer((request, response, seen) => {
    response.writeHead(200, { "content-type": "application/json" });
    if (request.url?.startsWith("/warmup")) {
      response.end('{"object":"list","data":[]}');
      return;
    }
    response.write('{"object":"list","data":[');
    void flood(response, seen, Buffer.from(model.repeat(256)), HOSTILE_BYTES);
  });
  const measure = (client: Client) =>
    runInChild<Outcome>(fileURLToPath(import.meta.url), { XAI_BENCH_URL: server.url, [ROLE_ENV]: client }, client);
  try {
    const ours = await measure("xai-toolkit");
    if (ours.error !== "ResponseTooLargeError") throw new Error(`expected ResponseTooLargeError, got ${ours.error}`);
    const openai = await measure("openai-node");
    const limitMB = DEFAULT_MAX_RESPONSE_BYTES / MB;
    return [
      {
        case: `Client peak RSS growth, 1 GiB hostile JSON body (chunked; maxResponseBytes ${limitMB} MiB)`,
        unit: "MB",
        higherIsBetter: false,
        ours: ours.growthMB,
        peers: { [`openai-node (ends with ${openai.error})`]: openai.growthMB },
        target: `≤ ${limitMB + 64} MB (the limit + 64 MB)`,
      },
    ];
  } finally {
    await server.close();
  }
};

export default run;

if (process.env[ROLE_ENV]) {
  await child();
} else if (import.meta.url === `file://${process.argv[1]}`) {
  for (const record of await run()) console.log(record.case, record.ours.toFixed(1), "MB", record.peers);
}
