/**
 * Fixtures against the in-process mock over real sockets: each match criterion, answers in every family (whole and
 * streamed, every body and event validated against the effective spec), sequences, errors, bodies for any
 * operation, strict mode, and fixtures added and reset at run time.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { defineFixtures, fixture, type MockServer, startMockServer } from "../../mock/index.ts";
import { api, readXaiError } from "../mock/helpers.ts";
import { type FamilyName, jsonAnswer, MODELS, PATHS, request, streamedAnswer } from "./support.ts";

const weather = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };
const TOOLS = {
  chat: [{ type: "function", function: { name: "get_weather", parameters: weather } }],
  responses: [{ type: "function", name: "get_weather", parameters: weather }],
  messages: [{ name: "get_weather", input_schema: weather }],
} satisfies Record<FamilyName, unknown[]>;

/** The conversation after one tool call, in each family's shape, ending with the tool's result for `callId`. */
function afterToolCall(family: FamilyName, callId: string) {
  const question = "What's the weather in Paris?";
  if (family === "chat") {
    return request(family, question, {
      tools: TOOLS.chat,
      messages: [
        { role: "user", content: question },
        {
          role: "assistant",
          content: "",
          tool_calls: [{ id: callId, type: "function", function: { name: "get_weather", arguments: "{}" } }],
        },
        { role: "tool", tool_call_id: callId, content: '{"celsius":21}' },
      ],
    });
  }
  if (family === "responses") {
    return request(family, question, {
      tools: TOOLS.responses,
      input: [
        { role: "user", content: question },
        { type: "function_call", call_id: callId, name: "get_weather", arguments: "{}" },
        { type: "function_call_output", call_id: callId, output: '{"celsius":21}' },
      ],
    });
  }
  return request(family, question, {
    tools: TOOLS.messages,
    messages: [
      { role: "user", content: question },
      { role: "assistant", content: [{ type: "tool_use", id: callId, name: "get_weather", input: {} }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: callId, content: '{"celsius":21}' }] },
    ],
  });
}

const FIXTURES = defineFixtures(
  fixture({
    name: "weather-call",
    match: { content: /weather/i, tool: "get_weather", turn: 0 },
    respond: { toolCalls: [{ name: "get_weather", arguments: { city: "Paris" }, id: "call_00000042" }] },
  }),
  fixture({
    name: "weather-answer",
    match: { toolResult: true, toolCallId: "call_00000042" },
    respond: { text: "It is 21 °C in Paris.", reasoning: "The tool said 21.", usage: { input: 30, output: 8 } },
  }),
  fixture({
    name: "two-calls",
    match: { content: "both cities" },
    respond: {
      toolCalls: [
        { name: "get_weather", arguments: { city: "Paris" } },
        { name: "get_weather", arguments: '{"city":"Rome"}' },
      ],
    },
  }),
  fixture({ name: "mini-only", match: { model: "grok-3-mini", content: "hello" }, respond: { text: "Hi from mini." } }),
  fixture({ name: "by-test", match: { testId: "t-42" }, respond: { text: "Scripted for test 42." } }),
  fixture({
    name: "order-json",
    match: { operation: "chat.completions.create", content: "order" },
    respond: { json: { id: "A-17", items: [{ sku: "w-1", quantity: 2 }] } },
  }),
  fixture({
    name: "flaky",
    match: { content: "flaky" },
    respond: [{ error: { status: 429, message: "Slow down." } }, { text: "Second time lucky." }],
  }),
  fixture({
    name: "embeddings-body",
    match: { operation: "handle_embedding_request" },
    respond: { body: { object: "list", model: "v1", data: [{ object: "embedding", index: 0, embedding: [1, 0] }] } },
  }),
  fixture({ name: "once", match: { content: "just once" }, times: 1, respond: { text: "Only the first time." } }),
);

let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, models: MODELS, fixtures: FIXTURES });
});
afterAll(async () => {
  await mock?.close();
});
beforeEach(() => mock.reset());

const post = (family: FamilyName, body: unknown, headers: Record<string, string> = {}) =>
  api(mock, PATHS[family], { method: "POST", json: body, headers });

describe("one tool-call fixture, every family", () => {
  it("chat: the call (whole and streamed with its index and id), then the final text with its reasoning and usage", async () => {
    const ask = request("chat", "What's the weather in Paris?", { tools: TOOLS.chat });
    const call = await jsonAnswer("chat", await post("chat", ask));
    expect(call.choices[0].finish_reason).toBe("tool_calls");
    expect(call.choices[0].message.tool_calls).toEqual([
      { id: "call_00000042", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
    ]);
    const chunks = await streamedAnswer("chat", await post("chat", { ...ask, stream: true }));
    const deltas = chunks.flatMap((chunk) => chunk.choices.flatMap((c: any) => c.delta.tool_calls ?? []));
    expect(deltas).toEqual([
      {
        index: 0,
        id: "call_00000042",
        type: "function",
        function: { name: "get_weather", arguments: '{"city":"Paris"}' },
      },
    ]);

    const final = await jsonAnswer("chat", await post("chat", afterToolCall("chat", "call_00000042")));
    expect(final.choices[0].message).toMatchObject({
      content: "It is 21 °C in Paris.",
      reasoning_content: "The tool said 21.",
    });
    expect(final.usage).toMatchObject({ prompt_tokens: 30, completion_tokens: 8 });
  });

  it("two tool calls stream as deltas with indices 0 and 1", async () => {
    const ask = request("chat", "Temperatures in both cities?", { tools: TOOLS.chat, stream: true });
    const chunks = await streamedAnswer("chat", await post("chat", ask));
    const calls = chunks.flatMap((chunk) => chunk.choices.flatMap((c: any) => c.delta.tool_calls ?? []));
    expect(calls.map((call: any) => [call.index, call.function.arguments])).toEqual([
      [0, '{"city":"Paris"}'],
      [1, '{"city":"Rome"}'],
    ]);
    expect(new Set(calls.map((call: any) => call.id)).size).toBe(2);
  });

  it("responses: a function_call item, function_call_arguments events, then output_text", async () => {
    const ask = request("responses", "What's the weather in Paris?", { tools: TOOLS.responses });
    const call = await jsonAnswer("responses", await post("responses", ask));
    expect(call.output.filter((item: any) => item.type === "function_call")).toEqual([
      expect.objectContaining({ call_id: "call_00000042", name: "get_weather", arguments: '{"city":"Paris"}' }),
    ]);
    const events = await streamedAnswer("responses", await post("responses", { ...ask, stream: true }));
    const argumentsDone = events.find((event) => event.type === "response.function_call_arguments.done");
    expect(argumentsDone?.arguments).toBe('{"city":"Paris"}');

    const final = await jsonAnswer("responses", await post("responses", afterToolCall("responses", "call_00000042")));
    const message = final.output.find((item: any) => item.type === "message");
    expect(message.content[0].text).toBe("It is 21 °C in Paris.");
    expect(final.output.find((item: any) => item.type === "reasoning").summary).toEqual([
      { type: "summary_text", text: "The tool said 21." },
    ]);
  });

  it("messages: a tool_use block (input_json_delta when streamed), then a thinking block and text", async () => {
    const ask = request("messages", "What's the weather in Paris?", { tools: TOOLS.messages });
    const call = await jsonAnswer("messages", await post("messages", ask));
    expect(call.stop_reason).toBe("tool_use");
    expect(call.content).toEqual([
      { type: "tool_use", id: "call_00000042", name: "get_weather", input: { city: "Paris" } },
    ]);
    const events = await streamedAnswer("messages", await post("messages", { ...ask, stream: true }));
    expect(events.find((e) => e.type === "content_block_delta")?.delta).toEqual({
      type: "input_json_delta",
      partial_json: '{"city":"Paris"}',
    });

    const final = await jsonAnswer("messages", await post("messages", afterToolCall("messages", "call_00000042")));
    expect(final.content.map((block: any) => block.type)).toEqual(["thinking", "text"]);
    expect(final.content[1].text).toBe("It is 21 °C in Paris.");
  });
});

describe("matching", () => {
  it("model: an alias counts as its model; another model falls back to the mock's own answer", async () => {
    const mini = await jsonAnswer("chat", await post("chat", { ...request("chat", "hello"), model: "grok-3-mini" }));
    expect(mini.choices[0].message.content).toBe("Hi from mini.");
    const other = await jsonAnswer("chat", await post("chat", request("chat", "hello")));
    expect(other.choices[0].message.content).toContain("deterministic answer from the offline xAI mock");
  });

  it("the test-id header", async () => {
    const plain = await jsonAnswer("messages", await post("messages", request("messages", "anything")));
    expect(plain.content[0].text).not.toBe("Scripted for test 42.");
    const tagged = await post("messages", request("messages", "anything"), { "x-mock-test-id": "t-42" });
    expect((await jsonAnswer("messages", tagged)).content[0].text).toBe("Scripted for test 42.");
  });

  it("a JSON answer, only on the operation named", async () => {
    const chat = await jsonAnswer("chat", await post("chat", request("chat", "Show my order")));
    expect(JSON.parse(chat.choices[0].message.content)).toEqual({ id: "A-17", items: [{ sku: "w-1", quantity: 2 }] });
    const responses = await jsonAnswer("responses", await post("responses", request("responses", "Show my order")));
    expect(responses.output.at(-1).content[0].text).not.toContain("A-17");
  });

  it("a sequence: the first match gets a 429 in xAI's shape, the second the text, and the last repeats", async () => {
    const first = await post("chat", request("chat", "a flaky call"));
    expect(await readXaiError(first)).toMatchObject({
      status: 429,
      body: { code: "resource-exhausted", error: "Slow down." },
    });
    for (let i = 0; i < 2; i++) {
      const next = await jsonAnswer("chat", await post("chat", request("chat", "a flaky call")));
      expect(next.choices[0].message.content).toBe("Second time lucky.");
    }
  });

  it("times: a used-up fixture lets the request through to the mock's own answer", async () => {
    const first = await jsonAnswer("chat", await post("chat", request("chat", "just once")));
    const second = await jsonAnswer("chat", await post("chat", request("chat", "just once")));
    expect([first.choices[0].message.content, second.choices[0].message.content]).toEqual([
      "Only the first time.",
      expect.stringContaining("You asked"),
    ]);
  });

  it("a body answers any operation, as given", async () => {
    const response = await api(mock, "/v1/embeddings", { method: "POST", json: { model: "v1", input: "x" } });
    expect(await response.json()).toEqual({
      object: "list",
      model: "v1",
      data: [{ object: "embedding", index: 0, embedding: [1, 0] }],
    });
  });

  it("the stream pace's chunk size sets the tokens per delta", async () => {
    mock.fixtures.add({
      name: "chunked",
      match: { content: "chunk me" },
      respond: { text: "one two three four five", stream: { chunkSize: 2 } },
    });
    const chunks = await streamedAnswer("chat", await post("chat", request("chat", "chunk me", { stream: true })));
    const texts = chunks.map((chunk) => chunk.choices[0]?.delta.content).filter((t) => t);
    expect(texts).toEqual(["one two", " three four", " five"]);
  });
});

describe("fixtures at run time", () => {
  it("add, list and reset; a fixture added later comes after the ones before it", async () => {
    mock.fixtures.add([{ name: "late", match: { content: "hello" }, respond: { text: "Added at run time." } }]);
    expect(mock.fixtures.list().map((f) => f.name)).toContain("late");
    const answer = await jsonAnswer("chat", await post("chat", request("chat", "hello")));
    expect(answer.choices[0].message.content).toBe("Added at run time.");
    mock.fixtures.reset();
    expect(mock.fixtures.list().map((f) => f.name)).not.toContain("late");
    const after = await jsonAnswer("chat", await post("chat", request("chat", "hello")));
    expect(after.choices[0].message.content).not.toBe("Added at run time.");
  });

  it("POST /__mock/fixtures checks them like a file: 400 naming the JSON path", async () => {
    const bad = await api(mock, "/__mock/fixtures", {
      method: "POST",
      json: [{ match: { model: "grok-9" }, respond: { text: "x" } }],
    });
    const error = await readXaiError(bad);
    expect(error.status).toBe(400);
    expect(error.body.error).toContain("$[0].match.model: the model 'grok-9' is not in the model catalogue");
    const good = await api(mock, "/__mock/fixtures", {
      method: "POST",
      json: {
        fixtures: [{ name: "via-http", match: { content: "over http" }, respond: { text: "Added over HTTP." } }],
      },
    });
    expect(good.status).toBe(201);
    expect(await good.json()).toEqual({ added: ["via-http"] });
    const answer = await jsonAnswer("responses", await post("responses", request("responses", "over http")));
    expect(answer.output.at(-1).content[0].text).toBe("Added over HTTP.");
  });
});

describe("strict mode", () => {
  let strict: MockServer;
  beforeAll(async () => {
    strict = await startMockServer({ port: 0, models: MODELS, fixtures: FIXTURES, strict: true });
  });
  afterAll(async () => {
    await strict?.close();
  });

  it("an unmatched model request is a 404 naming the closest fixtures; other operations answer as usual", async () => {
    const response = await api(strict, PATHS.chat, {
      method: "POST",
      json: { ...request("chat", "hello"), model: "grok-3" },
    });
    const error = await readXaiError(response);
    expect(error.status).toBe(404);
    expect(error.body.error).toMatch(
      /No fixture matches this request \(handle_generic_completion_request for model grok-3\)/,
    );
    expect(error.body.error).toContain('\'mini-only\' (model: expected "grok-3-mini", got "grok-3")');
    expect((await api(strict, "/v1/models")).status).toBe(200);
    const matched = await api(strict, PATHS.chat, {
      method: "POST",
      json: { ...request("chat", "hello"), model: "grok-3-mini" },
    });
    expect(matched.status).toBe(200);
  });
});
