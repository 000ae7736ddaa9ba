/**
 * SSE delivery latency: a loopback node:http server (in a worker thread, so it has its own event loop) writes one
 * chat chunk every 50 ms; the figure is the time from the server's `write()` of an event returning (its last byte
 * handed to the socket) to the consumer's `for await` receiving that event, both read from the process-wide
 * monotonic clock. This client's `chat.completions.create({ stream: true })` vs openai-node 6 against the same server.
 * Run alone: `npx tsx bench/sse-latency.bench.ts`.
 */
import { type IncomingMessage, request } from "node:http";
import { Worker } from "node:worker_threads";
import OpenAI from "openai";
import { createXai } from "../src/index.ts";
import type { BenchCase, BenchRecord } from "./types.ts";

/** Events per stream; each consumer reads ROUNDS streams, interleaved with the others so load spikes hit all alike. */
const EVENTS = 40;
const ROUNDS = 4;
const INTERVAL_MS = 50;

/** The server: answers any POST with an SSE chat stream; posts `{ seq, sentAt }` to the parent after each write. */
const SERVER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const http = require("node:http");
const server = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.socket.setNoDelay(true);
  let seq = 0;
  const timer = setInterval(() => {
    if (seq === workerData.events) {
      clearInterval(timer);
      res.end("data: [DONE]\\n\\n");
      return;
    }
    const chunk = { id: "lat", object: "chat.completion.chunk", created: 1, model: "grok-4",
      choices: [{ index: 0, delta: { content: String(seq) }, finish_reason: null }] };
    res.write("data: " + JSON.stringify(chunk) + "\\n\\n");
    parentPort.postMessage({ seq, sentAt: Number(process.hrtime.bigint()) });
    seq++;
  }, workerData.interval);
  res.on("close", () => clearInterval(timer));
});
server.listen(0, "127.0.0.1", () => parentPort.postMessage({ port: server.address().port }));
parentPort.on("message", (message) => { if (message === "close") server.close(() => process.exit(0)); });
`;

type ChunkSource = (
  baseUrl: string,
) => Promise<AsyncIterable<{ choices: Array<{ delta: { content?: string | null } }> }>>;

/**
 * The floor: node:http's own `data` events, with no SSE parsing or stream layers — when any JS in this process can
 * first see the bytes. Whatever the machine's scheduling adds shows up here too.
 */
const socketFloor: ChunkSource = async (baseUrl) => {
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    request(`${baseUrl}/v1/chat/completions`, { method: "POST" }, resolve).on("error", reject).end("{}");
  });
  return (async function* () {
    for await (const data of response) {
      for (const match of String(data).matchAll(/"content":"(\d+)"/g)) {
        yield { choices: [{ delta: { content: match[1]! } }] };
      }
    }
  })();
};

const consumers: Record<string, ChunkSource> = {
  "xai-toolkit": (baseUrl) =>
    createXai({ baseUrl }).chat.completions.create({
      model: "grok-4",
      messages: [{ role: "user", content: "count" }],
      stream: true,
    }),
  "openai-node": (baseUrl) =>
    new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: "bench" }).chat.completions.create({
      model: "grok-4",
      messages: [{ role: "user", content: "count" }],
      stream: true,
    }),
  "node:http data event (floor)": socketFloor,
};

const now = () => Number(process.hrtime.bigint());

/** Latencies in ms for one consumer over one fresh server. */
async function latencies(source: ChunkSource): Promise<number[]> {
  const worker = new Worker(SERVER_SOURCE, { eval: true, workerData: { events: EVENTS, interval: INTERVAL_MS } });
  const sentAt = new Map<number, number>();
  const port = await new Promise<number>((resolve) => {
    worker.on("message", (message: { port?: number; seq?: number; sentAt?: number }) => {
      if (message.port !== undefined) resolve(message.port);
      else sentAt.set(message.seq!, message.sentAt!);
    });
  });
  const receivedAt = new Map<number, number>();
  try {
    for await (const chunk of await source(`http://127.0.0.1:${port}`)) {
      const at = now();
      const content = chunk.choices[0]?.delta.content;
      if (content) receivedAt.set(Number(content), at);
    }
    // The worker's last postMessage may still be in flight.
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    worker.postMessage("close");
    await new Promise((resolve) => worker.once("exit", resolve));
  }
  if (receivedAt.size !== EVENTS) throw new Error(`received ${receivedAt.size} of ${EVENTS} events`);
  return [...receivedAt].map(([seq, at]) => (at - sentAt.get(seq)!) / 1e6);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const run: BenchCase = async () => {
  const results = new Map<string, number[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, source] of Object.entries(consumers)) {
      results.set(name, [...(results.get(name) ?? []), ...(await latencies(source))]);
    }
  }
  const records: BenchRecord[] = [];
  for (const p of [99, 50]) {
    const figures = Object.fromEntries([...results].map(([name, values]) => [name, percentile(values, p)]));
    const { "xai-toolkit": ours, ...peers } = figures;
    records.push({
      case: `SSE event latency p${p}, write → consumer (1 event / ${INTERVAL_MS} ms, ${ROUNDS}×${EVENTS} events, loopback)`,
      unit: "ms",
      higherIsBetter: false,
      ours: ours!,
      peers,
      target: p === 99 ? "≤ 5 ms" : "(context for p99)",
    });
  }
  return records;
};

export default run;

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const record of await run()) console.log(record.case, record.ours.toFixed(3), record.peers);
}
