import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { APIConnectionTimeoutError, createXai } from "../../src/index.ts";
import { chatChunks, frames } from "./fixtures.ts";

/** Sends headers and one chat chunk, then stalls; records when the client's connection closes. */
let server: Server;
let baseUrl: string;
let closed: Promise<unknown> = Promise.resolve();

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    closed = once(res, "close");
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(frames(chatChunks.slice(0, 1))[0]!);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

it("a stream that stalls after its first event fails with APIConnectionTimeoutError naming the idle time", async () => {
  const xai = createXai({ baseUrl, maxRetries: 0, timeout: 5_000 });
  const stream = await xai.chat.completions.create({ model: "grok-4", messages: [], stream: true }, { timeout: 150 });
  const seen: unknown[] = [];
  const started = Date.now();
  const error = await (async () => {
    for await (const chunk of stream) seen.push(chunk);
  })().catch((e: unknown) => e);
  expect(seen).toHaveLength(1);
  expect(error).toBeInstanceOf(APIConnectionTimeoutError);
  expect((error as Error).message).toMatch(/no data for 150 ms/);
  expect(Date.now() - started).toBeLessThan(4_000);
  await closed;
}, 10_000);
