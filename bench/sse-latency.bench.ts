/**
 * SSE delivery latency: a loopback node:http server (in a worker thread, so it has its own event loop) writes one
 * chat chunk every 50 ms; the figure is the time from the server's `write()` of an event returning (its last byte
 * handed to the socket) to the consumer's `for await` receiving that event, both read from the process-wide
 * monotonic clock. This client's `chat.completions.create({ stream: true })` vs openai-node 6 and node:http's raw
 * `data` event (the floor).
 *
 * The consumers read at the same time, one connection each, and the server writes every event to all of them in the
 * same tick (in rotating order): each event is a paired sample, so a burst of load on this shared machine delays
 * every consumer's copy of it alike. (Read one after another, as this bench first did, the p99 — decided by the worst
 * two of 160 samples — was a draw: the floor's own p99 ranged from 4.8 to 28 ms across three runs.) One warm-up round
 * is not counted. Run alone: `npx tsx bench/sse-latency.bench.ts`.
 */
import { type IncomingMessage, request } from "node:http";
import { Worker } from "node:worker_threads";
import OpenAI from "openai";
import { createXai } from "../src/index.ts";
import type { BenchCase, BenchRecord } from "./types.ts";

/** Events per stream; ROUNDS fresh servers, each streaming to every consumer at once. */
const EVENTS = 40;
const ROUNDS = 4;
const INTERVAL_MS = 50;

/**
 * The server: each consumer connects to `/c/<index>/…`; once all have, every tick writes the next chat chunk to each
 * connection (starting with a different one each tick) and posts `{ index, seq, sentAt }` per write to the parent.
 */
const SERVER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const http = require("node:http");
const connections = [];
const server = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.socket.setNoDelay(true);
  connections[Number(/^\\/c\\/(\\d+)\\//.exec(req.url)[1])] = res;
  if (connections.filter(Boolean).length === workerData.consumers) start();
});
function start() {
  let seq = 0;
  const timer = setInterval(() => {
    if (seq === workerData.events) {
      clearInterval(timer);
      for (const res of connections) res.end("data: [DONE]\\n\\n");
      return;
    }
    const chunk = { id: "lat", object: "chat.completion.chunk", created: 1, model: "grok-4",
      choices: [{ index: 0, delta: { content: String(seq) }, finish_reason: null }] };
    const frame = "data: " + JSON.stringify(chunk) + "\\n\\n";
    for (let turn = 0; turn < connections.length; turn++) {
      const index = (seq + turn) % connections.length;
      connections[index].write(frame);
      parentPort.postMessage({ index, seq, sentAt: Number(process.hrtime.bigint()) });
    }
    seq++;
  }, workerData.interval);
}
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

/** One round: a fresh server streaming to every consumer at once; latencies in ms per consumer. */
async function round(sources: ChunkSource[]): Promise<number[][]> {
  const worker = new Worker(SERVER_SOURCE, {
    eval: true,
    workerData: { events: EVENTS, interval: INTERVAL_MS, consumers: sources.length },
  });
  const sentAt = sources.map(() => new Map<number, number>());
  const port = await new Promise<number>((resolve) => {
    worker.on("message", (message: { port?: number; index?: number; seq?: number; sentAt?: number }) => {
      if (message.port !== undefined) resolve(message.port);
      else sentAt[message.index!]!.set(message.seq!, message.sentAt!);
    });
  });
  const receivedAt = sources.map(() => new Map<number, number>());
  try {
    await Promise.all(
      sources.map(async (source, index) => {
        for await (const chunk of await source(`http://127.0.0.1:${port}/c/${index}`)) {
          const at = now();
          const content = chunk.choices[0]?.delta.content;
          if (content) receivedAt[index]!.set(Number(content), at);
        }
      }),
    );
    // The worker's last postMessage may still be in flight.
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    worker.postMessage("close");
    await new Promise((resolve) => worker.once("exit", resolve));
  }
  return receivedAt.map((received, index) => {
    if (received.size !== EVENTS) throw new Error(`consumer ${index} received ${received.size} of ${EVENTS} events`);
    return [...received].map(([seq, at]) => (at - sentAt[index]!.get(seq)!) / 1e6);
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const run: BenchCase = async () => {
  const names = Object.keys(consumers);
  const samples = names.map((): number[] => []);
  // A warm-up round, not counted: a process's first stream pays one-time costs (JIT; this client loads its stream
  // decoding code on first use, which under tsx means compiling that TypeScript on the main thread).
  await round(Object.values(consumers));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [index, values] of (await round(Object.values(consumers))).entries()) samples[index]!.push(...values);
  }
  const records: BenchRecord[] = [];
  for (const p of [99, 50]) {
    const figures = Object.fromEntries(names.map((name, index) => [name, percentile(samples[index]!, p)]));
    const { "xai-toolkit": ours, ...peers } = figures;
    records.push({
      case: `SSE event latency p${p}, write → consumer (1 event / ${INTERVAL_MS} ms, ${ROUNDS}×${EVENTS} events read at once by each consumer, loopback)`,
      unit: "ms",
      higherIsBetter: false,
      ours: ours!,
      peers,
      target: p === 99 ? "≤ openai-node (same run)" : "(context for p99)",
    });
  }
  return records;
};

export default run;

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const record of await run()) console.log(record.case, record.ours.toFixed(3), record.peers);
}
