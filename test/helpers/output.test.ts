import { describe, expect, it } from "vitest";
import type { components } from "../../generated/openapi.ts";
import { citations, outputText, reasoningText, serverToolCalls } from "../../src/index.ts";
import { ChatCompletionStream, MessageStream, ResponseStream } from "../../src/streaming/streams.ts";
import { chatChunks, frames, messageEvents, responseEvents, sseResponse } from "../streaming/fixtures.ts";
import { chatResponse, chatToolCall, functionCallItem, modelResponse, outputMessage } from "./fixtures.ts";

type Schemas = components["schemas"];

const citation = { type: "url_citation" as const, url: "https://x.ai", title: "xAI", start_index: 0, end_index: 4 };
const reasoning: Schemas["Reasoning"] = {
  type: "reasoning",
  id: "rs-1",
  summary: [{ type: "summary_text", text: "Short: " }],
  content: [{ type: "reasoning_text", text: "Long thought." }],
};
const summaryOnly: Schemas["Reasoning"] = { type: "reasoning", summary: [{ type: "summary_text", text: "Sum." }] };
const search = {
  type: "web_search_call" as const,
  status: "completed",
  action: { type: "search" as const, query: "q" },
};
const message: Schemas["MessageResponse"] = {
  id: "m1",
  type: "message",
  role: "assistant",
  model: "grok-4",
  content: [
    { type: "thinking", thinking: "Hmm. ", signature: "s" },
    { type: "text", text: "Hello " },
    { type: "tool_use", id: "t1", name: "x", input: {} },
    { type: "text", text: "there" },
  ],
  usage: { input_tokens: 1, output_tokens: 2, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
};

describe("output helpers read all three APIs' results without changing them", () => {
  const chat = chatResponse(
    {
      content: "Hi",
      reasoning_content: "Thinking.",
      tool_calls: [chatToolCall("f", "fn", {}), { ...chatToolCall("w", "web", {}), type: "x_search_call" as const }],
    },
    "stop",
    { citations: ["https://x.ai"] },
  );
  const response = modelResponse([
    reasoning,
    search,
    {
      ...outputMessage("Hello ", [citation]),
      content: [
        { type: "output_text", text: "Hello ", annotations: [citation] },
        { type: "refusal", refusal: "no" },
      ],
    },
    functionCallItem("c", "fn", {}),
    outputMessage("there"),
    summaryOnly,
  ]);

  it("outputText", () => {
    expect(outputText(chat)).toBe("Hi");
    expect(outputText(chatResponse({ content: null }))).toBe("");
    expect(outputText(response)).toBe("Hello there");
    expect(outputText(message)).toBe("Hello there");
  });

  it("reasoningText: reasoning_content, reasoning item content (else summary), thinking blocks", () => {
    expect(reasoningText(chat)).toBe("Thinking.");
    expect(reasoningText(response)).toBe("Long thought.Sum.");
    expect(reasoningText(message)).toBe("Hmm. ");
    expect(reasoningText(chatResponse({ content: "x" }))).toBe("");
  });

  it("citations: chat URLs, or the url_citation annotations of the output text", () => {
    expect(citations(chat)).toEqual(["https://x.ai"]);
    expect(citations(response)).toEqual([citation]);
    expect(citations(chatResponse({}))).toEqual([]);
  });

  it("serverToolCalls: calls xAI ran itself, not the client's function calls", () => {
    expect(serverToolCalls(chat).map((call) => call.id)).toEqual(["w"]);
    expect(serverToolCalls(response)).toEqual([search]);
  });

  it("leave the result as the API sent it", () => {
    const before = JSON.stringify(response);
    outputText(response);
    citations(response);
    serverToolCalls(response);
    expect(JSON.stringify(response)).toBe(before);
  });
});

describe("finalText() on every stream", () => {
  it("chat, responses and messages streams resolve to their answer's text", async () => {
    const chatStream = new ChatCompletionStream(sseResponse([...frames(chatChunks), "data: [DONE]\n\n"]));
    expect(await chatStream.finalText()).toBe("Hello, wörld 😀");
    const responseStream = new ResponseStream(sseResponse(frames(responseEvents, { named: true })));
    expect(await responseStream.finalText()).toBe("Hi there");
    const messageStream = new MessageStream(sseResponse(frames(messageEvents, { named: true })));
    expect(await messageStream.finalText()).toBe("Let me check.");
  });
});
