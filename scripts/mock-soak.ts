/**
 * `npm run mock:soak [-- --seconds 60 --connections 32]`: drives the mock (in its own process) with `connections`
 * concurrent clients mixing every behaviour for `seconds`, sampling the server's RSS each second. Passes (exit 0) with
 * zero unexpected statuses, RSS ≤ 300 MB, and ≤ 20% growth of the memory it retains: its RSS after a full GC once the
 * first 10 s have warmed it against the same at the end. Raw RSS under load is not that figure: V8 lets the heap rise
 * by tens of MB between major collections (a 120 s run rose 152 → 223 MB, then fell to 170 MB), so a comparison of
 * raw windows measures where the collector happened to be.
 */
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { AUTH_HEADERS, EFFECTIVE_SPEC } from "../bench/mock-harness.ts";
import { spawnMockChild } from "../test/hostile/mock-suite.ts";

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "60" }, connections: { type: "string", default: "32" } },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
if (!Number.isInteger(SECONDS) || SECONDS < 20 || SECONDS > 3600) throw new Error("--seconds must be 20–3600");
if (!Number.isInteger(CONNECTIONS) || CONNECTIONS < 1 || CONNECTIONS > 256)
  throw new Error("--connections must be 1–256");

const RSS_LIMIT_MB = 300;
const GROWTH_LIMIT = 0.2;
const WARM_UP_SECONDS = 10;

const spec = JSON.parse(readFileSync(EFFECTIVE_SPEC, "utf8"));
/** The spec's request example; those naming the model `latest` (no model of the spec's lists) ask for grok-3. */
const example = (path: string) => {
  const body = spec.paths[path].post.requestBody.content["application/json"].example;
  return body.model === "latest" ? { ...body, model: "grok-3" } : body;
};

const MB = 1024 * 1024;
const server = await spawnMockChild({ streamDelayMs: 0, deferredPolls: 2, videoPolls: 2 });
const statuses = new Map<string, number>();
const unexpected: string[] = [];
let requests = 0;

async function call(name: string, path: string, expected: number[], init: RequestInit & { json?: unknown } = {}) {
  const { json, ...rest } = init;
  const response = await fetch(`${server.url}${path}`, {
    ...rest,
    headers: { ...AUTH_HEADERS, ...(rest.headers as Record<string, string>) },
    body: json === undefined ? rest.body : JSON.stringify(json),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  requests++;
  const key = `${name} ${response.status}`;
  statuses.set(key, (statuses.get(key) ?? 0) + 1);
  if (!expected.includes(response.status)) unexpected.push(`${key}: ${text.slice(0, 200)}`);
  return { status: response.status, text, json: () => JSON.parse(text) };
}

const scenarios: (() => Promise<unknown>)[] = [
  () => call("models", "/v1/models", [200]),
  () =>
    call("unknown model", "/v1/chat/completions", [404], {
      method: "POST",
      json: { ...example("/v1/chat/completions"), model: "grok-0" },
    }),
  () =>
    call("image + download", "/v1/images/generations", [200], {
      method: "POST",
      json: example("/v1/images/generations"),
    }).then(async (r) => {
      const image = await fetch(r.json().data[0].url);
      await image.arrayBuffer();
      if (image.headers.get("content-type") !== "image/jpeg") unexpected.push(`media ${image.status}`);
    }),
  () => call("chat", "/v1/chat/completions", [200], { method: "POST", json: example("/v1/chat/completions") }),
  async () => {
    const r = await call("chat stream", "/v1/chat/completions", [200], {
      method: "POST",
      json: { ...example("/v1/chat/completions"), stream: true },
    });
    if (!r.text.trimEnd().endsWith("data: [DONE]")) unexpected.push("chat stream did not end with [DONE]");
  },
  () =>
    call("responses stream", "/v1/responses", [200], {
      method: "POST",
      json: { ...example("/v1/responses"), stream: true },
    }),
  () =>
    call("messages stream", "/v1/messages", [200], {
      method: "POST",
      json: { ...example("/v1/messages"), stream: true },
    }),
  async () => {
    const started = await call("deferred start", "/v1/chat/completions", [200], {
      method: "POST",
      json: { ...example("/v1/chat/completions"), deferred: true },
    });
    const id = started.json().request_id;
    let status = 202;
    while (status === 202)
      status = (await call("deferred poll", `/v1/chat/deferred-completion/${id}`, [200, 202])).status;
  },
  async () => {
    const started = await call("video start", "/v1/videos/generations", [200], {
      method: "POST",
      json: example("/v1/videos/generations"),
    });
    const id = started.json().request_id;
    while ((await call("video poll", `/v1/videos/${id}`, [200])).json().status === "pending");
  },
  async () => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(4096).fill(7)]), "soak.bin");
    const uploaded = await fetch(`${server.url}/v1/files`, {
      method: "POST",
      body: form,
      headers: { authorization: AUTH_HEADERS.authorization },
    });
    requests++;
    const file = (await uploaded.json()) as { id: string };
    if (uploaded.status !== 200) unexpected.push(`upload ${uploaded.status}`);
    await call("files list", "/v1/files?limit=5", [200]);
    await call("file content", `/v1/files/${file.id}/content`, [200]);
    await call("file delete", `/v1/files/${file.id}`, [200], { method: "DELETE" });
    await call("file gone", `/v1/files/${file.id}`, [404]);
  },
  async () => {
    const created = await call("response create", "/v1/responses", [200], {
      method: "POST",
      json: example("/v1/responses"),
    });
    const id = created.json().id;
    await call("response get", `/v1/responses/${id}`, [200]);
    await call("response delete", `/v1/responses/${id}`, [200], { method: "DELETE" });
  },
  () => call("invalid body", "/v1/chat/completions", [422], { method: "POST", json: { model: 1 } }),
  () => call("fault 503", "/v1/models", [503], { headers: { "x-mock-status": "503", "x-mock-retry-after": "1" } }),
  () => call("unknown path", "/v1/nowhere", [404]),
];

const samples: { second: number; rssMb: number }[] = [];
const started = performance.now();
const deadline = started + SECONDS * 1000;
let sampling = true;
const sampler = (async () => {
  while (sampling) {
    const { rss } = await server.stats();
    samples.push({ second: (performance.now() - started) / 1000, rssMb: rss / MB });
    await sleep(1000);
  }
})();

async function client(offset: number) {
  for (let i = offset; performance.now() < deadline; i++) {
    try {
      await scenarios[i % scenarios.length]!();
    } catch (error) {
      unexpected.push(`scenario ${i % scenarios.length}: ${(error as Error).message}`);
    }
  }
}

console.log(`soak: ${CONNECTIONS} clients × ${SECONDS} s against ${server.url}`);
let warmed = 0;
let final = 0;
try {
  const clients = Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => client(i)));
  await sleep(WARM_UP_SECONDS * 1000);
  warmed = (await server.settled()).rss / MB;
  await clients;
  final = (await server.settled()).rss / MB;
} finally {
  sampling = false;
  await sampler;
  await server.stop();
}

const peak = Math.max(...samples.map((s) => s.rssMb));
const growth = final / warmed - 1;
const checks = [
  [`unexpected statuses: ${unexpected.length}`, unexpected.length === 0],
  [`peak RSS ${peak.toFixed(0)} MB (limit ${RSS_LIMIT_MB})`, peak <= RSS_LIMIT_MB],
  [
    `RSS after a full GC: ${warmed.toFixed(0)} MB at ${WARM_UP_SECONDS} s → ${final.toFixed(0)} MB at the end: ${(growth * 100).toFixed(1)}% (limit ${GROWTH_LIMIT * 100}%)`,
    growth <= GROWTH_LIMIT,
  ],
] as const;

console.log(`${requests} requests in ${SECONDS} s (${(requests / SECONDS).toFixed(0)} req/s)`);
for (const [key, count] of [...statuses].sort()) console.log(`  ${key.padEnd(28)} ${count}`);
for (const line of unexpected.slice(0, 10)) console.log(`  unexpected: ${line}`);
for (const [label, ok] of checks) console.log(`${ok ? "PASS" : "FAIL"}  ${label}`);
process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
