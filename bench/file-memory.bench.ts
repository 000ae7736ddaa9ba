/**
 * Memory while moving a 200 MB file through a real loopback node:http server (a tiny one here, not the mock):
 * peak RSS growth of the client process — each scenario runs in its own child process, measured from a baseline
 * taken after a small warm-up transfer and a GC. Upload from a path (fs.openAsBlob → FormData, the files.upload
 * path), upload of a ReadableStream (hand-built multipart stream, duplex: "half"), download with
 * files.content().saveTo(); openai-node 6's files.create(fs.createReadStream(...)) as the upload peer.
 * The 200 MB exceeds the API's 50 MB limit on purpose (memory must not scale with size), so the uploads use the same
 * body builder and fetch options files.upload uses, with the limit lifted, through the client's openapi-fetch instance.
 * Run alone: `npx tsx bench/file-memory.bench.ts`.
 */
import { once } from "node:events";
import { createReadStream } from "node:fs";
import { mkdtemp, open, rm, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import OpenAI from "openai";
import { prepareUpload, uploadRequestInit } from "../src/files/upload.ts";
import { createXai } from "../src/index.ts";
import { peakRssGrowthMB, runInChild } from "./child-memory.ts";
import type { BenchCase, BenchRecord } from "./types.ts";

const FILE_MB = 200;
const WARMUP_MB = 1;
const ROLE_ENV = "XAI_FILE_MEMORY_SCENARIO";
const MB = 1024 * 1024;

type Scenario = "upload-path" | "upload-stream" | "download-save" | "openai-upload";

/** What each scenario does in the child, against `baseUrl`, with the file at `path` of `size` bytes. */
async function runScenario(scenario: Scenario, baseUrl: string, path: string, scratch: string): Promise<void> {
  const xai = createXai({ baseUrl, maxRetries: 0 });
  const noLimit = Number.POSITIVE_INFINITY;
  switch (scenario) {
    case "upload-path":
    case "upload-stream": {
      const input =
        scenario === "upload-path" ? path : (Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>);
      const prepared = await prepareUpload(input, { expiresAfter: 3600, filename: "big.bin" }, noLimit);
      const { error } = await xai.raw.POST("/v1/files", uploadRequestInit(prepared) as never);
      if (error) throw new Error(`upload failed: ${JSON.stringify(error)}`);
      return;
    }
    case "download-save": {
      const size = (await stat(path)).size;
      const id = `file_${basename(path, ".bin")}`;
      const written = await (await xai.files.content(id)).saveTo(join(scratch, `download-${process.pid}.bin`));
      if (written !== size) throw new Error(`downloaded ${written} of ${size} bytes`);
      return;
    }
    case "openai-upload": {
      const openai = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: "bench", maxRetries: 0 });
      await openai.files.create({ file: createReadStream(path), purpose: "assistants" });
      return;
    }
  }
}

/** Child side: warm up on the small file, then measure the peak RSS above the baseline while moving the big one. */
async function child(): Promise<void> {
  const { XAI_BENCH_URL: url, XAI_BENCH_FILE: file, XAI_BENCH_WARMUP: warmup, XAI_BENCH_DIR: scratch } = process.env;
  const scenario = process.env[ROLE_ENV] as Scenario;
  await runScenario(scenario, url!, warmup!, scratch!);
  const growthMB = await peakRssGrowthMB(() => runScenario(scenario, url!, file!, scratch!));
  process.stdout.write(`${JSON.stringify({ growthMB })}\n`);
}

/** A tiny files server: counts uploaded bytes without keeping them, streams `file_<name>` back from `dir/<name>.bin`. */
async function startServer(dir: string): Promise<{ server: Server; url: string; uploads: number[] }> {
  const uploads: number[] = [];
  const server = createServer((req, res) => {
    if (req.method === "POST" && req.url === "/v1/files") {
      let received = 0;
      req.on("data", (chunk: Buffer) => {
        received += chunk.length;
      });
      req.on("end", () => {
        uploads.push(received);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({ id: "file_bench", object: "file", bytes: received, created_at: 0, filename: "big.bin" }),
        );
      });
      return;
    }
    const download = req.method === "GET" && /^\/v1\/files\/file_(big|warmup)\/content/.exec(req.url ?? "");
    if (download) {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      createReadStream(join(dir, `${download[1]}.bin`)).pipe(res);
      return;
    }
    res.writeHead(404).end();
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, uploads };
}

async function writeFileOfSize(path: string, megabytes: number): Promise<void> {
  const block = Buffer.alloc(MB);
  for (let i = 0; i < block.length; i++) block[i] = (i * 2_654_435_761) >>> 24;
  const handle = await open(path, "w");
  try {
    for (let i = 0; i < megabytes; i++) await handle.write(block);
  } finally {
    await handle.close();
  }
}

async function measureInChild(scenario: Scenario, env: Record<string, string>): Promise<number> {
  const script = fileURLToPath(import.meta.url);
  return (await runInChild<{ growthMB: number }>(script, { ...env, [ROLE_ENV]: scenario }, scenario)).growthMB;
}

const run: BenchCase = async () => {
  const scratch = await mkdtemp(join(tmpdir(), "xai-file-memory-"));
  const big = join(scratch, "big.bin");
  const warmup = join(scratch, "warmup.bin");
  await writeFileOfSize(big, FILE_MB);
  await writeFileOfSize(warmup, WARMUP_MB);
  const { server, url, uploads } = await startServer(scratch);
  try {
    const env = { XAI_BENCH_URL: url, XAI_BENCH_FILE: big, XAI_BENCH_WARMUP: warmup, XAI_BENCH_DIR: scratch };
    const growth: Partial<Record<Scenario, number>> = {};
    for (const scenario of ["upload-path", "upload-stream", "download-save", "openai-upload"] as const) {
      growth[scenario] = await measureInChild(scenario, env);
    }
    const tooSmall = uploads.filter((bytes) => bytes > WARMUP_MB * MB * 2 && bytes < FILE_MB * MB);
    if (tooSmall.length > 0) throw new Error(`the server received truncated uploads: ${tooSmall.join(", ")} bytes`);
    const record = (what: string, ours: number, peers: Record<string, number> = {}): BenchRecord => ({
      case: `Peak RSS growth, ${what} (${FILE_MB} MB, loopback node:http)`,
      unit: "MB",
      higherIsBetter: false,
      ours,
      peers,
      target: "≤ 64 MB",
    });
    return [
      record("upload from a path (fs.openAsBlob → FormData)", growth["upload-path"]!, {
        "openai-node files.create(ReadStream)": growth["openai-upload"]!,
      }),
      record("upload of a ReadableStream (streamed multipart)", growth["upload-stream"]!),
      record("download with files.content().saveTo()", growth["download-save"]!),
    ];
  } finally {
    server.closeAllConnections();
    server.close();
    await rm(scratch, { recursive: true, force: true });
  }
};

export default run;

if (process.env[ROLE_ENV]) {
  await child();
} else if (import.meta.url === `file://${process.argv[1]}`) {
  for (const record of await run()) console.log(record.case, record.ours.toFixed(1), "MB", record.peers);
}
