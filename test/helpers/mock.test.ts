/**
 * The helpers against the offline mock: every request they send goes through Prism's validation against the
 * effective spec (a 4xx would fail the run), so response_format, text.format, tool definitions, tool messages,
 * function_call_output items and re-sent transcripts are checked as the API's contract describes them. Where a test
 * needs the model to call a tool or answer JSON — which the mock's fixed examples never do — a scripted fetch still
 * sends the request to the mock and then replaces the mock's answer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { type MockServer, startMockServer } from "../../mock/index.ts";
import { createXai, OutputParseError, outputText, tool, type Xai } from "../../src/index.ts";
import { chatResponse, chatToolCall, functionCallItem, modelResponse, outputMessage, rejection } from "./fixtures.ts";

let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, streamDelayMs: 0 });
});

afterAll(async () => {
  await mock?.close();
});

/**
 * A client whose requests all reach the mock (which validates them: anything but 2xx fails the test), answered by
 * `script(index)` where it returns a Response, else by the mock.
 */
function scripted(script: (index: number) => Response | undefined = () => undefined) {
  const sent: { path: string; body: Record<string, unknown>; status: number }[] = [];
  const fetch = async (request: Request, init?: RequestInit): Promise<Response> => {
    const body = await request.clone().text();
    const answer = await globalThis.fetch(request, init);
    sent.push({ path: new URL(request.url).pathname, body: JSON.parse(body), status: answer.status });
    if (!answer.ok)
      throw new Error(`the mock rejected request ${sent.length}: ${answer.status} ${await answer.text()}`);
    const replacement = script(sent.length - 1);
    if (!replacement) return answer;
    await answer.body?.cancel();
    return replacement;
  };
  const xai: Xai = createXai({ baseUrl: mock.url, fetch, maxRetries: 0 });
  return { xai, sent };
}

const messages = [{ role: "user" as const, content: "What is 101 * 3?" }];
const multiply = tool({
  name: "multiply",
  description: "Multiplies two numbers",
  parameters: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => a * b,
});
const Product = z.object({ product: z.number() });

describe("parse against the mock", () => {
  it("the mock's prose answer is not JSON: OutputParseError with its text (request accepted by the spec)", async () => {
    const { xai, sent } = scripted();
    const error = await rejection(
      xai.chat.completions.parse({ model: "grok-4", messages }, { schema: Product, name: "product" }),
      OutputParseError,
    );
    expect(error.text.length).toBeGreaterThan(0);
    expect(error.message).toMatch(/^The answer is not JSON: /);
    expect(sent.map((s) => s.status)).toEqual([200]);
  });

  it("chat and responses, streamed or not, send formats the spec accepts and parse a JSON answer", async () => {
    const { xai, sent } = scripted((index) =>
      index === 0
        ? Response.json(chatResponse({ content: '{"product": 303}' }))
        : index === 1
          ? Response.json(modelResponse([outputMessage('{"product": 303}')]))
          : undefined,
    );
    const chat = await xai.chat.completions.parse({ model: "grok-4", messages }, { schema: Product });
    const responses = await xai.responses.parse({ model: "grok-4", input: "101 * 3?" }, { schema: Product });
    expect([chat.parsed, responses.parsed]).toEqual([{ product: 303 }, { product: 303 }]);
    const stream = await xai.chat.completions.parse({ model: "grok-4", messages, stream: true }, { schema: Product });
    await expect(stream.final()).rejects.toBeInstanceOf(OutputParseError); // the mock streams prose
    expect(sent.map((s) => s.status)).toEqual([200, 200, 200]);
  });
});

describe("runTools against the mock", () => {
  it("chat: the mock answers without calling a tool, so the run ends after one round", async () => {
    const { xai, sent } = scripted();
    const run = xai.chat.completions.runTools({ model: "grok-4", messages, tools: [multiply] });
    const result = await run.final();
    expect(result.rounds).toHaveLength(1);
    expect(await run.finalText()).toBe(outputText(result.response));
    expect(sent).toHaveLength(1);
  });

  it("chat: the assistant's tool calls and the tool messages of a second round are valid requests", async () => {
    const { xai, sent } = scripted((index) =>
      index === 0
        ? Response.json(
            chatResponse(
              { content: "", tool_calls: [chatToolCall("call_1", "multiply", { a: 101, b: 3 })] },
              "tool_calls",
            ),
          )
        : undefined,
    );
    const result = await xai.chat.completions
      .runTools({ model: "grok-4", messages, tools: [multiply, { type: "live_search", sources: [{ type: "web" }] }] })
      .final();
    expect(sent.map((s) => s.status)).toEqual([200, 200]);
    expect(sent[1]!.body.messages).toContainEqual({ role: "tool", tool_call_id: "call_1", content: "303" });
    expect(result.rounds[0]!.toolResults[0]!.output).toBe(303);
  });

  it("responses: previous_response_id with function_call_output items, and store: false re-sending the conversation", async () => {
    for (const store of [true, false]) {
      const { xai, sent } = scripted((index) =>
        index === 0
          ? Response.json(modelResponse([functionCallItem("call_1", "multiply", { a: 101, b: 3 })], { store }))
          : undefined,
      );
      const result = await xai.responses
        .runTools({
          model: "grok-4",
          input: "101 * 3?",
          store,
          tools: [multiply, { type: "web_search" }, { type: "x_search" }],
        })
        .final();
      expect(sent.map((s) => s.status)).toEqual([200, 200]);
      expect(sent[1]!.body.input).toContainEqual({ type: "function_call_output", call_id: "call_1", output: "303" });
      expect(sent[1]!.body.previous_response_id).toBe(store ? "resp-1" : undefined);
      expect(result.transcript.length).toBeGreaterThan(3);
    }
  });

  it("streamed rounds against the mock's event streams", async () => {
    const { xai } = scripted();
    const chat = xai.chat.completions.runTools({ model: "grok-4", messages, tools: [multiply], stream: true });
    const responses = xai.responses.runTools({ model: "grok-4", input: "Hi", tools: [multiply], stream: true });
    const [chatText, responseText] = await Promise.all([chat.finalText(), responses.finalText()]);
    expect(chatText.length).toBeGreaterThan(0);
    expect(responseText.length).toBeGreaterThan(0);
  });
});
