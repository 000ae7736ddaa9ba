/**
 * Server processes for the mock benchmarks and the soak: this mock's CLI as users run it (the built `xai-mock`), the
 * bare `prism mock` CLI on the same effective spec, and a bare node:http server replaying fixed bytes (the ceiling).
 * Each runs in its own process on 127.0.0.1, so the load generator in this process never competes with the server's
 * event loop.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const EFFECTIVE_SPEC = fileURLToPath(new URL("../generated/xai-openapi.effective.json", import.meta.url));
const PRISM_CLI = require.resolve("@stoplight/prism-cli/dist/index.js");
const BUILT_MOCK_CLI = join(ROOT, "dist/mock-cli.js");
const MOCK_SOURCES = ["mock", "src", "generated"];
/** Set once the built CLI has been found current: every spawn of one benchmark run uses the same build. */
let builtChecked = false;

export const AUTH_HEADERS = { authorization: "Bearer bench-key", "content-type": "application/json" };

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Spawn → first 200 on GET /v1/models, ms. */
  startupMs: number;
  /** The CPU it is bound to, when spawned with `sharedCpu` where `taskset` works. */
  cpu?: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForFirstAnswer(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering`);
    try {
      const response = await fetch(`${url}/v1/models`, { headers: AUTH_HEADERS, signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
  await exited;
  clearTimeout(timer);
}

/** The machine's last CPU, when `taskset` (util-linux) is there to bind a process to it. */
function lastCpu(): string | undefined {
  return spawnSync("taskset", ["--version"]).status === 0 ? String(availableParallelism() - 1) : undefined;
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  /** Bind the server to the machine's last CPU (where `taskset` works; elsewhere it runs unbound). */
  sharedCpu?: boolean;
}

export async function spawnServer(args: string[], port: number, options: SpawnOptions = {}): Promise<ServerProcess> {
  const started = performance.now();
  const cpu = options.sharedCpu ? lastCpu() : undefined;
  const [command, commandArgs] =
    cpu === undefined ? [process.execPath, args] : ["taskset", ["-c", cpu, process.execPath, ...args]];
  const child = spawn(command, commandArgs, {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, ...options.env },
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2_000);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForFirstAnswer(url, child, 60_000);
  } catch (error) {
    await stopChild(child);
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  return { url, child, startupMs: performance.now() - started, cpu, stop: () => stopChild(child) };
}

/**
 * `dist/mock-cli.js`, the `xai-mock` binary users run, which `npm run bench` builds first. Refused when it is missing
 * or older than a source it is built from, so that a figure never measures code other than the checkout's.
 */
export function builtMockCli(): string {
  if (builtChecked) return BUILT_MOCK_CLI;
  if (!existsSync(BUILT_MOCK_CLI)) throw new Error("no dist/mock-cli.js: run `npm run build` first");
  const built = statSync(BUILT_MOCK_CLI).mtimeMs;
  for (const dir of MOCK_SOURCES) {
    for (const file of readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })) {
      if (statSync(join(ROOT, dir, file)).mtimeMs > built) {
        throw new Error(`dist/mock-cli.js is older than ${dir}/${file}: run \`npm run build\` first`);
      }
    }
  }
  builtChecked = true;
  return BUILT_MOCK_CLI;
}

/** This project's mock, through its built CLI, request log off. */
export async function spawnOurMock(extraArgs: string[] = [], options: SpawnOptions = {}): Promise<ServerProcess> {
  const port = await freePort();
  return spawnServer([builtMockCli(), "--port", String(port), "--quiet", ...extraArgs], port, options);
}

/** `prism mock` 5.14.2 on the same effective spec; `silent` turns its request logging off. */
export async function spawnPrismCli(silent: boolean, options: SpawnOptions = {}): Promise<ServerProcess> {
  const port = await freePort();
  const args = [PRISM_CLI, "mock", "-h", "127.0.0.1", "-p", String(port), EFFECTIVE_SPEC];
  if (silent) args.push("--verboseLevel", "silent");
  return spawnServer(args, port, options);
}

/** A node:http server that answers each `METHOD path` with fixed bytes: the ceiling for any mock. */
export async function spawnBareServer(routes: Record<string, { status: number; contentType: string; body: string }>) {
  const port = await freePort();
  const source = `
    const routes = JSON.parse(process.env.BARE_ROUTES);
    require("node:http").createServer((req, res) => {
      const route = routes[req.method + " " + req.url.split("?")[0]];
      req.resume();
      req.on("end", () => {
        if (!route) { res.writeHead(404).end(); return; }
        res.writeHead(route.status, { "content-type": route.contentType, "content-length": Buffer.byteLength(route.body) });
        res.end(route.body);
      });
    }).listen(${port}, "127.0.0.1");
    process.on("SIGTERM", () => process.exit(0));`;
  return spawnServer(["-e", source], port, { env: { BARE_ROUTES: JSON.stringify(routes) } });
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = require("autocannon") as Autocannon;

export interface LoadResult {
  requestsPerSecond: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

/** autocannon against one request shape; throws if any response was not 2xx (a broken run is not a figure). */
export async function load(
  url: string,
  request: { method: "GET" | "POST"; path: string; body?: string },
  options: { connections: number; durationSeconds: number },
): Promise<LoadResult> {
  const result = await autocannon({
    url: `${url}${request.path}`,
    method: request.method,
    headers: AUTH_HEADERS,
    body: request.body,
    connections: options.connections,
    duration: options.durationSeconds,
  });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `${request.method} ${request.path} on ${url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return { requestsPerSecond: result.requests.average, p99Ms: result.latency.p99, non2xx: 0, errors: 0 };
}

/**
 * Every server loaded at once, each through its own connections. Spawned with `sharedCpu`, they split one CPU evenly
 * whatever else the machine is doing, so the ratio of two rates is the inverse ratio of their CPU cost per request,
 * and a slow spell of the machine slows them alike. Each rate is given per core: times the servers sharing it (when
 * they are not all bound to one CPU, the rates as measured).
 */
export async function loadAtOnce(
  servers: Record<string, ServerProcess>,
  request: { method: "GET" | "POST"; path: string; body?: string },
  options: { connections: number; durationSeconds: number },
): Promise<Record<string, number>> {
  const labels = Object.keys(servers);
  const results = await Promise.all(labels.map((label) => load(servers[label]!.url, request, options)));
  const cpus = new Set(labels.map((label) => servers[label]!.cpu));
  const share = cpus.size === 1 && !cpus.has(undefined) ? labels.length : 1;
  return Object.fromEntries(labels.map((label, i) => [label, results[i]!.requestsPerSecond * share]));
}
