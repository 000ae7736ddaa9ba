/** The Anthropic SDK against the mock's Messages API: create, stream, a tool_use round, typed errors. */
import assert from "node:assert/strict";
import { test } from "node:test";
import Anthropic from "@anthropic-ai/sdk";
import { MOCK_URL } from "./support.ts";

const client = new Anthropic({ baseURL: MOCK_URL, apiKey: "xai-sdk-suite-key", maxRetries: 0 });

test("messages.create answers the question", async () => {
  const message = await client.messages.create({
    model: "grok-3",
    max_tokens: 200,
    messages: [{ role: "user", content: "What is 101 * 3?" }],
  });
  assert.equal(message.stop_reason, "end_turn");
  const block = message.content[0];
  assert.ok(block?.type === "text");
  assert.match(block.text, /101 \* 3/);
  assert.ok(message.usage.output_tokens > 0);
});

test("messages.stream: text events and the final message", async () => {
  const stream = client.messages.stream({
    model: "grok-3",
    max_tokens: 200,
    messages: [{ role: "user", content: "Say hello" }],
  });
  let text = "";
  stream.on("text", (delta) => {
    text += delta;
  });
  const final = await stream.finalMessage();
  const block = final.content[0];
  assert.ok(block?.type === "text");
  assert.equal(block.text, text);
  assert.match(text, /Say hello/);
});

test("a tool_use round", async () => {
  const tools = [
    {
      name: "get_weather",
      description: "Current weather for a city",
      input_schema: { type: "object" as const, properties: { city: { type: "string" } }, required: ["city"] },
    },
  ];
  const messages: Anthropic.MessageParam[] = [{ role: "user", content: "What's the weather in Paris?" }];
  const first = await client.messages.create({ model: "grok-3", max_tokens: 200, messages, tools });
  assert.equal(first.stop_reason, "tool_use");
  const use = first.content.find((block) => block.type === "tool_use");
  assert.ok(use?.type === "tool_use");
  assert.equal(typeof (use.input as { city: unknown }).city, "string");
  messages.push(
    { role: "assistant", content: first.content },
    { role: "user", content: [{ type: "tool_result", tool_use_id: use.id, content: "21 degrees and sunny" }] },
  );
  const second = await client.messages.create({ model: "grok-3", max_tokens: 200, messages, tools });
  const block = second.content[0];
  assert.ok(block?.type === "text");
  assert.match(block.text, /21 degrees/);
});

test("an unknown model → NotFoundError", async () => {
  const error = await client.messages
    .create({ model: "claude-on-grok", max_tokens: 10, messages: [{ role: "user", content: "Hi" }] })
    .catch((thrown: unknown) => thrown);
  assert.ok(error instanceof Anthropic.NotFoundError, String(error));
});
