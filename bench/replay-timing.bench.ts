/**
 * Replay timing (issue 14): a chat stream with known, uneven per-event delays is recorded from the test suite's fake
 * upstream through `xai-mock record`, then replayed by `xai-mock --replay` as users run it (the built
 * `dist/mock-cli.js`) in its own process; a client on loopback stamps each frame's arrival. A frame's lateness is its
 * arrival offset minus its recorded offset / speed, both from the request's start. Every frame of a round shares the
 * loopback round trip (client → mock → client, which the recorded offsets already hold once, upstream's); the pacing
 * figure is each frame's distance from its round's median lateness, p99 over every frame of every round, so a frame
 * the pacer sent late counts and the shared trip does not. The last row is the raw lateness, round trip included.
 *
 * Two peers run in the same rounds, each in a worker thread of this process: the naive scheduler (each frame timed
 * from the previous write: `sleep(ms[i] − ms[i−1])`), which accumulates every timer's lateness, and the floor, a sender
 * that never sleeps: it busy-waits for each deadline and writes to a raw socket, so what it measures is this
 * machine's scheduling and loopback delivery (its busy thread shares the two cores with the client stamping arrivals,
 * so in a noisy run a sender that sleeps can read below it).
 * Run alone: `npm run build && npx tsx bench/replay-timing.bench.ts`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { type IncomingMessage, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { Cassette, Frame } from "../mock/cassettes/format.ts";
import { startRecorder } from "../mock/record/recorder.ts";
import { FAKE_KEY, startFakeUpstream } from "../test/record/fake-upstream.ts";
import { builtMockCli } from "./mock-harness.ts";
import type { BenchCase, BenchRecord } from "./types.ts";

/** Words of the recorded answer: one frame each, plus role, finish and [DONE]. */
const WORDS = 60;
/** Delays before each frame at the upstream, cycled: uneven, so the recorded offsets are not a regular grid. */
const DELAYS_MS = [7, 2, 15, 0, 11, 4, 23, 1, 9];
const ROUNDS = 24;
const SPEEDS = [1, 2];
const BODY = JSON.stringify({
  model: "grok-4",
  stream: true,
  messages: [{ role: "user", content: Array.from({ length: WORDS }, (_, i) => `w${i}`).join(" ") }],
});

/** The naive replayer: each frame waits out the gap since the previous one, so timer lateness adds up. */
const CHAINED_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const http = require("node:http");
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const server = http.createServer(async (req, res) => {
  req.resume();
  await new Promise((resolve) => req.on("end", resolve));
  const speed = Number(new URL(req.url, "http://x").searchParams.get("speed"));
  await sleep(workerData.headersMs / speed);
  res.writeHead(200, { "content-type": "text/event-stream" });
  res.flushHeaders();
  let previous = workerData.headersMs;
  for (const frame of workerData.frames) {
    await sleep((frame.ms - previous) / speed);
    previous = frame.ms;
    res.write(frame.text);
  }
  res.end();
});
server.listen(0, "127.0.0.1", () => parentPort.postMessage(server.address().port));
parentPort.on("message", () => server.close(() => process.exit(0)));
`;

/** The floor: one blocking busy-wait per frame, each due from the request's start, written straight to the socket. */
const BUSY_WAITING_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const net = require("node:net");
const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  let request = "";
  socket.on("data", (chunk) => {
    request += chunk;
    const headEnd = request.indexOf("\\r\\n\\r\\n");
    if (headEnd < 0) return;
    const length = Number(/content-length: *(\\d+)/i.exec(request.slice(0, headEnd))?.[1] ?? 0);
    if (Buffer.byteLength(request.slice(headEnd + 4)) < length) return;
    const speed = Number(/speed=([\\d.]+)/.exec(request)[1]);
    request = "";
    const start = performance.now();
    const until = (ms) => {
      const due = start + ms / speed;
      while (performance.now() < due);
    };
    until(workerData.headersMs);
    socket.write("HTTP/1.1 200 OK\\r\\ncontent-type: text/event-stream\\r\\ntransfer-encoding: chunked\\r\\n\\r\\n");
    for (const frame of workerData.frames) {
      until(frame.ms);
      socket.write(Buffer.byteLength(frame.text).toString(16) + "\\r\\n" + frame.text + "\\r\\n");
    }
    socket.write("0\\r\\n\\r\\n");
  });
});
server.listen(0, "127.0.0.1", () => parentPort.postMessage(server.address().port));
parentPort.on("message", () => server.close(() => process.exit(0)));
`;

async function recordStream(dir: string): Promise<{ headersMs: number; frames: Frame[] }> {
  const upstream = await startFakeUpstream({ frameDelaysMs: DELAYS_MS });
  const recorder = await startRecorder({ cassettes: dir, upstream: upstream.url, port: 0 });
  try {
    const response = await fetch(`${recorder.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${FAKE_KEY}`, "content-type": "application/json" },
      body: BODY,
    });
    await response.text();
    await recorder.settled();
  } finally {
    await recorder.close();
    await upstream.close();
  }
  const [file] = await readdir(dir);
  const cassette = JSON.parse(await readFile(join(dir, file!), "utf8")) as Cassette;
  return { headersMs: cassette.response.headersMs, frames: cassette.response.frames! };
}

async function replayCli(dir: string, speed: number): Promise<{ child: ChildProcess; url: string }> {
  const args = [builtMockCli(), "--replay", dir, "--replay-speed", String(speed), "--port", "0", "--quiet"];
  const child = spawn(process.execPath, args, {
    cwd: new URL("..", import.meta.url),
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 30 s:\n${out}`)), 30_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk;
      const match = /Base URL\s+(http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
  return { child, url };
}

/** When each frame arrived, ms after the request was sent. */
async function arrivals(url: string): Promise<number[]> {
  const times: number[] = [];
  let text = "";
  const start = performance.now();
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(url, {
      method: "POST",
      headers: { authorization: "Bearer bench", "content-type": "application/json" },
    });
    req.on("response", resolve).on("error", reject);
    req.end(BODY);
  });
  for await (const chunk of response) {
    const at = performance.now() - start;
    text += chunk;
    const completed = text.split("\n\n").length - 1;
    while (times.length < completed) times.push(at);
  }
  return times;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Per frame: how far its arrival is from where the recording puts it. */
interface Errors {
  /** Both offsets from the request's start. */
  fromRequest: number[];
  /** The same, less the round's median (the shift every frame of the round shares). */
  pacing: number[];
}

const run: BenchCase = async () => {
  const dir = await mkdtemp(join(tmpdir(), "bench-replay-"));
  const { headersMs, frames } = await recordStream(dir);
  const textFrames = frames.map((frame) => ({ ms: frame.ms, text: "text" in frame ? frame.text : "" }));
  const worker = new Worker(CHAINED_SOURCE, { eval: true, workerData: { frames: textFrames, headersMs } });
  const [chainedPort] = (await once(worker, "message")) as [number];
  const floor = new Worker(BUSY_WAITING_SOURCE, { eval: true, workerData: { frames: textFrames, headersMs } });
  const [floorPort] = (await once(floor, "message")) as [number];
  const replays = await Promise.all(SPEEDS.map((speed) => replayCli(dir, speed)));
  const errors = new Map<string, Errors>();
  const add = (name: string, speed: number, arrived: number[]) => {
    if (arrived.length !== frames.length)
      throw new Error(`${name}: ${arrived.length} of ${frames.length} frames arrived`);
    const list = errors.get(`${name} ${speed}`) ?? { fromRequest: [], pacing: [] };
    const late = arrived.map((at, i) => at - frames[i]!.ms / speed);
    // What every frame of the round shares — the loopback round trip — is not pacing.
    const shift = percentile(late, 50);
    for (const lateness of late) {
      list.fromRequest.push(Math.abs(lateness));
      list.pacing.push(Math.abs(lateness - shift));
    }
    errors.set(`${name} ${speed}`, list);
  };
  try {
    // Warm-up: the first request to each server compiles its path.
    for (const { url } of replays) await arrivals(`${url}/v1/chat/completions`);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, speed] of SPEEDS.entries()) {
        add("replay", speed, await arrivals(`${replays[i]!.url}/v1/chat/completions`));
        add("chained", speed, await arrivals(`http://127.0.0.1:${chainedPort}/?speed=${speed}`));
        add("floor", speed, await arrivals(`http://127.0.0.1:${floorPort}/?speed=${speed}`));
      }
    }
  } finally {
    for (const { child } of replays) child.kill("SIGTERM");
    await Promise.all(replays.map(({ child }) => (child.exitCode === null ? once(child, "exit") : undefined)));
    for (const thread of [worker, floor]) {
      thread.postMessage("close");
      await once(thread, "exit");
    }
    await rm(dir, { recursive: true, force: true });
  }
  const span = `${frames.length} frames over ${Math.round(frames.at(-1)!.ms)} ms, ${ROUNDS} rounds`;
  const chained = "chained setTimeout (previous write + gap)";
  const busy = "floor: busy-waiting sender, raw socket";
  const at = (p: number, name: string, speed: number, from: keyof Errors) =>
    percentile(errors.get(`${name} ${speed}`)![from], p);
  const pacing = (p: number, speed: number, target: string): BenchRecord => ({
    case: `replay pacing: |frame lateness − the round's median| p${p}, speed ${speed} (${span})`,
    unit: "ms",
    higherIsBetter: false,
    ours: at(p, "replay", speed, "pacing"),
    peers: { [chained]: at(p, "chained", speed, "pacing"), [busy]: at(p, "floor", speed, "pacing") },
    target,
  });
  return [
    pacing(99, 1, "≤ 2 ms"),
    pacing(50, 1, "(context for p99)"),
    pacing(99, 2, "(scaled pace)"),
    {
      case: "replay: |frame arrival − recorded offset| p99, both from the request's start, speed 1 (with the round trip)",
      unit: "ms",
      higherIsBetter: false,
      ours: at(99, "replay", 1, "fromRequest"),
      peers: { [chained]: at(99, "chained", 1, "fromRequest"), [busy]: at(99, "floor", 1, "fromRequest") },
      target: "(context)",
    },
  ];
};

export default run;

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const record of await run()) console.log(record.case, record.ours.toFixed(3), record.peers);
}
