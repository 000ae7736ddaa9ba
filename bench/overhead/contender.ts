/**
 * One contender of the overhead bench, alone in a worker thread so it has its own JIT feedback and its own heap:
 * nothing another contender runs (in particular our client, which calls the same openapi-fetch functions with other
 * arguments) can slow it down or speed it up. Each message is a batch size; the reply is the batch's wall time in ms.
 */
import { parentPort, workerData } from "node:worker_threads";
import OpenAI from "openai";
import createClient from "openapi-fetch";
import type { paths } from "../../generated/openapi.ts";
import { createXai } from "../../src/index.ts";
import { type Contender, RESPONSE_BODY, RESPONSE_HEADERS } from "./fixture.ts";

export interface ContenderSetup {
  name: Contender;
  /** The API base URL; with `inMemory`, no request leaves the thread. */
  base: string;
  inMemory: boolean;
}

const memoryFetch = async (_input: RequestInfo | URL, _init?: RequestInit): Promise<Response> =>
  new Response(RESPONSE_BODY, { status: 200, headers: RESPONSE_HEADERS });

/** The same `models.list()` call through each client. */
function operation({ name, base, inMemory }: ContenderSetup): () => Promise<unknown> {
  const fetch = inMemory ? memoryFetch : undefined;
  switch (name) {
    case "xai-toolkit": {
      const xai = createXai({ apiKey: "xai-bench", baseUrl: base, ...(fetch && { fetch }) });
      return () => xai.models.list();
    }
    case "openapi-fetch": {
      const bare = createClient<paths>({
        baseUrl: base,
        headers: { Authorization: "Bearer xai-bench" },
        ...(fetch && { fetch }),
      });
      return () => bare.GET("/v1/models");
    }
    case "openai-node": {
      const openai = new OpenAI({ apiKey: "xai-bench", baseURL: `${base}/v1`, ...(fetch && { fetch }) });
      return () => openai.models.list();
    }
    case "raw fetch": {
      const rawFetch = fetch ?? globalThis.fetch;
      return async () =>
        (await rawFetch(`${base}/v1/models`, { headers: { Authorization: "Bearer xai-bench" } })).json();
    }
  }
}

// Only ever loaded as a worker entry (through worker.mjs), so the parent port is there.
const port = parentPort!;
const op = operation(workerData as ContenderSetup);
port.on("message", async (calls: number) => {
  try {
    const start = performance.now();
    for (let i = 0; i < calls; i++) await op();
    port.postMessage(performance.now() - start);
  } catch (error) {
    port.postMessage({ error: String(error) });
  }
});
