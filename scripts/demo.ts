/**
 * `npm start`: a short walkthrough of the typed client against the embedded offline mock — models, a chat
 * completion, a streamed chat printed token by token, a deferred completion, a file round trip, a video job with
 * progress, and a validation error as its typed class. With XAI_API_KEY set it runs only the read-only and cheap
 * steps against api.x.ai (or XAI_BASE_URL) instead (model: XAI_DEMO_MODEL, default grok-3-mini).
 */

import { startMockServer } from "../mock/index.ts";
import { APIError, createXai, NotFoundError, type Xai } from "../src/index.ts";

const live = Boolean(process.env.XAI_API_KEY);
const model = live ? (process.env.XAI_DEMO_MODEL ?? "grok-3-mini") : "grok-4-0709";
const question = [{ role: "user" as const, content: "What is 101*3?" }];

function step(title: string): void {
  console.log(`\n── ${title}`);
}

async function models(xai: Xai) {
  step("List models");
  const { data } = await xai.models.list();
  console.log(`  ${data.length} models: ${data.map((m) => m.id).join(", ")}`);
}

async function chat(xai: Xai) {
  step("Chat completion");
  const completion = await xai.chat.completions.create({ model, messages: question, max_tokens: 64 });
  console.log(`  ${completion.choices[0]?.message.content}`);
  console.log(`  (${completion.usage?.total_tokens ?? "?"} tokens)`);
}

async function streamedChat(xai: Xai) {
  step("Streamed chat, token by token");
  const stream = await xai.chat.completions.create({ model, messages: question, max_tokens: 64, stream: true });
  process.stdout.write("  ");
  for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? "");
  process.stdout.write("\n");
}

async function deferred(xai: Xai) {
  step("Deferred completion");
  const { request_id } = await xai.chat.completions.create({ model, messages: question, deferred: true });
  console.log(`  started ${request_id}`);
  const completion = await xai.chat.deferred.wait(request_id, {
    interval: 200,
    onPoll: ({ attempt }) => console.log(`  poll ${attempt}: still pending`),
  });
  console.log(`  done: ${completion.choices[0]?.message.content}`);
}

async function files(xai: Xai) {
  step("Files: upload, list, download, delete");
  const text = "name,score\nada,3\ngrace,5\n";
  const file = await xai.files.upload(new TextEncoder().encode(text), { filename: "scores.csv" });
  console.log(`  uploaded ${file.filename} → ${file.id} (${file.bytes} bytes)`);
  let listed = 0;
  for await (const f of xai.files.list({ limit: 10 })) if (f.id === file.id) listed++;
  console.log(`  listed: ${listed === 1 ? "yes" : "no"}`);
  const downloaded = await (await xai.files.content(file.id)).text();
  console.log(`  downloaded ${downloaded.length} bytes, identical: ${downloaded === text}`);
  await xai.files.delete(file.id);
  try {
    await xai.files.retrieve(file.id);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    console.log(`  deleted; retrieving it now throws ${error.name} (${error.status})`);
  }
}

async function video(xai: Xai) {
  step("Video generation, waited for with progress");
  const { request_id } = await xai.videos.generate({
    model: "grok-imagine-video",
    prompt: "A cat playing with a ball",
  });
  const done = await xai.videos.wait(request_id, {
    interval: 200,
    onProgress: (progress) => console.log(`  ${"█".repeat(Math.round(progress / 10)).padEnd(10, "░")} ${progress}%`),
  });
  console.log(`  done: ${done.video.url}`);
}

async function validationError(xai: Xai) {
  step("A request the spec rejects, as a typed error");
  try {
    await xai.chat.completions.create({ model, messages: question, temperature: 5, top_p: 0 });
    console.log("  unexpectedly accepted");
  } catch (error) {
    if (!(error instanceof APIError)) throw error;
    console.log(`  ${error.name} (status ${error.status}, code ${error.code ?? "none"})`);
    console.log(`  ${error.message}`);
  }
}

async function main(): Promise<void> {
  if (live) {
    const baseUrl = process.env.XAI_BASE_URL ?? "https://api.x.ai";
    console.log(`XAI_API_KEY is set: running the read-only and cheap steps against ${baseUrl} (model ${model})`);
    const xai = createXai({ baseUrl, timeout: 60_000 });
    for (const run of [models, chat, streamedChat, validationError]) await run(xai);
    return;
  }
  const mock = await startMockServer({ port: 0, streamDelayMs: 60, deferredPolls: 2, videoPolls: 4 });
  console.log(`Offline: the xAI mock is serving the effective spec at ${mock.url} (set XAI_API_KEY to use api.x.ai)`);
  try {
    const xai = createXai({ baseUrl: mock.url });
    for (const run of [models, chat, streamedChat, deferred, files, video, validationError]) await run(xai);
  } finally {
    await mock.close();
  }
  console.log("\nDone.");
}

main().catch((error: unknown) => {
  console.error(`\ndemo failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  process.exitCode = 1;
});
