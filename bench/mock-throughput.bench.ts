/**
 * Mock throughput, 32 connections (autocannon): this mock (Prism validation on, request log off) vs the bare
 * `prism mock` CLI on the same effective spec (default logging, and silent) vs a bare node:http server sending
 * the same bytes. Every server is its own process. Run alone: `npx tsx scripts/bench.ts mock-throughput`.
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
const DURATION_SECONDS = 5;
const WARMUP_SECONDS = 1;

const chatRequest = JSON.parse(readFileSync(EFFECTIVE_SPEC, "utf8")).paths["/v1/chat/completions"].post.requestBody
  .content["application/json"].example;

const CASES = [
  { name: "GET /v1/models", method: "GET", path: "/v1/models" },
  {
    name: "POST /v1/chat/completions (non-streamed)",
    method: "POST",
    path: "/v1/chat/completions",
    body: JSON.stringify(chatRequest),
  },
] as const;

async function measure(server: ServerProcess, request: (typeof CASES)[number]): Promise<number> {
  await load(server.url, request, { connections: CONNECTIONS, durationSeconds: WARMUP_SECONDS });
  return (await load(server.url, request, { connections: CONNECTIONS, durationSeconds: DURATION_SECONDS }))
    .requestsPerSecond;
}

/** Capture what our mock sends, so the bare server replays exactly the same bytes. */
async function capture(url: string) {
  const routes: Record<string, { status: number; contentType: string; body: string }> = {};
  for (const c of CASES) {
    const response = await fetch(`${url}${c.path}`, {
      method: c.method,
      headers: AUTH_HEADERS,
      body: "body" in c ? c.body : undefined,
    });
    routes[`${c.method} ${c.path}`] = {
      status: response.status,
      contentType: response.headers.get("content-type") ?? "application/json",
      body: await response.text(),
    };
  }
  return routes;
}

async function withServer<T>(start: () => Promise<ServerProcess>, use: (s: ServerProcess) => Promise<T>): Promise<T> {
  const server = await start();
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}

const bench: BenchCase = async () => {
  const figures: Record<string, Record<string, number>> = {};
  const record = (label: string, results: number[]) => {
    for (const [i, c] of CASES.entries()) {
      figures[c.name] ??= {};
      figures[c.name]![label] = results[i]!;
    }
  };
  const runAll = async (s: ServerProcess) => {
    const results: number[] = [];
    for (const c of CASES) results.push(await measure(s, c));
    return results;
  };

  let routes: Awaited<ReturnType<typeof capture>> | undefined;
  record(
    "ours",
    await withServer(spawnOurMock, async (s) => {
      routes = await capture(s.url);
      return runAll(s);
    }),
  );
  record("prism mock CLI (logging)", await withServer(() => spawnPrismCli(false), runAll));
  record("prism mock CLI (silent)", await withServer(() => spawnPrismCli(true), runAll));
  record("bare node:http, same bytes", await withServer(() => spawnBareServer(routes!), runAll));

  return CASES.map((c): BenchRecord => {
    const { ours, ...peers } = figures[c.name]!;
    return {
      case: `mock throughput, ${CONNECTIONS} connections: ${c.name}`,
      unit: "req/s",
      higherIsBetter: true,
      ours: ours!,
      peers,
      target: "≥ 1.5× prism mock CLI, validation on",
    };
  });
};

export default bench;
