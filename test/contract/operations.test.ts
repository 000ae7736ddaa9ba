/**
 * Client ⇄ mock ⇄ spec for every operation. Driven by the generated operation table: each operation is called
 * through the typed client against the in-process mock, and every HTTP exchange that went over the wire is
 * validated against the effective spec (JSON bodies against the declared response schema, each SSE event against
 * the declared stream schema). A final test fails listing any operation that no contract call exercised — a spec
 * update that adds an operation fails here until it has one. Multi-step flows follow: files round trip, deferred
 * chat and video waits, and each streaming family consumed to the end.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { operations as OperationTypes } from "../../generated/openapi.ts";
import { type OperationEntry, operations } from "../../generated/operations.ts";
import { VIDEO_FAILURE_TRIGGER } from "../../mock/index.ts";
import { createXai, NotFoundError, type Schema, VideoFailedError, type Xai } from "../../src/index.ts";
import { type MockServer, startContractMock } from "../support/contract-mock.ts";
import { checkExchange, type Exchange, ExchangeRecorder } from "../support/exchange-recorder.ts";
import {
  CONTRACT_API_KEY,
  CONTRACT_TEMP_DIR,
  captureError,
  itLeaksNoSecrets,
  watchForLeaks,
} from "../support/leak-watch.ts";
import { methodAt, methodNames } from "../support/method-names.ts";
import { itLeavesNoOpenHandles, watchOpenHandles } from "../support/open-handles.ts";
import { validateSchema } from "../support/spec-validator.ts";

watchForLeaks();
watchOpenHandles();

const effective = JSON.parse(
  readFileSync(new URL("../../generated/xai-openapi.effective.json", import.meta.url), "utf8"),
) as Record<string, any>;

type OperationId = keyof OperationTypes;
/** One contract call: exercises the operation through the client and checks what the client returned. */
type ContractCall = (xai: Xai) => Promise<void>;

const user = (content: string) => ({ role: "user" as const, content });
const chatBody = { model: "grok-3-mini", messages: [user("What is 101 * 3?")] };
const video = { url: "https://example.com/video.mp4" };

async function uploadSample(xai: Xai, name = "contract.txt"): Promise<Schema<"File">> {
  return xai.files.upload(new Blob(["contract bytes"]), { filename: name });
}

/** A skill directory as the API takes it: SKILL.md (name and description in its frontmatter) and a script. */
const skillFiles = () => [
  new File(["---\nname: contract-skill\ndescription: Greets.\n---\nSay hello.\n"], "contract-skill/SKILL.md"),
  new File(["print('hello')\n"], "contract-skill/hello.py"),
];

const contractCalls: Partial<Record<OperationId, ContractCall>> = {
  handle_get_api_key_info_request: async (xai) => {
    const key: Schema<"ApiKey"> = await xai.apiKey.retrieve();
    expect(key.redacted_api_key).toBeTypeOf("string");
  },
  handle_generic_completion_request: async (xai) => {
    const completion = await xai.chat.completions.create(chatBody);
    expect(completion.choices[0]?.message.content).toBeTypeOf("string");
  },
  handle_get_deferred_completion_request: async (xai) => {
    const { request_id } = await xai.chat.completions.create({ ...chatBody, deferred: true });
    expect(await xai.chat.deferred.retrieve(request_id)).toBeUndefined(); // 202: still pending
  },
  handle_generic_complete_request: async (xai) => {
    const result: Schema<"CompleteResponse"> = await xai.complete.create({
      model: "grok-3",
      prompt: "\n\nHuman: Hello\n\nAssistant:",
      max_tokens_to_sample: 8,
    });
    expect(result.completion).toBeTypeOf("string");
  },
  handle_sample_request: async (xai) => {
    const result: Schema<"SampleResponse"> = await xai.completions.create({ model: "grok-3", prompt: "1, 2, 3," });
    expect(result.choices.length).toBeGreaterThan(0);
  },
  handle_document_search_request_v2: async (xai) => {
    const result: Schema<"SearchResponse"> = await xai.documents.search({
      query: "revenue",
      source: { collection_ids: ["collection_1"] },
    });
    expect(Array.isArray(result.matches)).toBe(true);
  },
  handle_embedding_models_list_request: async (xai) => {
    expect((await xai.embeddingModels.list()).models.length).toBeGreaterThan(0);
  },
  handle_embedding_model_get_request: async (xai) => {
    const [first] = (await xai.embeddingModels.list()).models;
    expect((await xai.embeddingModels.retrieve(first!.id)).id).toBeTypeOf("string");
  },
  handle_embedding_request: async (xai) => {
    const result: Schema<"EmbeddingResponse"> = await xai.embeddings.create({ model: "v1", input: ["hello"] });
    expect(result.data.length).toBeGreaterThan(0);
  },
  handle_list_files_request: async (xai) => {
    const file = await uploadSample(xai, "listed.txt");
    const ids: string[] = [];
    for await (const listed of xai.files.list({ limit: 100 })) ids.push(listed.id);
    expect(ids).toContain(file.id);
  },
  handle_upload_file_request: async (xai) => {
    const file = await uploadSample(xai, "uploaded.txt");
    expect(file.filename).toBe("uploaded.txt");
  },
  handle_retrieve_file_request: async (xai) => {
    const file = await uploadSample(xai);
    expect((await xai.files.retrieve(file.id)).id).toBe(file.id);
  },
  handle_delete_file_request: async (xai) => {
    const file = await uploadSample(xai);
    expect((await xai.files.delete(file.id)).deleted).toBe(true);
  },
  handle_download_file_content_request: async (xai) => {
    const file = await uploadSample(xai);
    const content = await xai.files.content(file.id);
    expect(await content.text()).toBe("contract bytes");
  },
  handle_image_generation_models_list_request: async (xai) => {
    expect((await xai.imageGenerationModels.list()).models.length).toBeGreaterThan(0);
  },
  handle_image_generation_model_get_request: async (xai) => {
    const [first] = (await xai.imageGenerationModels.list()).models;
    expect((await xai.imageGenerationModels.retrieve(first!.id)).id).toBeTypeOf("string");
  },
  handle_edit_image_request: async (xai) => {
    const result: Schema<"GeneratedImageResponse"> = await xai.images.edit({
      prompt: "Add a hat",
      image: { url: "https://example.com/cat.png" },
    });
    expect(result.data.length).toBeGreaterThan(0);
  },
  handle_generate_image_request: async (xai) => {
    const result = await xai.images.generate({ prompt: "A cat in a tree", n: 1 });
    expect(result.data.length).toBeGreaterThan(0);
  },
  handle_language_models_list_request: async (xai) => {
    expect((await xai.languageModels.list()).models.length).toBeGreaterThan(0);
  },
  handle_language_model_get_request: async (xai) => {
    const [first] = (await xai.languageModels.list()).models;
    expect((await xai.languageModels.retrieve(first!.id)).id).toBeTypeOf("string");
  },
  handle_generic_messages_request: async (xai) => {
    const message: Schema<"MessageResponse"> = await xai.messages.create({
      model: "grok-3-mini",
      max_tokens: 32,
      messages: [user("Hello")],
    });
    expect(message.role).toBe("assistant");
  },
  handle_models_list_request: async (xai) => {
    expect((await xai.models.list()).data.length).toBeGreaterThan(0);
  },
  handle_model_get_request: async (xai) => {
    const [first] = (await xai.models.list()).data;
    expect((await xai.models.retrieve(first!.id)).id).toBeTypeOf("string");
  },
  handle_generic_model_request: async (xai) => {
    const response: Schema<"ModelResponse"> = await xai.responses.create({ model: "grok-3-mini", input: "Hi" });
    expect(response.output.length).toBeGreaterThan(0);
  },
  handle_get_stored_completion_request: async (xai) => {
    const created = await xai.responses.create({ model: "grok-3-mini", input: "Hi", store: true });
    expect((await xai.responses.retrieve(created.id)).id).toBe(created.id);
  },
  handle_delete_stored_completion_request: async (xai) => {
    const created = await xai.responses.create({ model: "grok-3-mini", input: "Hi", store: true });
    expect((await xai.responses.delete(created.id)).id).toBe(created.id);
  },
  handle_tokenize_text_request: async (xai) => {
    const result: Schema<"TokenizeResponse"> = await xai.tokenizer.tokenize({ model: "grok-3-mini", text: "Hi" });
    expect(result.token_ids.length).toBeGreaterThan(0);
  },
  handle_video_generation_models_list_request: async (xai) => {
    expect((await xai.videoGenerationModels.list()).models.length).toBeGreaterThan(0);
  },
  handle_video_generation_model_get_request: async (xai) => {
    const [first] = (await xai.videoGenerationModels.list()).models;
    expect((await xai.videoGenerationModels.retrieve(first!.id)).id).toBeTypeOf("string");
  },
  handle_get_deferred_video_request: async (xai) => {
    const { request_id } = await xai.videos.generate({ prompt: "A cat playing with a ball" });
    const state = await xai.videos.retrieve(request_id);
    expect(state === undefined || state.status === "pending").toBe(true);
  },
  handle_edit_video_request: async (xai) => {
    expect((await xai.videos.edit({ prompt: "Add snow", video })).request_id).toBeTypeOf("string");
  },
  handle_extend_video_request: async (xai) => {
    expect((await xai.videos.extend({ prompt: "Zoom out", video })).request_id).toBeTypeOf("string");
  },
  handle_generate_video_request: async (xai) => {
    expect((await xai.videos.generate({ prompt: "A cat", duration: 6 })).request_id).toBeTypeOf("string");
  },
  handle_get_deferred_image_request: async (xai) => {
    const { request_id } = await xai.images.generate({ prompt: "A lighthouse", deferred: true });
    expect(await xai.images.retrieve(request_id)).toBeUndefined(); // 202: still pending
  },
  handle_get_me_request: async (xai) => {
    const me: Schema<"GetMeResponse"> = await xai.me.retrieve();
    expect(me.team_id).toBeTypeOf("string");
  },
  handle_create_public_url_request: async (xai) => {
    const file = await uploadSample(xai, "public.txt");
    const { public_url } = await xai.files.publicUrl.create(file.id, { expires_after: 3600 });
    expect(await (await fetch(public_url)).text()).toBe("contract bytes");
  },
  handle_revoke_public_url_request: async (xai) => {
    const file = await uploadSample(xai, "revoked.txt");
    const { public_url } = await xai.files.publicUrl.create(file.id);
    expect(await xai.files.publicUrl.revoke(file.id)).toEqual({ id: file.id, revoked: true, public_url });
    expect((await fetch(public_url)).status).toBe(404);
  },
  handle_list_input_items: async (xai) => {
    const created = await xai.responses.create({ model: "grok-3-mini", input: [user("One"), user("Two")] });
    const items: Schema<"InputItemEntry">[] = [];
    for await (const item of xai.responses.inputItems.list(created.id, { limit: 1 })) items.push(item);
    expect(items.map((item) => ("content" in item ? item.content : undefined))).toEqual(["One", "Two"]);
  },
  handle_compact_request: async (xai) => {
    const compacted = await xai.responses.compact({ model: "grok-3-mini", input: [user("Hi"), user("Summarise")] });
    expect(compacted.output).toHaveLength(1);
    // The compaction item is valid input for the next response.
    const next = await xai.responses.create({ model: "grok-3-mini", input: [...compacted.output, user("Go on")] });
    expect(next.status).toBe("completed");
  },
  handle_upload_skill_request: async (xai) => {
    const skill = await xai.skills.upload(skillFiles());
    expect(skill).toMatchObject({ name: "contract-skill", description: "Greets.", object: "skill" });
  },
  handle_list_skills_request: async (xai) => {
    const skill = await xai.skills.upload(skillFiles());
    const ids: string[] = [];
    for await (const listed of xai.skills.list({ limit: 1 })) ids.push(listed.id);
    expect(ids).toContain(skill.id);
  },
  handle_retrieve_skill_request: async (xai) => {
    const skill = await xai.skills.upload(skillFiles());
    expect(await xai.skills.retrieve(skill.id)).toEqual(skill);
  },
  handle_delete_skill_request: async (xai) => {
    const skill = await xai.skills.upload(skillFiles());
    expect(await xai.skills.delete(skill.id)).toEqual({ id: skill.id, object: "skill.deleted", deleted: true });
  },
  handle_download_skill_content_request: async (xai) => {
    const skill = await xai.skills.upload(skillFiles());
    const zip = Buffer.from(await (await xai.skills.content(skill.id)).arrayBuffer());
    expect(zip.subarray(0, 4).toString("latin1")).toBe("PK\u0003\u0004");
    expect(zip.includes("contract-skill/SKILL.md")).toBe(true);
  },
};

/**
 * An operation without a call above is plain (the mock answers it from its examples): its derived method is called
 * with a placeholder for each path parameter and the spec's request example as its body.
 */
function plainCall(operation: OperationEntry): ContractCall {
  return async (xai) => {
    const method = methodAt(xai, methodNames.get(operation.operationId)!)!;
    const example =
      effective.paths[operation.path][operation.method].requestBody?.content?.["application/json"]?.example;
    const body = operation.requestMediaTypes.includes("application/json") ? [example ?? {}] : [];
    expect(await method(...operation.pathParams.map(() => "contract-id"), ...body)).toBeDefined();
  };
}

let mock: MockServer;
let xai: Xai;
const recorder = new ExchangeRecorder();
/** operationId → exchanges that matched its method and path and validated against the spec. */
const validatedExchanges = new Map<string, number>();

const operationOf = (exchange: Exchange): OperationEntry | undefined =>
  (operations as readonly OperationEntry[]).find(
    (operation) => operation.method === exchange.method && operation.path === exchange.template,
  );

/** Validates everything recorded since `mark`; every exchange must belong to an operation and match the spec. */
async function expectExchangesValid(mark: number): Promise<Exchange[]> {
  const exchanges = recorder.since(mark);
  expect(exchanges.length, "the call sent no request").toBeGreaterThan(0);
  for (const exchange of exchanges) {
    const operation = operationOf(exchange);
    const where = `${exchange.method.toUpperCase()} ${exchange.url.pathname} → ${exchange.status}`;
    expect(operation, `${where} matches no operation of the spec`).toBeDefined();
    const check = await checkExchange(exchange);
    expect(check.errors, `${where} violates the spec`).toEqual([]);
    validatedExchanges.set(operation!.operationId, (validatedExchanges.get(operation!.operationId) ?? 0) + 1);
  }
  return exchanges;
}

beforeAll(async () => {
  mock = await startContractMock({ deferredPolls: 1, videoPolls: 1 });
  xai = createXai({ apiKey: CONTRACT_API_KEY, baseUrl: mock.url, maxRetries: 0, fetch: recorder.fetch });
});

afterAll(() => mock.close());

describe("every operation: client ⇄ mock ⇄ spec", () => {
  for (const operation of operations as readonly OperationEntry[]) {
    const title = `${operation.operationId} (${operation.method.toUpperCase()} ${operation.path})`;
    it(title, async () => {
      const call = contractCalls[operation.operationId as OperationId] ?? plainCall(operation);
      const mark = recorder.exchanges.length;
      await call(xai).catch((error: unknown) => {
        throw captureError(error, operation.operationId);
      });
      const exchanges = await expectExchangesValid(mark);
      const own = exchanges.filter((exchange) => operationOf(exchange)?.operationId === operation.operationId);
      expect(own.length, `the call never reached ${operation.operationId}`).toBeGreaterThan(0);
      expect(own.every((exchange) => exchange.status >= 200 && exchange.status < 300)).toBe(true);
    });
  }

  it(`covers ${operations.length}/${operations.length} operations with a validated exchange`, () => {
    const missing = (operations as readonly OperationEntry[])
      .map(({ operationId }) => operationId)
      .filter((operationId) => !validatedExchanges.has(operationId));
    expect(missing, `operations without a validated exchange: ${missing.join(", ")}`).toEqual([]);
    expect(validatedExchanges.size).toBe(operations.length);
  });
});

describe("multi-step flows", () => {
  it("files: random bytes survive upload → list → retrieve → content saved to disk → delete", async () => {
    const mark = recorder.exchanges.length;
    const bytes = randomBytes(64 * 1024 + 7);
    const file = await xai.files.upload(new Blob([bytes]), { filename: "random.bin", expiresAfter: 3600 });
    expect(file.bytes).toBe(bytes.length);
    const listed: string[] = [];
    for await (const entry of xai.files.list({ limit: 2 })) listed.push(entry.id);
    expect(listed).toContain(file.id);
    expect((await xai.files.retrieve(file.id)).filename).toBe("random.bin");
    const content = await xai.files.content(file.id);
    const saved = join(CONTRACT_TEMP_DIR, "round-trip.bin");
    expect(await content.saveTo(saved)).toBe(bytes.length);
    expect(readFileSync(saved).equals(bytes)).toBe(true);
    expect((await xai.files.delete(file.id)).deleted).toBe(true);
    const gone = await xai.files.retrieve(file.id).catch((error: unknown) => captureError(error));
    expect(gone).toBeInstanceOf(NotFoundError);
    await expectExchangesValid(mark);
  });

  it("deferred chat: start, wait through 202s, result is a ChatResponse; second fetch is 404", async () => {
    const mark = recorder.exchanges.length;
    const { request_id } = await xai.chat.completions.create({ ...chatBody, deferred: true });
    let polls = 0;
    const completion = await xai.chat.deferred.wait(request_id, { interval: 5, timeout: 5_000, onPoll: () => polls++ });
    expect(validateSchema("ChatResponse", completion).errors).toEqual([]);
    expect(polls).toBeGreaterThanOrEqual(1);
    const again = await xai.chat.deferred.retrieve(request_id).catch((error: unknown) => captureError(error));
    expect(again).toBeInstanceOf(NotFoundError);
    await expectExchangesValid(mark);
  });

  it("video: generate, wait with progress until done; a failing prompt ends in the typed failure", async () => {
    const mark = recorder.exchanges.length;
    const { request_id } = await xai.videos.generate({ prompt: "A cat playing with a ball" });
    const progress: number[] = [];
    const done = await xai.videos.wait(request_id, {
      interval: 5,
      timeout: 5_000,
      onProgress: (value) => progress.push(value),
    });
    expect(done.status).toBe("done");
    expect(done.video.url).toMatch(/^https?:\/\//);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    const failing = await xai.videos.generate({ prompt: `${VIDEO_FAILURE_TRIGGER} please` });
    const failure = await xai.videos
      .wait(failing.request_id, { interval: 5, timeout: 5_000 })
      .catch((error: unknown) => captureError(error));
    expect(failure).toBeInstanceOf(VideoFailedError);
    expect((failure as VideoFailedError).videoError?.code).toBeTypeOf("string");
    await expectExchangesValid(mark);
  });

  it("chat stream: every event valid, accumulated result equals the unstreamed completion", async () => {
    const mark = recorder.exchanges.length;
    const unstreamed = await xai.chat.completions.create(chatBody);
    const stream = await xai.chat.completions.create({ ...chatBody, stream: true });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    const final = await stream.finalChatCompletion();
    expect(validateSchema("ChatResponse", final).errors).toEqual([]);
    expect(final.choices[0]?.message.content).toBe(text);
    expect(text).toBe(unstreamed.choices[0]?.message.content);
    await expectExchangesValid(mark);
  });

  it("responses stream: every event valid, final response is a valid ModelResponse", async () => {
    const mark = recorder.exchanges.length;
    const stream = await xai.responses.create({ model: "grok-3-mini", input: "Hi", stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalResponse();
    expect(validateSchema("ModelResponse", final).errors).toEqual([]);
    expect(types[0]).toBe("response.created");
    expect(types.at(-1)).toBe("response.completed");
    await expectExchangesValid(mark);
  });

  it("messages stream: every event valid, final message equals the unstreamed one's text", async () => {
    const mark = recorder.exchanges.length;
    const body = { model: "grok-3-mini", max_tokens: 32, messages: [user("Hello")] };
    const unstreamed = await xai.messages.create(body);
    const stream = await xai.messages.create({ ...body, stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalMessage();
    expect(validateSchema("MessageResponse", final).errors).toEqual([]);
    expect(types[0]).toBe("message_start");
    expect(types.at(-1)).toBe("message_stop");
    const textOf = (message: Schema<"MessageResponse">) =>
      message.content.map((block) => ("text" in block ? block.text : "")).join("");
    expect(textOf(final)).toBe(textOf(unstreamed));
    await expectExchangesValid(mark);
  });
});

itLeavesNoOpenHandles(() => mock.close());
itLeaksNoSecrets();
