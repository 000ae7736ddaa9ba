/** openai-node against the mock: models, chat (+ stream), embeddings, images (+ download), files round trip, responses (+ stream), typed errors. */
import assert from "node:assert/strict";
import { test } from "node:test";
import OpenAI, { toFile } from "openai";
import { downloadBytes, isJpeg, MOCK_URL } from "./support.ts";

const client = new OpenAI({ baseURL: `${MOCK_URL}/v1`, apiKey: "xai-sdk-suite-key", maxRetries: 0 });

test("models.list pages through the catalogue", async () => {
  const ids = [];
  for await (const model of client.models.list()) ids.push(model.id);
  assert.ok(ids.includes("grok-3"), ids.join(", "));
});

test("chat.completions.create answers the question, usage as xAI counts it", async () => {
  const completion = await client.chat.completions.create({
    model: "grok-4",
    messages: [{ role: "user", content: "What is 101 * 3?" }],
  });
  assert.equal(completion.model, "grok-4-0709");
  assert.match(completion.choices[0]?.message.content ?? "", /101 \* 3/);
  const usage = completion.usage!;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  assert.equal(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens + reasoning);
});

test("chat.completions.create with stream: true, and the stream helper's final completion", async () => {
  const stream = await client.chat.completions.create({
    model: "grok-3",
    messages: [{ role: "user", content: "Say hello" }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = "";
  let usage: OpenAI.CompletionUsage | undefined;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? "";
    usage ??= chunk.usage ?? undefined;
  }
  assert.match(text, /Say hello/);
  assert.ok(usage && usage.total_tokens > 0);
  const runner = client.chat.completions.stream({ model: "grok-3", messages: [{ role: "user", content: "Again" }] });
  const final = await runner.finalChatCompletion();
  assert.match(final.choices[0]?.message.content ?? "", /Again/);
});

test("a tool call round through chat completions", async () => {
  const tools = [
    {
      type: "function" as const,
      function: {
        name: "get_weather",
        parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      },
    },
  ];
  const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: "user", content: "What's the weather in Paris?" }];
  const first = await client.chat.completions.create({ model: "grok-3", messages, tools });
  const call = first.choices[0]?.message.tool_calls?.[0];
  assert.equal(first.choices[0]?.finish_reason, "tool_calls");
  assert.ok(call && call.type === "function");
  assert.equal(typeof JSON.parse(call.function.arguments).city, "string");
  messages.push(first.choices[0]!.message, { role: "tool", tool_call_id: call.id, content: '{"temperature": 21}' });
  const second = await client.chat.completions.create({ model: "grok-3", messages, tools });
  assert.match(second.choices[0]?.message.content ?? "", /temperature/);
});

test("embeddings: one vector per input", async () => {
  const result = await client.embeddings.create({ model: "v1", input: ["one", "two", "three"] });
  assert.equal(result.data.length, 3);
  assert.deepEqual(
    result.data.map((d) => d.index),
    [0, 1, 2],
  );
  assert.ok(result.data.every((d) => Array.isArray(d.embedding) && d.embedding.length > 0));
});

test("images.generate: n images whose URLs download as JPEG, b64_json the same bytes", async () => {
  const result = await client.images.generate({ model: "grok-imagine-image", prompt: "a red fox", n: 2 });
  assert.equal(result.data?.length, 2);
  const bytes = await downloadBytes(result.data![0]!.url!);
  assert.ok(isJpeg(bytes));
  const encoded = await client.images.generate({
    model: "grok-imagine-image",
    prompt: "a red fox",
    response_format: "b64_json",
  });
  assert.deepEqual(Buffer.from(encoded.data![0]!.b64_json!, "base64"), bytes);
});

test("files: upload, retrieve, download the content (Accept: application/binary), delete", async () => {
  const content = Buffer.from("The quick brown fox jumps over the lazy dog.\n");
  const file = await client.files.create({ file: await toFile(content, "fox.txt"), purpose: "assistants" });
  assert.equal((await client.files.retrieve(file.id)).filename, "fox.txt");
  const downloaded = await client.files.content(file.id);
  assert.deepEqual(Buffer.from(await downloaded.arrayBuffer()), content);
  await client.files.delete(file.id);
  await assert.rejects(client.files.retrieve(file.id), OpenAI.NotFoundError);
});

test("responses.create, previous_response_id, and a streamed response", async () => {
  const first = await client.responses.create({ model: "grok-3", input: "Name a colour" });
  assert.match(first.output_text, /Name a colour/);
  const second = await client.responses.create({
    model: "grok-3",
    input: "And another",
    previous_response_id: first.id,
  });
  assert.equal(second.previous_response_id, first.id);
  const stream = await client.responses.create({ model: "grok-3", input: "Stream it", stream: true });
  let text = "";
  let completed = false;
  for await (const event of stream) {
    if (event.type === "response.output_text.delta") text += event.delta;
    if (event.type === "response.completed") completed = true;
  }
  assert.ok(completed);
  assert.match(text, /Stream it/);
});

test("typed errors: unknown model → NotFoundError, bad argument → BadRequestError, xAI's flat body", async () => {
  const unknown = await client.chat.completions
    .create({ model: "grok-0-nonexistent", messages: [{ role: "user", content: "Hi" }] })
    .catch((error: unknown) => error);
  assert.ok(unknown instanceof OpenAI.NotFoundError, String(unknown));
  assert.match(unknown.message, /The model grok-0-nonexistent does not exist/);
  const invalid = await client.chat.completions
    .create({ model: "grok-3", messages: [{ role: "user", content: "Hi" }], temperature: 5 })
    .catch((error: unknown) => error);
  assert.ok(invalid instanceof OpenAI.BadRequestError, String(invalid));
  assert.match(invalid.message, /temperature/);
});
