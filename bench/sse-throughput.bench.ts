/**
 * SSE decoding throughput on a synthetic chat stream: 50,000 `chat.completion.chunk` events (~8 MB) delivered in
 * 4 KB chunks, consumed to the end. This client's ChatCompletionStream (typed events, [DONE]/truncation/error
 * handling, final-result accumulation) vs openai-node 6's `Stream.fromSSEResponse` vs bare eventsource-parser +
 * JSON.parse over the same bytes. Run alone: `npx tsx bench/sse-throughput.bench.ts`.
 */
import { createParser } from "eventsource-parser";
import { Stream } from "openai/streaming";
import { ChatCompletionStream } from "../src/index.ts";
import type { BenchCase, BenchRecord } from "./types.ts";

const EVENTS = 50_000;
const CHUNK_BYTES = 4096;

/** Realistic chunk sizes: short token deltas, a role on the first, usage on the last. */
function chatStreamBytes(): Uint8Array {
  const frames: string[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const delta = i === 0 ? { role: "assistant", content: "" } : { content: ` token${i % 997}` };
    const chunk = {
      id: "0f4a6c1e",
      object: "chat.completion.chunk",
      created: 1_743_770_624,
      model: "grok-4",
      choices: [{ index: 0, delta, finish_reason: i === EVENTS - 1 ? "stop" : null }],
    };
    frames.push(`data: ${JSON.stringify(chunk)}\n\n`);
  }
  frames.push("data: [DONE]\n\n");
  return new TextEncoder().encode(frames.join(""));
}

function chunksOf(bytes: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) {
    chunks.push(bytes.slice(offset, offset + CHUNK_BYTES));
  }
  return chunks;
}

function bodyOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream({
    pull(controller) {
      const chunk = chunks[next++];
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
  });
}

const sseHeaders = { "content-type": "text/event-stream" };

type Consumer = (chunks: Uint8Array[]) => Promise<number>;

const consumers: Record<string, Consumer> = {
  "xai-toolkit ChatCompletionStream": async (chunks) => {
    let events = 0;
    for await (const _ of new ChatCompletionStream(new Response(bodyOf(chunks), { headers: sseHeaders }))) events++;
    return events;
  },
  "openai-node Stream": async (chunks) => {
    let events = 0;
    const response = new Response(bodyOf(chunks), { headers: sseHeaders });
    for await (const _ of Stream.fromSSEResponse(response, new AbortController())) events++;
    return events;
  },
  "eventsource-parser + JSON.parse": async (chunks) => {
    let events = 0;
    const parser = createParser({
      onEvent(event) {
        if (event.data !== "[DONE]") {
          JSON.parse(event.data);
          events++;
        }
      },
    });
    const decoder = new TextDecoder();
    const reader = bodyOf(chunks).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return events;
      parser.feed(decoder.decode(value, { stream: true }));
    }
  },
};

/** Process CPU time in ms: on a shared machine other processes do not inflate it the way wall time is. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** MB/s (per CPU-second) of each consumer: median of `rounds` interleaved full passes after a warm-up pass. */
export async function measure(rounds = 7): Promise<{ megabytes: number; rates: Record<string, number> }> {
  const bytes = chatStreamBytes();
  const chunks = chunksOf(bytes);
  const megabytes = bytes.length / 1e6;
  const samples = new Map<string, number[]>(Object.keys(consumers).map((name) => [name, []]));
  for (const consume of Object.values(consumers)) await consume(chunks);
  for (let round = 0; round < rounds; round++) {
    for (const [name, consume] of Object.entries(consumers)) {
      const start = cpuMs();
      const events = await consume(chunks);
      const elapsed = cpuMs() - start;
      if (events !== EVENTS) throw new Error(`${name} saw ${events} events, expected ${EVENTS}`);
      samples.get(name)!.push(megabytes / (elapsed / 1000));
    }
  }
  return { megabytes, rates: Object.fromEntries([...samples].map(([name, rates]) => [name, median(rates)])) };
}

const run: BenchCase = async () => {
  const { megabytes, rates } = await measure();
  const { "xai-toolkit ChatCompletionStream": ours, ...peers } = rates;
  const record: BenchRecord = {
    case: `SSE chat stream throughput (${EVENTS} events, ${megabytes.toFixed(1)} MB, 4 KB chunks)`,
    unit: "MB/s",
    higherIsBetter: true,
    ours: ours!,
    peers,
    target: "≥ 40 MB/s and ≥ 4× openai-node",
  };
  return [record];
};

export default run;

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table((await run())[0]);
}
