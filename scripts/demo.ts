/**
 * `npm start`: a short walkthrough of the typed client against the embedded offline mock — who the key belongs to,
 * models, a chat completion, a streamed chat printed token by token, a deferred completion, a stored response's input
 * items and its compaction, a file round trip with a public URL, a skill, a deferred image, a video job with progress,
 * and a validation error as its typed class. With XAI_API_KEY set it runs only the read-only and cheap steps against
 * api.x.ai (or XAI_BASE_URL) instead (model: XAI_DEMO_MODEL, default grok-3-mini).
 */

import { startMockServer } from "../mock/index.ts";
import { APIError, createXai, NotFoundError, type Xai } from "../src/index.ts";

const live = Boolean(process.env.XAI_API_KEY);
const model = live ? (process.env.XAI_DEMO_MODEL ?? "grok-3-mini") : "grok-4-0709";
const question = [{ role: "user" as const, content: "What is 101*3?" }];

function step(title: string): void {
  console.log(`\n── ${title}`);
}

async function me(xai: Xai) {
  step("Who am I");
  const { team_id, api_key } = await xai.me.retrieve();
  console.log(`  team ${team_id}, key ${api_key?.redacted_api_key ?? "(an OAuth token)"}`);
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

async function responses(xai: Xai) {
  step("Responses: input items of a stored response, then the conversation compacted");
  const input = [
    { role: "user" as const, content: "Tell me about Rust." },
    { role: "user" as const, content: "How does ownership work?" },
  ];
  const response = await xai.responses.create({ model, input });
  for await (const item of xai.responses.inputItems.list(response.id, { limit: 1 })) {
    console.log(`  ${item.id}: ${"content" in item ? JSON.stringify(item.content) : item.type}`);
  }
  const compacted = await xai.responses.compact({ model, input });
  console.log(`  compacted ${compacted.usage?.dropped_message_count} messages into ${compacted.output.length} item`);
  const next = await xai.responses.create({ model, input: [...compacted.output, { role: "user", content: "Go on" }] });
  console.log(`  and carried on from it: ${next.status}`);
}

async function publicUrl(xai: Xai) {
  step("Files: a public URL, served until revoked");
  const file = await xai.files.upload(new TextEncoder().encode("shared with the world\n"), { filename: "hello.txt" });
  const { public_url } = await xai.files.publicUrl.create(file.id, { expires_after: 3600 });
  console.log(`  ${public_url} → ${JSON.stringify(await (await fetch(public_url)).text())}`);
  await xai.files.publicUrl.revoke(file.id);
  console.log(`  revoked → HTTP ${(await fetch(public_url)).status}`);
  await xai.files.delete(file.id);
}

async function skill(xai: Xai) {
  step("Skills: upload a skill directory, list, download, delete");
  const skillMd = "---\nname: greeter\ndescription: Greets people by name.\n---\nSay hello to the user by name.\n";
  const uploaded = await xai.skills.upload([
    new File([skillMd], "greeter/SKILL.md"),
    new File(["print('hello')\n"], "greeter/greet.py"),
  ]);
  console.log(`  uploaded ${uploaded.name} (${uploaded.description}) → ${uploaded.id}`);
  for await (const listed of xai.skills.list()) console.log(`  listed: ${listed.name}`);
  const zip = await (await xai.skills.content(uploaded.id)).arrayBuffer();
  console.log(`  downloaded its zip: ${zip.byteLength} bytes`);
  await xai.skills.delete(uploaded.id);
}

async function image(xai: Xai) {
  step("Deferred image generation, waited for");
  const { request_id } = await xai.images.generate({ prompt: "A lighthouse at dusk", deferred: true });
  console.log(`  started ${request_id}`);
  const done = await xai.images.wait(request_id, { interval: 200 });
  console.log(`  done: ${done.data[0]?.url}`);
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
    for (const run of [me, models, chat, streamedChat, validationError]) await run(xai);
    return;
  }
  const mock = await startMockServer({ port: 0, streamDelayMs: 60, deferredPolls: 2, videoPolls: 4 });
  console.log(`Offline: the xAI mock is serving the effective spec at ${mock.url} (set XAI_API_KEY to use api.x.ai)`);
  try {
    const xai = createXai({ baseUrl: mock.url });
    const steps = [me, models, chat, streamedChat, deferred, responses, files, publicUrl, skill, image, video];
    for (const run of [...steps, validationError]) await run(xai);
  } finally {
    await mock.close();
  }
  console.log("\nDone.");
}

main().catch((error: unknown) => {
  console.error(`\ndemo failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  process.exitCode = 1;
});
