/** The AI SDK (`ai`) with its xAI provider against the mock: text, stream, a tool-call round, structured output, images. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createXai } from "@ai-sdk/xai";
import { generateImage, generateText, Output, stepCountIs, streamText, tool } from "ai";
import { z } from "zod";
import { isJpeg, MOCK_URL } from "./support.ts";

const xai = createXai({ baseURL: `${MOCK_URL}/v1`, apiKey: "xai-sdk-suite-key" });

test("generateText", async () => {
  const result = await generateText({ model: xai("grok-3"), prompt: "What is 101 * 3?", maxRetries: 0 });
  assert.match(result.text, /101 \* 3/);
  assert.equal(result.finishReason, "stop");
  assert.ok((result.usage.totalTokens ?? 0) > 0);
});

test("streamText", async () => {
  const result = streamText({ model: xai("grok-4"), prompt: "Say hello", maxRetries: 0 });
  let text = "";
  for await (const delta of result.textStream) text += delta;
  assert.match(text, /Say hello/);
  assert.equal(await result.text, text);
});

test("a tool-call round: the model calls the tool, then answers with its result", async () => {
  const result = await generateText({
    model: xai("grok-3"),
    prompt: "What's the weather in Paris?",
    tools: {
      weather: tool({
        description: "Current weather for a city",
        inputSchema: z.object({ city: z.string() }),
        execute: async ({ city }) => ({ city, temperature: 21 }),
      }),
    },
    stopWhen: stepCountIs(3),
    maxRetries: 0,
  });
  assert.equal(result.steps.length, 2);
  const call = result.steps[0]!.toolCalls[0];
  assert.equal(call?.toolName, "weather");
  assert.match(result.text, /temperature/);
});

test("structured output validates against the caller's schema", async () => {
  const schema = z.object({
    name: z.string(),
    age: z.number().int().min(0),
    email: z.string().email(),
    tags: z.array(z.string()).min(1),
  });
  const result = await generateText({
    model: xai("grok-3"),
    prompt: "Invent a person",
    output: Output.object({ schema }),
    maxRetries: 0,
  });
  assert.deepEqual(schema.parse(result.output), result.output);
});

test("generateImage: n images, real JPEG bytes", async () => {
  const result = await generateImage({
    model: xai.image("grok-imagine-image"),
    prompt: "a red fox",
    n: 2,
    maxRetries: 0,
  });
  assert.equal(result.images.length, 2);
  for (const image of result.images) assert.ok(isJpeg(image.uint8Array));
});
