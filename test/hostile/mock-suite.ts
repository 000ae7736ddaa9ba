/**
 * The hostile-input suite (issue 16, part 5): malformed multipart variants, malformed percent-encoding, oversized
 * bodies, uploads and headers, fault keys by the thousand with and without a key, slow clients that send or read
 * nothing — all against one mock in a child process. `test/hostile/mock-load.test.ts` runs it at CI scale and
 * `bench/mock-hostile.bench.ts` at the scale of the reports, measuring the mock's memory.
 */
import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { connect, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { MockServerOptions } from "../../mock/index.ts";
import { requestExample as example } from "../mock/helpers.ts";
import type { ChildRequest, ChildStats } from "./mock-child.ts";
import { CLOSING, MALFORMED_PATHS, MULTIPART, partHead, REFUSED_MULTIPART } from "./mock-inputs.ts";
import { exchange, filler, KEY, requestHead, type WireReply } from "./mock-wire.ts";

const MiB = 1024 * 1024;

/** Timeouts short enough that the slow clients are dealt with while the suite runs. */
export const SUITE_OPTIONS = {
  headersTimeoutMs: 1_000,
  requestTimeoutMs: 3_000,
  idleTimeoutMs: 3_000,
} as const satisfies MockServerOptions;

export interface SuiteScale {
  /** Valid uploads of `uploadMiB` each, more than the default file store holds. */
  uploads: number;
  uploadMiB: number;
  /** File parts besides `file` in one upload, of `partMiB` each. */
  extraParts: number;
  partMiB: number;
  /** A JSON body this large. */
  oversizeMiB: number;
  /** Distinct 8 KB fault keys sent with a key, and without one. */
  faultKeys: number;
  unauthenticatedFaultKeys: number;
  /** Stored responses, deferred completions and video jobs created, each (the stores keep 10,000 by default). */
  createdPerStore: number;
  /** Connections of each slow kind. */
  slowClients: number;
}

/** CI: every kind of input, big enough that a leak would show, small enough for `npm test`. */
export const CI_SCALE: SuiteScale = {
  uploads: 6,
  uploadMiB: 49,
  extraParts: 4,
  partMiB: 49,
  oversizeMiB: 80,
  faultKeys: 2_000,
  unauthenticatedFaultKeys: 500,
  createdPerStore: 500,
  slowClients: 20,
};

/** The numbers issue 16 reported (12 × 49 MB uploads, 4 × 49 MB parts, 50,000 × 8 KB fault keys). */
export const FULL_SCALE: SuiteScale = {
  uploads: 12,
  uploadMiB: 49,
  extraParts: 4,
  partMiB: 49,
  oversizeMiB: 200,
  faultKeys: 50_000,
  unauthenticatedFaultKeys: 5_000,
  createdPerStore: 12_000,
  slowClients: 100,
};

export interface MockChild {
  port: number;
  url: string;
  stats(): Promise<ChildStats>;
  /** The stats after a full GC: what the child retains, whatever point of its collection cycle it was at. */
  settled(): Promise<ChildStats>;
  /** `reset()` in the child, then a full GC. */
  reset(): Promise<ChildStats>;
  stop(): Promise<void>;
}

/** The mock in its own process (`mock-child.ts`), with `--expose-gc` so `reset()` can be measured settled. */
export async function spawnMockChild(options: MockServerOptions = {}): Promise<MockChild> {
  const child: ChildProcess = fork(fileURLToPath(new URL("./mock-child.ts", import.meta.url)), [], {
    execArgv: ["--import", "tsx", "--expose-gc"],
    env: { ...process.env, XAI_MOCK_CHILD_OPTIONS: JSON.stringify(options) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const [ready] = (await Promise.race([
    once(child, "message"),
    once(child, "exit").then(([code]) => Promise.reject(new Error(`mock child exited with ${code}`))),
    sleep(30_000).then(() => Promise.reject(new Error("mock child not ready within 30 s"))),
  ])) as [{ ready: number }];
  let nextId = 0;
  const ask = (type: ChildRequest) =>
    new Promise<ChildStats>((resolve, reject) => {
      const id = ++nextId;
      const onMessage = (message: { id: number; stats: ChildStats }) => {
        if (message.id !== id) return;
        child.off("message", onMessage);
        clearTimeout(timer);
        resolve(message.stats);
      };
      const timer = setTimeout(() => {
        child.off("message", onMessage);
        reject(new Error(`mock child did not answer '${type}' within 30 s`));
      }, 30_000);
      child.on("message", onMessage);
      child.send({ type, id });
    });
  return {
    port: ready.ready,
    url: `http://127.0.0.1:${ready.ready}`,
    stats: () => ask("stats"),
    settled: () => ask("settle"),
    reset: () => ask("reset"),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.disconnect();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A streamed multipart upload; `parts` are [head, MiB of filler] pairs. */
function streamedUpload(port: number, parts: [string, number][]): Promise<WireReply> {
  const chunks: (string | Buffer)[][] = parts.map(([head, mib], i) => [i > 0 ? `\r\n${head}` : head, ...filler(mib)]);
  const body = [...chunks.flat(), CLOSING];
  const length = body.reduce((sum, chunk) => sum + Buffer.byteLength(chunk), 0);
  const head = requestHead("POST", "/v1/files", [MULTIPART, `Content-Length: ${length}`]);
  return exchange(port, head, { body, timeoutMs: 60_000 });
}

/** Run `count` tasks, `width` at a time. */
async function pool(count: number, width: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/** Clients that send part of a request, or nothing: the mock must close each of them itself. */
function slowClients(port: number, count: number): { sockets: Socket[]; closedByMock: Promise<number> } {
  const sockets: Socket[] = [];
  const head = requestHead("POST", "/v1/chat/completions", ["Content-Type: application/json", "Content-Length: 1000"]);
  const kinds = [
    (socket: Socket) => socket.write("GET /v1/models HTTP/1.1\r\nHost: mock\r\nAuthor"), // headers never finish
    (_socket: Socket) => {}, // never sends a byte
    (socket: Socket) => socket.write(`${head}{"model": "gro`), // the body never finishes
  ];
  const closed: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    for (const start of kinds) {
      const socket = connect(port, "127.0.0.1");
      socket.on("error", () => {});
      socket.on("data", () => {});
      closed.push(once(socket, "close").then(() => {}));
      socket.once("connect", () => start(socket));
      sockets.push(socket);
    }
  }
  return { sockets, closedByMock: Promise.all(closed).then(() => closed.length) };
}

export interface SuiteResult {
  /** What did not get the answer it should have, one line each. */
  mismatches: string[];
  /** Requests and connections sent. */
  requests: number;
}

/** Run every hostile input against the mock on `port`; the mock must answer each as listed and keep serving. */
export async function runHostileSuite(child: MockChild, scale: SuiteScale): Promise<SuiteResult> {
  const { port } = child;
  const mismatches: string[] = [];
  let requests = 0;
  const expectStatus = (what: string, reply: WireReply, status: number, mentions?: string) => {
    requests++;
    if (reply.status !== status) mismatches.push(`${what}: got ${reply.status ?? reply.ending}, expected ${status}`);
    else if (mentions && !reply.body.includes(mentions))
      mismatches.push(`${what}: the answer does not name '${mentions}'`);
  };

  const slow = slowClients(port, scale.slowClients);

  for (const { name, body, contentType = MULTIPART, names } of REFUSED_MULTIPART) {
    const head = requestHead("POST", "/v1/files", [contentType, `Content-Length: ${Buffer.byteLength(body)}`]);
    expectStatus(`multipart: ${name}`, await exchange(port, head, { body: [body] }), 400, names);
  }
  for (const { path, segment } of MALFORMED_PATHS) {
    expectStatus(`path ${path}`, await exchange(port, requestHead("GET", path)), 400, segment);
  }

  const oversize = requestHead("POST", "/v1/chat/completions", [
    "Content-Type: application/json",
    `Content-Length: ${scale.oversizeMiB * MiB}`,
  ]);
  expectStatus(
    `${scale.oversizeMiB} MiB JSON body`,
    await exchange(port, oversize, { body: filler(scale.oversizeMiB), timeoutMs: 60_000 }),
    413,
  );
  expectStatus("a 51 MiB file", await streamedUpload(port, [[partHead("file", "big.bin"), 51]]), 413);
  const extraParts: [string, number][] = Array.from({ length: scale.extraParts }, (_, i) => [
    partHead(`extra${i}`, `extra${i}.bin`),
    scale.partMiB,
  ]);
  expectStatus(
    `${scale.extraParts} extra file parts of ${scale.partMiB} MiB`,
    await streamedUpload(port, [[partHead("file", "small.txt"), 0], ...extraParts]),
    400,
    "extra0",
  );
  let lastUpload = "";
  for (let i = 0; i < scale.uploads; i++) {
    const reply = await streamedUpload(port, [[partHead("file", `u${i}.bin`), scale.uploadMiB]]);
    expectStatus(`upload ${i + 1} of ${scale.uploadMiB} MiB`, reply, 200);
    lastUpload = reply.body;
  }
  const fileId = (JSON.parse(lastUpload || "{}") as { id?: string }).id ?? "file_missing";
  const readers = Array.from({ length: scale.slowClients }, () => neverReads(port, `/v1/files/${fileId}/content`));

  expectStatus(
    "64 KiB header",
    await exchange(port, requestHead("GET", "/v1/models", [`x-padding: ${"a".repeat(64 * 1024)}`])),
    431,
  );
  const manyHeaders = Array.from({ length: 3_000 }, (_, i) => `x-h${i}: v`);
  expectStatus("3,000 header lines", await exchange(port, requestHead("GET", "/v1/models", manyHeaders)), 431);

  const faultKey = (i: number, prefix: string) => `${prefix}-${i}-`.padEnd(8 * 1024, "k");
  const faultRequest = (prefix: string, authenticated: boolean) => async (i: number) => {
    const response = await fetch(`http://127.0.0.1:${port}/v1/models`, {
      headers: {
        ...(authenticated ? { authorization: `Bearer ${KEY}` } : {}),
        "x-mock-status": "503",
        "x-mock-fault-times": "1",
        "x-mock-fault-key": faultKey(i, prefix),
      },
      signal: AbortSignal.timeout(30_000),
    });
    await response.arrayBuffer();
    requests++;
    const expected = authenticated ? 503 : 401;
    if (response.status !== expected)
      mismatches.push(`fault key ${i} (${prefix}): got ${response.status}, expected ${expected}`);
  };
  await pool(scale.unauthenticatedFaultKeys, 16, faultRequest("anonymous", false));
  await pool(scale.faultKeys, 16, faultRequest("keyed", true));

  for (const [path, body] of [
    ["/v1/responses", example("/v1/responses", "post")],
    ["/v1/chat/completions", { ...example("/v1/chat/completions", "post"), deferred: true }],
    ["/v1/videos/generations", example("/v1/videos/generations", "post")],
  ] as const) {
    await pool(scale.createdPerStore, 16, async (i) => {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        method: "POST",
        body: JSON.stringify(body),
        headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
        signal: AbortSignal.timeout(30_000),
      });
      await response.arrayBuffer();
      requests++;
      if (response.status !== 200) mismatches.push(`create ${i} on ${path}: got ${response.status}, expected 200`);
    });
  }

  const closed = await Promise.race([slow.closedByMock, sleep(30_000).then(() => -1)]);
  requests += slow.sockets.length + readers.length;
  if (closed < 0) {
    const open = slow.sockets.filter((socket) => !socket.destroyed).length;
    mismatches.push(`slow clients: ${open} of ${slow.sockets.length} still open 30 s later`);
  }
  // The readers are still open on this side: only the mock's idle timeout can have closed its end of them.
  const leftOpen = await socketsLeftOpen(child);
  if (leftOpen > 0) mismatches.push(`${leftOpen} sockets still open in the mock 30 s after the suite`);
  for (const socket of [...slow.sockets, ...readers]) socket.destroy();
  return { mismatches, requests };
}

/** A client that asks for a download and never reads a byte of it. */
function neverReads(port: number, path: string): Socket {
  const socket = connect(port, "127.0.0.1");
  socket.on("error", () => {});
  socket.once("connect", () => {
    socket.write(requestHead("GET", path));
    socket.pause();
  });
  return socket;
}

/** The mock's open connections once they have had up to 30 s to close (keep-alive and idle timeouts included). */
async function socketsLeftOpen(child: MockChild): Promise<number> {
  const deadline = performance.now() + 30_000;
  let { sockets } = await child.stats();
  while (sockets > 0 && performance.now() < deadline) {
    await sleep(250);
    ({ sockets } = await child.stats());
  }
  return sockets;
}

/** A normal request, answered normally: the suite's closing check. */
export async function answersNormally(port: number): Promise<boolean> {
  const reply = await exchange(port, requestHead("GET", "/v1/models", ["Connection: close"]));
  return reply.status === 200 && reply.body.includes('"data"');
}
