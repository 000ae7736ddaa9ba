/**
 * Malformed and oversized multipart uploads over raw sockets: each gets a clear 4xx, nothing is stored, and the
 * mock — in this process, or as the CLI — keeps serving. (Issue 16, defect 1: an upload with no closing boundary
 * was an unhandled 'error' event that took the host process down.)
 */
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "../../mock/index.ts";
import { startCli } from "../mock/helpers.ts";
import { CLOSING as CLOSE, MULTIPART as CONTENT_TYPE, partHead, REFUSED_MULTIPART } from "./mock-inputs.ts";
import { exchange, filler, KEY, requestHead } from "./mock-wire.ts";

function upload(port: number, body: string, headers = [CONTENT_TYPE]) {
  return exchange(port, requestHead("POST", "/v1/files", [...headers, `Content-Length: ${Buffer.byteLength(body)}`]), {
    body: [body],
  });
}

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, maxFileBytes: 4 * 1024 * 1024, stores: { files: { maxBytes: 8 << 20 } } });
});
afterAll(() => mock.close());

async function storedFiles(): Promise<number> {
  const response = await fetch(`${mock.url}/v1/files`, { headers: { authorization: `Bearer ${KEY}` } });
  return ((await response.json()) as { data: unknown[] }).data.length;
}

async function stillServing(): Promise<void> {
  const reply = await exchange(mock.port, requestHead("GET", "/v1/models", ["Connection: close"]));
  expect(reply.status).toBe(200);
}

describe("refused multipart", () => {
  for (const { name, body, contentType, names } of REFUSED_MULTIPART) {
    it(`${name} → 400, nothing stored, the mock keeps serving`, async () => {
      const before = await storedFiles();
      const reply = await upload(mock.port, body, contentType ? [contentType] : undefined);
      expect(reply.status, reply.body).toBe(400);
      if (names) expect(reply.body).toContain(names);
      expect(reply.headers["content-type"]).toMatch(/^application\/json/);
      expect(await storedFiles()).toBe(before);
      await stillServing();
    });
  }

  it("a client that goes away mid-upload leaves the mock serving", async () => {
    const head = requestHead("POST", "/v1/files", [CONTENT_TYPE, "Content-Length: 1000000"]);
    const body = [partHead("file", "a.bin"), "x".repeat(1000)];
    const reply = await exchange(mock.port, head, { body, end: false, timeoutMs: 300 });
    expect(reply.ending).toBe("open");
    await stillServing();
  });
});

describe("one upload's parts are bounded", () => {
  it("a second part named file is refused too; neither is stored", async () => {
    const before = await storedFiles();
    const twice = await upload(mock.port, `${partHead("file", "a.txt")}one\r\n${partHead("file", "b.txt")}two${CLOSE}`);
    expect(twice.status).toBe(400);
    expect(twice.body).toContain("file");
    expect(await storedFiles()).toBe(before);
  });

  it("extra file parts far larger than the file limit are drained, not buffered, and refused", async () => {
    const parts = [
      partHead("file", "a.txt"),
      "ok\r\n",
      partHead("extra", "big.bin"),
      ...filler(12),
      `\r\n${partHead("extra2", "big2.bin")}`,
      ...filler(12),
      CLOSE,
    ];
    const length = parts.reduce((sum, part) => sum + Buffer.byteLength(part), 0);
    const head = requestHead("POST", "/v1/files", [CONTENT_TYPE, `Content-Length: ${length}`]);
    const reply = await exchange(mock.port, head, { body: parts });
    expect(reply.status).toBe(400);
    expect(reply.body).toContain("extra");
    await stillServing();
  });

  it("a field value past its bound → 400 naming the field", async () => {
    const body = `${partHead("purpose")}${"p".repeat(100_000)}\r\n${partHead("file", "a.txt")}x${CLOSE}`;
    const reply = await upload(mock.port, body);
    expect(reply.status).toBe(400);
    expect(reply.body).toContain("purpose");
  });

  it("a file over maxFileBytes → 413 after the upload is drained; the connection stays usable", async () => {
    const parts = [partHead("file", "big.bin"), ...filler(6), CLOSE];
    const length = parts.reduce((sum, part) => sum + Buffer.byteLength(part), 0);
    const head = requestHead("POST", "/v1/files", [CONTENT_TYPE, `Content-Length: ${length}`]);
    const reply = await exchange(mock.port, head, { body: parts });
    expect(reply.status).toBe(413);
    await stillServing();
  });
});

describe("the CLI", () => {
  it("survives an upload with no closing boundary", async () => {
    const cli = startCli(["--quiet"]);
    try {
      const port = Number(new URL(await cli.url).port);
      expect((await upload(port, `${partHead("file", "a.txt")}hello`)).status).toBe(400);
      const models = await exchange(port, requestHead("GET", "/v1/models", ["Connection: close"]));
      expect(models.status, cli.output()).toBe(200);
      expect(cli.child.exitCode).toBeNull();
    } finally {
      const exited = once(cli.child, "exit");
      cli.child.kill("SIGTERM");
      await exited;
    }
  });
});
