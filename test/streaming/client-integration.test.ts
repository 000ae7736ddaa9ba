import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer, VIDEO_FAILURE_TRIGGER } from "../../mock/index.ts";
import { VideoFailedError, WaitTimeoutError } from "../../src/core/errors.ts";
import { createXai, NotFoundError, type Xai } from "../../src/index.ts";
import { ChatCompletionStream, MessageStream, ResponseStream } from "../../src/streaming/streams.ts";
import { validateSchema } from "../support/spec-validator.ts";

let mock: MockServer;
let xai: Xai;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, deferredPolls: 2, videoPolls: 2 });
  xai = createXai({ baseUrl: mock.url, maxRetries: 0, timeout: 10_000 });
});

afterAll(async () => {
  await mock?.close();
});

describe("streams through the client against the mock", () => {
  it("chat.completions.create({ stream: true }) yields typed chunks and a spec-valid final ChatResponse", async () => {
    const stream = await xai.chat.completions.create({
      model: "grok-4",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
    });
    expect(stream).toBeInstanceOf(ChatCompletionStream);
    let chunks = 0;
    for await (const chunk of stream) {
      expect(validateSchema("ChatResponseChunk", chunk).errors).toEqual([]);
      chunks++;
    }
    expect(chunks).toBeGreaterThan(0);
    const final = await stream.finalChatCompletion();
    expect(validateSchema("ChatResponse", final).errors).toEqual([]);
  });

  it("responses.create({ stream: true }) ends at its terminal event", async () => {
    const stream = await xai.responses.create({ model: "grok-4", input: "Hi", stream: true });
    expect(stream).toBeInstanceOf(ResponseStream);
    const final = await stream.finalResponse();
    expect(["completed", "failed", "incomplete"]).toContain(final.status);
  });

  it("messages.create({ stream: true }) accumulates a spec-valid MessageResponse", async () => {
    const stream = await xai.messages.create({
      model: "grok-4",
      max_tokens: 32,
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
    });
    expect(stream).toBeInstanceOf(MessageStream);
    expect(validateSchema("MessageResponse", await stream.finalMessage()).errors).toEqual([]);
  });
});

describe("waiters through the client against the mock", () => {
  it("chat.deferred.wait: pending → done", async () => {
    const { request_id } = await xai.chat.completions.create({
      model: "grok-4",
      messages: [{ role: "user", content: "Hi" }],
      deferred: true,
    });
    const polls: number[] = [];
    const result = await xai.chat.deferred.wait(request_id, {
      interval: 10,
      onPoll: ({ attempt }) => polls.push(attempt),
    });
    expect(validateSchema("ChatResponse", result).errors).toEqual([]);
    expect(polls).toEqual([1, 2]);
  });

  it("chat.deferred.wait: timeout carries the id, and waiting again resumes", async () => {
    const { request_id } = await xai.chat.completions.create({
      model: "grok-4",
      messages: [{ role: "user", content: "Hi" }],
      deferred: true,
    });
    const error = await xai.chat.deferred.wait(request_id, { interval: 200, timeout: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).requestId).toBe(request_id);
    expect((await xai.chat.deferred.wait(request_id, { interval: 10 })).object).toBe("chat.completion");
  });

  it("chat.deferred.wait: unknown id → NotFoundError", async () => {
    await expect(xai.chat.deferred.wait("no-such-request", { interval: 10 })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("videos.wait: pending → done with a video URL, reporting progress", async () => {
    const { request_id } = await xai.videos.generate({ model: "grok-imagine-video", prompt: "a cat" });
    const progress: number[] = [];
    const video = await xai.videos.wait(request_id, { interval: 10, onProgress: (p) => progress.push(p) });
    expect(video.status).toBe("done");
    expect(video.video.url).toMatch(/^https?:\/\//);
    expect(progress.length).toBeGreaterThan(0);
  });

  it("videos.wait: pending → failed throws VideoFailedError with the server's VideoError", async () => {
    const { request_id } = await xai.videos.generate({ model: "grok-imagine-video", prompt: VIDEO_FAILURE_TRIGGER });
    const error = await xai.videos.wait(request_id, { interval: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VideoFailedError);
    expect((error as VideoFailedError).videoError?.code).toBeTypeOf("string");
  });
});

describe("files through the client against the mock", () => {
  it("upload → list → content round-trips random bytes exactly", async () => {
    const bytes = randomBytes(256 * 1024);
    const file = await xai.files.upload(bytes, { filename: "random.bin", expiresAfter: 3600 });
    expect(file.bytes).toBe(bytes.length);
    const listed = [];
    for await (const entry of xai.files.list({ limit: 1 })) listed.push(entry.id);
    expect(listed).toContain(file.id);
    const content = await xai.files.content(file.id);
    expect(Buffer.from(await content.arrayBuffer()).equals(bytes)).toBe(true);
    await xai.files.delete(file.id);
  });

  it("uploads a ReadableStream as a one-shot multipart stream", async () => {
    const bytes = randomBytes(100_000);
    const file = await xai.files.upload(new Blob([bytes]).stream(), { filename: "streamed.bin" });
    const content = await xai.files.content(file.id);
    expect(Buffer.from(await content.arrayBuffer()).equals(bytes)).toBe(true);
  });
});
