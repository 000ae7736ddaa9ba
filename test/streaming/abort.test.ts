import { once } from "node:events";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APIUserAbortError, createXai } from "../../src/index.ts";
import { ChatCompletionStream } from "../../src/streaming/streams.ts";
import { chatChunks, frames } from "./fixtures.ts";

/** An endless chat stream, one chunk every 5 ms; records when the client's connection closes. */
let server: Server;
let baseUrl: string;
const closed: Array<Promise<void>> = [];

beforeAll(async () => {
  server = createServer((req, res: ServerResponse) => {
    req.resume();
    res.writeHead(200, { "content-type": "text/event-stream" });
    closed.push(once(res, "close").then(() => undefined));
    const frame = frames(chatChunks.slice(1, 2))[0]!;
    const timer = setInterval(() => res.write(frame), 5);
    res.on("close", () => clearInterval(timer));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
});

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe("stream abort against a real loopback server", () => {
  it("break closes the connection: the server observes it", async () => {
    const stream = new ChatCompletionStream(await fetch(`${baseUrl}/v1/chat/completions`));
    let seen = 0;
    for await (const chunk of stream) {
      expect(chunk.object).toBe("chat.completion.chunk");
      if (++seen === 3) break;
    }
    await within(closed.at(-1)!, 2_000, "server-side close");
    expect(seen).toBe(3);
  });

  it("abort() during a pending read ends the iteration quietly and closes the connection", async () => {
    const stream = new ChatCompletionStream(await fetch(`${baseUrl}/v1/chat/completions`));
    setTimeout(() => stream.abort(), 30);
    let seen = 0;
    for await (const _ of stream) seen++;
    expect(seen).toBeGreaterThan(0);
    await within(closed.at(-1)!, 2_000, "server-side close");
  });

  it("through the client: break out of chat.completions.create({ stream: true }) closes the connection", async () => {
    const xai = createXai({ baseUrl, maxRetries: 0 });
    const stream = await xai.chat.completions.create({ model: "grok-4", messages: [], stream: true });
    let seen = 0;
    for await (const _ of stream) if (++seen === 2) break;
    await within(closed.at(-1)!, 2_000, "server-side close");
  });

  it("through the client: the call's signal aborts a stream mid-read with APIUserAbortError", async () => {
    const controller = new AbortController();
    const xai = createXai({ baseUrl, maxRetries: 0 });
    const stream = await xai.chat.completions.create(
      { model: "grok-4", messages: [], stream: true },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort("enough"), 30);
    const error = await (async () => {
      for await (const _ of stream);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    await within(closed.at(-1)!, 2_000, "server-side close");
  });
});
