/**
 * `xai-toolkit/msw` in Node with msw's `setupServer`: no port, no Prism. The typed client talks to
 * https://api.x.ai and msw answers from the fixtures — a tool round, POST SSE streams in all three families (every
 * event checked against the spec), requests refused in xAI's words, fault headers, and the journal.
 */
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { defineFixtures, mockFaults, xaiHandlers } from "../../mock/msw.ts";
import { APIConnectionError, createXai, NotFoundError, tool, UnprocessableEntityError } from "../../src/index.ts";
import { MODELS } from "../scenarios/support.ts";
import { validateResponseBody } from "../support/spec-validator.ts";

const xaiMock = xaiHandlers({
  models: MODELS,
  fixtures: defineFixtures(
    {
      name: "call",
      match: { tool: "get_weather", turn: 0 },
      respond: { toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] },
    },
    {
      name: "answer",
      match: { toolResult: true },
      respond: { text: "It is 21 °C in Paris.", stream: { chunkSize: 3 } },
    },
    { name: "greeting", match: { content: "hello" }, respond: { text: "Hello from msw, streamed in pieces." } },
  ),
});
const server = setupServer(...xaiMock.handlers);
const xai = createXai({ baseUrl: "https://api.x.ai", apiKey: "xai-msw-test-key", maxRetries: 1 });

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => xaiMock.reset());
afterAll(() => server.close());

const weather = tool({
  name: "get_weather",
  description: "Current temperature",
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, celsius: 21 }),
});

describe("msw handlers in Node", () => {
  it("a tool round through runTools: the call, the result sent back, the scripted answer", async () => {
    const run = xai.chat.completions.runTools({
      model: "grok-4",
      messages: [{ role: "user", content: "Weather in Paris?" }],
      tools: [weather],
    });
    expect(await run.finalText()).toBe("It is 21 °C in Paris.");
    expect(xaiMock.journal.entries().map((e) => e.fixture)).toEqual(["call", "answer"]);
    xaiMock.journal.expectCalled({ operation: "chat.completions.create", tool: "get_weather", times: 2 });
    expect(JSON.stringify(xaiMock.journal.entries())).not.toContain("xai-msw-test-key");
  });

  it("POST SSE streams in every family, each event valid, the deltas rebuilding the text", async () => {
    const messages = [{ role: "user" as const, content: "hello" }];
    const chat = await xai.chat.completions.create({ model: "grok-4", messages, stream: true });
    let text = "";
    for await (const chunk of chat) {
      expect(validateResponseBody("post", "/v1/chat/completions", 200, "text/event-stream", chunk).errors).toEqual([]);
      text += chunk.choices[0]?.delta.content ?? "";
    }
    expect(text).toBe("Hello from msw, streamed in pieces.");

    const responses = await xai.responses.create({ model: "grok-4", input: "hello", stream: true });
    for await (const event of responses) {
      expect(validateResponseBody("post", "/v1/responses", 200, "text/event-stream", event).errors).toEqual([]);
    }
    expect((await responses.finalResponse()).output.at(-1)).toMatchObject({
      content: [{ text: "Hello from msw, streamed in pieces." }],
    });

    const message = await xai.messages.create({ model: "grok-4", max_tokens: 64, messages, stream: true });
    expect(await message.finalText()).toBe("Hello from msw, streamed in pieces.");
  });

  it("refuses as xAI does: a bad request names the field, an unknown model is a 404", async () => {
    const bad = xai.chat.completions.create({ model: "grok-4", messages: [{ role: "bogus" as never, content: "x" }] });
    await expect(bad).rejects.toBeInstanceOf(UnprocessableEntityError);
    await expect(bad).rejects.toThrow(/unknown variant `bogus`/);
    const unknown = xai.chat.completions.create({ model: "grok-9", messages: [{ role: "user", content: "x" }] });
    await expect(unknown).rejects.toBeInstanceOf(NotFoundError);
  });

  it("fault headers: a 429 once, retried; a stream cut after 2 events", async () => {
    const retried: number[] = [];
    const flaky = createXai({
      baseUrl: "https://api.x.ai",
      apiKey: "k",
      defaultHeaders: mockFaults({ status: 429, times: 1, retryAfter: 0 }),
      onRetry: ({ status }) => retried.push(status ?? 0),
    });
    const answer = await flaky.chat.completions.create({
      model: "grok-4",
      messages: [{ role: "user", content: "hello" }],
    });
    expect(answer.choices[0]?.message.content).toBe("Hello from msw, streamed in pieces.");
    expect(retried).toEqual([429]);

    const cut = createXai({
      baseUrl: "https://api.x.ai",
      apiKey: "k",
      defaultHeaders: mockFaults({ disconnectAfter: 2 }),
    });
    const stream = await cut.chat.completions.create({
      model: "grok-4",
      messages: [{ role: "user", content: "hello" }],
      stream: true,
    });
    const received: unknown[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) received.push(chunk);
      })(),
    ).rejects.toBeInstanceOf(APIConnectionError);
    expect(received).toHaveLength(2);
  });
});
