/**
 * Issue 16's client risks, each reproduced against a node:http peer: POST retries that looked identical to the
 * server, a timeout that did not bound the waits between retries, `stream.abort()` still handing out events already
 * buffered, more than 10 calls on one signal warning MaxListenersExceeded, and a local failure (an Authorization value
 * HTTP cannot carry) retried as if the network had failed.
 */
import { getEventListeners } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import {
  APIConnectionTimeoutError,
  APIUserAbortError,
  createXai,
  RateLimitError,
  RETRY_COUNT_HEADER,
  XaiError,
} from "../../src/index.ts";
import { type HostileServer, hostileServer } from "./client-server.ts";

const KEY = "xai-HOSTILE-RETRY-KEY-2b7f90c1d4e8a3";

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const chatChunk = (n: number) =>
  `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "grok-4", choices: [{ index: 0, delta: { content: String(n) }, finish_reason: null }] })}\n\n`;

describe("retry hygiene", () => {
  it(`every retry of a POST carries ${RETRY_COUNT_HEADER}: n; the first attempt none`, async () => {
    server = await hostileServer((_request, response, seen) => {
      const overloaded = server!.requests.indexOf(seen) < 2;
      response.writeHead(overloaded ? 503 : 200, { "content-type": "application/json", "retry-after-ms": "1" });
      response.end(overloaded ? '{"code":"unavailable","error":"busy"}' : '{"object":"list","data":[]}');
    });
    const xai = createXai({ baseUrl: server.url, apiKey: KEY });
    await xai.embeddings.create({ model: "e", input: "hi" });
    expect(server.requests.map((r) => r.headers[RETRY_COUNT_HEADER])).toEqual([undefined, "1", "2"]);
    expect(new Set(server.requests.map((r) => r.body)).size).toBe(1);
  });

  it("totalTimeout bounds the waits between retries: a Retry-After past it ends the call at once", async () => {
    server = await hostileServer((_request, response) => {
      response.writeHead(429, { "content-type": "application/json", "retry-after": "2" });
      response.end('{"code":"resource-exhausted","error":"slow down"}');
    });
    const retries: number[] = [];
    const xai = createXai({
      baseUrl: server.url,
      timeout: 1000,
      totalTimeout: 1000,
      onRetry: (i) => retries.push(i.delayMs),
    });
    const error = await xai.models.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(retries).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it("totalTimeout also cuts an attempt short, and that timeout is not retried", async () => {
    server = await hostileServer(() => {
      // Never answers.
    });
    const xai = createXai({ baseUrl: server.url, timeout: 20_000, maxRetries: 3 });
    const error = await xai.models.list({ totalTimeout: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).message).toBe("Request exceeded its totalTimeout of 300 ms");
    expect(server.requests).toHaveLength(1);
  });

  it("an Authorization value HTTP cannot carry fails locally: never sent, never retried, key not shown", async () => {
    server = await hostileServer((_request, response) => response.end("{}"));
    const retried: unknown[] = [];
    const xai = createXai({
      baseUrl: server.url,
      apiKey: `${KEY}\nx-injected: 1`,
      onRetry: (info) => retried.push(info),
    });
    const error = await xai.models.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(XaiError);
    expect((error as Error).message).toMatch(/^The request could not be sent: .*invalid header value/);
    expect(String((error as Error).stack)).not.toContain(KEY);
    expect(retried).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });
});

describe("stopping a stream", () => {
  /** 200 chat chunks in one write, then the connection stays open. */
  const buffered = async () =>
    hostileServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.write(Array.from({ length: 200 }, (_, n) => chatChunk(n)).join(""));
    });

  it("stream.abort() at event 10 delivers nothing more, not even the 190 events already received", async () => {
    server = await buffered();
    const stream = await createXai({ baseUrl: server.url }).chat.completions.create({
      model: "grok-4",
      messages: [],
      stream: true,
    });
    let seen = 0;
    for await (const _ of stream) if (++seen === 10) stream.abort();
    expect(seen).toBe(10);
    await server.requests[0]!.closed;
  });

  it("the call's signal at event 10: the next step throws APIUserAbortError instead of a buffered event", async () => {
    server = await buffered();
    const controller = new AbortController();
    const stream = await createXai({ baseUrl: server.url }).chat.completions.create(
      { model: "grok-4", messages: [], stream: true },
      { signal: controller.signal },
    );
    let seen = 0;
    const error = await (async () => {
      for await (const _ of stream) if (++seen === 10) controller.abort("enough");
    })().catch((e: unknown) => e);
    expect(seen).toBe(10);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as APIUserAbortError).reason).toBe("enough");
    await server.requests[0]!.closed;
  });
});

describe("many calls sharing one signal", () => {
  it("50 concurrent calls hold one listener on it (no MaxListenersExceededWarning) and leave none", async () => {
    const answers: Array<() => void> = [];
    server = await hostileServer((_request, response) => {
      answers.push(() => response.end('{"object":"list","data":[]}'));
      if (answers.length === 50) for (const answer of answers) answer();
    });
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const xai = createXai({ baseUrl: server.url });
      const shared = new AbortController().signal;
      const calls = Array.from({ length: 50 }, () => xai.models.list({ signal: shared }));
      await new Promise((resolve) => setImmediate(resolve));
      expect(getEventListeners(shared, "abort")).toHaveLength(1);
      await Promise.all(calls);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
      expect(getEventListeners(shared, "abort")).toHaveLength(0);
    } finally {
      process.off("warning", onWarning);
    }
  });
});
