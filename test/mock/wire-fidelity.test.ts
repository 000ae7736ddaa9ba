/**
 * Answers that follow the request and look like api.x.ai's captures (../shared/wire/SUMMARY.md): ids, usage
 * arithmetic, structured output and tool calls that validate against the caller's schemas, the model catalogue and
 * xAI's 404 for unknown models on every operation that takes one, media served offline, any `Accept` header, both
 * error `code` dialects.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operations } from "../../generated/operations.ts";
import { OBSERVED_MODELS } from "../../mock/catalogue/observed.ts";
import { type MockServer, startMockServer } from "../../mock/index.ts";
import { validateResponseBody } from "../support/spec-validator.ts";
import { api, readSse, readXaiError, requestExample } from "./helpers.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ajv = new Ajv2020({ strict: false });

let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, videoPolls: 1 });
});
afterAll(() => mock.close());

const post = async (path: string, json: unknown, headers: Record<string, string> = {}) =>
  api(mock, path, { method: "POST", json, headers });
const postJson = async (path: string, json: unknown) => {
  const response = await post(path, json);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Record<string, any>;
};

const personSchema = {
  type: "object",
  properties: {
    name: { type: "string" },
    age: { type: "integer", minimum: 18, maximum: 120 },
    email: { type: "string", format: "email" },
    city: { type: "string", enum: ["Paris", "Tokyo"] },
    tags: { type: "array", items: { type: "string" }, minItems: 2 },
    address: { $ref: "#/$defs/address" },
  },
  required: ["name", "age", "email", "city", "tags", "address"],
  additionalProperties: false,
  $defs: { address: { type: "object", properties: { street: { type: "string" } }, required: ["street"] } },
};
const weatherParameters = {
  type: "object",
  properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
  required: ["city", "unit"],
};

describe("chat completions follow the request", () => {
  it("ids, n, usage arithmetic (total = prompt + completion + reasoning), refusal: null, fp_ fingerprint", async () => {
    const body = await postJson("/v1/chat/completions", {
      model: "grok-4",
      n: 3,
      messages: [{ role: "user", content: "Hello there" }],
    });
    expect(body.id).toMatch(UUID);
    expect(body.model).toBe("grok-4-0709");
    expect(body.choices.map((c: any) => c.index)).toEqual([0, 1, 2]);
    for (const choice of body.choices) expect(choice.message.refusal).toBeNull();
    const { usage } = body;
    const reasoning = usage.completion_tokens_details.reasoning_tokens;
    expect(reasoning).toBeGreaterThan(0);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens + reasoning);
    expect(body.system_fingerprint).toMatch(/^fp_[0-9a-f]{10}$/);
  });

  it("max_tokens cuts the answer: finish_reason length", async () => {
    const body = await postJson("/v1/chat/completions", {
      model: "grok-3",
      max_tokens: 2,
      messages: [{ role: "user", content: "Tell me a long story" }],
    });
    expect(body.choices[0].finish_reason).toBe("length");
    expect(body.choices[0].message.content.trim().split(/\s+/)).toHaveLength(2);
  });

  it("response_format json_schema → JSON that validates against the caller's schema", async () => {
    const body = await postJson("/v1/chat/completions", {
      model: "grok-3",
      messages: [{ role: "user", content: "Invent a person" }],
      response_format: { type: "json_schema", json_schema: { name: "person", schema: personSchema, strict: true } },
    });
    const person = JSON.parse(body.choices[0].message.content);
    expect(ajv.validate(personSchema, person), JSON.stringify(ajv.errors)).toBe(true);
  });

  it.each([
    ["a user message naming the tool", { tool_choice: undefined }],
    ['tool_choice: "required"', { tool_choice: "required" }],
    ["a named function", { tool_choice: { type: "function", function: { name: "get_weather" } } }],
  ])("tools + %s → a tool call whose arguments fit the parameters (streamed and not)", async (_, extra) => {
    const request = {
      model: "grok-3",
      messages: [{ role: "user", content: extra.tool_choice ? "Hi" : "What's the weather in Tokyo?" }],
      tools: [
        { type: "function", function: { name: "lookup_stock", parameters: { type: "object" } } },
        { type: "function", function: { name: "get_weather", parameters: weatherParameters } },
      ],
      ...extra,
    };
    const body = await postJson("/v1/chat/completions", request);
    const choice = body.choices[0];
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.content).toBe("");
    const [call] = choice.message.tool_calls;
    expect(call.id).toMatch(/^call_\d{8}$/);
    expect(call.function.name).toBe(extra.tool_choice === "required" ? "lookup_stock" : "get_weather");
    const args = JSON.parse(call.function.arguments);
    if (call.function.name === "get_weather") expect(ajv.validate(weatherParameters, args)).toBe(true);

    const events = await readSse(await post("/v1/chat/completions", { ...request, stream: true }));
    const chunks = events.filter((e) => e.data !== "[DONE]").map((e) => JSON.parse(e.data));
    const streamedCalls = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(streamedCalls, "the whole call in one delta").toHaveLength(1);
    expect(JSON.parse(streamedCalls[0].function.arguments)).toEqual(args);
    expect(chunks.at(-1).choices[0].finish_reason).toBe("tool_calls");
  });

  it('tool_choice "none" and a conversation ending in a tool result → text', async () => {
    const tools = [{ type: "function", function: { name: "get_weather", parameters: weatherParameters } }];
    const none = await postJson("/v1/chat/completions", {
      model: "grok-3",
      messages: [{ role: "user", content: "What's the weather in Tokyo?" }],
      tools,
      tool_choice: "none",
    });
    expect(none.choices[0].message.tool_calls).toBeUndefined();
    const answered = await postJson("/v1/chat/completions", {
      model: "grok-3",
      tools,
      messages: [
        { role: "user", content: "What's the weather in Tokyo?" },
        {
          role: "assistant",
          content: "",
          tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: "{}" } }],
        },
        { role: "tool", tool_call_id: "call_1", content: "18 degrees, light rain" },
      ],
    });
    expect(answered.choices[0].message.content).toContain("18 degrees, light rain");
  });
});

describe("responses follow the request", () => {
  it("ids rs_/msg_<response uuid>, logprobs: [], output tokens include reasoning", async () => {
    const body = await postJson("/v1/responses", { model: "grok-4", input: "Hello" });
    expect(body.id).toMatch(UUID);
    expect(body.output.map((item: any) => item.id)).toEqual([`rs_${body.id}`, `msg_${body.id}`]);
    expect(body.output[1].content[0].logprobs).toEqual([]);
    const { usage } = body;
    expect(usage.output_tokens).toBeGreaterThan(usage.output_tokens_details.reasoning_tokens);
    expect(usage.total_tokens).toBe(usage.input_tokens + usage.output_tokens);
  });

  it("previous_response_id must name a stored response (else xAI's 404) and is echoed", async () => {
    const first = await postJson("/v1/responses", { model: "grok-3", input: "Hello" });
    const second = await postJson("/v1/responses", { model: "grok-3", input: "Again", previous_response_id: first.id });
    expect(second.previous_response_id).toBe(first.id);
    const missing = await readXaiError(
      await post("/v1/responses", {
        model: "grok-3",
        input: "Again",
        previous_response_id: "4f1c0000-0000-4000-8000-000000000000",
      }),
    );
    expect(missing).toMatchObject({ status: 404, body: { code: "not-found" } });
  });

  it("text.format json_schema → JSON that validates; tools → a function_call, streamed and not", async () => {
    const structured = await postJson("/v1/responses", {
      model: "grok-3",
      input: "Invent a person",
      text: { format: { type: "json_schema", name: "person", schema: personSchema } },
    });
    const person = JSON.parse(structured.output.at(-1).content[0].text);
    expect(ajv.validate(personSchema, person), JSON.stringify(ajv.errors)).toBe(true);

    const request = {
      model: "grok-3",
      input: [{ role: "user", content: "What's the weather in Tokyo?" }],
      tools: [{ type: "function", name: "get_weather", parameters: weatherParameters }],
    };
    const called = await postJson("/v1/responses", request);
    const call = called.output.find((item: any) => item.type === "function_call");
    expect(call).toMatchObject({
      name: "get_weather",
      call_id: expect.stringMatching(/^call_\d{8}$/),
      status: "completed",
    });
    expect(ajv.validate(weatherParameters, JSON.parse(call.arguments))).toBe(true);
    const events = (await readSse(await post("/v1/responses", { ...request, stream: true }))).map((e) =>
      JSON.parse(e.data),
    );
    const done = events.find((e) => e.type === "response.function_call_arguments.done");
    expect(ajv.validate(weatherParameters, JSON.parse(done.arguments))).toBe(true);
    expect(events.at(-1).response.usage.total_tokens).toBeGreaterThan(0);
    expect(events[0].response.usage).toBeNull();
  });
});

describe("messages follow the request", () => {
  it("tools → tool_use whose input fits input_schema, streamed and not", async () => {
    const request = {
      model: "grok-3",
      max_tokens: 100,
      messages: [{ role: "user", content: "Weather in Paris, please" }],
      tools: [{ name: "get_weather", input_schema: weatherParameters }],
    };
    const body = await postJson("/v1/messages", request);
    expect(body.stop_reason).toBe("tool_use");
    expect(ajv.validate(weatherParameters, body.content[0].input)).toBe(true);
    const events = (await readSse(await post("/v1/messages", { ...request, stream: true }))).map((e) =>
      JSON.parse(e.data),
    );
    const json = events
      .filter((e) => e.delta?.type === "input_json_delta")
      .map((e) => e.delta.partial_json)
      .join("");
    expect(JSON.parse(json)).toEqual(body.content[0].input);
  });
});

describe("embeddings, images, tokenize", () => {
  it("one embedding per input, in order; base64 decodes to the same floats", async () => {
    for (const [input, count] of [
      ["one", 1],
      [["a", "b", "c"], 3],
      [[1, 2, 3], 1],
      [[[1], [2]], 2],
    ] as const) {
      const body = await postJson("/v1/embeddings", { model: "v1", input });
      expect(body.data.map((d: any) => d.index)).toEqual([...Array(count).keys()]);
    }
    const floats = await postJson("/v1/embeddings", { model: "v1", input: "x", dimensions: 8 });
    const encoded = await postJson("/v1/embeddings", {
      model: "v1",
      input: "x",
      dimensions: 8,
      encoding_format: "base64",
    });
    const decoded = new Float32Array(Uint8Array.from(Buffer.from(encoded.data[0].embedding, "base64")).buffer);
    expect([...decoded].map((v) => v.toFixed(5))).toEqual(floats.data[0].embedding.map((v: number) => v.toFixed(5)));
  });

  it("images: n honoured, URLs on the mock serve JPEG bytes, b64_json the same bytes", async () => {
    const body = await postJson("/v1/images/generations", { model: "grok-imagine-image", prompt: "a fox", n: 4 });
    expect(body.data).toHaveLength(4);
    const image = await fetch(body.data[0].url);
    expect(body.data[0].url.startsWith(`${mock.url}/__mock/media/`)).toBe(true);
    expect(image.headers.get("content-type")).toBe(body.data[0].mime_type);
    const bytes = Buffer.from(await image.arrayBuffer());
    const encoded = await postJson("/v1/images/generations", { prompt: "a fox", response_format: "b64_json" });
    expect(Buffer.from(encoded.data[0].b64_json, "base64")).toEqual(bytes);
  });

  it("tokenize: tokens that rebuild the text", async () => {
    const text = "Hello, world! Ça va?";
    const body = await postJson("/v1/tokenize-text", { model: "grok-3", text });
    expect(body.token_ids.map((t: any) => t.string_token).join("")).toBe(text);
    for (const token of body.token_ids)
      expect(Buffer.from(token.token_bytes).toString("utf8")).toBe(token.string_token);
  });
});

describe("the model catalogue", () => {
  const takesModel = operations.filter(
    (op) => op.method === "post" && typeof requestExampleOrUndefined(op.path)?.model === "string",
  );

  it("an unknown model gets xAI's 404 naming it on every operation that takes `model`", async () => {
    expect(takesModel.length).toBeGreaterThanOrEqual(10);
    for (const op of takesModel) {
      const reply = await readXaiError(
        await post(op.path, { ...requestExample(op.path, "post"), model: "grok-0-imaginary" }),
      );
      expect(reply.status, op.path).toBe(404);
      expect(reply.body.error, op.path).toMatch(
        /^The model grok-0-imaginary does not exist or your team [0-9a-f-]{36} does not have access to it\./,
      );
    }
    expect((await readXaiError(await api(mock, "/v1/models/grok-0-imaginary"))).status).toBe(404);
  });

  it("by default: the spec's models and every observed one, each listed and retrieved as its kind's schema requires", async () => {
    const listed = (await (await api(mock, "/v1/models")).json()) as { data: { id: string }[] };
    const ids = listed.data.map((model) => model.id);
    expect(ids.slice(0, 3)).toEqual(["latest", "grok-420-reasoning", "grok-imagine-image"]);
    for (const observed of OBSERVED_MODELS) expect(ids, observed.evidence).toContain(observed.id);
    const KIND_PATH = {
      language: "/v1/language-models",
      embedding: "/v1/embedding-models",
      image: "/v1/image-generation-models",
      video: "/v1/video-generation-models",
    };
    const fingerprints = new Set<string>();
    for (const path of [...Object.values(KIND_PATH), "/v1/models"]) {
      const list = await api(mock, path);
      const body = await list.json();
      expect(validateResponseBody("get", path, 200, "application/json", body).errors, path).toEqual([]);
      for (const model of (body.models ?? body.data) as { id: string; fingerprint?: string }[]) {
        if (model.fingerprint) fingerprints.add(model.fingerprint);
        const one = await (await api(mock, `${path}/${model.id}`)).json();
        expect(validateResponseBody("get", `${path}/{model_id}`, 200, "application/json", one).errors).toEqual([]);
        expect(one.id).toBe(model.id);
      }
    }
    expect(fingerprints.size, "each model has a fingerprint of its own").toBe(ids.length);
  });

  it("aliases resolve to the model's id; a model of another kind → 400", async () => {
    for (const alias of ["grok-3-latest", "grok-3-beta", "grok-4", "grok-4-latest", "grok-4-0709-latest"]) {
      const body = await postJson("/v1/chat/completions", {
        model: alias,
        messages: [{ role: "user", content: "Hi" }],
      });
      expect(body.model, alias).toBe(alias.startsWith("grok-4") ? "grok-4-0709" : "grok-3");
    }
    const wrong = await readXaiError(
      await post("/v1/chat/completions", { model: "grok-imagine-image", messages: [{ role: "user", content: "Hi" }] }),
    );
    expect(wrong).toMatchObject({ status: 400, body: { code: "invalid-argument" } });
    expect(wrong.body.error).toMatch(/is an image model and is therefore not available on this endpoint/);
  });

  it("a catalogue from a fixture file replaces the spec's; a malformed one fails start-up naming the entry", async () => {
    const dir = await mkdtemp(join(tmpdir(), "catalogue-"));
    const file = join(dir, "models.json");
    await writeFile(
      file,
      JSON.stringify([
        { id: "grok-9", kind: "language", aliases: ["grok-next"] },
        { id: "embed-2", kind: "embedding" },
      ]),
    );
    const custom = await startMockServer({ port: 0, models: file });
    try {
      const listed = (await (await api(custom, "/v1/models")).json()) as { data: { id: string }[] };
      expect(listed.data.map((m) => m.id)).toEqual(["grok-9", "embed-2"]);
      const chat = await api(custom, "/v1/chat/completions", {
        method: "POST",
        json: { model: "grok-next", messages: [{ role: "user", content: "Hi" }] },
      });
      expect(((await chat.json()) as { model: string }).model).toBe("grok-9");
      expect(
        (await api(custom, "/v1/chat/completions", { method: "POST", json: { model: "grok-3", messages: [] } })).status,
      ).toBe(404);
    } finally {
      await custom.close();
    }
    await writeFile(
      file,
      JSON.stringify([
        { id: "ok", kind: "language" },
        { id: "broken", kind: "chat" },
      ]),
    );
    await expect(startMockServer({ port: 0, models: file })).rejects.toThrow(
      `model catalogue ${file}: entry 1 (broken): "kind" must be one of language, embedding, image, video, got "chat"`,
    );
    await expect(
      startMockServer({
        port: 0,
        models: [
          { id: "a", kind: "language" },
          { id: "b", kind: "video", aliases: ["a"] },
        ],
      }),
    ).rejects.toThrow('entry 1 (b): the name "a" is already used by entry 0');
    await writeFile(file, "{ not json");
    await expect(startMockServer({ port: 0, models: file })).rejects.toThrow(`model catalogue ${file}: not JSON`);
  });
});

describe("lenient where the API is lenient", () => {
  it("any Accept header on every GET operation is served", async () => {
    const file = (await (
      await fetch(`${mock.url}/v1/files`, { method: "POST", headers: { authorization: "Bearer k" }, body: upload() })
    ).json()) as { id: string };
    for (const accept of ["application/binary", "text/html", "*/*", "application/xml;q=0.9", "image/png"]) {
      for (const path of [
        "/v1/models",
        "/v1/language-models",
        `/v1/files/${file.id}`,
        `/v1/files/${file.id}/content`,
      ]) {
        const response = await api(mock, path, { headers: { accept, "x-extra-header": "anything" } });
        expect(response.status, `${path} with Accept: ${accept}`).toBe(200);
      }
      const chat = await post("/v1/chat/completions", requestExample("/v1/chat/completions", "post"), { accept });
      expect(chat.status, `chat with Accept: ${accept}`).toBe(200);
    }
  });
});

describe("media served offline", () => {
  it("a finished video's URL serves MP4 bytes from the mock", async () => {
    const { request_id } = await postJson("/v1/videos/generations", { model: "grok-imagine-video", prompt: "waves" });
    let poll: Record<string, any> = {};
    for (let i = 0; i < 3 && poll.status !== "done"; i++)
      poll = await (await api(mock, `/v1/videos/${request_id}`)).json();
    expect(poll.status).toBe("done");
    const video = await fetch(poll.video.url);
    expect(video.headers.get("content-type")).toBe("video/mp4");
    expect(
      Buffer.from(await video.arrayBuffer())
        .subarray(4, 8)
        .toString("latin1"),
    ).toBe("ftyp");
  });
});

describe("error code dialects", () => {
  it('errorDialect "grpc" spells code as gRPC status descriptions; the body shape is the same', async () => {
    const grpc = await startMockServer({ port: 0, errorDialect: "grpc" });
    try {
      const unknown = await readXaiError(await api(grpc, "/v1/models/nope"));
      expect(unknown.body.code).toBe("Some requested entity was not found");
      const invalid = await readXaiError(await api(grpc, "/v1/models", { headers: { "x-mock-status": "400" } }));
      expect(invalid.body.code).toBe("Client specified an invalid argument");
      const limited = await readXaiError(await api(grpc, "/v1/models", { headers: { "x-mock-status": "429" } }));
      expect(limited.body.code).toBe("Some resource has been exhausted");
    } finally {
      await grpc.close();
    }
  });
});

function upload(): FormData {
  const form = new FormData();
  form.append("purpose", "assistants");
  form.append("file", new Blob(["hello"]), "hello.txt");
  return form;
}

function requestExampleOrUndefined(path: string): Record<string, unknown> | undefined {
  try {
    return requestExample(path, "post");
  } catch {
    return undefined;
  }
}
