/**
 * The helpers against the offline mock, end to end: the mock validates every request against the effective spec
 * (a 4xx fails the call), answers a `json_schema` format with JSON sampled from the schema, calls a function tool the
 * user's message mentions, and answers a tool result with text quoting it — so parse, both tool loops (plain and
 * streamed, chained by `previous_response_id` or re-sent with `store: false`) run as against the API.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { type MockServer, startMockServer } from "../../mock/index.ts";
import { createXai, type Schema, tool } from "../../src/index.ts";

let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, streamDelayMs: 0 });
});

afterAll(async () => {
  await mock?.close();
});

/** A client of the mock recording each request body. */
function mockClient() {
  const sent: string[] = [];
  const fetch = async (request: Request, init?: RequestInit) => {
    sent.push(await request.clone().text());
    return globalThis.fetch(request, init);
  };
  const xai = createXai({ baseUrl: mock.url, fetch, maxRetries: 0 });
  return { xai, bodies: () => sent.map((body) => JSON.parse(body)) };
}

const Order = z.object({ id: z.string(), items: z.array(z.object({ sku: z.string(), quantity: z.number().int() })) });
const multiply = tool({
  name: "multiply",
  description: "Multiplies two numbers",
  parameters: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => a * b,
});

describe("parse against the mock", () => {
  it("chat and responses, plain and streamed: the schema-shaped answer parses and validates", async () => {
    const { xai } = mockClient();
    const messages = [{ role: "user" as const, content: "Show me an order" }];
    const chat = await xai.chat.completions.parse({ model: "grok-4", messages }, { schema: Order, name: "order" });
    const responses = await xai.responses.parse(
      { model: "grok-4", input: "An order?" },
      { schema: Order, name: "order" },
    );
    const chatStream = await xai.chat.completions.parse({ model: "grok-4", messages, stream: true }, { schema: Order });
    const partials: unknown[] = [];
    for await (const partial of chatStream) partials.push(partial);
    const responseStream = await xai.responses.parse({ model: "grok-4", input: "x", stream: true }, { schema: Order });
    for (const result of [chat, responses, await chatStream.final(), await responseStream.final()]) {
      expect(Order.parse(result.parsed)).toEqual(result.parsed);
    }
    // The mock streams compact JSON in one delta: the one partial is the whole object.
    expect(partials).toEqual([(await chatStream.final()).parsed]);
  });
});

describe("runTools against the mock", () => {
  const question = "Please multiply these two numbers";

  it("chat: the mock calls the tool, gets its result as a tool message, and answers quoting it", async () => {
    const { xai, bodies } = mockClient();
    const run = xai.chat.completions.runTools({
      model: "grok-4",
      messages: [{ role: "user", content: question }],
      tools: [multiply, { type: "live_search", sources: [{ type: "web" }] }],
    });
    const result = await run.final();
    const [call] = result.rounds[0]!.toolResults;
    expect(result.rounds).toHaveLength(2);
    expect(call!.error).toBeUndefined();
    expect(await run.finalText()).toBe(`Here is what the tool returned: ${call!.content}.`);
    const sent = bodies()[1].messages as Schema<"Message">[];
    expect(sent.at(-1)).toEqual({ role: "tool", tool_call_id: call!.call.id, content: call!.content });
    expect(sent.at(-2)).toMatchObject({ role: "assistant", tool_calls: [{ id: call!.call.id }] });
  });

  it("responses: chained by previous_response_id (stored) or re-sending the conversation (store: false)", async () => {
    for (const store of [true, false]) {
      const { xai, bodies } = mockClient();
      const result = await xai.responses
        .runTools({ model: "grok-4", input: question, store, tools: [multiply, { type: "web_search" }] })
        .final();
      const [first, second] = bodies();
      const output = result.rounds[0]!.toolResults[0]!.content;
      expect(result.rounds).toHaveLength(2);
      expect(second.previous_response_id).toBe(store ? result.rounds[0]!.response.id : undefined);
      expect(second.input.at(-1)).toMatchObject({ type: "function_call_output", output });
      expect(second.input).toHaveLength(store ? 1 : 1 + result.rounds[0]!.response.output.length + 1);
      expect(first.input).toBe(question);
    }
  });

  it("streamed rounds, chat and responses", async () => {
    const { xai } = mockClient();
    const chat = xai.chat.completions.runTools({
      model: "grok-4",
      messages: [{ role: "user", content: question }],
      tools: [multiply],
      stream: true,
    });
    const responses = xai.responses.runTools({ model: "grok-4", input: question, tools: [multiply], stream: true });
    const [chatText, responseText] = await Promise.all([chat.finalText(), responses.finalText()]);
    expect(chatText).toMatch(/^Here is what the tool returned: -?\d/);
    expect(responseText).toMatch(/^Here is what the tool returned: -?\d/);
  });
});
