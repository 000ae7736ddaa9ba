/**
 * Requests exactly as the OpenAI and Anthropic SDKs send them to the endpoints xAI serves must
 * validate against the effective spec's request schemas (Prism rejects anything else with 422).
 * Each case names the SDK idiom it covers; a failure names the schema path that rejects it.
 *
 * The second half checks the other direction: requests missing what the API requires, or carrying a value
 * outside an enum the corrections close, are rejected; streamed tool-call fragments validate.
 *
 * Deliberately absent (the spec rejects them and nothing shows that xAI accepts them, so they are
 * not "corrected"): the `developer` chat role, a chat function tool without `parameters`, an
 * integer `logprobs` on /v1/completions, and Anthropic's `tool_choice: {type: "none"}`.
 */
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { EFFECTIVE_SPEC } from "../../scripts/lib/paths.ts";

const CHAT = "/v1/chat/completions";
const tool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    strict: true,
  },
};
const cases: [name: string, path: string, body: unknown][] = [
  ["chat minimal", CHAT, { model: "grok-4", messages: [{ role: "user", content: "Hello" }] }],
  [
    "chat tool round trip",
    CHAT,
    {
      model: "grok-4",
      tools: [tool],
      messages: [
        { role: "system", content: "You are helpful" },
        { role: "user", content: "Weather in Paris?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: "18C" },
      ],
    },
  ],
  [
    "chat assistant message echoed back from a response",
    CHAT,
    {
      model: "grok-4",
      messages: [
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello!", refusal: null, annotations: [] },
        { role: "user", content: "Again" },
      ],
    },
  ],
  ["chat stop string", CHAT, { model: "grok-4", messages: [{ role: "user", content: "x" }], stop: "\n" }],
  ["chat stop array", CHAT, { model: "grok-4", messages: [{ role: "user", content: "x" }], stop: ["\n", "END"] }],
  [
    "chat tool_choice strings",
    CHAT,
    { model: "grok-4", messages: [{ role: "user", content: "x" }], tools: [tool], tool_choice: "required" },
  ],
  [
    "chat tool_choice function",
    CHAT,
    {
      model: "grok-4",
      messages: [{ role: "user", content: "x" }],
      tools: [tool],
      tool_choice: { type: "function", function: { name: "get_weather" } },
    },
  ],
  [
    "chat response_format text",
    CHAT,
    { model: "grok-4", messages: [{ role: "user", content: "x" }], response_format: { type: "text" } },
  ],
  [
    "chat response_format json_object",
    CHAT,
    { model: "grok-4", messages: [{ role: "user", content: "x" }], response_format: { type: "json_object" } },
  ],
  [
    "chat response_format json_schema",
    CHAT,
    {
      model: "grok-4",
      messages: [{ role: "user", content: "x" }],
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "answer",
          strict: true,
          schema: {
            type: "object",
            properties: { a: { type: "string" } },
            required: ["a"],
            additionalProperties: false,
          },
        },
      },
    },
  ],
  [
    "chat content parts",
    CHAT,
    {
      model: "grok-4",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image_url", image_url: { url: "https://example.com/a.png", detail: "high" } },
          ],
        },
      ],
    },
  ],
  [
    "chat tool message content parts",
    CHAT,
    { model: "grok-4", messages: [{ role: "tool", tool_call_id: "c", content: [{ type: "text", text: "18C" }] }] },
  ],
  [
    "chat sampling options",
    CHAT,
    {
      model: "grok-4",
      messages: [{ role: "user", content: "x" }],
      stream: true,
      stream_options: { include_usage: true },
      max_completion_tokens: 100,
      max_tokens: 100,
      seed: 1,
      temperature: 0.2,
      top_p: 0.9,
      n: 1,
      logprobs: true,
      top_logprobs: 2,
      frequency_penalty: 0,
      presence_penalty: 0,
      user: "u",
      parallel_tool_calls: false,
      logit_bias: { "1234": -100 },
      reasoning_effort: "low",
    },
  ],
  [
    "completions",
    "/v1/completions",
    {
      model: "grok-3",
      prompt: "Say hi",
      max_tokens: 16,
      stop: "\n",
      n: 1,
      echo: false,
      temperature: 0,
      suffix: null,
      stream: false,
    },
  ],
  ["completions prompt array", "/v1/completions", { model: "grok-3", prompt: ["a", "b"], stop: ["\n"] }],
  ["embeddings string", "/v1/embeddings", { model: "v1", input: "hello" }],
  ["embeddings array base64", "/v1/embeddings", { model: "v1", input: ["hello", "world"], encoding_format: "base64" }],
  ["embeddings tokens", "/v1/embeddings", { model: "v1", input: [1, 2, 3], dimensions: 256 }],
  [
    "messages minimal",
    "/v1/messages",
    { model: "grok-4", max_tokens: 1024, messages: [{ role: "user", content: "Hello" }] },
  ],
  [
    "messages system blocks + tools",
    "/v1/messages",
    {
      model: "grok-4",
      max_tokens: 1024,
      system: [{ type: "text", text: "Be brief", cache_control: { type: "ephemeral" } }],
      tools: [
        {
          name: "get_weather",
          description: "Weather",
          input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
        },
      ],
      tool_choice: { type: "auto" },
      stop_sequences: ["END"],
      temperature: 0.5,
      top_k: 5,
      metadata: { user_id: "u1" },
      stream: true,
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Weather?" },
            { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
          ],
        },
        {
          role: "assistant",
          content: [
            { type: "text", text: "Checking" },
            { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Paris" } },
          ],
        },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "18C" }] },
      ],
    },
  ],
  [
    "messages tool_choice tool",
    "/v1/messages",
    {
      model: "grok-4",
      max_tokens: 10,
      messages: [{ role: "user", content: "x" }],
      tool_choice: { type: "tool", name: "get_weather" },
    },
  ],
  [
    "messages tool_choice any",
    "/v1/messages",
    { model: "grok-4", max_tokens: 10, messages: [{ role: "user", content: "x" }], tool_choice: { type: "any" } },
  ],
  [
    "messages tool without description",
    "/v1/messages",
    {
      model: "grok-4",
      max_tokens: 10,
      messages: [{ role: "user", content: "x" }],
      tools: [{ name: "f", input_schema: { type: "object" } }],
    },
  ],
  [
    "messages thinking",
    "/v1/messages",
    {
      model: "grok-4",
      max_tokens: 2048,
      messages: [{ role: "user", content: "x" }],
      thinking: { type: "enabled", budget_tokens: 1024 },
    },
  ],
  [
    "messages tool_result blocks",
    "/v1/messages",
    {
      model: "grok-4",
      max_tokens: 10,
      messages: [
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "t", content: [{ type: "text", text: "18C" }], is_error: false },
          ],
        },
      ],
    },
  ],
  ["responses string input", "/v1/responses", { model: "grok-4", input: "Hello" }],
  [
    "responses messages + tools",
    "/v1/responses",
    {
      model: "grok-4",
      instructions: "Be brief",
      store: false,
      max_output_tokens: 100,
      reasoning: { effort: "low" },
      input: [
        {
          role: "user",
          content: [
            { type: "input_text", text: "What is this?" },
            { type: "input_image", image_url: "https://example.com/a.png", detail: "auto" },
          ],
        },
      ],
      tools: [
        {
          type: "function",
          name: "get_weather",
          description: "w",
          parameters: { type: "object", properties: {} },
          strict: true,
        },
      ],
      tool_choice: "auto",
      text: { format: { type: "json_schema", name: "answer", schema: { type: "object" }, strict: true } },
    },
  ],
  [
    "responses function_call_output",
    "/v1/responses",
    {
      model: "grok-4",
      previous_response_id: "resp_1",
      input: [{ type: "function_call_output", call_id: "call_1", output: "18C" }],
    },
  ],
  [
    "responses easy input message",
    "/v1/responses",
    {
      model: "grok-4",
      input: [
        { role: "system", content: "Be brief" },
        { role: "user", content: "Hi" },
        { type: "message", role: "assistant", content: "Hello" },
      ],
    },
  ],
  [
    "responses tool_choice function",
    "/v1/responses",
    {
      model: "grok-4",
      input: "x",
      tools: [{ type: "function", name: "f", parameters: { type: "object" } }],
      tool_choice: { type: "function", name: "f" },
    },
  ],
  [
    "responses text format json_object",
    "/v1/responses",
    { model: "grok-4", input: "x", text: { format: { type: "json_object" } } },
  ],
  [
    "messages system string",
    "/v1/messages",
    { model: "grok-4", max_tokens: 10, system: "Be brief", messages: [{ role: "user", content: "x" }] },
  ],
  [
    "messages tool_choice auto, no parallel tool use",
    "/v1/messages",
    {
      model: "grok-4",
      max_tokens: 10,
      messages: [{ role: "user", content: "x" }],
      tool_choice: { type: "auto", disable_parallel_tool_use: true },
    },
  ],
  [
    "messages thinking blocks echoed back",
    "/v1/messages",
    {
      model: "grok-4",
      max_tokens: 10,
      messages: [
        { role: "user", content: "x" },
        {
          role: "assistant",
          content: [
            { type: "thinking", thinking: "hmm", signature: "sig" },
            { type: "text", text: "ok" },
          ],
        },
        { role: "user", content: "y" },
      ],
    },
  ],
  [
    "chat assistant empty content + tool_calls",
    CHAT,
    {
      model: "grok-4",
      messages: [
        {
          role: "assistant",
          content: "",
          tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "{}" } }],
        },
      ],
    },
  ],
  [
    "chat explicit nulls",
    CHAT,
    {
      model: "grok-4",
      messages: [{ role: "user", content: "x" }],
      max_tokens: null,
      temperature: null,
      top_p: null,
      stream_options: null,
    },
  ],
  [
    "responses output items echoed back as input",
    "/v1/responses",
    {
      model: "grok-4",
      input: [
        { role: "user", content: "x" },
        { type: "reasoning", id: "rs_1", summary: [] },
        { type: "function_call", call_id: "c", name: "f", arguments: "{}" },
        { type: "function_call_output", call_id: "c", output: "ok" },
      ],
    },
  ],
  [
    "embeddings token-id arrays",
    "/v1/embeddings",
    { model: "v1", input: [[1, 2], [3]], encoding_format: "float", user: "u" },
  ],
  [
    "images generate",
    "/v1/images/generations",
    { model: "grok-2-image", prompt: "A cat", n: 1, response_format: "b64_json" },
  ],
];

/**
 * What the API cannot do without (openapi/corrections.overlay.yaml, "Required request fields"): each body is a
 * valid SDK request with one required field taken away, and must be rejected naming it.
 */
const incomplete: [name: string, path: string, body: unknown, missing: string][] = [
  ["chat without model", CHAT, { messages: [{ role: "user", content: "Hi" }] }, "model"],
  ["chat without messages", CHAT, { model: "grok-4" }, "messages"],
  [
    "tool message without tool_call_id",
    CHAT,
    { model: "grok-4", messages: [{ role: "tool", content: "18C" }] },
    "tool_call_id",
  ],
  [
    "messages without max_tokens",
    "/v1/messages",
    { model: "grok-4", messages: [{ role: "user", content: "x" }] },
    "max_tokens",
  ],
  ["messages without model", "/v1/messages", { max_tokens: 10, messages: [{ role: "user", content: "x" }] }, "model"],
  ["image without prompt", "/v1/images/generations", { model: "grok-2-image", n: 1 }, "prompt"],
  ["embeddings without input", "/v1/embeddings", { model: "v1" }, "input"],
  ["completions without prompt", "/v1/completions", { model: "grok-3" }, "prompt"],
  ["responses without model", "/v1/responses", { input: "Hello" }, "model"],
  [
    "legacy complete without max_tokens_to_sample",
    "/v1/complete",
    { model: "grok-3", prompt: "x" },
    "max_tokens_to_sample",
  ],
  ["tokenize without model", "/v1/tokenize-text", { text: "Hello" }, "model"],
];

/** Values outside the enums the effective spec closes are rejected (the SDKs never send them). */
const outOfEnum: [name: string, path: string, body: unknown][] = [
  [
    "chat tool_choice unknown string",
    CHAT,
    { model: "grok-4", messages: [{ role: "user", content: "x" }], tool_choice: "sometimes" },
  ],
  ["responses tool_choice unknown string", "/v1/responses", { model: "grok-4", input: "x", tool_choice: "maybe" }],
];

function specValidator() {
  const spec = JSON.parse(readFileSync(EFFECTIVE_SPEC, "utf8"));
  const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
  addFormats.default(ajv);
  for (const format of ["int32", "int64", "float", "double", "binary", "iso3166-1-alpha-2"])
    ajv.addFormat(format, true);
  ajv.addSchema(spec, "spec");
  const check = (ref: string, value: unknown) => {
    const validate = ajv.getSchema(`spec${ref}`)!;
    if (validate(value)) return [];
    return (validate.errors ?? [])
      .filter((e) => e.keyword !== "oneOf" && e.keyword !== "anyOf")
      .map((e) => `${e.instancePath || "/"} ${e.message}`);
  };
  return {
    request: (path: string, body: unknown) =>
      check(spec.paths[path].post.requestBody.content["application/json"].schema.$ref, body),
    schema: (name: string, value: unknown) => check(`#/components/schemas/${name}`, value),
  };
}

describe("OpenAI/Anthropic SDK requests validate against the effective spec", () => {
  const validate = specValidator();
  it.each(cases)("%s (%s)", (_name, path, body) => {
    expect(validate.request(path, body)).toEqual([]);
  });
});

describe("requests the API cannot serve are rejected", () => {
  const validate = specValidator();
  it.each(incomplete)("%s (%s)", (_name, path, body, missing) => {
    expect(validate.request(path, body)).toContainEqual(
      expect.stringContaining(`must have required property '${missing}'`),
    );
  });
  it.each(outOfEnum)("%s (%s)", (_name, path, body) => {
    expect(validate.request(path, body)).toContainEqual(
      expect.stringContaining("must be equal to one of the allowed values"),
    );
  });
});

describe("streamed chat chunks as OpenAI-style streams and xAI send them", () => {
  const validate = specValidator();
  const chunk = (delta: unknown, finish_reason: string | null = null) => ({
    id: "c",
    object: "chat.completion.chunk",
    created: 1,
    model: "grok-4",
    choices: [{ index: 0, delta, finish_reason }],
  });
  it("a tool-call fragment without id and function.name validates (arguments piece under its index)", () => {
    expect(
      validate.schema("ChatResponseChunk", chunk({ tool_calls: [{ index: 0, function: { arguments: '{"ci' } }] })),
    ).toEqual([]);
  });
  it("a whole tool call in one delta validates (xAI, wire: stream/chat-tool-call)", () => {
    const call = { id: "call_55117580", function: { name: "weather", arguments: "{}" }, index: 0, type: "function" };
    expect(validate.schema("ChatResponseChunk", chunk({ tool_calls: [call] }))).toEqual([]);
  });
  it("the non-streamed ToolCall still requires id and function.name", () => {
    expect(validate.schema("ToolCall", { function: { arguments: "{}" } })).toEqual(
      expect.arrayContaining([expect.stringContaining("'id'"), expect.stringContaining("'name'")]),
    );
  });
  it("an unknown finish_reason is rejected", () => {
    expect(validate.schema("ChatResponseChunk", chunk({}, "exploded"))).toContainEqual(
      expect.stringContaining("must be equal to one of the allowed values"),
    );
  });
});
