import { toStandardJsonSchema } from "@valibot/to-json-schema";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  OutputParseError,
  OutputValidationError,
  RefusalError,
  SchemaError,
  StructuredOutputError,
  XaiError,
} from "../../src/index.ts";
import { client, json } from "../client/helpers.ts";
import { chatResponse, chatStream, modelResponse, outputMessage, rejection, responseStream } from "./fixtures.ts";

const Person = z.object({ name: z.string(), born: z.number().int() });
const messages = [{ role: "user" as const, content: "Who wrote the first program?" }];
const ada = { name: "Ada Lovelace", born: 1815 };

describe("chat.completions.parse", () => {
  it("sends response_format json_schema with the validator's JSON Schema and resolves to the typed value", async () => {
    const { xai, calls } = client(() => json(chatResponse({ content: JSON.stringify(ada) })));
    const { parsed, response } = await xai.chat.completions.parse(
      { model: "grok-4", messages },
      { schema: Person, name: "person", description: "A person" },
    );
    expect(parsed).toEqual(ada);
    expect(response.choices[0]?.message.content).toBe(JSON.stringify(ada));
    const sent = JSON.parse(calls[0]!.body as string);
    expect(sent.response_format).toEqual({
      type: "json_schema",
      json_schema: {
        name: "person",
        description: "A person",
        strict: true,
        schema: {
          type: "object",
          properties: {
            name: { type: "string" },
            born: { type: "integer", minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER },
          },
          required: ["name", "born"],
          additionalProperties: false,
        },
      },
    });
    expect(sent.messages).toEqual(messages);
  });

  it("takes a plain JSON Schema and sends it unchanged, without validating the answer", async () => {
    const schema = { type: "object", properties: { n: { type: "number" } }, required: ["n"] };
    const { xai, calls } = client(() => json(chatResponse({ content: '{"other": true}' })));
    const { parsed } = await xai.chat.completions.parse({ model: "grok-4", messages }, { schema });
    expect(parsed).toEqual({ other: true });
    const sent = JSON.parse(calls[0]!.body as string);
    expect(sent.response_format.json_schema).toEqual({ name: "response", strict: true, schema });
  });

  it("a refusal rejects with RefusalError carrying the reason and the response", async () => {
    const { xai } = client(() => json(chatResponse({ content: null, refusal: "I can't help with that." })));
    const error = await rejection(
      xai.chat.completions.parse({ model: "grok-4", messages }, { schema: Person }),
      RefusalError,
    );
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect(error).toBeInstanceOf(XaiError);
    expect(error.text).toBe("I can't help with that.");
    expect(error.message).toContain("I can't help with that.");
    expect(error.response).toEqual(chatResponse({ content: null, refusal: "I can't help with that." }));
  });

  it("an answer that is not JSON rejects with OutputParseError naming a token-limit cut", async () => {
    const { xai } = client(() => json(chatResponse({ content: '{"name": "Ada' }, "length")));
    const error = await rejection(
      xai.chat.completions.parse({ model: "grok-4", messages }, { schema: Person }),
      OutputParseError,
    );
    expect(error.message).toMatch(/not JSON \(finish_reason "length": the token limit cut it off\)/);
    expect(error.text).toBe('{"name": "Ada');
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it("an answer with no text (a tool call) rejects with OutputParseError", async () => {
    const { xai } = client(() => json(chatResponse({ content: "" }, "tool_calls")));
    const error = await rejection(
      xai.chat.completions.parse({ model: "grok-4", messages }, { schema: Person }),
      OutputParseError,
    );
    expect(error.message).toBe("The answer has no text to parse");
  });

  it("JSON the validator rejects gives OutputValidationError with the validator's issues and the value", async () => {
    const { xai } = client(() => json(chatResponse({ content: '{"name": 7, "born": 1815.5}' })));
    const error = await rejection(
      xai.chat.completions.parse({ model: "grok-4", messages }, { schema: Person }),
      OutputValidationError,
    );
    expect(error.issues.map((issue) => issue.path)).toEqual([["name"], ["born"]]);
    expect(error.value).toEqual({ name: 7, born: 1815.5 });
    expect(error.message).toMatch(/^The answer does not match the schema: name: .+; born: .+/);
  });

  it("a validator that throws counts as a validation failure", async () => {
    const throwing = z.object({ name: z.string() }).refine(() => {
      throw new Error("boom in refine");
    });
    const { xai } = client(() => json(chatResponse({ content: '{"name": "x"}' })));
    const error = await rejection(
      xai.chat.completions.parse({ model: "grok-4", messages }, { schema: throwing }),
      OutputValidationError,
    );
    expect(error.message).toContain("the validator threw: boom in refine");
  });

  it("a schema that cannot be sent throws SchemaError at the call, before any request", () => {
    const { xai, calls } = client(() => json(chatResponse({ content: "{}" })));
    expect(() =>
      xai.chat.completions.parse({ model: "grok-4", messages }, { schema: z.object({ at: z.date() }) }),
    ).toThrow(/parse\(\) format "response": zod cannot express this schema as JSON Schema: Date cannot be represented/);
    expect(() =>
      xai.chat.completions.parse({ model: "grok-4", messages }, { schema: v.object({ a: v.string() }) }),
    ).toThrow(SchemaError);
    expect(calls).toHaveLength(0);
  });

  it("valibot: toStandardJsonSchema() or an explicit jsonSchema makes a plain valibot schema usable", async () => {
    const schema = v.object({ name: v.string() });
    const { xai, calls } = client(() => json(chatResponse({ content: '{"name": "Ada"}' })));
    const wrapped = await xai.chat.completions.parse(
      { model: "grok-4", messages },
      { schema: toStandardJsonSchema(schema) },
    );
    expect(wrapped.parsed).toEqual({ name: "Ada" });
    const explicit = await xai.chat.completions.parse(
      { model: "grok-4", messages },
      { schema, jsonSchema: { type: "object", properties: { name: { type: "string" } } } },
    );
    expect(explicit.parsed).toEqual({ name: "Ada" });
    expect(JSON.parse(calls[0]!.body as string).response_format.json_schema.schema).toMatchObject({
      type: "object",
      required: ["name"],
    });
  });

  it("withResponse() gives the HTTP response and request id next to the parsed result", async () => {
    const { xai } = client(() =>
      json(chatResponse({ content: JSON.stringify(ada) }), 200, { "x-request-id": "req-9" }),
    );
    const { data, requestId } = await xai.chat.completions
      .parse({ model: "grok-4", messages }, { schema: Person })
      .withResponse();
    expect(data.parsed).toEqual(ada);
    expect(requestId).toBe("req-9");
  });

  it("stream: true yields ever deeper partial objects, then the validated result", async () => {
    const text = JSON.stringify({ name: "Ada Lovelace", born: 1815 });
    const pieces = [text.slice(0, 5), text.slice(5, 14), text.slice(14, 22), text.slice(22, 30), text.slice(30)];
    const { xai, calls } = client(() => chatStream(pieces));
    const stream = await xai.chat.completions.parse({ model: "grok-4", messages, stream: true }, { schema: Person });
    const partials: unknown[] = [];
    for await (const partial of stream) partials.push(partial);
    expect(partials).toEqual([{}, { name: "Ada L" }, { name: "Ada Lovelace" }, { name: "Ada Lovelace", born: 1815 }]);
    expect((await stream.final()).parsed).toEqual(ada);
    expect(JSON.parse(calls[0]!.body as string)).toMatchObject({
      stream: true,
      response_format: { type: "json_schema" },
    });
  });

  it("stream: true without iterating: final() drains the stream and validates", async () => {
    const { xai } = client(() => chatStream(['{"name": 1']));
    const stream = await xai.chat.completions.parse({ model: "grok-4", messages, stream: true }, { schema: Person });
    await expect(stream.final()).rejects.toBeInstanceOf(OutputParseError);
  });
});

describe("responses.parse", () => {
  it("sends text.format json_schema (flat) and parses the output text", async () => {
    const { xai, calls } = client(() => json(modelResponse([outputMessage(JSON.stringify(ada))])));
    const { parsed, response } = await xai.responses.parse({ model: "grok-4", input: "Who?" }, { schema: Person });
    expect(parsed).toEqual(ada);
    expect(response.id).toBe("resp-1");
    const sent = JSON.parse(calls[0]!.body as string);
    expect(sent.text.format).toMatchObject({
      type: "json_schema",
      name: "response",
      strict: true,
      schema: { type: "object" },
    });
  });

  it("a refusal part rejects with RefusalError; an incomplete response is named in OutputParseError", async () => {
    const refused = modelResponse([{ ...outputMessage(""), content: [{ type: "refusal", refusal: "No." }] }]);
    const cut = modelResponse([outputMessage('{"name"')], {
      status: "incomplete",
      incomplete_details: { reason: "max_output_tokens" },
    });
    const { xai } = client((_, index) => json(index === 0 ? refused : cut));
    await expect(xai.responses.parse({ model: "grok-4", input: "x" }, { schema: Person })).rejects.toBeInstanceOf(
      RefusalError,
    );
    await expect(xai.responses.parse({ model: "grok-4", input: "x" }, { schema: Person })).rejects.toThrow(
      /not JSON \(status "incomplete": max_output_tokens\)/,
    );
  });

  it("stream: true yields partial objects from output_text deltas", async () => {
    const final = modelResponse([outputMessage('{"name":"Ada","born":1815}')]);
    const { xai } = client(() => responseStream(final, ['{"na', 'me":"A', 'da","bo', 'rn":1815}']));
    const stream = await xai.responses.parse({ model: "grok-4", input: "x", stream: true }, { schema: Person });
    const partials: unknown[] = [];
    for await (const partial of stream) partials.push(partial);
    expect(partials).toEqual([{}, { name: "A" }, { name: "Ada" }, { name: "Ada", born: 1815 }]);
    expect(await stream.final()).toMatchObject({ parsed: { name: "Ada", born: 1815 } });
  });
});
