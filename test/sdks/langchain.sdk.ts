/** LangChain's ChatXAI against the mock: invoke and stream. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ChatXAI } from "@langchain/xai";
import { MOCK_URL } from "./support.ts";

const model = new ChatXAI({ model: "grok-3", apiKey: "xai-sdk-suite-key", baseURL: `${MOCK_URL}/v1`, maxRetries: 0 });

test("invoke", async () => {
  const message = await model.invoke("What is 101 * 3?");
  assert.match(String(message.content), /101 \* 3/);
});

test("stream", async () => {
  let text = "";
  for await (const chunk of await model.stream("Say hello")) text += String(chunk.content);
  assert.match(text, /Say hello/);
});
