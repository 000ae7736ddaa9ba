/**
 * Issue 16, defect 4 and part 2: the client buffers no body without bound. Each case is a hostile node:http peer
 * (test/hostile/client-server.ts) that sends more than the client's `maxResponseBytes`; the client must fail with
 * ResponseTooLargeError naming the limit, never retry it, and drop the connection instead of reading on. (Peak memory
 * for a 1 GB body is measured by bench/client-peak-rss.bench.ts, not here.)
 */
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { createXai, DEFAULT_MAX_RESPONSE_BYTES, ResponseTooLargeError, XaiError } from "../../src/index.ts";
import { flood, type HostileServer, hostileServer } from "./client-server.ts";

const LIMIT = 1024 * 1024;
/** What socket buffers can hold beyond what the client read before it closed the connection. */
const SLACK = 16 * 1024 * 1024;
const CHUNK = "x".repeat(64 * 1024);

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function failureOf(promise: PromiseLike<unknown>): Promise<unknown> {
  return Promise.resolve(promise).then(
    () => expect.fail("expected the call to fail"),
    (error: unknown) => error,
  );
}

function expectTooLarge(error: unknown, what: string, limit = LIMIT) {
  expect(error).toBeInstanceOf(ResponseTooLargeError);
  expect(error).toBeInstanceOf(XaiError);
  expect(error).toMatchObject({ what, limit });
  expect((error as Error).message).toContain(`maxResponseBytes (${limit} bytes)`);
}

describe("buffered bodies are bounded by maxResponseBytes", () => {
  it("a JSON body that never ends fails once past the limit, is not retried, and the connection is dropped", async () => {
    server = await hostileServer((_request, response, seen) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"object":"list","data":"');
      void flood(response, seen, CHUNK);
    });
    const xai = createXai({ baseUrl: server.url, maxResponseBytes: LIMIT, maxRetries: 2 });
    const error = await failureOf(xai.models.list());
    expectTooLarge(error, "Response body");
    expect((error as ResponseTooLargeError).received).toBeGreaterThan(LIMIT);
    await server.requests[0]!.closed;
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.written).toBeLessThan(LIMIT + SLACK);
  });

  it("a Content-Length above the limit is refused before the body is read", async () => {
    server = await hostileServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": String(2 ** 30) });
      response.write('{"object":"list"');
      // …and nothing more: a client that waited for the announced gigabyte would hang here.
    });
    const xai = createXai({ baseUrl: server.url, maxResponseBytes: LIMIT });
    const error = await failureOf(xai.models.list());
    expectTooLarge(error, "Response body");
    expect((error as ResponseTooLargeError).received).toBe(2 ** 30);
    expect(server.requests).toHaveLength(1);
  });

  it("an error body that never ends is bounded too, and the 500 is not retried", async () => {
    server = await hostileServer((_request, response, seen) => {
      response.writeHead(500, { "content-type": "text/plain" });
      void flood(response, seen, CHUNK);
    });
    const xai = createXai({ baseUrl: server.url, maxResponseBytes: LIMIT, maxRetries: 2 });
    expectTooLarge(await failureOf(xai.models.list()), "Response body");
    expect(server.requests).toHaveLength(1);
  });

  it("a compressed body is bounded by its decompressed size (a gzip bomb)", async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(LIMIT);
    server = await hostileServer((_request, response) => {
      response.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": "gzip",
        "content-length": String(bomb.length),
      });
      response.end(bomb);
    });
    const xai = createXai({ baseUrl: server.url, maxResponseBytes: LIMIT });
    expectTooLarge(await failureOf(xai.models.list()), "Response body");
  });

  it("an SSE event that never ends fails with ResponseTooLargeError, and the stream is not retried", async () => {
    server = await hostileServer((_request, response, seen) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.write("data: ");
      void flood(response, seen, CHUNK);
    });
    const xai = createXai({ baseUrl: server.url, maxResponseBytes: LIMIT, maxRetries: 2 });
    const stream = await xai.chat.completions.create({ model: "grok-4", messages: [], stream: true });
    const error = await failureOf(
      (async () => {
        for await (const _ of stream);
      })(),
    );
    expectTooLarge(error, "SSE event");
    await server.requests[0]!.closed;
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.written).toBeLessThan(LIMIT + SLACK);
  });

  it("a per-call maxResponseBytes overrides the client's; bodies within the limit arrive whole", async () => {
    const body = JSON.stringify({ object: "list", data: [{ id: "ü".repeat(200_000) }] });
    server = await hostileServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      // Small writes, so multi-byte characters are split across chunks.
      const bytes = Buffer.from(body);
      for (let i = 0; i < bytes.length; i += 1001) response.write(bytes.subarray(i, i + 1001));
      response.end();
    });
    const xai = createXai({ baseUrl: server.url });
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(64 * 1024 * 1024);
    expect(await xai.models.list()).toEqual(JSON.parse(body));
    expectTooLarge(await failureOf(xai.models.list({ maxResponseBytes: 1000 })), "Response body", 1000);
    await expect(xai.models.list({ maxResponseBytes: 0 })).rejects.toThrow(/maxResponseBytes must be/);
  });
});
