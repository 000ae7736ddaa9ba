import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  APIError,
  APIUserAbortError,
  OverloadedError,
  RateLimitError,
  StreamParseError,
  StreamProtocolError,
  StreamTruncatedError,
  XaiError,
} from "../../src/core/errors.ts";
import { EventStream } from "../../src/streaming/event-stream.ts";
import { ChatCompletionStream, MessageStream, ResponseStream } from "../../src/streaming/streams.ts";
import { fastCheckSeed } from "../support/fast-check-seed.ts";
import { validateSchema } from "../support/spec-validator.ts";
import { chatChunks, frames, messageEvents, responseEvents, sseResponse, usage } from "./fixtures.ts";

const chat = (chunks: Array<string | Uint8Array>, headers?: Record<string, string>) =>
  new ChatCompletionStream(sseResponse(chunks, headers));

/** A body that never ends on its own, reporting whether it was cancelled. */
function watchedBody(chunks: string[]) {
  let wasCancelled = false;
  const body = sseResponse(chunks).body!.pipeThrough(new TransformStream());
  const reader = body.getReader();
  const watched = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await reader.read();
      if (!done) controller.enqueue(value);
    },
    cancel() {
      wasCancelled = true;
    },
  });
  return { body: watched, cancelled: () => wasCancelled };
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const events: T[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe("ChatCompletionStream", () => {
  it("yields every chunk up to [DONE] and accumulates the unstreamed ChatResponse", async () => {
    const stream = chat([...frames(chatChunks), "data: [DONE]\n\n"]);
    expect(await collect(stream)).toEqual(chatChunks);
    const final = await stream.finalChatCompletion();
    expect(final).toEqual({
      id: "chatcmpl-1",
      object: "chat.completion",
      created: 1743770624,
      model: "grok-4",
      system_fingerprint: "fp_1",
      usage,
      choices: [
        {
          index: 0,
          finish_reason: "tool_calls",
          message: {
            role: "assistant",
            content: "Hello, wörld 😀",
            tool_calls: [
              {
                index: 0,
                id: "call_1",
                type: "function",
                function: { name: "get_weather", arguments: '{"city":"Paris"}' },
              },
            ],
          },
        },
      ],
    });
    expect(validateSchema("ChatResponse", final).errors).toEqual([]);
  });

  it("any chunking of the bytes (LF or CRLF framing) yields the same typed chunks and final result", async () => {
    const expectedFinal = await chat([...frames(chatChunks), "data: [DONE]\n\n"]).finalChatCompletion();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("\n", "\r\n", "\r"),
        fc.array(fc.nat(), { maxLength: 10 }),
        async (eol, rawCuts) => {
          const text = [...frames(chatChunks), "data: [DONE]\n\n"].join("").replaceAll("\n", eol);
          const bytes = new TextEncoder().encode(text);
          const cuts = [...new Set(rawCuts.map((cut) => cut % bytes.length))].sort((a, b) => a - b);
          const pieces = [0, ...cuts].map((start, i) => bytes.subarray(start, cuts[i] ?? bytes.length));
          const stream = chat(pieces);
          expect(await collect(stream)).toEqual(chatChunks);
          expect(await stream.finalChatCompletion()).toEqual(expectedFinal);
        },
      ),
      { numRuns: 100, seed: fastCheckSeed },
    );
  });

  it("final() consumes a stream nobody iterated", async () => {
    const whole = [...frames(chatChunks), "data: [DONE]\n\n"].join("");
    const stream = chat([whole.slice(0, 100), whole.slice(100)]);
    expect((await stream.finalChatCompletion()).choices[0]?.message.content).toBe("Hello, wörld 😀");
  });

  it("throws StreamTruncatedError when the body ends before [DONE]", async () => {
    const stream = chat(frames(chatChunks));
    const error = await collect(stream).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamTruncatedError);
    expect((error as StreamTruncatedError).eventsReceived).toBe(chatChunks.length);
    expect((error as Error).message).toContain("data: [DONE]");
    await expect(stream.finalChatCompletion()).rejects.toBe(error);
  });

  it("maps an error payload to the APIError subclass of the matching status", async () => {
    const error = await collect(
      chat(
        [...frames(chatChunks.slice(0, 2)), 'data: {"error":{"message":"slow down","type":"rate_limit_error"}}\n\n'],
        {
          "x-request-id": "req_9",
        },
      ),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, message: "429: slow down", requestId: "req_9" });
  });

  it("keeps an unrecognised streamed error a plain APIError", async () => {
    const error = await collect(chat(['event: error\ndata: {"code":"weird","error":"boom"}\n\n'])).catch((e) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: undefined, code: undefined, rawCode: "weird", message: "API error: boom" });
  });

  it("turns a plain-text error event into an APIError carrying the text", async () => {
    const error = await collect(chat(["event: error\ndata: upstream overloaded\n\n"])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as Error).message).toBe("API error: upstream overloaded");
  });

  it("reports malformed JSON with the event type and byte offsets instead of crashing", async () => {
    const good = frames(chatChunks.slice(0, 1))[0]!;
    const bad = 'event: chunk\ndata: {"id": oops}\n\n';
    const error = await collect(chat([good, bad])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamParseError);
    const bytes = new TextEncoder().encode(good).length;
    expect(error).toMatchObject({ eventType: "chunk", eventIndex: 2, bytes: [bytes, bytes + bad.length] });
    expect((error as Error).message).toMatch(/SSE event #2 \("chunk", completed by stream bytes \d+–\d+\): /);
  });

  it("rejects JSON that is not an object", async () => {
    await expect(collect(chat(["data: 42\n\n"]))).rejects.toThrow(/expected a JSON object/);
  });

  it("cancels the body when the consumer breaks, and final() then rejects", async () => {
    const { body, cancelled } = watchedBody(frames(chatChunks));
    const stream = new ChatCompletionStream(new Response(body), body);
    for await (const _ of stream) break;
    expect(cancelled()).toBe(true);
    await expect(stream.final()).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it("final() of a stream that completed with no chunks says so", async () => {
    await expect(chat(["data: [DONE]\n\n"]).finalChatCompletion()).rejects.toThrow(/without any event/);
  });

  it("yields the events before a malformed one in the same chunk, then throws", async () => {
    const seen: unknown[] = [];
    const stream = chat([`${frames(chatChunks.slice(0, 2)).join("")}data: {oops\n\n`]);
    await expect(
      (async () => {
        for await (const chunk of stream) seen.push(chunk);
      })(),
    ).rejects.toBeInstanceOf(StreamParseError);
    expect(seen).toEqual(chatChunks.slice(0, 2));
  });

  it("reports a decoding kit that failed to load (a lazy chunk the app could not fetch) from next() and final()", async () => {
    const failure = new TypeError("Failed to fetch dynamically imported module");
    const stream = new EventStream<unknown, unknown>(sseResponse(["data: {}\n\n"]), () => Promise.reject(failure));
    const error = await collect(stream).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(XaiError);
    expect(error).toMatchObject({
      message: "Could not load the stream decoding code: Failed to fetch dynamically imported module",
      cause: failure,
    });
    await expect(stream.final()).rejects.toBe(error);
  });

  it("reads the first chunk off the connection without waiting for the decoding kit to load", async () => {
    let resolveKit!: (kit: never) => void;
    const kit = new Promise<never>((resolve) => {
      resolveKit = resolve;
    });
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled++;
          controller.enqueue(new TextEncoder().encode("data: [DONE]\n\n"));
        },
      },
      { highWaterMark: 0 }, // pulled only when read
    );
    const stream = new EventStream<unknown, unknown>(new Response(body), () => kit);
    const first = stream[Symbol.asyncIterator]().next();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(pulled).toBeGreaterThan(0);
    const { chatKit } = await import("../../src/streaming/stream-kits.ts");
    resolveKit(chatKit(1024) as never);
    expect(await first).toEqual({ done: true, value: undefined });
  });

  it("can be iterated only once", async () => {
    const stream = chat([...frames(chatChunks), "data: [DONE]\n\n"]);
    await collect(stream);
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/only once/);
  });

  it("toReadableStream() relays the events as newline-delimited JSON", async () => {
    const readable = chat([...frames(chatChunks), "data: [DONE]\n\n"]).toReadableStream();
    const text = await new Response(readable).text();
    expect(
      text
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line)),
    ).toEqual(chatChunks);
  });

  it("cancelling the readable cancels the body", async () => {
    const { body, cancelled } = watchedBody(frames(chatChunks));
    const reader = new ChatCompletionStream(new Response(body), body).toReadableStream().getReader();
    await reader.read();
    await reader.cancel();
    expect(cancelled()).toBe(true);
  });
});

describe("ResponseStream", () => {
  it("ends at response.completed and keeps the output the deltas built when the terminal event omits it", async () => {
    const stream = new ResponseStream(sseResponse(frames(responseEvents, { named: true })));
    expect(await collect(stream)).toEqual(responseEvents);
    const final = await stream.finalResponse();
    expect(final.status).toBe("completed");
    expect(final.output).toEqual([
      {
        type: "message",
        id: "msg_1",
        role: "assistant",
        status: "completed",
        content: [{ type: "output_text", text: "Hi there", annotations: [] }],
      },
      {
        type: "function_call",
        id: "fc_1",
        call_id: "call_1",
        name: "lookup",
        arguments: '{"q":"x"}',
        status: "in_progress",
      },
    ]);
    expect(validateSchema("ModelResponse", final).errors).toEqual([]);
  });

  it("ends at the terminal event even if the server keeps the connection open", async () => {
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(frames(responseEvents).join("")));
      },
    });
    const stream = new ResponseStream(new Response(body));
    expect(await collect(stream)).toHaveLength(responseEvents.length);
    expect((await stream.finalResponse()).status).toBe("completed");
  });

  it("throws the matching APIError for an error event", async () => {
    const error = { type: "error", sequence_number: 1, code: "overloaded_error", message: "busy" };
    await expect(collect(new ResponseStream(sseResponse(frames([responseEvents[0], error]))))).rejects.toBeInstanceOf(
      OverloadedError,
    );
  });

  it("throws StreamTruncatedError without a terminal event", async () => {
    const stream = new ResponseStream(sseResponse(frames(responseEvents.slice(0, 4))));
    await expect(stream.finalResponse()).rejects.toThrow(/response.completed, response.failed or response.incomplete/);
  });
});

describe("MessageStream", () => {
  it("accumulates text, streamed tool input and usage into the unstreamed MessageResponse", async () => {
    const stream = new MessageStream(sseResponse(frames(messageEvents, { named: true })));
    const final = await stream.finalMessage();
    expect(final).toEqual({
      id: "msg_1",
      type: "message",
      role: "assistant",
      model: "grok-4",
      content: [
        { type: "text", text: "Let me check." },
        { type: "tool_use", id: "tu_1", name: "lookup", input: { q: "x" } },
      ],
      stop_reason: "tool_use",
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 25, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
    expect(validateSchema("MessageResponse", final).errors).toEqual([]);
  });

  it("throws the matching APIError for an Anthropic-style error event", async () => {
    const error = { type: "error", error: { type: "overloaded_error", message: "Overloaded" } };
    const stream = new MessageStream(sseResponse(frames([messageEvents[0], error], { named: true })));
    await expect(collect(stream)).rejects.toMatchObject({
      name: "OverloadedError",
      status: 529,
      type: "overloaded_error",
    });
  });

  it("events out of protocol order throw StreamProtocolError, an XaiError", async () => {
    const delta = { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "hi" } };
    for (const events of [[delta], [messageEvents[0], delta]]) {
      const error = await collect(new MessageStream(sseResponse(frames(events, { named: true })))).catch((e) => e);
      expect(error).toBeInstanceOf(StreamProtocolError);
      expect(error).toBeInstanceOf(XaiError);
      expect((error as Error).message).toMatch(
        /^content_block_delta event before (message_start|content_block_start for block 0)$/,
      );
    }
  });

  it("streamed tool input that does not join into JSON throws StreamProtocolError without quoting it", async () => {
    const events = [
      messageEvents[0],
      { type: "content_block_start", index: 0, content_block: { type: "tool_use", id: "t", name: "f", input: {} } },
      { type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: '{"key": secret-' } },
      { type: "content_block_stop", index: 0 },
    ];
    const error = await collect(new MessageStream(sseResponse(frames(events, { named: true })))).catch((e) => e);
    expect(error).toBeInstanceOf(StreamProtocolError);
    expect((error as Error).message).toBe("tool_use block 0: the streamed input (15 characters) is not valid JSON");
  });

  it("throws StreamTruncatedError when message_stop never arrives", async () => {
    const stream = new MessageStream(sseResponse(frames(messageEvents.slice(0, -1))));
    await expect(collect(stream)).rejects.toThrow(/without message_stop after 11 events/);
  });
});
