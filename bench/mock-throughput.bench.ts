/**
 * Mock throughput, 32 connections (autocannon): this mock (Prism validation on, request log off) vs the bare
 * `prism mock` CLI on the same effective spec (default logging, and silent) vs a bare node:http server sending
 * the same bytes. Every server is its own process. Media URLs (`/__mock/media/…`, bytes the mock serves itself) exist
 * only on this mock, so that case has the bare server as its only peer. Run alone:
 * `npx tsx scripts/bench.ts mock-throughput`.
 */
import { readFileSync } from "node:fs";
import {
  AUTH_HEADERS,
  EFFECTIVE_SPEC,
  load,
  type ServerProcess,
  spawnBareServer,
  spawnOurMock,
  spawnPrismCli,
} from "./mock-harness.ts";
import type { BenchCase, BenchRecord } from "./types.ts";

const CONNECTIONS = 32;
const ROUNDS = 3;
const SECONDS_PER_ROUND = 3;
const WARMUP_SECONDS = 1;

// The spec's example names the model `latest`, which no model list of the spec has (our mock answers 404).
const chatRequest = {
  ...JSON.parse(readFileSync(EFFECTIVE_SPEC, "utf8")).paths["/v1/chat/completions"].post.requestBody.content[
    "application/json"
  ].example,
  model: "grok-3",
};

const PRISM_PEERS = ["prism mock CLI (logging)", "prism mock CLI (silent)"];

const CASES: readonly {
  name: string;
  method: "GET" | "POST";
  path: string;
  body?: string;
  target: string;
  /** Peers that cannot serve this request. */
  without?: readonly string[];
}[] = [
  { name: "GET /v1/models", method: "GET", path: "/v1/models", target: "≥ 5× prism mock CLI (logging)" },
  {
    name: "POST /v1/chat/completions (non-streamed)",
    method: "POST",
    path: "/v1/chat/completions",
    body: JSON.stringify(chatRequest),
    target: "≥ 5× prism mock CLI (logging)",
  },
  {
    name: "GET /__mock/media/<id>.jpeg (generated image URL)",
    method: "GET",
    path: "/__mock/media/xai-tmp-imgen-bench.jpeg",
    target: "≥ 1,000 req/s",
    without: PRISM_PEERS,
  },
];

/** Capture what our mock sends, so the bare server replays exactly the same bytes. */
async function capture(url: string) {
  const routes: Record<string, { status: number; contentType: string; body: string }> = {};
  for (const c of CASES) {
    const response = await fetch(`${url}${c.path}`, {
      method: c.method,
      headers: AUTH_HEADERS,
      body: c.body,
    });
    routes[`${c.method} ${c.path}`] = {
      status: response.status,
      contentType: response.headers.get("content-type") ?? "application/json",
      body: await response.text(),
    };
  }
  return routes;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

/**
 * All servers run at once (an idle one costs nothing) and are measured in interleaved rounds, so a change in
 * machine load during the run affects every server alike; each figure is the median of its rounds.
 */
const bench: BenchCase = async () => {
  const servers: Record<string, ServerProcess> = {};
  try {
    servers.ours = await spawnOurMock();
    const routes = await capture(servers.ours.url);
    servers["prism mock CLI (logging)"] = await spawnPrismCli(false);
    servers["prism mock CLI (silent)"] = await spawnPrismCli(true);
    servers["bare node:http, same bytes"] = await spawnBareServer(routes);

    const samples: Record<string, Record<string, number[]>> = {};
    const serving = (c: (typeof CASES)[number]) =>
      Object.entries(servers).filter(([label]) => !(c.without ?? []).includes(label));
    for (const c of CASES) {
      for (const [, server] of serving(c)) {
        await load(server.url, c, { connections: CONNECTIONS, durationSeconds: WARMUP_SECONDS });
      }
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of CASES) {
        for (const [label, server] of serving(c)) {
          const result = await load(server.url, c, { connections: CONNECTIONS, durationSeconds: SECONDS_PER_ROUND });
          const perServer = samples[c.name] ?? {};
          samples[c.name] = perServer;
          perServer[label] = [...(perServer[label] ?? []), result.requestsPerSecond];
        }
      }
    }

    return CASES.map((c): BenchRecord => {
      const { ours, ...peers } = Object.fromEntries(
        Object.entries(samples[c.name]!).map(([label, values]) => [label, median(values)]),
      );
      return {
        case: `mock throughput, ${CONNECTIONS} connections: ${c.name}`,
        unit: "req/s",
        higherIsBetter: true,
        ours: ours!,
        peers,
        target: c.target,
      };
    });
  } finally {
    await Promise.all(Object.values(servers).map((server) => server.stop()));
  }
};

export default bench;
